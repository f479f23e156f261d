"""A two-layer sigmoid network trained sample by sample in mini-batches: each sample's gradients are summed
into totals that start at the number zero (`sum_gradient_W2 = 0`), and the bias gradients are named for
what they are (`gradient_b3 = delta_3`: one sample's delta is its bias gradient).

Column convention: a sample is a column vector (n, 1); each layer computes `W @ a + b`."""
# bp-corpus: clean
# bp-style: plain script, column convention, per-sample loop inside a mini-batch loop, quadratic cost with sigmoid output, gradients named gradient_b3/gradient_W3 and summed into sum_gradient_* totals started at the int 0, the update dividing the summed gradient by the batch size
# bp-layers: W2:sigmoid W3:sigmoid
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


rng = np.random.default_rng(3)
inputs = [rng.uniform(-1, 1, (2, 1)) for _ in range(200)]
training_data = [(x, np.array([[1.0 if x[0, 0] * x[1, 0] > 0 else 0.0]])) for x in inputs]

W2 = rng.normal(0, 1, (8, 2))
b2 = np.zeros((8, 1))
W3 = rng.normal(0, 1, (1, 8))
b3 = np.zeros((1, 1))
eta, batch_size = 3.0, 10

for epoch in range(60):
    cost = 0.0
    for k in range(0, len(training_data), batch_size):
        batch = training_data[k:k + batch_size]
        sum_gradient_b3 = 0
        sum_gradient_b2 = 0
        sum_gradient_W3 = 0
        sum_gradient_W2 = 0
        for x, y in batch:
            z2 = np.dot(W2, x) + b2
            a2 = sigmoid(z2)
            z3 = np.dot(W3, a2) + b3
            a3 = sigmoid(z3)
            cost += 0.5 * float(np.sum((a3 - y) ** 2))

            delta_3 = (a3 - y) * sigmoid_prime(z3)  # bp: error F1
            delta_2 = sigmoid_prime(z2) * np.dot(W3.transpose(), delta_3)  # bp: F2 F1
            gradient_b3 = delta_3  # bp: F3
            gradient_b2 = delta_2  # bp: F3
            gradient_W3 = np.dot(delta_3, a2.transpose())  # bp: F3
            gradient_W2 = np.dot(delta_2, x.transpose())  # bp: F3

            sum_gradient_b3 += gradient_b3  # bp: F3
            sum_gradient_b2 += gradient_b2  # bp: F3
            sum_gradient_W3 += gradient_W3  # bp: F3
            sum_gradient_W2 += gradient_W2  # bp: F3

        b3 -= eta / len(batch) * sum_gradient_b3  # bp: update
        b2 -= eta / len(batch) * sum_gradient_b2  # bp: update
        W3 -= eta / len(batch) * sum_gradient_W3  # bp: update
        W2 -= eta / len(batch) * sum_gradient_W2  # bp: update
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {cost / len(training_data):.4f}")
