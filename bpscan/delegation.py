"""Which formula a backward call hands on when its callee cannot be read: read off the callee's (or its owner's) name."""

from __future__ import annotations

import re

#: a backward pass by its name: `relu_backward`, `backward`, `affine_bprop`, `conv_backprop`, `backward_pass`
_BACKWARD_NAME = re.compile(r"^(?:(?P<stem>\w*?)_?)?(?:backwards?|bwd|bprop|backprop(?:agate|agation)?)(?:_pass)?$",
                            re.IGNORECASE)
#: a word of a layer that keeps a weight: its backward passes the gradient back through that weight (formula 2)
_WEIGHTED = re.compile(r"^(linear|lin|affine|fc|dense|full|conv\w*|\w*conv|deconv|rnn|lstm|gru|cell|\w*norm|bn|"
                       r"attention|attn|embed\w*|recurrent)$")
#: a word of what has no weight and changes the gradient elementwise (formula 1, as readers count a pool's or a
#: dropout's backward)
_ELEMENTWISE = re.compile(r"^(\w*relu|sigm\w*|tanh|softmax|elu|gelu|selu|swish|softplus|activat\w*|acts?|nonlin\w*|"
                          r"dropout|drop|\w*pool\w*|mask)$")
#: a word of a loss: its backward is the output error
_LOSS = re.compile(r"^(loss|cost|criterion|xent|\w*entropy|mse|nll|objective|ce|bce)$")
#: a word of a layer that only moves the numbers (`flatten_backward`): nothing a reader tags
_SHAPE_ONLY = re.compile(r"^(flat|flatten|reshape|transpose|concat|split|pad|squeeze|identity|view)$")


def _words(name: str) -> list[str]:
    """`self.layers['relu2']` -> ["layers", "relu"]; `maxPool_2` -> ["max", "pool"]; `ConvReLU` -> ["conv", "relu"],
    `LSTMCell` -> ["lstm", "cell"]: lower-case words, digits dropped (a capital starts a word when a small letter
    follows it, so an acronym written in mixed case, `ReLU`, stays one)."""
    spaced = re.sub(r"([A-Z])([A-Z][a-z])", r"\1_\2", name)
    spaced = re.sub(r"([a-z])([A-Z][a-z])", r"\1_\2", spaced)
    return [w for w in re.split(r"[^a-zA-Z]+", spaced.lower()) if w and w != "self"]


def backward_stem(name: str) -> str | None:
    """What a backward-named callee names before its direction word (`relu_backward` -> "relu", `backward` -> "");
    None when the name is not a backward pass's."""
    m = _BACKWARD_NAME.match(name)
    return None if m is None else (m.group("stem") or "")


def delegated_kind(owner: str) -> str | None:
    """The formula a backward pass hands on, by the name of the function (`linear_activation`, from
    `linear_activation_backward`) or of the object whose `backward` it is (`self.pool`, `criterion`): "error" for a
    loss, "F1" for what has no weight, "F2" for a weighted layer or anything else, None for a layer that only
    reshapes. A weighted layer's word wins; else the last word that says something (`self.layers['dropout']`)."""
    words = _words(owner)
    if any(_WEIGHTED.match(w) for w in words):
        return "F2"  # (`affine_relu_backward`: formula 2 and 1 in one call, counted once as formula 2)
    for word in reversed(words):
        if _ELEMENTWISE.match(word):
            return "F1"
        if _LOSS.match(word):
            return "error"
        if _SHAPE_ONLY.match(word):
            return None
    return "F2"
