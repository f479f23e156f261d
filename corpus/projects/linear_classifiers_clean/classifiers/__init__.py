"""classifiers: linear classifiers (multiclass SVM and softmax) trained by minibatch SGD."""
# bp-corpus: clean
# bp-style: package __init__ re-exporting the loss functions and the classifier classes with package-relative imports; no backward code of its own
from .linear_classifier import LinearClassifier, LinearSVM, Softmax
from .linear_svm import svm_loss_vectorized
from .softmax import softmax_loss_vectorized
