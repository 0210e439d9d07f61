"""The YAML field each text of a compact was written in, for the locations of document nodes.

A node of the document says where its text came from (`Location.text_from`), so that a finding
about it points at the line a user edits, not at the markup a template rendered. The loader
keeps the position of every field by its path in the file (`yamlsource.Source`); the model
keeps no path. This joins the two by walking the model once, the first time a text is asked
for: each text object (`BiText`) to its path in the file, the YAML keys (`list:`) rather than
the model's field names (`entries`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from cpc_docs.errors import Location
from cpc_docs.load.yamlsource import PathKey, Source
from cpc_docs.model.compact import BiText


class TextFields:
    """The texts of one model (a compact) and the file it was read from."""

    def __init__(self, model: BaseModel, source: Source) -> None:
        self.model = model  # kept alive: the table below is keyed by the identity of its texts
        self.source = source
        self._paths: dict[int, PathKey] | None = None

    def locate(self, text: BiText, lang: str) -> Location | None:
        """Where `text`'s `lang` version is written; None for a text of no field of the
        model (one a formula or the presentation made)."""
        if self._paths is None:
            self._paths = {}
            _walk(self.model, (), self._paths)
        path = self._paths.get(id(text))
        return None if path is None else self.source.locate((*path, lang))


def _walk(node: Any, path: PathKey, out: dict[int, PathKey]) -> None:
    if isinstance(node, BiText):
        out.setdefault(id(node), path)
    elif isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            value = getattr(node, name)
            if value is not None and not isinstance(value, (str, int, float)):
                _walk(value, (*path, info.alias or name), out)
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            _walk(item, (*path, index), out)
    elif isinstance(node, dict):
        for key, value in node.items():
            _walk(value, (*path, key), out)
