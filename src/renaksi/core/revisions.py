"""Two revisions of a plan side by side: which node and indicator of one is which of the other,
and what changed between them.

``match_plans(old, new)`` pairs the nodes and indicators of two plans (two revisions of a unit's
plan, or last year's plan and this year's); ``diff_plans(old, new)`` lists, from that pairing,
what was added, removed, renamed, moved and changed (targets, annual target, unit, budget, code).
Carrying a year's realisasi over into a new revision and the revision diff use the same pairing,
so what the diff calls "the same indicator" is what receives its realisasi.

How a pair is found (docs/lifecycle.md, "Matching"), level by level from the top:

1. **Same place**: among the children of two paired nodes (or among the top nodes), a node of the
   same level with the same nomenclature code, or with the same name (compared as
   ``names.normalise`` does: case, punctuation, spacing, a leading level word ignored), or with
   nearly the same name (similarity ≥ ``NEAR``). Indicators likewise among the indicators of two
   paired nodes. Same or nearly the same name at the same place is a *certain* pair.
2. **Elsewhere**: a node or indicator still unpaired whose code or name is found once, and only
   once, among the unpaired ones of the other plan (same level for nodes) is paired as *moved*;
   certain, since nothing else could be meant.
3. **Uncertain**: what is left and resembles something left on the other side (similarity ≥
   ``POSSIBLE``, at the same place or elsewhere) is paired as *uncertain*: a person confirms it
   before anything is carried over on its strength.

Everything else is added (only in the new plan) or removed (only in the old one). The pairing is
one to one. Paths name objects in JSON: a node by its place ("0.2.1": first top node, its third
child, that one's second child), an indicator by its node's path and its place ("0.2.1#0").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .names import normalise
from .plan import Indicator, Node, Plan, Value, tidy_number

# Names at least this similar are "nearly the same" (a word changed, a typo mended): at the same
# place, a certain pair. 0.85 keeps "Persentase dokumen perencanaan yang tepat waktu" and
# "... yang disusun tepat waktu" together, and two different indicators of one node apart.
NEAR = 0.85
# Names at least this similar, left unpaired, are offered as an uncertain pair to confirm.
POSSIBLE = 0.6
# Pairs compared by similarity in the "elsewhere" stages at most (the rest is added/removed):
# bounds the time on two unrelated plans of thousands of rows.
MAX_COMPARISONS = 250_000


@dataclass(frozen=True)
class Pair:
    """One node or indicator of the old plan paired with one of the new plan."""

    old: str  # path in the old plan
    new: str  # path in the new plan
    how: str  # "same" | "renamed" | "moved" (place changed, name same or nearly)
    certain: bool
    similarity: float  # of the names, 1.0 when equal as normalised

    def to_dict(self) -> dict:
        return {
            "old": self.old,
            "new": self.new,
            "how": self.how,
            "certain": self.certain,
            "similarity": round(self.similarity, 3),
        }


@dataclass
class Matching:
    """The pairing of two plans: pairs by new path, and what has no partner on either side."""

    nodes: dict[str, Pair] = field(default_factory=dict)  # new node path → pair
    indicators: dict[str, Pair] = field(default_factory=dict)  # new indicator path → pair
    added_nodes: list[str] = field(default_factory=list)
    removed_nodes: list[str] = field(default_factory=list)
    added_indicators: list[str] = field(default_factory=list)
    removed_indicators: list[str] = field(default_factory=list)

    def uncertain(self) -> list[Pair]:
        """Pairs a person must confirm, nodes first, in the new plan's order."""
        return [p for p in (*self.nodes.values(), *self.indicators.values()) if not p.certain]

    def without(self, rejected: Iterable[str]) -> Matching:
        """This matching with the pairs whose new path is in ``rejected`` undone (the person
        said "not the same"): both sides become added and removed."""
        rejected = set(rejected)
        out = Matching(
            nodes={k: p for k, p in self.nodes.items() if k not in rejected},
            indicators={k: p for k, p in self.indicators.items() if k not in rejected},
            added_nodes=list(self.added_nodes),
            removed_nodes=list(self.removed_nodes),
            added_indicators=list(self.added_indicators),
            removed_indicators=list(self.removed_indicators),
        )
        for path, pair in self.nodes.items():
            if path in rejected:
                out.added_nodes.append(pair.new)
                out.removed_nodes.append(pair.old)
        for path, pair in self.indicators.items():
            if path in rejected:
                out.added_indicators.append(pair.new)
                out.removed_indicators.append(pair.old)
        return out

    def to_dict(self) -> dict:
        return {
            "nodes": [p.to_dict() for p in self.nodes.values()],
            "indicators": [p.to_dict() for p in self.indicators.values()],
            "added_nodes": list(self.added_nodes),
            "removed_nodes": list(self.removed_nodes),
            "added_indicators": list(self.added_indicators),
            "removed_indicators": list(self.removed_indicators),
        }


