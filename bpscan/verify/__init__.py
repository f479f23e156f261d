"""`bpscan verify`: check hand-written gradients numerically by evaluating the model's terms."""

from __future__ import annotations

from bpscan.verify.command import main
from bpscan.verify.evaluator import Evaluator, Unverifiable
from bpscan.verify.network import TOLERANCE, verify_model
from bpscan.verify.results import ParamCheck

__all__ = ["TOLERANCE", "Evaluator", "ParamCheck", "Unverifiable", "main", "verify_model"]
