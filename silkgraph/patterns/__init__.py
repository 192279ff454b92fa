"""Language patterns as data: word lists and regular expressions in YAML.

Code that needs a list of words (months, speech verbs, event triggers,
furniture lines) reads it from a file here, so that a new language or a new
form is a change of data, not of code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

PATTERN_DIR = Path(__file__).parent


@lru_cache(maxsize=None)
def load_pattern_file(name: str) -> dict:
    """The parsed YAML file `name` of this folder (cached: files are read once per process)."""
    with open(PATTERN_DIR / name, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