def similarity(a: str, b: str) -> float:
    """How alike two names are, 0…1, on their normalised form (1.0: the same name)."""
    na, nb = normalise(a), normalise(b)
    return _similarity(na, nb)


def _similarity(na: str, nb: str) -> float:
    if na == nb:
        return 1.0 if na else 0.0
    if not na or not nb:
        return 0.0
    matcher = SequenceMatcher(None, na, nb, autojunk=False)
    if matcher.real_quick_ratio() < POSSIBLE or matcher.quick_ratio() < POSSIBLE:
        return matcher.quick_ratio() * 0.5  # an upper bound below the threshold is enough
    return matcher.ratio()


# -- paths ------------------------------------------------------------------------------------


def node_paths(plan: Plan) -> Iterator[tuple[str, Node, str | None]]:
    """(path, node, parent path) for every node, depth first in document order."""

    def visit(nodes: list[Node], prefix: str, parent: str | None):
        for position, node in enumerate(nodes):
            path = f"{prefix}{position}"
            yield path, node, parent
            yield from visit(node.children, path + ".", path)

    yield from visit(plan.nodes, "", None)


def indicator_paths(plan: Plan) -> Iterator[tuple[str, Indicator, str]]:
    """(path, indicator, node path) for every indicator in document order."""
    for path, node, _parent in node_paths(plan):
        for position, indicator in enumerate(node.indicators):
            yield f"{path}#{position}", indicator, path


@dataclass
class _Item:
    path: str
    parent: str | None  # the node path it hangs under (None: a top node)
    level: str  # a node's level; "" for an indicator
    code: str
    key: str  # normalised name
    name: str


def _node_items(plan: Plan) -> list[_Item]:
    return [
        _Item(path, parent, node.level, (node.code or "").strip(), normalise(node.name), node.name)
        for path, node, parent in node_paths(plan)
    ]


def _indicator_items(plan: Plan) -> list[_Item]:
    return [
        _Item(path, node_path, "", "", normalise(ind.name), ind.name)
        for path, ind, node_path in indicator_paths(plan)
    ]


def match_plans(old: Plan, new: Plan) -> Matching:
    """Pair the nodes and indicators of two plans (see the module's docstring for the rules)."""
    matching = Matching()
    old_nodes, new_nodes = _node_items(old), _node_items(new)
    node_pairs = _pair(old_nodes, new_nodes, {None: None}, level_bound=True)
    matching.nodes = {p.new: p for p in _in_order(node_pairs, new_nodes)}
    paired_old = {p.old for p in node_pairs.values()}
    matching.added_nodes = [i.path for i in new_nodes if i.path not in node_pairs]
    matching.removed_nodes = [i.path for i in old_nodes if i.path not in paired_old]

    # Indicators hang under nodes: "the same place" is a pair of paired nodes.
    parents = {new_path: pair.old for new_path, pair in matching.nodes.items()}
    old_inds, new_inds = _indicator_items(old), _indicator_items(new)
    ind_pairs = _pair(old_inds, new_inds, parents, level_bound=False)
    matching.indicators = {p.new: p for p in _in_order(ind_pairs, new_inds)}
    paired_old = {p.old for p in ind_pairs.values()}
    matching.added_indicators = [i.path for i in new_inds if i.path not in ind_pairs]
    matching.removed_indicators = [i.path for i in old_inds if i.path not in paired_old]
    return matching


