#!/usr/bin/python3
"""Independent reference implementation of `newsfx eval` scoring.

Written from the text of /work/shared/spec/events.md and the section
"## Scoring (`newsfx eval`)" of README.md only (no look at the C sources), so
that the two implementations can be compared in a test.

usage: score_ref.py GOLD.jsonl PRED_EVENTS.jsonl [PRED_MENTIONS.jsonl]
       score_ref.py --self-test

Prints one JSON object:
  {"events":{"strict":C,"relaxed":C,"by_type":{TYPE:{"strict":C,"relaxed":C}}},
   "roles":{ROLE:C}, "fields":{"amount":C,"change":C},
   "mentions":{"money":C,"percent":C}}          (mentions only with a 3rd file)
where C = {"tp":int,"fp":int,"fn":int,"p":float,"r":float,"f1":float}.

Standard library only.
"""
import json
import sys

# --------------------------------------------------------------------------
# Company-name key (README "Company names")
# --------------------------------------------------------------------------
LEGAL_SUFFIXES = frozenset(
    "inc incorporated corp corporation co cos company companies ltd limited plc "
    "ag sa nv gmbh holdings holding group llc lp spa ab asa oy oyj kk bhd berhad "
    "pty bv se kgaa ltda cie sarl pte trust".split())
REMOVED_CHARS = {ord(c): None for c in ".,'\"()"}


def collapse_ws(s):
    """Whitespace runs (incl. line breaks) -> one space; ends trimmed."""
    return " ".join(s.split())


def name_key(name):
    if name is None:
        return None
    s = collapse_ws(str(name))
    s = s.lower()
    s = s.translate(REMOVED_CHARS)      # . , ' " ( ) removed; '-' and '&' stay
    words = s.split()                   # removal may leave double spaces: re-split
    if len(words) > 1 and words[0] == "the":     # a leading word "the" before another word removed (once)
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()                     # repeatedly, while another word remains
    return " ".join(words)


def gold_filler_key(f):
    if isinstance(f, dict):             # tolerate object fillers in gold
        return name_key(f.get("name") if f.get("name") is not None else f.get("text"))
    return name_key(f)


def pred_filler_keys(f):
    """Keys of a predicted filler: of its `name` and of its `text`."""
    if isinstance(f, dict):
        keys = set()
        for k in ("name", "text"):
            if f.get(k) is not None:
                keys.add(name_key(f[k]))
        return keys
    if f is None:
        return set()
    return {name_key(f)}


def roles_of(ev):
    r = ev.get("roles")
    if not isinstance(r, dict):
        return {}
    return {k: (v if isinstance(v, list) else []) for k, v in r.items()}


# --------------------------------------------------------------------------
# Amount / change agreement
# --------------------------------------------------------------------------
def norm_amount(a):
    """None when null/absent or when its value is null."""
    if not isinstance(a, dict) or a.get("value") is None:
        return None
    return (float(a["value"]), a.get("currency"))


def norm_change(c):
    if not isinstance(c, dict) or c.get("value") is None:
        return None
    return (float(c["value"]), c.get("unit"))


def amounts_agree(g, p):
    if g is None or p is None:
        return g is None and p is None
    # currencies equal and |pred - gold| <= 0.005 |gold| (gold 0 => pred 0)
    return g[1] == p[1] and abs(p[0] - g[0]) <= 0.005 * abs(g[0])


def changes_agree(g, p):
    if g is None or p is None:
        return g is None and p is None
    return g[1] == p[1] and abs(p[0] - g[0]) <= 0.01 + 1e-9


# --------------------------------------------------------------------------
# Event criteria
# --------------------------------------------------------------------------
def filler_matched(gkey, pfillers):
    return any(gkey in pred_filler_keys(pf) for pf in pfillers)


def relaxed_ok(g, p):
    if g.get("type") != p.get("type"):
        return False
    groles, proles = roles_of(g), roles_of(p)
    n = 0
    for role, fillers in groles.items():
        for gf in fillers:
            n += 1
            if filler_matched(gold_filler_key(gf), proles.get(role, [])):
                return True
    return n == 0  # a gold event without fillers needs the type only


def strict_ok(g, p):
    if g.get("type") != p.get("type"):
        return False
    groles, proles = roles_of(g), roles_of(p)
    for role, fillers in groles.items():
        for gf in fillers:
            if not filler_matched(gold_filler_key(gf), proles.get(role, [])):
                return False
    if not amounts_agree(norm_amount(g.get("amount")), norm_amount(p.get("amount"))):
        return False
    if not changes_agree(norm_change(g.get("change")), norm_change(p.get("change"))):
        return False
    return True


