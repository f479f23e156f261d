"""utilities: the model container and its training loop."""
# bp-corpus: buggy
# bp-style: empty package __init__ (modules imported by their dotted names); no backward code of its own
