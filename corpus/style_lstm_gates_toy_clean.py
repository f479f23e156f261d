"""A small LSTM learns to hold the first input of a noisy sequence; gates written out one by one."""
# bp-corpus: clean
# bp-layers: Wf:sigmoid Wi:sigmoid Wg:tanh Wo:sigmoid Wy:linear
# bp-style: column convention, LSTM with separate gate weights on the concatenation [h; x], per-step caches, gate derivatives written with the gate outputs, BPTT with dh_next/dc_next, plain SGD over zip
import numpy as np

rng = np.random.default_rng(3)
D, H, T_LEN = 1, 12, 6
Z = H + D


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def init(shape, scale=0.3):
    return rng.normal(0.0, scale, shape)


Wf, Wi, Wg, Wo = init((H, Z)), init((H, Z)), init((H, Z)), init((H, Z))
bf, bi, bg, bo = np.ones((H, 1)), np.zeros((H, 1)), np.zeros((H, 1)), np.zeros((H, 1))
Wy, by = init((1, H)), np.zeros((1, 1))
params = [Wf, Wi, Wg, Wo, bf, bi, bg, bo, Wy, by]


def forward(xs):
    h, c = np.zeros((H, 1)), np.zeros((H, 1))
    steps = []
    for x in xs:
        z = np.vstack((h, x))
        f = sigmoid(Wf @ z + bf)
        i = sigmoid(Wi @ z + bi)
        g = np.tanh(Wg @ z + bg)
        o = sigmoid(Wo @ z + bo)
        c_prev, c = c, f * c + i * g
        tc = np.tanh(c)
        h = o * tc
        y = Wy @ h + by
        steps.append((z, f, i, g, o, c_prev, tc, h, y))
    return steps


def backward(steps, targets):
    grads = [np.zeros_like(p) for p in params]
    dWf, dWi, dWg, dWo, dbf, dbi, dbg, dbo, dWy, dby = grads
    dh_next, dc_next = np.zeros((H, 1)), np.zeros((H, 1))
    for (z, f, i, g, o, c_prev, tc, h, y), target in reversed(list(zip(steps, targets))):
        dy = y - target  # bp: error
        dWy += dy @ h.T  # bp: F3[Wy]
        dby += dy  # bp: F3[by]
        dh = Wy.T @ dy + dh_next  # bp: F2
        do = dh * tc  # bp: F1
        da_o = o * (1 - o) * do  # bp: F1
        dtc = dh * o  # bp: F1
        dc = (1 - tc ** 2) * dtc + dc_next  # bp: F1
        df = dc * c_prev  # bp: F1
        da_f = f * (1 - f) * df  # bp: F1
        di = dc * g  # bp: F1
        da_i = i * (1 - i) * di  # bp: F1
        dg = dc * i  # bp: F1
        da_g = (1 - g ** 2) * dg  # bp: F1
        dWf += da_f @ z.T  # bp: F3[Wf]
        dWi += da_i @ z.T  # bp: F3[Wi]
        dWg += da_g @ z.T  # bp: F3[Wg]
        dWo += da_o @ z.T  # bp: F3[Wo]
        dbf += da_f  # bp: F3[bf]
        dbi += da_i  # bp: F3[bi]
        dbg += da_g  # bp: F3[bg]
        dbo += da_o  # bp: F3[bo]
        dz = Wf.T @ da_f + Wi.T @ da_i + Wg.T @ da_g + Wo.T @ da_o  # bp: F2
        dh_next = dz[:H]
        dc_next = f * dc  # bp: F1
    return grads


def sample_sequence():
    first = rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.0)
    xs = [np.array([[first]])] + [rng.normal(0, 0.5, (1, 1)) for _ in range(T_LEN - 1)]
    targets = [np.array([[first]]) for _ in range(T_LEN)]
    return xs, targets


def seq_loss(steps, targets):
    return float(np.mean([(s[-1] - t) ** 2 for s, t in zip(steps, targets)]))


probe = [sample_sequence() for _ in range(30)]
lr = 0.05
for it in range(1501):
    if it % 300 == 0:
        avg = np.mean([seq_loss(forward(xs), ts) for xs, ts in probe])
        print(f"iter {it:4d} loss {avg:.4f}")
    xs, targets = sample_sequence()
    grads = backward(forward(xs), targets)  # bp: F1 F3 error
    for p, gp in zip(params, grads):
        np.clip(gp, -2.0, 2.0, out=gp)
        p -= lr * gp  # bp: update
