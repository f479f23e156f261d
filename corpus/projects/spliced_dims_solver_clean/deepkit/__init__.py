"""Layer functions, update rules and a solver for fully connected classifiers."""
# bp-corpus: clean
