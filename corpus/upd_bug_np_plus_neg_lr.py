# bp-corpus: buggy
# bp-layers: weights_ih:tanh weights_ho:linear
# bp-style: numpy, row convention, tanh hidden, linear output with MSE, error written target-minus-output (so dW is the NEGATIVE gradient) but updated cs231n-style with W += -lr * dW, which ascends
"""Regression net mixing two conventions: t - y errors with a 'W += -lr * dW' update."""
import numpy as np

np.random.seed(13)
samples = 150
features = np.random.randn(samples, 3)
labels = (features[:, :1] * features[:, 1:2] + np.tanh(features[:, 2:3])) * 0.5

weights_ih = np.random.randn(3, 16) * 0.5
bias_h = np.zeros((1, 16))
weights_ho = np.random.randn(16, 1) * 0.3
bias_o = np.zeros((1, 1))
lr = 0.05

for epoch in range(300):
    hidden = np.tanh(np.dot(features, weights_ih) + bias_h)
    output = np.dot(hidden, weights_ho) + bias_o
    mse = float(np.mean((labels - output) ** 2))
    if epoch % 60 == 0 or epoch == 299:
        print("epoch", epoch, "loss", mse)

    # residual as target - prediction, averaged over the batch
    residual = (labels - output) / samples  # bp: error
    d_weights_ho = np.dot(hidden.T, residual)  # bp: F3[weights_ho]
    d_bias_o = np.sum(residual, axis=0, keepdims=True)  # bp: F3[bias_o]
    hidden_error = np.dot(residual, weights_ho.T)  # bp: F2
    hidden_delta = hidden_error * (1 - hidden ** 2)  # bp: F1
    d_weights_ih = np.dot(features.T, hidden_delta)  # bp: F3[weights_ih]
    d_bias_h = np.sum(hidden_delta, axis=0, keepdims=True)  # bp: F3[bias_h]

    weights_ho += -lr * d_weights_ho  # bp: update[weights_ho] BP201
    bias_o += -lr * d_bias_o  # bp: update[bias_o] BP201
    weights_ih += -lr * d_weights_ih  # bp: update[weights_ih] BP201
    bias_h += -lr * d_bias_h  # bp: update[bias_h] BP201

# always predicting the mean label is the bar to beat
baseline = float(np.mean((labels - labels.mean()) ** 2))
print(f"mean-predictor mse {baseline:.5f}, network mse {mse:.5g}")