# --------------------------------------------------------------------------
# Counters
# --------------------------------------------------------------------------
class Counts(object):
    __slots__ = ("tp", "fp", "fn")

    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def as_dict(self):
        tp, fp, fn = self.tp, self.fp, self.fn
        p = tp / float(tp + fp) if tp + fp else 0.0
        r = tp / float(tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": tp, "fp": fp, "fn": fn, "p": float(p), "r": float(r), "f1": float(f1)}


def from_matches(matches, n_pred, n_gold):
    c = Counts()
    c.tp, c.fp, c.fn = matches, n_pred - matches, n_gold - matches
    return c


def field_count(c, g, p, agree):
    """Per-field counting over one relaxed pair (g, p normalized values)."""
    if g is not None:
        if p is not None and agree(g, p):
            c.tp += 1
        else:
            c.fn += 1
            if p is not None:        # a different non-null value
                c.fp += 1
    elif p is not None:
        c.fp += 1


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------
MENTION_KINDS = ("money", "percent")


def mention_value_agrees(g, p):
    if g is None or p is None:
        return g is None and p is None
    g, p = float(g), float(p)
    if g == 0 and p == 0:
        return True
    return abs(p - g) <= 0.005 * abs(g)


def mention_matches(gm, pm):
    if pm.get("kind") != gm.get("kind"):
        return False
    if collapse_ws(gm.get("text") or "") != collapse_ws(pm.get("text") or ""):
        return False
    if not mention_value_agrees(gm.get("value"), pm.get("value")):
        return False
    if gm.get("kind") == "money" and gm.get("currency") != pm.get("currency"):
        return False
    return True


def score(gold_docs, pred_events, pred_mentions=None):
    # gold documents by doc_id (file order; a repeated doc_id appends)
    gold_ev, gold_men, order = {}, {}, []
    for d in gold_docs:
        did = d["doc_id"]
        if did not in gold_ev:
            gold_ev[did], gold_men[did] = [], []
            order.append(did)
        gold_ev[did].extend(d.get("events") or [])
        gold_men[did].extend(d.get("mentions") or [])

    pred_ev = {did: [] for did in order}
    for e in pred_events:
        if e.get("doc_id") in pred_ev:
            pred_ev[e["doc_id"]].append(e)

    types, roles_seen = set(), set()
    n_gold_t, n_pred_t, strict_t, relaxed_t = {}, {}, {}, {}
    n_gold = n_pred = n_strict = n_relaxed = 0
    role_c = {}
    amount_c, change_c = Counts(), Counts()

    def rc(role):
        roles_seen.add(role)
        if role not in role_c:
            role_c[role] = Counts()
        return role_c[role]

    def bump(dct, k):
        dct[k] = dct.get(k, 0) + 1

    for did in order:
        G, P = gold_ev[did], pred_ev[did]
        for e in G + P:
            types.add(e.get("type"))
            for role in roles_of(e):
                rc(role)
        for e in G:
            bump(n_gold_t, e.get("type"))
        for e in P:
            bump(n_pred_t, e.get("type"))
        n_gold += len(G)
        n_pred += len(P)

        g2p = [None] * len(G)
        used = [False] * len(P)
        # pass 1: strict
        for gi, g in enumerate(G):
            for pi, p in enumerate(P):
                if not used[pi] and strict_ok(g, p):
                    g2p[gi] = pi
                    used[pi] = True
                    n_strict += 1
                    bump(strict_t, g.get("type"))
                    break
        # pass 2: relaxed on what is left
        for gi, g in enumerate(G):
            if g2p[gi] is not None:
                continue
            for pi, p in enumerate(P):
                if not used[pi] and relaxed_ok(g, p):
                    g2p[gi] = pi
                    used[pi] = True
                    break
        for gi, g in enumerate(G):
            if g2p[gi] is not None:
                n_relaxed += 1
                bump(relaxed_t, g.get("type"))

        # per role and per field over the relaxed pairs
        for gi, g in enumerate(G):
            pi = g2p[gi]
            groles = roles_of(g)
            ga, gc = norm_amount(g.get("amount")), norm_change(g.get("change"))
            if pi is None:
                for role, fillers in groles.items():
                    rc(role).fn += len(fillers)
                if ga is not None:
                    amount_c.fn += 1
                if gc is not None:
                    change_c.fn += 1
                continue
            p = P[pi]
            proles = roles_of(p)
            for role, fillers in groles.items():
                pf = proles.get(role, [])
                pused = [False] * len(pf)
                for gf in fillers:
                    gk = gold_filler_key(gf)
                    for j, f in enumerate(pf):
                        if not pused[j] and gk in pred_filler_keys(f):
                            pused[j] = True
                            rc(role).tp += 1
                            break
                    else:
                        rc(role).fn += 1
                rc(role).fp += pused.count(False)
            for role, pf in proles.items():
                if role not in groles:
                    rc(role).fp += len(pf)
            field_count(amount_c, ga, norm_amount(p.get("amount")), amounts_agree)
            field_count(change_c, gc, norm_change(p.get("change")), changes_agree)
        for pi, p in enumerate(P):
            if used[pi]:
                continue
            for role, pf in roles_of(p).items():
                rc(role).fp += len(pf)
            if norm_amount(p.get("amount")) is not None:
                amount_c.fp += 1
            if norm_change(p.get("change")) is not None:
                change_c.fp += 1

    by_type = {}
    for t in sorted(types, key=lambda x: (x is None, str(x))):
        ng, np_ = n_gold_t.get(t, 0), n_pred_t.get(t, 0)
        by_type[t] = {
            "strict": from_matches(strict_t.get(t, 0), np_, ng).as_dict(),
            "relaxed": from_matches(relaxed_t.get(t, 0), np_, ng).as_dict(),
        }
    out = {
        "events": {
            "strict": from_matches(n_strict, n_pred, n_gold).as_dict(),
            "relaxed": from_matches(n_relaxed, n_pred, n_gold).as_dict(),
            "by_type": by_type,
        },
        "roles": {r: role_c[r].as_dict() for r in sorted(roles_seen)},
        "fields": {"amount": amount_c.as_dict(), "change": change_c.as_dict()},
    }

    if pred_mentions is not None:
        pred_men = {did: [] for did in order}
        for m in pred_mentions:
            if m.get("doc_id") in pred_men and m.get("kind") in MENTION_KINDS:
                pred_men[m["doc_id"]].append(m)
        mc = {k: Counts() for k in MENTION_KINDS}
        for did in order:
            PM = pred_men[did]
            used = [False] * len(PM)
            for gm in gold_men[did]:
                kind = gm.get("kind")
                if kind not in mc:
                    continue
                for j, pm in enumerate(PM):
                    if not used[j] and mention_matches(gm, pm):
                        used[j] = True
                        mc[kind].tp += 1
                        break
                else:
                    mc[kind].fn += 1
            for j, pm in enumerate(PM):
                if not used[j]:
                    mc[pm["kind"]].fp += 1
        out["mentions"] = {k: mc[k].as_dict() for k in MENTION_KINDS}
    return out


# --------------------------------------------------------------------------
# I/O
# --------------------------------------------------------------------------
def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line))
    return out


