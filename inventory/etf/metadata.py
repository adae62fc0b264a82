"""The ETF metadata file (downloaded by the Party from the ETF reporting tool).

Structure, as the UNFCCC etf-cli reads it (github.com/unfccc/etf-cli,
``src/unfccc/etf/metadata.py``): ``{"Metadata": [{"version": {name, version,
publication_date}, "node": [tree of {uid, name_prefix, name, template_node_uid, node: [...]}],
"variable": [{uid, node_uid, name, is_calculated, is_template, ...}], "grid": [{node_uid,
group: [...]}], "dimension": [...], "dimension_instance": [...]}]}``. The file may be plain
JSON, ``.gz`` or ``.lzma``/``.xz``. Its path is ``etf: {metadata: <file>}`` in inventory.yml.
"""

from __future__ import annotations

import gzip
import json
import lzma
from dataclasses import dataclass, field
from pathlib import Path

from inventory.errors import InputError

__all__ = ["Metadata", "load_metadata", "read_json"]


def read_json(path: Path | str) -> dict:
    """JSON (also .gz, .lzma/.xz); a UTF-8 BOM is accepted (etf-cli handles it too)."""
    path = Path(path)
    raw = path.read_bytes()
    if path.suffix in (".lzma", ".xz"):
        raw = lzma.decompress(raw)
    elif path.suffix == ".gz":
        raw = gzip.decompress(raw)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a JSON file: {exc}", str(path), "a JSON document") from None


@dataclass
class Metadata:
    version: dict
    nodes: dict[str, dict]                 # uid -> node
    parent: dict[str, str | None]          # uid -> parent uid
    variables: dict[str, dict]             # uid -> variable
    grids: dict[str, dict]                 # node uid -> grid
    by_name: dict[str, str] = field(default_factory=dict)  # variable name -> uid

    @classmethod
    def from_dict(cls, doc: dict) -> Metadata:
        try:
            root = doc["Metadata"][0]
        except (KeyError, IndexError, TypeError):
            raise InputError("no 'Metadata' list", "ETF metadata file",
                             "the metadata file of the ETF reporting tool") from None
        nodes, parent = {}, {}

        def walk(items, up):
            for n in items or []:
                nodes[n["uid"]] = n
                parent[n["uid"]] = up
                walk(n.get("node"), n["uid"])

        walk(root.get("node"), None)
        variables = {v["uid"]: v for v in root.get("variable", [])}
        grids = {g["node_uid"]: g for g in root.get("grid", [])}
        by_name = {v["name"]: u for u, v in variables.items() if v.get("name")}
        return cls(root.get("version") or {}, nodes, parent, variables, grids, by_name)

    def is_calculated(self, uid: str) -> bool:
        v = self.variables.get(uid)
        return bool(v and v.get("is_calculated"))

    def node_name(self, uid: str | None) -> str:
        n = self.nodes.get(uid or "")
        return f"{n.get('name_prefix') or ''} {n.get('name') or ''}".strip() if n else ""


def load_metadata(path: Path | str) -> Metadata:
    return Metadata.from_dict(read_json(path))
