"""``ghgi etf check``: the import rules of the ETF reporting tool, as offending rows.

The rules are those the UNFCCC etf-cli enforces or repairs before an import
(github.com/unfccc/etf-cli, ``src/unfccc/etf/countrydata.py`` and ``cli.py``, ``etf data fix
-r PARENTS|GRIDS``), plus the checks of the document structure:

* ``structure``: ``version``, ``country_specific_data.nodes``, ``data.values[]`` with
  ``inventory_year`` and ``values[]`` of ``{variable_uid, value: {type, value}}``; types
  numeric/number, NK, drop_down, text with a value of the right kind.
* ``parent_nested`` (PARENTS): a country-specific node whose parent is itself country-specific
  is nested in its parent's ``node`` list, not left flat with a ``parent_uid``.
* ``parent_known``: the parent (``parent_uid``, the visibility reference under which the tool
  shows the node) is a node of the metadata or of the file.
* ``template_known``: a country-specific node names its ``template_node_uid`` (the
  "... - Template" node it is cloned from), known to the metadata when given.
* ``grid_present`` (GRIDS): every country-specific node with a template has its own grid.
* ``grid_cloned``: the grid's groups carry fresh ``uid`` s with ``template_group_uid`` (never
  the template's uid) and every ``variable_uid`` of the grid is a variable of this node whose
  ``template_var_uid`` points into the template.
* ``calculated_value``: no value for a calculated variable (``is_calculated``) of a fixed node
  of the metadata -- the tool computes it.
* ``unknown_variable``: a value's ``variable_uid`` is neither in the metadata (or, without it,
  the common-variables table) nor a country-specific variable.
* ``duplicate_value``: one variable twice in one year.

Country-specific uids are 24 hex characters without dashes (etf-cli ``make_uid``,
``is_metadata_uid`` = has a dash).
"""

from __future__ import annotations

import pandas as pd

from .metadata import Metadata

__all__ = ["check_document", "RULES", "VIOLATION_COLUMNS", "is_metadata_uid"]

RULES = ("structure", "parent_nested", "parent_known", "template_known", "grid_present",
         "grid_cloned", "calculated_value", "unknown_variable", "duplicate_value")
VIOLATION_COLUMNS = ["rule", "node", "variable", "year", "message"]
_TYPES = {"numeric": (int, float), "number": (int, float), "NK": (int,),
          "drop_down": (int,), "text": (str,)}


def is_metadata_uid(uid: str) -> bool:
    return "-" in str(uid)


