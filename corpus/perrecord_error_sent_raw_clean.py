# bp-corpus: clean
# bp-layers: w_in_hid:sigmoid w_hid_out:sigmoid
# bp-style: record-by-record loop `for x, y in zip(features, targets)` over a table of patient measurements, one sigmoid hidden layer whose weight is stored (n_in, n_hidden) and ONE sigmoid output unit whose weight is a 1-D vector; squared error written `error = y - output`, the output's delta `output_error_term = error * output * (1 - output)` sent back by `np.dot(output_error_term, w_hid_out)` (a scalar times a vector) and then multiplied by the hidden sigmoid's derivative; the weight steps are accumulated over the records (`del_w_* += ...`, the input layer's by `np.outer`) and applied once per epoch with `+= lr * del_w / n_records`
"""Flag a synthetic "high risk" label from five standardised measurements, one record at a time."""
import numpy as np


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


rng = np.random.RandomState(314)
n_records, n_in, n_hidden = 160, 5, 3
features = rng.randn(n_records, n_in)
score = 1.2 * features[:, 0] - 0.8 * features[:, 2] + features[:, 1] * features[:, 4]
targets = (score > 0.1).astype(float)

w_in_hid = rng.normal(scale=n_in ** -0.5, size=(n_in, n_hidden))
w_hid_out = rng.normal(scale=n_in ** -0.5, size=n_hidden)
lr = 1.5
epochs = 400

for epoch in range(epochs):
    del_w_in_hid = np.zeros(w_in_hid.shape)
    del_w_hid_out = np.zeros(w_hid_out.shape)
    for x, y in zip(features, targets):
        hidden_in = np.dot(x, w_in_hid)
        hidden_out = sigmoid(hidden_in)
        output = sigmoid(np.dot(hidden_out, w_hid_out))

        error = y - output  # bp: error
        output_error_term = error * output * (1 - output)  # bp: F1
        hidden_error = np.dot(output_error_term, w_hid_out)  # bp: F2
        hidden_error_term = hidden_error * hidden_out * (1 - hidden_out)  # bp: F1

        del_w_hid_out += output_error_term * hidden_out  # bp: F3[w_hid_out]
        del_w_in_hid += np.outer(x, hidden_error_term)  # bp: F3[w_in_hid]

    w_in_hid += lr * del_w_in_hid / n_records  # bp: update[w_in_hid]
    w_hid_out += lr * del_w_hid_out / n_records  # bp: update[w_hid_out]

    if epoch % 100 == 0 or epoch == epochs - 1:
        out_all = sigmoid(np.dot(sigmoid(np.dot(features, w_in_hid)), w_hid_out))
        mse = np.mean((out_all - targets) ** 2)
        print(f"epoch {epoch} loss {mse:.5f}")
