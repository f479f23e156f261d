"""netlib: a tiny fully connected classifier toolkit (layers, update rules, model, solver)."""
# bp-corpus: buggy
# bp-style: package __init__ re-exporting submodules with package-relative imports (from . import ..., from .layers import *); no backward code of its own
from . import optim
from .layers import *
