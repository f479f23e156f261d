# bp-corpus: clean
# bp-layers: params['W1']:relu params['W2']:linear
# bp-style: row convention; an Adam rule keeping its settings and moments in a per-parameter config dict filled
# by `config.setdefault(...)`, the parameters and gradients in dicts walked by key
"""A ReLU regression network stepped by an Adam rule whose state lives in one config dict per parameter."""
import numpy as np


def adam_rule(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    config["t"] += 1
    config["m"] = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    config["v"] = config["beta2"] * config["v"] + (1 - config["beta2"]) * dw ** 2
    m_hat = config["m"] / (1 - config["beta1"] ** config["t"])
    v_hat = config["v"] / (1 - config["beta2"] ** config["t"])
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])  # bp: update
    return next_w, config


rng = np.random.default_rng(12)
x = rng.normal(size=(64, 3))
y = np.tanh(x @ np.array([[1.0], [-2.0], [0.5]]))
params = {"W1": rng.normal(0.0, 0.5, (3, 16)), "W2": rng.normal(0.0, 0.5, (16, 1))}
configs = {name: {"learning_rate": 0.01} for name in params}
for step in range(601):
    h = np.maximum(0, x @ params["W1"])
    out = h @ params["W2"]
    loss = 0.5 * np.mean((out - y) ** 2)
    err = (out - y) / len(x)                                     # bp: error
    grads = {"W2": h.T @ err}                                    # bp: F3[params['W2']]
    dh = (err @ params["W2"].T) * (h > 0)                        # bp: F1 F2
    grads["W1"] = x.T @ dh                                       # bp: F3[params['W1']]
    for name in params:
        params[name], configs[name] = adam_rule(params[name], grads[name], configs[name])
    if step % 200 == 0:
        print(f"step {step} loss {loss:.5f}")
