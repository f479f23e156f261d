"""Reporters turn analysis results into text; only they may import rich."""
