"""Update rules with the signature rule(w, dw, config) -> (next_w, config).

dw is the gradient of the loss with respect to w, so every rule steps against it. Whatever
state a rule carries between steps (a velocity) lives in its config dict.
"""
# bp-corpus: buggy
# bp-style: package optimiser module, cs231n-like functional rules sgd(w, dw, config) and sgd_momentum(w, dw, config) returning (next_w, config), defaults filled with setdefault, velocity kept in config; sgd computes next_w = w + learning_rate * dw (climbs the loss)
import numpy as np


def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    next_w = w + config["learning_rate"] * dw  # bp: update BP201
    return next_w, config


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    velocity = config.get("velocity", np.zeros_like(w))
    velocity = config["momentum"] * velocity - config["learning_rate"] * dw
    next_w = w + velocity  # bp: update
    config["velocity"] = velocity
    return next_w, config
