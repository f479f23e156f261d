# bp-corpus: buggy
# bp-layers: wf:sigmoid wi:sigmoid wc:tanh wo:sigmoid wy:softmax
# bp-style: (the output gate takes the tanh derivative) a character LSTM written as one script: every gate and state kept in a dict by time step, the
# hidden state stored 2-D with np.atleast_2d and read back by its row (`h[t][0]`), outer products for the
# weight gradients, one SGD step per sequence
"""Learn to continue a repeating letter pattern with a small LSTM."""
import numpy as np

text = "abcdabcdabcdabcd"
chars = sorted(set(text))
V, H = len(chars), 12
rng = np.random.default_rng(1)
wf = rng.normal(0.0, 0.2, (H, V + H))
wi = rng.normal(0.0, 0.2, (H, V + H))
wc = rng.normal(0.0, 0.2, (H, V + H))
wo = rng.normal(0.0, 0.2, (H, V + H))
wy = rng.normal(0.0, 0.2, (V, H))


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def sig_grad(s):
    return s * (1.0 - s)


def tanh_grad(t):
    return 1.0 - t ** 2


ids = [chars.index(ch) for ch in text]
for step in range(300):
    xs, hs, cs, fs, ins, cands, outs, ps = {}, {}, {}, {}, {}, {}, {}, {}
    hs[-1] = np.zeros((1, H))
    cs[-1] = np.zeros(H)
    loss = 0.0
    for t in range(len(ids) - 1):
        one = np.zeros(V)
        one[ids[t]] = 1.0
        xs[t] = np.hstack((one, hs[t - 1][0]))
        fs[t] = sigmoid(np.dot(wf, xs[t]))
        ins[t] = sigmoid(np.dot(wi, xs[t]))
        cands[t] = np.tanh(np.dot(wc, xs[t]))
        outs[t] = sigmoid(np.dot(wo, xs[t]))
        cs[t] = fs[t] * cs[t - 1] + ins[t] * cands[t]
        hs[t] = np.atleast_2d(outs[t] * np.tanh(cs[t]))
        scores = np.dot(wy, hs[t][0])
        ps[t] = np.exp(scores - scores.max()) / np.sum(np.exp(scores - scores.max()))
        loss -= np.log(ps[t][ids[t + 1]])
    gwf, gwi, gwc, gwo, gwy = (np.zeros_like(w) for w in (wf, wi, wc, wo, wy))
    dh_next = np.zeros(H)
    dc_next = np.zeros(H)
    for t in reversed(range(len(ids) - 1)):
        dy = ps[t].copy()  # bp: error
        dy[ids[t + 1]] -= 1.0                                      # bp: error F1
        gwy += np.outer(dy, hs[t][0])                              # bp: F3[wy]
        dh = np.dot(wy.T, dy) + dh_next                            # bp: F2
        dc = dh * outs[t] * tanh_grad(np.tanh(cs[t])) + dc_next    # bp: F1
        df = dc * cs[t - 1] * sig_grad(fs[t])                      # bp: F1
        di = dc * cands[t] * sig_grad(ins[t])                      # bp: F1
        dg = dc * ins[t] * tanh_grad(cands[t])                     # bp: F1
        do = dh * np.tanh(cs[t]) * tanh_grad(outs[t])              # bp: F1 BP301
        gwf += np.outer(df, xs[t])                                 # bp: F3[wf]
        gwi += np.outer(di, xs[t])                                 # bp: F3[wi]
        gwc += np.outer(dg, xs[t])                                 # bp: F3[wc]
        gwo += np.outer(do, xs[t])                                 # bp: F3[wo]
        dx = np.dot(wf.T, df) + np.dot(wi.T, di) + np.dot(wc.T, dg) + np.dot(wo.T, do)  # bp: F2
        dh_next = dx[V:]
        dc_next = dc * fs[t]
    for w, g in ((wf, gwf), (wi, gwi), (wc, gwc), (wo, gwo), (wy, gwy)):
        w -= 0.1 * np.clip(g, -5, 5)                               # bp: update
    if step % 100 == 0 or step == 299:
        print(f"step {step} loss {loss / (len(ids) - 1):.4f}")
