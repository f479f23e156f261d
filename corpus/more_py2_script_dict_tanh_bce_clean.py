# bp-corpus: clean
# bp-layers: params['W1']:tanh params['W2']:sigmoid
# bp-requires: python2
# bp-style: legacy Python 2 script (print statements, xrange, dict.iteritems(), `except ValueError, e:`), numpy, row convention with np.dot, params and grads dicts, tanh hidden, sigmoid + binary cross-entropy output, update loop over grads.iteritems()
"""Old-style Python 2 trainer: parses a generated CSV text, then fits a tanh/sigmoid net."""
import numpy as np

np.random.seed(1)

# build a small CSV in memory; a few rows carry a missing value, as real exports do
lines = []
for i in xrange(180):
    a, b = np.random.uniform(-1, 1, 2)
    label = int(a * a + b * b < 0.5)
    if i % 45 == 7:
        lines.append("%.4f,n/a,%d" % (a, label))
    else:
        lines.append("%.4f,%.4f,%d" % (a, b, label))

rows = []
for lineno, line in enumerate(lines):
    try:
        rows.append([float(field) for field in line.split(",")])
    except ValueError, e:
        print "skipping line", lineno, "-", e
data = np.array(rows)
X, T = data[:, :2], data[:, 2:]
n = X.shape[0]

params = {
    'W1': np.random.randn(2, 12) * 0.7,
    'b1': np.zeros(12),
    'W2': np.random.randn(12, 1) * 0.3,
    'b2': np.zeros(1),
}
lr = 1.0

for epoch in xrange(1001):
    H = np.tanh(np.dot(X, params['W1']) + params['b1'])
    Y = 1.0 / (1.0 + np.exp(-(np.dot(H, params['W2']) + params['b2'])))
    if epoch % 250 == 0:
        err = -np.mean(T * np.log(Y + 1e-10) + (1 - T) * np.log(1 - Y + 1e-10))
        print "epoch", epoch, "loss", err

    grads = {}
    dY = (Y - T) / n  # bp: error F1
    grads['W2'] = np.dot(H.T, dY)  # bp: F3
    grads['b2'] = dY.sum(axis=0)  # bp: F3
    dH = np.dot(dY, params['W2'].T) * (1 - H ** 2)  # bp: F2 F1
    grads['W1'] = np.dot(X.T, dH)  # bp: F3
    grads['b1'] = dH.sum(axis=0)  # bp: F3

    for name, g in grads.iteritems():
        params[name] -= lr * g  # bp: update