def _in_order(pairs: dict[str, Pair], items: list[_Item]) -> list[Pair]:
    return [pairs[i.path] for i in items if i.path in pairs]


def _pair(
    old: list[_Item], new: list[_Item], parents: dict, *, level_bound: bool
) -> dict[str, Pair]:
    """Pair items by the three stages. ``parents`` maps a new parent path to its old partner:
    for nodes it grows as parents are paired (top-down); for indicators it is the node pairing."""
    pairs: dict[str, Pair] = {}
    taken: set[str] = set()
    old_by_parent: dict[str | None, list[_Item]] = defaultdict(list)
    for item in old:
        old_by_parent[item.parent].append(item)
    new_by_parent: dict[str | None, list[_Item]] = defaultdict(list)
    for item in new:
        new_by_parent[item.parent].append(item)
    # Parents in document order: a node's parent is looked at before the node's children.
    order = [None] + [i.path for i in new] if level_bound else list(new_by_parent)
    looked_at: set = set()

    def partner_of(new_parent):
        if level_bound:
            if new_parent is None:
                return None
            return pairs[new_parent].old if new_parent in pairs else _UNPAIRED
        return parents.get(new_parent, _UNPAIRED)

    def how(o: _Item, n: _Item) -> str:
        if partner_of(n.parent) != o.parent:
            return "moved"
        return "same" if o.key == n.key else "renamed"

    def same_place() -> None:
        # Stage 1: among the children of paired parents; nearly the same name is certain,
        # less alike is offered to confirm.
        for new_parent in order:
            siblings = new_by_parent.get(new_parent)
            if not siblings or new_parent in looked_at:
                continue
            old_parent = partner_of(new_parent)
            if old_parent is _UNPAIRED:
                continue
            looked_at.add(new_parent)
            candidates = [o for o in old_by_parent.get(old_parent, []) if o.path not in taken]
            siblings = [n for n in siblings if n.path not in pairs]
            for pair in _best_pairs(candidates, siblings, level_bound, NEAR, how="same"):
                pairs[pair.new] = pair
                taken.add(pair.old)
            rest_old = [o for o in candidates if o.path not in taken]
            rest_new = [n for n in siblings if n.path not in pairs]
            for pair in _best_pairs(rest_old, rest_new, level_bound, POSSIBLE, how="same"):
                pairs[pair.new] = Pair(pair.old, pair.new, "renamed", False, pair.similarity)
                taken.add(pair.old)

    def elsewhere() -> bool:
        # Stage 2: a code, then a name, found once on each side among the unpaired.
        found = False
        for key_of in (_code_key, _name_key):
            left_old = [o for o in old if o.path not in taken]
            left_new = [n for n in new if n.path not in pairs]
            olds, news = _unique(left_old, key_of), _unique(left_new, key_of)
            for key, n in news.items():
                o = olds.get(key)
                if o is None or o.path in taken or n.path in pairs:
                    continue
                pairs[n.path] = Pair(o.path, n.path, how(o, n), True, _similarity(o.key, n.key))
                taken.add(o.path)
                found = True
        return found

    def resembling() -> bool:
        # Stage 3: what resembles something left is offered to confirm.
        left_old = [o for o in old if o.path not in taken]
        left_new = [n for n in new if n.path not in pairs]
        if not left_old or not left_new or len(left_old) * len(left_new) > MAX_COMPARISONS:
            return False
        by_path = {i.path: i for i in (*left_old, *left_new)}
        found = _best_pairs(left_old, left_new, level_bound, POSSIBLE, how="same")
        for pair in found:
            kind = how(by_path[pair.old], by_path[pair.new])
            pairs[pair.new] = Pair(pair.old, pair.new, kind, False, pair.similarity)
            taken.add(pair.old)
        return bool(found)

    # A parent paired in a later stage has its children looked at again at their new place.
    for stage in (elsewhere, resembling):
        same_place()
        while stage():
            same_place()
            if stage is resembling:
                while elsewhere():
                    same_place()
    return pairs


