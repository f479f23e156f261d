"""ReLU hidden layer and softmax on three noisy rings; the score gradient aliases the probabilities."""
# bp-corpus: clean
# bp-layers: Wa:relu Wb:softmax
# bp-style: row convention, flat script, d = P aliasing then d[range(n), labels] -= 1, ReLU mask on the hidden output, L2 penalty, param += -rate * grad
import numpy as np

np.random.seed(31)

# three concentric rings of radius 0.3, 0.65 and 1.0
per_ring, n_classes = 70, 3
angles = np.random.uniform(0, 2 * np.pi, size=(n_classes, per_ring))
radii = np.array([0.3, 0.65, 1.0])[:, None] + 0.06 * np.random.randn(n_classes, per_ring)
pts = np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=-1)
inputs = pts.reshape(-1, 2)
labels = np.repeat(np.arange(n_classes), per_ring)
n = inputs.shape[0]

hidden = 50
Wa = np.random.randn(2, hidden) * 0.5
ba = np.zeros((1, hidden))
Wb = np.random.randn(hidden, n_classes) * 0.05
bb = np.zeros((1, n_classes))

rate = 0.8
lam = 5e-4


def penalty(*mats):
    return 0.5 * lam * sum(np.sum(M * M) for M in mats)


for epoch in range(3001):
    # forward
    H = np.maximum(0, inputs.dot(Wa) + ba)
    S = H.dot(Wb) + bb
    S -= S.max(axis=1, keepdims=True)
    E = np.exp(S)
    P = E / E.sum(axis=1, keepdims=True)

    nll = -np.log(P[range(n), labels]).mean()
    total = nll + penalty(Wa, Wb)
    if epoch % 600 == 0:
        print("epoch %4d  loss %.4f" % (epoch, total))

    # backward; P is not read again, so modify it in place
    d = P  # bp: error
    d[range(n), labels] -= 1  # bp: error F1
    d /= n  # bp: error

    gWb = H.T.dot(d)  # bp: F3[Wb]
    gbb = d.sum(axis=0, keepdims=True)  # bp: F3[bb]
    dH = d.dot(Wb.T)  # bp: F2
    dH[H <= 0] = 0  # bp: F1
    gWa = inputs.T.dot(dH)  # bp: F3[Wa]
    gba = dH.sum(axis=0, keepdims=True)  # bp: F3[ba]

    # L2 penalty gradient, added after the data gradient
    gWb += lam * Wb  # bp: F3
    gWa += lam * Wa  # bp: F3

    Wa += -rate * gWa  # bp: update[Wa]
    ba += -rate * gba  # bp: update[ba]
    Wb += -rate * gWb  # bp: update[Wb]
    bb += -rate * gbb  # bp: update[bb]

H = np.maximum(0, inputs.dot(Wa) + ba)
guess = np.argmax(H.dot(Wb) + bb, axis=1)
print("train accuracy %.3f" % np.mean(guess == labels))