# --------------------------------------------------------------------------
# Self-test
# --------------------------------------------------------------------------
def _pf(name, text=None, ticker=None):
    return {"name": name, "ticker": ticker, "text": text if text is not None else name,
            "start": 0, "end": 0, "byte_start": 0, "byte_end": 0}


def _pev(doc, typ, roles, amount=None, change=None):
    return {"v": 1, "event_id": doc + ":x", "doc_id": doc, "type": typ,
            "roles": {r: [(_pf(*f) if isinstance(f, tuple) else _pf(f)) for f in fs]
                      for r, fs in roles.items()},
            "amount": None if amount is None else {"value": amount[0], "currency": amount[1]},
            "change": None if change is None else {"value": change[0], "unit": change[1]},
            "status": None, "modality": "asserted", "stake_pct": None, "period": None}


def _gev(typ, roles, amount=None, change=None, omit=False):
    e = {"type": typ, "roles": roles, "modality": "asserted"}
    if not omit:
        e["amount"] = None if amount is None else {"value": amount[0], "currency": amount[1]}
        e["change"] = None if change is None else {"value": change[0], "unit": change[1]}
    return e


def _pm(doc, kind, text, value, currency=None):
    return {"v": 1, "doc_id": doc, "kind": kind, "text": text, "value": value,
            "currency": currency}


