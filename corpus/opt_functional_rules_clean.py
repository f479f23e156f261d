"""First-order update rules as pure-ish functions.

Each rule has the signature ``rule(w, dw, config=None) -> (next_w, config)``: ``w`` is a
parameter array, ``dw`` the gradient of the loss with respect to it (so a step goes against it),
and ``config`` a dict of hyperparameters plus whatever state the rule carries between calls.
"""
# bp-corpus: clean
# bp-style: optimiser module with no driver in the file, cs231n-like functional update rules (sgd, sgd_momentum, rmsprop, adam) taking the true gradient and returning (next_w, config), state kept in the config dict
# bp-driver: drivers/opt_functional_rules_clean_driver.py
import numpy as np


def _setup(config, **defaults):
    config = {} if config is None else config
    for key, value in defaults.items():
        config.setdefault(key, value)
    return config


def sgd(w, dw, config=None):
    config = _setup(config, learning_rate=1e-2)
    w -= config["learning_rate"] * dw  # bp: update
    return w, config


def sgd_momentum(w, dw, config=None):
    config = _setup(config, learning_rate=1e-2, momentum=0.9)
    v = config.get("velocity", np.zeros_like(w))
    mu, lr = config["momentum"], config["learning_rate"]
    v = mu * v - lr * dw
    next_w = w + v  # bp: update
    config["velocity"] = v
    return next_w, config


def rmsprop(w, dw, config=None):
    config = _setup(config, learning_rate=1e-2, decay_rate=0.99, epsilon=1e-8)
    cache = config.get("cache", np.zeros_like(w))
    cache = config["decay_rate"] * cache + (1 - config["decay_rate"]) * dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])  # bp: update
    config["cache"] = cache
    return next_w, config


def adam(x, dx, config=None):
    config = _setup(config, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)
    m = config.get("m", np.zeros_like(x))
    v = config.get("v", np.zeros_like(x))
    t = config.get("t", 0) + 1
    beta1, beta2 = config["beta1"], config["beta2"]
    m = beta1 * m + (1 - beta1) * dx
    v = beta2 * v + (1 - beta2) * dx * dx
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    next_x = x - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])  # bp: update
    config.update(m=m, v=v, t=t)
    return next_x, config
