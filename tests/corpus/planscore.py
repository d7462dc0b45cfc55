"""Score a parsed plan (renaksi-plan JSON) against a golden expectation.

Golden form:
{"file": "...", "indicators": [{"name", "node"?, "level"?, "objective"?, "annual_target"?, "targets"?: {period: value}}],
 "nodes": [{"level", "name", "parent"?, "budget"?}], "unique_nodes"?: [{"level","name"}], "findings"?: [{"any_of": [codes or words], "near": "text"}]}
Prints per-item misses and a final line: SCORE <found>/<total> = <ratio>.

A copy of the team's scoring tool (../shared/tools/planscore.py), with score() for the tests to
call in-process; keep the two in step.
"""

import json, re, sys, unicodedata
from difflib import SequenceMatcher


def norm(s):
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", str(s)).lower()
    s = re.sub(r"^\s*(?:[a-z]|\d+(?:\.\d+)*)\s*[.)]\s+", "", s)  # '1. ', 'A. ', '2) '
    s = re.sub(r"^\s*\d+\s+(?=\D)", "", s)  # '2 Presentase'
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"[^\w/%]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def similar(a, b):
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


def walk(nodes, parent=None, out=None):
    out = [] if out is None else out
    for n in nodes or []:
        out.append((n, parent))
        walk(n.get("children"), n, out)
    return out


def num(v):
    if isinstance(v, (int, float)):
        return float(v)
    return None


def same_value(exp, got):
    if exp is None:
        return got is None or got == ""
    if isinstance(exp, (int, float)):
        g = num(got)
        return g is not None and abs(g - exp) <= 1e-6 * max(1, abs(exp))
    return norm(exp) == norm(got)


def best(cands, key, want, threshold=0.86):
    scored = [(similar(key(c), want), i, c) for i, c in enumerate(cands)]
    scored = [s for s in scored if s[0] >= threshold]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [s[2] for s in scored]


def main(parsed_path, golden_path, verbose=True):
    plan = json.load(open(parsed_path, encoding="utf-8"))
    gold = json.load(open(golden_path, encoding="utf-8"))
    ratio, misses = score(plan, gold)
    for m in misses[:-1] if verbose else []:
        print("MISS", m)
    print(misses[-1])
    return ratio


def score(plan, gold):
    """(ratio found, what was missed) of a parsed plan (dict) against a golden expectation."""
    flat = walk(plan.get("nodes"))
    # Period keys the document labels in its own way ("Tahun-3") are compared by position.
    gp, pp = gold.get("periods") or [], plan.get("periods") or []
    alias = {k: k for k in gp}
    if gp and len(gp) == len(pp) and set(gp) != set(pp):
        alias = dict(zip(gp, pp))
    inds = [(ind, n, p) for n, p in flat for ind in (n.get("indicators") or [])]
    found = total = 0
    misses = []
    for g in gold.get("indicators", []):
        total += 1
        cands = best(inds, lambda t: t[0].get("name"), g["name"])
        if g.get("node"):
            cands = [c for c in cands if similar(c[1].get("name"), g["node"]) >= 0.8] or []
        if g.get("objective"):
            c2 = [c for c in cands if similar(c[0].get("objective"), g["objective"]) >= 0.8]
            cands = c2 or cands
        ok = False
        why = "indicator not found"
        for ind, node, _ in cands:
            if g.get("level") and node.get("level") != g["level"]:
                why = f"found under level {node.get('level')}, expected {g['level']}"
                continue
            bad = [
                k
                for k, v in (g.get("targets") or {}).items()
                if not same_value(v, (ind.get("targets") or {}).get(alias.get(k, k)))
            ]
            bad += [
                f"actual {k}"
                for k, v in (g.get("actuals") or {}).items()
                if not same_value(v, (ind.get("actuals") or {}).get(alias.get(k, k)))
            ]
            if "annual_target" in g and not same_value(
                g["annual_target"], ind.get("annual_target")
            ):
                bad.append("annual_target")
            if bad:
                why = f"targets differ at {bad}: got {ind.get('targets')} annual={ind.get('annual_target')}"
                continue
            ok = True
            break
        if ok:
            found += 1
        else:
            misses.append(f"indicator '{g['name'][:70]}' (node '{str(g.get('node'))[:50]}'): {why}")
    for g in gold.get("nodes", []):
        total += 1
        cands = [
            (n, p)
            for n, p in flat
            if n.get("level") == g["level"] and similar(n.get("name"), g["name"]) >= 0.86
        ]
        ok = False
        why = f"{g['level']} not found"
        for n, p in cands:
            if "parent" in g:
                pname = p.get("name") if p else None
                if (
                    g["parent"] is None
                    and p is not None
                    and p.get("level") not in ("tujuan", "sasaran")
                ):
                    why = f"expected top level, got parent '{pname}'"
                    continue
                if g["parent"] is not None and similar(pname, g["parent"]) < 0.8:
                    why = f"parent is '{pname}'"
                    continue
            if "budget" in g and not same_value(g["budget"], n.get("budget")):
                why = f"budget {n.get('budget')} != {g['budget']}"
                continue
            ok = True
            break
        if ok:
            found += 1
        else:
            misses.append(f"node {g['level']} '{g['name'][:70]}': {why}")
    for g in gold.get("unique_nodes", []):
        total += 1
        n = [
            x
            for x, _ in flat
            if x.get("level") == g["level"] and similar(x.get("name"), g["name"]) >= 0.86
        ]
        if len(n) == 1:
            found += 1
        else:
            misses.append(f"expected exactly one {g['level']} '{g['name'][:60]}', found {len(n)}")
    fnd = plan.get("findings") or []
    for g in gold.get("findings", []):
        total += 1
        hit = False
        for f in fnd:
            text = norm(" ".join(str(f.get(k, "")) for k in ("code", "message")))
            near_text = bool(g.get("near")) and norm(g["near"])[:25] in text
            near_line = (
                g.get("line") is not None
                and isinstance(f.get("line"), int)
                and abs(f["line"] - g["line"]) <= 3
            )
            if any(norm(w) in text for w in g["any_of"]) and (
                not (g.get("near") or g.get("line")) or near_text or near_line
            ):
                hit = True
                break
        if hit:
            found += 1
        else:
            misses.append(f"finding not reported: {g}")
    ratio = found / total if total else 0.0
    misses.append(f"SCORE {found}/{total} = {ratio:.3f}")
    return ratio, misses


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
