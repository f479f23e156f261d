"""loss: loss functions with their derivatives."""
# bp-corpus: buggy
# bp-style: empty package __init__ (modules imported by their dotted names); no backward code of its own
