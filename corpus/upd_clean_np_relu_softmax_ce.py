# bp-corpus: clean
# bp-layers: W:relu W2:softmax
# bp-style: numpy, row convention, cs231n-style spiral data, ReLU hidden + softmax cross-entropy, dscores = probs.copy() idiom, ReLU mask on the hidden output, W += -step_size * dW
"""Three-class spiral classifier: one ReLU hidden layer and a softmax output, written the cs231n way."""
import numpy as np

np.random.seed(1)

N = 100  # points per class
D = 2  # dimensionality
K = 3  # number of classes
X = np.zeros((N * K, D))
y = np.zeros(N * K, dtype="uint8")
for j in range(K):
    ix = range(N * j, N * (j + 1))
    r = np.linspace(0.0, 1, N)  # radius
    theta = np.linspace(j * 4, (j + 1) * 4, N) + np.random.randn(N) * 0.2
    X[ix] = np.c_[r * np.sin(theta), r * np.cos(theta)]
    y[ix] = j

hidden_size = 100
W = 0.01 * np.random.randn(D, hidden_size)
b = np.zeros((1, hidden_size))
W2 = 0.01 * np.random.randn(hidden_size, K)
b2 = np.zeros((1, K))

step_size = 1.0
num_examples = X.shape[0]
for i in range(1000):
    # evaluate class scores, [N x K]
    hidden_layer = np.maximum(0, np.dot(X, W) + b)  # note, ReLU activation
    scores = np.dot(hidden_layer, W2) + b2

    # compute the class probabilities
    exp_scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)  # [N x K]

    # average cross-entropy loss
    correct_logprobs = -np.log(probs[range(num_examples), y])
    loss = np.sum(correct_logprobs) / num_examples
    if i % 200 == 0 or i == 999:
        print("iteration %d: loss %f" % (i, loss))

    # compute the gradient on scores
    dscores = probs.copy()  # bp: error
    dscores[range(num_examples), y] -= 1  # bp: error F1
    dscores /= num_examples  # bp: error

    # backpropate the gradient to the parameters
    # first backprop into parameters W2 and b2
    dW2 = np.dot(hidden_layer.T, dscores)  # bp: F3[W2]
    db2 = np.sum(dscores, axis=0, keepdims=True)  # bp: F3[b2]
    # next backprop into hidden layer
    dhidden = np.dot(dscores, W2.T)  # bp: F2
    # backprop the ReLU non-linearity
    dhidden[hidden_layer <= 0] = 0  # bp: F1
    # finally into W,b
    dW = np.dot(X.T, dhidden)  # bp: F3[W]
    db = np.sum(dhidden, axis=0, keepdims=True)  # bp: F3[b]

    # perform a parameter update
    W += -step_size * dW  # bp: update[W]
    b += -step_size * db  # bp: update[b]
    W2 += -step_size * dW2  # bp: update[W2]
    b2 += -step_size * db2  # bp: update[b2]
