"""bpscan: a static checker for hand-written backpropagation."""

import os as _os

__version__ = "0.1.0"

# In a source checkout `rules/` sits beside the package (the wheel maps it to bpscan.rules);
# let `bpscan.rules` resolve there too when the checkout itself is on sys.path.
_root = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))
if not _os.path.isdir(_os.path.join(_os.path.dirname(__file__), "rules")) and _os.path.isfile(
    _os.path.join(_root, "rules", "__init__.py")
):
    __path__.append(_root)  # type: ignore[name-defined]