def self_test():
    fails = []

    def check(label, got, want):
        if got != want:
            fails.append("%s: got %r, want %r" % (label, got, want))

    def cnt(c):
        return (c["tp"], c["fp"], c["fn"])

    # -- name keys --------------------------------------------------------
    for a, b in [("ChemLawn Corp", "chemlawn"), ("Waste\nManagement  Inc.", "waste management"),
                 ("The Foo Holdings Corp.", "foo"), ("Inc", "inc"), ("Corp Inc", "corp"),
                 ("Smith & Co. (U.K.) Ltd", "smith & co uk"),
                 ("Foo-Corp", "foo-corp"), ("Ben & Jerry's Homemade Inc", "ben & jerrys homemade"),
                 ("  A.B.C. Co , Ltd ", "abc"), ("Theodore Corp", "theodore")]:
        check("key(%r)" % a, name_key(a), b)

    # -- d1: strict match (suffixes, newline in name, amount within 0.5%) --
    gold = [
        {"doc_id": "d1", "text": "", "events": [
            _gev("acquisition", {"acquirer": ["Waste Management Inc"], "target": ["ChemLawn Corp"]},
                 amount=(270000000, "USD"))], "mentions": []},
        # d2: relaxed only: amount currency mismatch
        {"doc_id": "d2", "text": "", "events": [
            _gev("acquisition", {"acquirer": ["Alpha Corp"], "target": ["Beta Inc"]},
                 amount=(100, "USD"))], "mentions": []},
        # d3: changes within / outside 0.01; amount/change keys absent in gold
        {"doc_id": "d3", "text": "", "events": [
            _gev("stock_move", {"company": ["Gamma Co"]}, change=(-2.3, "percent")),
            _gev("stock_move", {"company": ["Delta Ltd"]}, change=(1.25, "USD")),
            _gev("earnings", {"company": ["Eps plc"]}, omit=True)], "mentions": []},
        # d4: greedy: strict pass runs before relaxed pass
        {"doc_id": "d4", "text": "", "events": [
            _gev("acquisition", {"acquirer": ["A Corp"], "target": ["B Corp"]}, amount=(5, "USD")),
            _gev("acquisition", {"acquirer": ["A Corp"]})], "mentions": []},
        # d5: greedy relaxed pass takes first unpaired prediction (not optimal)
        {"doc_id": "d5", "text": "", "events": [
            _gev("acquisition", {"acquirer": ["P Inc"], "target": ["Q Inc"]}),
            _gev("acquisition", {"acquirer": ["P Inc"], "target": ["R Inc"]})], "mentions": []},
        # d6: no fillers -> type only; dividend omitted (0); unmatched gold; extra pred
        {"doc_id": "d6", "text": "", "events": [
            _gev("dividend", {}, amount=(0, "USD")),
            _gev("merger", {"party": ["M1 AG", "M2 SA"]}, amount=(10, "EUR"))], "mentions": []},
        # d7: mentions
        {"doc_id": "d7", "text": "", "events": [], "mentions": [
            {"kind": "money", "text": "270 mln dlrs", "value": 270000000, "currency": "USD"},
            {"kind": "money", "text": "5 mln stg", "value": 5000000, "currency": "GBP"},
            {"kind": "percent", "text": "5 pct", "value": 5, "currency": None},
            {"kind": "percent", "text": "5 pct", "value": 5, "currency": None},
            {"kind": "percent", "text": "2.3 pct", "value": 2.3, "currency": None},
            {"kind": "money", "text": "nil", "value": 0, "currency": "USD"},
            {"kind": "date", "text": "March 2", "value": None, "currency": None}]},
    ]
    preds = [
        _pev("d1", "acquisition",
             {"acquirer": [("Waste Management Inc.", "the trash firm")],        # name only
              "target": [("CHEMLAWN CORPORATION", "ChemLawn")]},
             amount=(271000000, "USD")),                      # 0.37% off
        _pev("d2", "acquisition", {"acquirer": ["Alpha"], "target": ["Gamma"]},
             amount=(100, "CAD")),
        _pev("d3", "stock_move", {"company": [("Gamma Industries", "Gamma Co.")]},  # text only
             change=(-2.305, "percent")),
        _pev("d3", "stock_move", {"company": ["Delta"]}, change=(1.27, "USD")),
        _pev("d3", "earnings", {"company": [("Eps", "EPS PLC")]}),
        _pev("d4", "acquisition", {"acquirer": ["A"], "target": ["X Corp"]}),
        _pev("d5", "acquisition", {"acquirer": ["P"], "target": ["R"]}, amount=(9, "USD")),
        _pev("d5", "acquisition", {"acquirer": ["P"], "target": ["S"]}),
        _pev("d6", "dividend", {"company": ["Div Co"]}, amount=(0, "USD")),
        _pev("d6", "ipo", {"issuer": ["New Co"]}, amount=(1, "USD")),
        _pev("zz", "acquisition", {"acquirer": ["Ignored"]}),  # doc not in gold
    ]
    pmen = [
        _pm("d7", "money", "270  mln\ndlrs", 270000000, "CAD"),    # wrong currency
        _pm("d7", "money", "270 mln dlrs", 271000000, "USD"),      # match (0.37%)
        _pm("d7", "money", "5 mln stg", 5100000, "GBP"),           # value 2% off
        _pm("d7", "percent", "5 pct", 5.0, "USD"),                 # currency ignored
        _pm("d7", "percent", "2.3 pct", 2.4, None),                # value off
        _pm("d7", "money", "nil", 0, "USD"),                       # both 0
        _pm("d7", "company", "Foo Corp", None, None),              # other kind ignored
        _pm("zz", "money", "1 dlr", 1, "USD"),                     # doc not in gold
    ]
    res = score(gold, preds, pmen)
    ev = res["events"]
    # strict: d1, d3#1, d3#3, d4#2, d6 dividend -> 5 ; gold 11 ; pred 10 (zz ignored)
    check("strict", cnt(ev["strict"]), (5, 5, 6))
    # relaxed: + d2, d3#2, d5 x2 -> 9 ; unpaired gold d4#1, d6 merger ; pred ipo
    check("relaxed", cnt(ev["relaxed"]), (9, 1, 2))
    bt = ev["by_type"]
    check("types", sorted(bt), ["acquisition", "dividend", "earnings", "ipo", "merger", "stock_move"])
    check("acq strict", cnt(bt["acquisition"]["strict"]), (2, 3, 4))
    check("acq relaxed", cnt(bt["acquisition"]["relaxed"]), (5, 0, 1))
    check("stock strict", cnt(bt["stock_move"]["strict"]), (1, 1, 1))
    check("stock relaxed", cnt(bt["stock_move"]["relaxed"]), (2, 0, 0))
    check("ipo", cnt(bt["ipo"]["relaxed"]), (0, 1, 0))
    check("merger", cnt(bt["merger"]["relaxed"]), (0, 0, 1))
    check("div", cnt(bt["dividend"]["strict"]), (1, 0, 0))
    check("ipo p/r/f1", (bt["ipo"]["strict"]["p"], bt["ipo"]["strict"]["r"],
                         bt["ipo"]["strict"]["f1"]), (0.0, 0.0, 0.0))
    ro = res["roles"]
    check("roles", sorted(ro), ["acquirer", "company", "issuer", "party", "target"])
    # acquirer: d1, d2, d4(pair g2-p), d5 x2 -> tp 5 ; d4 g1 unpaired -> fn 1
    check("acquirer", cnt(ro["acquirer"]), (5, 0, 1))
    # target: d1 tp; d2 Beta fn, Gamma fp; d4 g1 unpaired B fn, p X fp (pair g2 has no target);
    #         d5 pair(g1,p1): Q fn, R fp; pair(g2,p2): R fn, S fp
    check("target", cnt(ro["target"]), (1, 4, 4))
    # company: d3 x3 tp; d6 dividend pred Div Co fp (gold no fillers)
    check("company", cnt(ro["company"]), (3, 1, 0))
    check("party", cnt(ro["party"]), (0, 0, 2))
    check("issuer", cnt(ro["issuer"]), (0, 1, 0))
    fl = res["fields"]
    # amount: d1 tp; d2 fn+fp; d4 g1 unpaired fn; d5 pair(g1 null, p1 9) fp; d6 div tp;
    #         d6 merger unpaired fn; ipo unpaired pred fp
    check("amount", cnt(fl["amount"]), (2, 3, 3))
    # change: d3#1 tp; d3#2 fn+fp
    check("change", cnt(fl["change"]), (1, 1, 1))
    mm = res["mentions"]
    check("money", cnt(mm["money"]), (2, 2, 1))
    check("percent", cnt(mm["percent"]), (1, 1, 2))
    check("percent f1", round(mm["percent"]["f1"], 6), round(2 * 0.5 * (1 / 3.0) / (0.5 + 1 / 3.0), 6))

    # -- greedy strict order: gold g1 takes the first strict pred even if g2 wanted it --
    g = [{"doc_id": "e", "text": "", "mentions": [], "events": [
        _gev("merger", {"party": ["K Corp"]}),
        _gev("merger", {"party": ["K Corp", "L Corp"]})]}]
    p = [_pev("e", "merger", {"party": ["K", "L"]}), _pev("e", "merger", {"party": ["K"]})]
    r = score(g, p)
    check("greedy strict", cnt(r["events"]["strict"]), (1, 1, 1))
    check("greedy relaxed", cnt(r["events"]["relaxed"]), (2, 0, 0))
    check("greedy party", cnt(r["roles"]["party"]), (2, 1, 1))
    check("no mentions key", "mentions" in r, False)

    # -- mentions: same text, wrong currency never pairs; whitespace collapsed ------
    g = [{"doc_id": "m", "text": "", "events": [], "mentions": [
        {"kind": "money", "text": "10 Canadian\ndlrs", "value": 10, "currency": "CAD"},
        {"kind": "money", "text": "20 dlrs", "value": 20, "currency": "USD"}]}]
    p = [_pm("m", "money", "10  Canadian dlrs", 10, "CAD"),
         _pm("m", "money", "20 dlrs", 20, "CAD")]
    r = score(g, [], p)
    check("mention currency", cnt(r["mentions"]["money"]), (1, 1, 1))
    check("mention percent empty", cnt(r["mentions"]["percent"]), (0, 0, 0))

    # -- gold event without fillers: relaxed on type only; fillers used once per role --
    g = [{"doc_id": "n", "text": "", "mentions": [], "events": [
        _gev("dividend", {}, amount=(0.1, "USD")),
        _gev("merger", {"party": ["K Corp", "K Inc"]})]}]
    p = [_pev("n", "dividend", {"company": ["W Co"]}, amount=(0.2, "USD")),
         _pev("n", "merger", {"party": ["K"]})]
    r = score(g, p)
    check("no fillers strict", cnt(r["events"]["by_type"]["dividend"]["strict"]), (0, 1, 1))
    check("no fillers relaxed", cnt(r["events"]["by_type"]["dividend"]["relaxed"]), (1, 0, 0))
    check("same key strict", cnt(r["events"]["by_type"]["merger"]["strict"]), (1, 0, 0))
    check("filler used once", cnt(r["roles"]["party"]), (1, 0, 1))
    check("no fillers company fp", cnt(r["roles"]["company"]), (0, 1, 0))

    # -- amount gold 0 needs pred 0; change just outside 0.01 ------------------
    g = [{"doc_id": "f", "text": "", "mentions": [], "events": [
        _gev("dividend", {"company": ["Z Inc"]}, amount=(0, "USD")),
        _gev("stock_move", {"company": ["Y Inc"]}, change=(-1.0, "percent"))]}]
    p = [_pev("f", "dividend", {"company": ["Z"]}, amount=(0.001, "USD")),
         _pev("f", "stock_move", {"company": ["Y"]}, change=(-1.02, "percent"))]
    r = score(g, p)
    check("zero amount", cnt(r["fields"]["amount"]), (0, 1, 1))
    check("change 0.02 off", cnt(r["fields"]["change"]), (0, 1, 1))
    check("zero strict", cnt(r["events"]["strict"]), (0, 2, 2))
    # change unit must be equal
    p = [_pev("f", "dividend", {"company": ["Z"]}, amount=(0, "USD")),
         _pev("f", "stock_move", {"company": ["Y"]}, change=(-1.0, "USD"))]
    r = score(g, p)
    check("unit mismatch", cnt(r["fields"]["change"]), (0, 1, 1))
    check("zero both", cnt(r["fields"]["amount"]), (1, 0, 0))

    # -- JSON shape -------------------------------------------------------------
    c = res["events"]["strict"]
    check("shape", (sorted(c), [type(c[k]).__name__ for k in ("tp", "fp", "fn", "p", "r", "f1")]),
          (["f1", "fn", "fp", "p", "r", "tp"], ["int"] * 3 + ["float"] * 3))

    if fails:
        for f in fails:
            sys.stderr.write("FAIL " + f + "\n")
        sys.stderr.write("self-test: %d failure(s)\n" % len(fails))
        return 1
    sys.stderr.write("self-test: ok\n")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    gold = read_jsonl(argv[1])
    pev = read_jsonl(argv[2])
    pmen = read_jsonl(argv[3]) if len(argv) == 4 else None
    out = score(gold, pev, pmen)
    sys.stdout.write(json.dumps(out, sort_keys=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
