# bp-corpus: clean
# bp-layers: W1:relu W2:sigmoid
# bp-style: CuPy with a NumPy fallback (try: import cupy as xp / except ImportError: import numpy as xp), row convention with xp.dot, ReLU hidden with copy + mask, sigmoid + binary cross-entropy output, float32 arrays, W -= lr * dW
"""Device-agnostic ReLU classifier: runs on the GPU through CuPy when present, else on NumPy."""
try:
    import cupy as xp
except ImportError:  # no GPU here: same array API, CPU arrays
    import numpy as xp

xp.random.seed(10)
f32 = xp.float32

# points inside an annulus are class 1
N = 256
X = (xp.random.rand(N, 2) * 4 - 2).astype(f32)
r = xp.sqrt((X ** 2).sum(axis=1))
Y = ((r > 0.8) & (r < 1.6)).astype(f32).reshape(N, 1)

H = 32
W1 = (xp.random.randn(2, H) * 0.8).astype(f32)
b1 = xp.zeros((1, H), dtype=f32)
W2 = (xp.random.randn(H, 1) * 0.2).astype(f32)
b2 = xp.zeros((1, 1), dtype=f32)
lr = f32(0.5)


def sigmoid(a):
    return 1 / (1 + xp.exp(-a))


for it in range(600):
    Z = xp.dot(X, W1) + b1
    A = xp.maximum(Z, 0)
    P = sigmoid(xp.dot(A, W2) + b2)
    bce = -xp.mean(Y * xp.log(P + 1e-7) + (1 - Y) * xp.log(1 - P + 1e-7))
    if it % 150 == 0 or it == 599:
        print("it %4d loss %.4f" % (it, float(bce)))  # float() copies back from the device

    dlogit = (P - Y) / N  # bp: error F1
    dW2 = xp.dot(A.T, dlogit)  # bp: F3[W2]
    db2 = dlogit.sum(axis=0, keepdims=True)  # bp: F3[b2]
    dA = xp.dot(dlogit, W2.T)  # bp: F2
    dZ = dA.copy()  # bp: F1
    dZ[Z <= 0] = 0  # bp: F1
    dW1 = xp.dot(X.T, dZ)  # bp: F3[W1]
    db1 = dZ.sum(axis=0, keepdims=True)  # bp: F3[b1]

    W1 -= lr * dW1  # bp: update[W1]
    b1 -= lr * db1  # bp: update[b1]
    W2 -= lr * dW2  # bp: update[W2]
    b2 -= lr * db2  # bp: update[b2]
