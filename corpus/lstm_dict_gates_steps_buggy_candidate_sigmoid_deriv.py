"""Buggy: a character-level LSTM whose per-step gates, cell states and their tanh live in dicts keyed by the step."""
# bp-corpus: buggy
# bp-style: column convention, one weight per gate over the stacked [x; h] column, every step's gate kept in its own dict (gate_f[t], gate_i[t], cand[t], gate_o[t], cell[t], cell_tanh[t]); backward through time with the cell gradient carried in dc_next, Adagrad steps over zipped lists; the candidate (a tanh) is differentiated as a sigmoid
import numpy as np

rng = np.random.default_rng(5)
text = "abcdabcdabcdabcd" * 4
chars = sorted(set(text))
V, H = len(chars), 12
ix = {c: i for i, c in enumerate(chars)}
data = [ix[c] for c in text]
Z = V + H

Wf = rng.normal(0, 0.1, (H, Z))
Wi = rng.normal(0, 0.1, (H, Z))
Wc = rng.normal(0, 0.1, (H, Z))
Wo = rng.normal(0, 0.1, (H, Z))
Wy = rng.normal(0, 0.1, (V, H))
bf, bi, bc, bo, by = np.zeros((H, 1)), np.zeros((H, 1)), np.zeros((H, 1)), np.zeros((H, 1)), np.zeros((V, 1))
params = [Wf, Wi, Wc, Wo, Wy, bf, bi, bc, bo, by]
mems = [np.zeros_like(p) for p in params]


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


seq = 8
lr = 0.1
for it in range(301):
    start = (it * seq) % (len(data) - seq - 1)
    inputs, targets = data[start:start + seq], data[start + 1:start + seq + 1]
    xh, gate_f, gate_i, cand, gate_o, cell, cell_tanh, hid, probs = {}, {}, {}, {}, {}, {}, {}, {}, {}
    hid[-1] = np.zeros((H, 1))
    cell[-1] = np.zeros((H, 1))
    loss = 0.0
    for t in range(seq):
        x = np.zeros((V, 1))
        x[inputs[t]] = 1
        xh[t] = np.vstack((x, hid[t - 1]))
        gate_f[t] = sigmoid(Wf @ xh[t] + bf)
        gate_i[t] = sigmoid(Wi @ xh[t] + bi)
        cand[t] = np.tanh(Wc @ xh[t] + bc)
        gate_o[t] = sigmoid(Wo @ xh[t] + bo)
        cell[t] = gate_f[t] * cell[t - 1] + gate_i[t] * cand[t]
        cell_tanh[t] = np.tanh(cell[t])
        hid[t] = gate_o[t] * cell_tanh[t]
        y = Wy @ hid[t] + by
        probs[t] = np.exp(y - y.max()) / np.sum(np.exp(y - y.max()))
        loss += -np.log(probs[t][targets[t], 0])

    grads = [np.zeros_like(p) for p in params]
    dWf, dWi, dWc, dWo, dWy, dbf, dbi, dbc, dbo, dby = grads
    dh_next = np.zeros((H, 1))
    dc_next = np.zeros((H, 1))
    for t in reversed(range(seq)):
        dy = probs[t].copy()  # bp: error
        dy[targets[t]] -= 1  # bp: error F1
        dWy += dy @ hid[t].T  # bp: F3[Wy]
        dby += dy  # bp: F3[by]
        dh = Wy.T @ dy + dh_next  # bp: F2
        do = dh * cell_tanh[t] * gate_o[t] * (1 - gate_o[t])  # bp: F1
        dc = dh * gate_o[t] * (1 - cell_tanh[t] ** 2) + dc_next  # bp: F1
        dcand = dc * gate_i[t] * cand[t] * (1 - cand[t])  # bp: F1 BP301
        di = dc * cand[t] * gate_i[t] * (1 - gate_i[t])  # bp: F1
        df = dc * cell[t - 1] * gate_f[t] * (1 - gate_f[t])  # bp: F1
        dWf += df @ xh[t].T  # bp: F3[Wf]
        dWi += di @ xh[t].T  # bp: F3[Wi]
        dWc += dcand @ xh[t].T  # bp: F3[Wc]
        dWo += do @ xh[t].T  # bp: F3[Wo]
        dbf += df  # bp: F3[bf]
        dbi += di  # bp: F3[bi]
        dbc += dcand  # bp: F3[bc]
        dbo += do  # bp: F3[bo]
        dxh = Wf.T @ df + Wi.T @ di + Wc.T @ dcand + Wo.T @ do  # bp: F2
        dh_next = dxh[V:]
        dc_next = dc * gate_f[t]

    for p, g, m in zip(params, grads, mems):
        np.clip(g, -5, 5, out=g)
        m += g * g
        p -= lr * g / np.sqrt(m + 1e-8)  # bp: update
    if it % 100 == 0:
        print(f"iteration {it} loss {loss / seq:.4f}")
