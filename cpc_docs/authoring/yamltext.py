"""Writing YAML by hand, value by value, so generated files can carry comments.

PyYAML's dumper drops comments, and the files `cpc new` and `cpc report draft` write are
meant to be filled in by people, with guidance next to each value. Both build their text
line by line and use `scalar` for every value, so what they write reads back as the same
data (tested with arbitrary strings).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import yaml

# What YAML does not take raw in a file (PyYAML's reader), or reads as a line break.
UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    "|[\x09\x0a\x0d\u2028\u2029\ufeff]"
)
_PLAIN = re.compile(r"[^\W_][\w .'’()/&@+-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}


def scalar(value: Any) -> str:
    """A YAML scalar: plain when YAML reads it back unchanged, else a JSON string (valid YAML)
    with the characters YAML would not take raw escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    text = str(value)
    if plain(text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    # JSON leaves these raw; YAML reads them as line breaks or refuses them: escape them.
    return UNPRINTABLE.sub(lambda match: f"\\u{ord(match[0]):04x}", quoted)


def plain(text: str) -> bool:
    """A string YAML reads back as the same string without quotes, in block and flow style."""
    if not _PLAIN.fullmatch(text) or text != text.strip() or text.lower() in _YAML_WORDS:
        return False
    try:
        return yaml.safe_load(f"{{k: {text}}}") == {"k": text}
    except yaml.YAMLError:
        return False