def check_document(doc: dict, metadata: Metadata | None = None,
                   known_variables: dict[str, str] | None = None) -> pd.DataFrame:
    """Violations of :data:`RULES` (one row each, :data:`VIOLATION_COLUMNS`).

    ``known_variables``: ETF name -> UID used without a metadata file."""
    out: list[tuple] = []

    def bad(rule, node="", variable="", year="", message=""):
        out.append((rule, node, variable, year, message))

    if not isinstance(doc, dict):
        bad("structure", message="the document is not a JSON object")
        return pd.DataFrame(out, columns=VIOLATION_COLUMNS)
    for key in ("version", "country_specific_data", "data"):
        if key not in doc:
            bad("structure", message=f"missing '{key}'")
    csd = doc.get("country_specific_data") or {}
    if "nodes" not in csd:
        bad("structure", message="missing 'country_specific_data.nodes'")
    nodes_flat: dict[str, dict] = {}
    parent_of: dict[str, str | None] = {}

    def walk(items, up):
        for n in items or []:
            nodes_flat[n.get("uid", "")] = n
            parent_of[n.get("uid", "")] = up
            walk(n.get("node"), n.get("uid"))

    walk(csd.get("nodes"), None)
    cvars = {v.get("uid"): v for v in csd.get("variables") or []}
    grids = {g.get("node_uid"): g for g in csd.get("grids") or []}
    meta_nodes = metadata.nodes if metadata else {}

    def node_label(uid):
        n = nodes_flat.get(uid) or meta_nodes.get(uid)
        if not n:
            return str(uid)
        return f"{n.get('name_prefix') or ''} {n.get('name') or ''}".strip() or str(uid)

    for uid, n in nodes_flat.items():
        label = node_label(uid)
        p = n.get("parent_uid")
        if p and not is_metadata_uid(p) and not is_metadata_uid(uid) and parent_of[uid] is None:
            bad("parent_nested", label, message=f"parent {node_label(p)} is country-specific: "
                "nest the node in its parent's 'node' list (etf data fix -r PARENTS)")
        up = p or parent_of.get(uid)
        if up is None:
            bad("parent_known", label, message="no parent: the node is not visible in the tool")
        elif up not in nodes_flat and (metadata is not None and up not in meta_nodes):
            bad("parent_known", label, message=f"parent '{up}' is not a node of the metadata "
                                               "or the file")
        tpl = n.get("template_node_uid")
        if not is_metadata_uid(uid):
            if not tpl:
                bad("template_known", label, message="no template_node_uid")
            elif metadata is not None and tpl not in meta_nodes:
                bad("template_known", label, message=f"template '{tpl}' is not in the metadata")
        if tpl and not is_metadata_uid(uid):
            g = grids.get(uid)
            if g is None:
                bad("grid_present", label, message="no grid (etf data fix -r GRIDS clones the "
                                                   "template's)")
                continue
            tgrid = metadata.grids.get(tpl) if metadata else None
            tuids = {x.get("uid") for x in _groups(tgrid)} if tgrid else set()
            for grp in _groups(g):
                if "variable_uid" not in grp:
                    continue
                if grp.get("uid") in tuids or not grp.get("template_group_uid"):
                    bad("grid_cloned", label, message=f"group '{grp.get('uid')}' keeps the "
                        "template's uid or lacks template_group_uid")
                vu = grp.get("variable_uid")
                if vu is None:
                    continue
                var = cvars.get(vu)
                if var is None or var.get("node_uid") != uid:
                    bad("grid_cloned", label, vu, message="grid refers to a variable that is "
                        "not a variable of this node")
                elif not var.get("template_var_uid"):
                    bad("grid_cloned", label, vu, message="variable without template_var_uid")
    data = doc.get("data") or {}
    blocks = data.get("values") if isinstance(data, dict) else None
    if not isinstance(blocks, list):
        bad("structure", message="missing 'data.values' list")
        blocks = []
    known = set(known_variables.values()) if known_variables else set()
    names = {u: n for n, u in (known_variables or {}).items()}
    for b in blocks:
        year = b.get("inventory_year")
        if not (isinstance(year, int) or (isinstance(year, str) and year.isdigit())):
            bad("structure", year=str(year), message="inventory_year is not a year")
        seen = set()
        for v in b.get("values") or []:
            uid = str(v.get("variable_uid", ""))
            val = v.get("value") or {}
            vname = (metadata.variables.get(uid, {}).get("name") if metadata else None) \
                or names.get(uid) or (cvars.get(uid, {}).get("name")) or uid
            t = val.get("type")
            if t not in _TYPES or not isinstance(val.get("value"), _TYPES.get(t, ())) \
                    or isinstance(val.get("value"), bool):
                bad("structure", "", vname, year, f"value {val!r} is not of a known type")
            if uid in seen:
                bad("duplicate_value", "", vname, year, "variable given twice in one year")
            seen.add(uid)
            if uid in cvars:
                continue
            if metadata is not None:
                var = metadata.variables.get(uid)
                if var is None:
                    bad("unknown_variable", "", vname, year, "not in the metadata file")
                elif var.get("is_calculated"):
                    bad("calculated_value", metadata.node_name(var.get("node_uid")), vname,
                        year, "calculated variable of a fixed node: the tool computes it")
            elif known and uid not in known:
                bad("unknown_variable", "", vname, year, "not in the common-variables table")
    return pd.DataFrame(out, columns=VIOLATION_COLUMNS)


def _groups(grid: dict | None):
    """Every group of a grid (nested 'group' lists)."""
    if not grid:
        return
    stack = list(grid.get("group") or [])
    while stack:
        g = stack.pop()
        if isinstance(g, dict):
            yield g
            stack.extend(g.get("group") or [])
