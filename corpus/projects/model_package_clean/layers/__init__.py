"""layers: the network's building blocks, a dense layer and two activations."""
# bp-corpus: clean
# bp-style: empty package __init__ (modules imported by their dotted names); no backward code of its own
