"""`--format json`: the stable schema documented in the README (`tests/data/bpscan-output.schema.json`)."""

from __future__ import annotations

import json
from typing import Sequence

from bpscan.reporters import ReportContext
from bpscan.results import FileResult
from bpscan.serialize import results_to_json


def render(results: Sequence[FileResult], ctx: ReportContext | None = None) -> str:
    """The JSON document, indented, with a trailing newline."""
    return json.dumps(results_to_json(results), indent=2) + "\n"