_UNPAIRED = object()


def _code_key(item: _Item):
    return (item.level, "code", item.code) if item.code else None


def _name_key(item: _Item):
    return (item.level, "name", item.key) if item.key else None


def _unique(items: list[_Item], key_of) -> dict:
    seen: dict = {}
    twice = set()
    for item in items:
        key = key_of(item)
        if key is None:
            continue
        if key in seen:
            twice.add(key)
        seen[key] = item
    return {k: v for k, v in seen.items() if k not in twice}


def _best_pairs(
    old: list[_Item], new: list[_Item], level_bound: bool, threshold: float, *, how: str
) -> list[Pair]:
    """Greedy one-to-one pairing, most alike first: a shared code or the same name counts as
    1.0, then name similarity; ties go to the nearer position (the document's order is kept when
    nothing else tells). Exact pairs are found by look-up first, so that a hundred siblings of
    similar names ("Kegiatan 1" … "Kegiatan 100") are not compared each with each."""
    out: list[Pair] = []
    used_old: set[int] = set()
    used_new: set[int] = set()

    def take(scored: list) -> None:
        scored.sort()
        for _neg, _distance, ni, oi, score in scored:
            if ni in used_new or oi in used_old:
                continue
            used_new.add(ni)
            used_old.add(oi)
            n, o = new[ni], old[oi]
            same_name = o.key == n.key or (o.code and o.code == n.code)
            out.append(Pair(o.path, n.path, how if same_name else "renamed", True, score))

    def compatible(o: _Item, n: _Item) -> bool:
        if level_bound and o.level != n.level:
            return False
        # Two different nomenclature codes are two different things.
        return not (level_bound and o.code and n.code and o.code != n.code)

    by_code: dict = defaultdict(list)
    by_key: dict = defaultdict(list)
    for oi, o in enumerate(old):
        if o.code:
            by_code[o.level, o.code].append(oi)
        if o.key:
            by_key[o.level, o.key].append(oi)
    exact = []
    for ni, n in enumerate(new):
        found = set(by_code.get((n.level, n.code), ()) if n.code else ())
        found |= {oi for oi in by_key.get((n.level, n.key), ()) if compatible(old[oi], n)}
        exact += [(-1.0, abs(ni - oi), ni, oi, 1.0) for oi in found]
    take(exact)

    scored = []
    for ni, n in enumerate(new):
        if ni in used_new:
            continue
        for oi, o in enumerate(old):
            if oi in used_old or not compatible(o, n):
                continue
            score = _similarity(o.key, n.key)
            if score >= threshold:
                scored.append((-score, abs(ni - oi), ni, oi, score))
    take(scored)
    return out


# -- the diff ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between two plans, in words a report can show."""

    what: str  # "node" | "indicator"
    change: str  # added | removed | renamed | moved | code | level | budget | unit | objective
    #              | target | annual_target
    old_path: str | None
    new_path: str | None
    name: str  # the name in the new plan (the old one for a removal)
    level: str  # the node's level (an indicator: its node's level)
    field: str = ""  # the period of a target change
    old: str = ""
    new: str = ""
    certain: bool = True

    def to_dict(self) -> dict:
        return {
            "what": self.what,
            "change": self.change,
            "old_path": self.old_path,
            "new_path": self.new_path,
            "name": self.name,
            "level": self.level,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "certain": self.certain,
        }


def shown(value: Value) -> str:
    """A value as the diff shows it: numbers without trailing zeros, empty for nothing."""
    value = tidy_number(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, "f").rstrip("0").rstrip(".")
    return str(value).strip()


