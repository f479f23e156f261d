# bp-corpus: clean
# bp-layers: params['W1']:relu params['W2']:softmax
# bp-style: numpy, row convention, params/grads/velocity dicts, forward and backward as functions, ReLU hidden + softmax cross-entropy output, Nesterov momentum in the cs231n form (v_prev = v; v = mu * v - lr * dx; x += -mu * v_prev + (1 + mu) * v)
"""Three Gaussian blobs classified by a ReLU net whose dict of parameters follows Nesterov momentum."""
import numpy as np

np.random.seed(42)

CENTRES = np.array([[0.0, 2.5], [2.2, -1.2], [-2.2, -1.2]])
labels = np.repeat(np.arange(3), 70)
X = CENTRES[labels] + 1.1 * np.random.randn(labels.size, 2)

params = {
    'W1': 0.5 * np.random.randn(2, 24), 'b1': np.zeros(24),
    'W2': 0.1 * np.random.randn(24, 3), 'b2': np.zeros(3),
}
velocity = {k: np.zeros_like(v) for k, v in params.items()}


def forward(params, X):
    hid_in = X.dot(params['W1']) + params['b1']
    hid = np.maximum(hid_in, 0)
    logits = hid.dot(params['W2']) + params['b2']
    logits -= logits.max(axis=1, keepdims=True)  # stability only
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    return probs, (X, hid_in, hid)


def backward(params, probs, cache, labels):
    X, hid_in, hid = cache
    n = X.shape[0]
    grads = {}
    dlogits = probs.copy()  # bp: error
    dlogits[np.arange(n), labels] -= 1.0  # bp: error F1
    dlogits /= n  # bp: error
    grads['W2'] = hid.T.dot(dlogits)  # bp: F3
    grads['b2'] = dlogits.sum(axis=0)  # bp: F3
    dhid = dlogits.dot(params['W2'].T)  # bp: F2
    dhid[hid_in <= 0] = 0  # bp: F1
    grads['W1'] = X.T.dot(dhid)  # bp: F3
    grads['b1'] = dhid.sum(axis=0)  # bp: F3
    return grads


mu, learning_rate = 0.9, 0.05
for epoch in range(250):
    probs, cache = forward(params, X)
    loss = -np.log(probs[np.arange(labels.size), labels]).mean()
    if epoch % 50 == 0 or epoch == 249:
        print("epoch %d  loss %.4f" % (epoch, loss))
    grads = backward(params, probs, cache, labels)  # bp: F3
    for k in params:
        v_prev = velocity[k]
        velocity[k] = mu * velocity[k] - learning_rate * grads[k]
        # look-ahead correction: step by the new velocity plus a bit more
        params[k] += -mu * v_prev + (1 + mu) * velocity[k]  # bp: update