def diff_plans(old: Plan, new: Plan, matching: Matching | None = None) -> list[Change]:
    """Every difference between two plans, in the new plan's order, removals at their old place
    (after everything else). ``matching`` defaults to ``match_plans(old, new)``."""
    matching = matching or match_plans(old, new)
    old_nodes = {p: (n, parent) for p, n, parent in node_paths(old)}
    new_nodes = {p: (n, parent) for p, n, parent in node_paths(new)}
    old_inds = {p: (i, np) for p, i, np in indicator_paths(old)}
    node_partner = {p.new: p.old for p in matching.nodes.values()}
    added_nodes, added_inds = set(matching.added_nodes), set(matching.added_indicators)
    changes: list[Change] = []

    def placed_elsewhere(old_parent, new_parent) -> bool:
        return (node_partner.get(new_parent) if new_parent is not None else None) != old_parent

    for path, (node, parent) in new_nodes.items():
        if path in added_nodes:
            changes.append(Change("node", "added", None, path, node.name, node.level))
        elif path in matching.nodes:
            pair = matching.nodes[path]
            before, old_parent = old_nodes[pair.old]
            changes += _node_changes(pair, before, node, placed_elsewhere(old_parent, parent))
        for position, indicator in enumerate(node.indicators):
            ipath = f"{path}#{position}"
            if ipath in added_inds:
                changes.append(
                    Change("indicator", "added", None, ipath, indicator.name, node.level)
                )
            elif ipath in matching.indicators:
                pair = matching.indicators[ipath]
                before, old_node = old_inds[pair.old]
                changes += _indicator_changes(
                    pair,
                    before,
                    indicator,
                    node.level,
                    node_partner.get(path) != old_node,
                    sorted(set(old.periods) | set(new.periods), key=_period_order(new, old)),
                )
    for path in matching.removed_nodes:
        node, _parent = old_nodes[path]
        changes.append(Change("node", "removed", path, None, node.name, node.level))
    for path in matching.removed_indicators:
        indicator, node_path = old_inds[path]
        changes.append(
            Change(
                "indicator",
                "removed",
                path,
                None,
                indicator.name,
                old_nodes[node_path][0].level,
            )
        )
    return changes


def _period_order(*plans: Plan):
    order: dict[str, int] = {}
    for plan in plans:
        for period in plan.periods:
            order.setdefault(period, len(order))
    return lambda period: order.get(period, len(order))


def _node_changes(pair: Pair, old: Node, new: Node, moved: bool) -> list[Change]:
    def change(kind: str, before: str = "", after: str = "") -> Change:
        return Change(
            "node", kind, pair.old, pair.new, new.name, new.level, "", before, after, pair.certain
        )

    out = []
    if moved:
        out.append(change("moved"))
    if normalise(old.name) != normalise(new.name) or old.name.strip() != new.name.strip():
        out.append(change("renamed", old.name, new.name))
    if (old.code or "").strip() != (new.code or "").strip():
        out.append(change("code", old.code or "", new.code or ""))
    if old.level != new.level:
        out.append(change("level", old.level, new.level))
    if shown(old.budget) != shown(new.budget):
        out.append(change("budget", shown(old.budget), shown(new.budget)))
    return out


def _indicator_changes(
    pair: Pair, old: Indicator, new: Indicator, level: str, moved: bool, periods: list[str]
) -> list[Change]:
    def change(kind: str, before: str = "", after: str = "", period: str = "") -> Change:
        return Change(
            "indicator",
            kind,
            pair.old,
            pair.new,
            new.name,
            level,
            period,
            before,
            after,
            pair.certain,
        )

    out = []
    if moved:
        out.append(change("moved"))
    if old.name.strip() != new.name.strip():
        out.append(change("renamed", old.name, new.name))
    for kind, before, after in (
        ("objective", old.objective, new.objective),
        ("unit", old.unit, new.unit),
    ):
        if (before or "").strip() != (after or "").strip():
            out.append(change(kind, before or "", after or ""))
    if shown(old.annual_target) != shown(new.annual_target):
        out.append(change("annual_target", shown(old.annual_target), shown(new.annual_target)))
    for period in periods:
        before, after = shown(old.targets.get(period)), shown(new.targets.get(period))
        if before != after:
            out.append(change("target", before, after, period))
    return out
