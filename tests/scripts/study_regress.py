"""newsfx study --regress (spec/eventstudy.md, "Cross-section") against statsmodels.

Events: a deterministic file in the extractor's JSON Lines format (spec/events.md v1): acquisitions
(acquirer and target), mergers, investments, divestitures, earnings, dividends and stock moves of 36
firms, amounts in USD and in other currencies or none, reported moves in percent and in dollars, a
private target without a ticker, several events per firm; and the events the extractor finds in the
shipped Reuters 1987 sample (data/articles/reuters-1987-slice.jsonl). Prices: the shipped real daily
closes of 1986-1987 (data/prices/prices-1987.csv, CC0, with the equal-weighted market
ewmkt-1987.csv; see data/README.md).

For each run the regression is recomputed from firm_events.csv (the CARs and their variances as
written, the event fields), from the text of the spec and of analysis/xsect.h, not from the C code:
pandas builds the rows, the dummies and the drop counts; numpy's SVD rank decides which terms are
collinear; statsmodels' OLS / WLS fit them (`fit()`, `fit(cov_type='HC1' | 'HC3', use_t=True)`,
`fit(cov_type='cluster', cov_kwds={'groups': tickers}, use_t=True)`). Coefficients, standard errors,
t, p, R^2 and adjusted R^2 must agree to 1e-8 relative, N, K, G, the terms and the drop counts
exactly, study.json with regression.csv. The test then shows it can fail: a CAR moved by one part in
a million, HC0 instead of HC1, the cluster errors without their small-sample factor, and one standard
error of newsfx's output off by 1e-7 are each caught.
"""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from nxtest import NEWSFX, ROOT, check, done  # noqa: E402

warnings.simplefilter("ignore")
PRICES = os.path.join(ROOT, "data", "prices", "prices-1987.csv")
MARKET = os.path.join(ROOT, "data", "prices", "ewmkt-1987.csv")
REUTERS = os.path.join(ROOT, "data", "articles", "reuters-1987-slice.jsonl")
TOL = 1e-8
KINDS = ["ols", "hc1", "hc3", "cluster"]
DROPS = {"log_amount": "no_usd_amount", "reported": "no_reported_percent"}
MAXREL = {}


# ---------------------------------------------------------------- the events

def make_events(path):
    """About 150 events in the extractor's format, the same every time."""
    rs = np.random.RandomState(20240601)
    px = pd.read_csv(PRICES, usecols=["ticker"])
    counts = px.ticker.value_counts()
    pool = sorted(counts[counts == counts.max()].index)[:36]
    days = pd.bdate_range("1987-02-02", "1987-12-18")
    names = {t: f"{t.title()} Corp" for t in pool}

    def filler(t):
        if t is None:
            return {"name": "Privateco Inc", "ticker": None, "text": "Privateco", "start": 0, "end": 9,
                    "byte_start": 0, "byte_end": 9}
        return {"name": names[t], "ticker": t, "text": names[t], "start": 0, "end": len(names[t]),
                "byte_start": 0, "byte_end": len(names[t])}

    def money(usd_share, lo, hi, others=("GBP", "CAD", "JPY"), none=0.1):
        u = rs.uniform()
        if u < none:
            return None
        cur = "USD" if u < none + usd_share else others[rs.randint(len(others))]
        v = float(round(10 ** rs.uniform(lo, hi), -4 if hi > 4 else 2))
        return {"value": v, "currency": cur, "approx": False, "min": None, "max": None, "text": f"{v:g} {cur}"}

    def move(pct_share=1.0):
        if rs.uniform() < pct_share:
            v = round(float(rs.choice([-1, 1]) * rs.uniform(0.3, 12)), 1)
            return {"value": v, "unit": "percent", "text": f"{abs(v)}%"}
        v = round(float(rs.choice([-1, 1]) * rs.uniform(0.25, 5)), 2)
        return {"value": v, "unit": "USD", "text": f"{abs(v)} dlrs"}

    types = ["acquisition", "earnings", "dividend", "stock_move", "investment", "divestiture", "merger"]
    probs = [0.27, 0.2, 0.1, 0.15, 0.1, 0.09, 0.09]
    out = []
    for i in range(150):
        ty = types[rs.choice(len(types), p=probs)]
        a, b = rs.choice(len(pool), 2, replace=False)
        a, b = pool[a], pool[b]
        amount, change = None, None
        if ty == "acquisition":
            roles = {"acquirer": [filler(a)], "target": [filler(None if rs.uniform() < 0.08 else b)]}
            amount = money(0.75, 6.5, 9.7)
            change = move() if rs.uniform() < 0.35 else None
        elif ty == "merger":
            roles = {"party": [filler(a), filler(b)]}
            amount = money(0.7, 7, 9.5)
        elif ty == "investment":
            roles = {"investor": [filler(a)], "investee": [filler(b)]}
            amount = money(0.8, 6, 8.5)
        elif ty == "divestiture":
            roles = {"seller": [filler(a)]}
            amount = money(0.6, 6.5, 9)
        elif ty == "earnings":
            roles = {"company": [filler(a)]}
            amount = money(0.7, 5.5, 9, others=("JPY", "GBP"), none=0.2)
            change = move() if rs.uniform() < 0.5 else None
        elif ty == "dividend":
            roles = {"company": [filler(a)]}
            amount = money(1.0, -1.3, 0, none=0.0)
        else:
            roles = {"company": [filler(a)]}
            change = move(0.85)
        day = days[rs.randint(len(days))].strftime("%Y-%m-%d")
        out.append({"v": 1, "event_id": f"syn{i}:0", "doc_id": f"syn{i}", "doc_date": day, "type": ty,
                    "status": "agreed" if ty in ("acquisition", "merger") else None, "modality": "asserted",
                    "roles": roles, "amount": amount, "change": change, "stake_pct": None, "period": None,
                    "trigger": {"text": ty, "start": 0, "end": len(ty), "byte_start": 0, "byte_end": len(ty)},
                    "sentence": 0, "rule": "test.synthetic", "rule_loc": "tests/scripts/study_regress.py:1",
                    "confidence": 0.9})
    with open(path, "w", encoding="utf-8") as f:
        for e in out:
            f.write(json.dumps(e) + "\n")


# ---------------------------------------------------------------- running newsfx

def strict_json(path):
    def bad(c):
        raise ValueError(f"{path}: {c} in JSON")
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_constant=bad)


def study(out, events, *args):
    shutil.rmtree(out, ignore_errors=True)
    p = subprocess.run(NEWSFX + ["study", "-q", "--events", events, "--prices", PRICES, "--market", MARKET,
                                 "--bootstrap", "0", "-o", out] + list(args), capture_output=True, text=True)
    check(p.returncode == 0, f"study {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    return strict_json(os.path.join(out, "study.json"))


def wname(w):
    def d(x):
        return f"m{-x}" if x < 0 else f"p{x}" if x > 0 else "0"
    a, b = map(int, w.split(","))
    return f"{d(a)}_{d(b)}"


# ---------------------------------------------------------------- the reference

def reference(out, window, regressors, wls, tweak=None):
    """The regression of spec/eventstudy.md and xsect.h, recomputed from out/firm_events.csv.
    tweak (for the perturbation checks): 'car' moves one CAR, 'hc0' gives HC0 as hc1, 'nocorr' the
    cluster errors without their small-sample factor."""
    fe = pd.read_csv(os.path.join(out, "firm_events.csv"), dtype=str, keep_default_na=False)
    ok = fe[fe.status == "ok"]
    dropped = {"no_usd_amount": 0, "no_reported_percent": 0}
    rows = []
    for _, r in ok.iterrows():
        lacks = None
        for q in regressors:
            if q == "log_amount" and not (r.currency == "USD" and r.amount != "" and float(r.amount) > 0):
                lacks = q
            if q == "reported" and not (r.change_unit == "percent" and r.change != ""):
                lacks = q
            if lacks:
                break
        if lacks:
            dropped[DROPS[lacks]] += 1
        else:
            rows.append(r)
    d = pd.DataFrame(rows)
    n = len(d)
    cols, names, notes = [np.ones(n)], ["const"], []
    for q in regressors:
        if q == "log_amount":
            cols.append(np.log(d.amount.astype(float).to_numpy()))
            names.append("log_amount_usd")
        elif q == "reported":
            cols.append(d.change.astype(float).to_numpy())
            names.append("reported_pct")
        else:
            v = d[q].replace("", "(none)")
            counts = v.value_counts()
            base = sorted(counts.index, key=lambda lv: (-counts[lv], lv))[0]
            for lv in sorted(counts.index):
                if lv != base:
                    cols.append((v == lv).astype(float).to_numpy())
                    names.append(f"{q}={lv}")
    # a term is kept when it raises the rank of those kept before it
    kept = []
    for j in range(len(cols)):
        if np.linalg.matrix_rank(np.column_stack([cols[c] for c in kept + [j]])) == len(kept) + 1:
            kept.append(j)
    X = np.column_stack([cols[j] for j in kept])
    y = d["car_" + wname(window)].astype(float).to_numpy()
    if tweak == "car":
        y = y.copy()
        y[n // 2] *= 1 + 1e-6
    groups = pd.factorize(d.ticker)[0]
    if wls:
        w = 1 / d["var_car_" + wname(window)].astype(float).to_numpy()
        model = sm.WLS(y, X, weights=w)
    else:
        w = np.ones(n)
        model = sm.OLS(y, X)
    fits = {"ols": model.fit(), "hc1": model.fit(cov_type="HC0" if tweak == "hc0" else "HC1", use_t=True),
            "hc3": model.fit(cov_type="HC3", use_t=True),
            "cluster": model.fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": tweak != "nocorr"},
                                 use_t=True)}
    Xw = X * np.sqrt(w)[:, None]
    lev = np.einsum("ij,ji->i", Xw, np.linalg.pinv(Xw))
    terms = []
    for c, j in enumerate(kept):
        t = {"term": names[j], "coef": fits["ols"].params[c], "se": {}, "t": {}, "p": {}}
        for k in KINDS:
            t["se"][k] = fits[k].bse[c]
            t["t"][k] = fits[k].tvalues[c]
            t["p"][k] = fits[k].pvalues[c]
        terms.append(t)
    return {"window": window, "weights": "wls" if wls else "ols", "n": n, "k": len(kept),
            "clusters": len(set(groups)), "dropped": dropped, "r2": fits["ols"].rsquared,
            "adj_r2": fits["ols"].rsquared_adj, "terms": terms, "dropped_terms": [names[j] for j in range(len(cols))
                                                                                 if j not in kept],
            "max_leverage": float(lev.max())}


# ---------------------------------------------------------------- comparing

def rel(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(b), 1e-300)


def compare(got, ref):
    """Mismatches (list of text) and the largest relative difference of the numbers."""
    bad, worst = [], 0.0
    for key in ("window", "weights", "n", "k", "clusters", "dropped"):
        if got[key] != ref[key]:
            bad.append(f"{key}: {got[key]!r}, want {ref[key]!r}")
    gterms = [t["term"] for t in got["terms"] or []]
    rterms = [t["term"] for t in ref["terms"]]
    if gterms != rterms:
        bad.append(f"terms {gterms}, want {rterms}")
        return bad, math.inf
    for name in ref["dropped_terms"]:
        if not any(n.startswith(f"'{name}' dropped") for n in got["notes"]):
            bad.append(f"no note for the dropped term {name}")
    hc3_null = ref["max_leverage"] >= 1 - 1e-10

    def num(what, g, r):
        nonlocal worst
        if g is None or r is None or not math.isfinite(r):
            bad.append(f"{what}: {g}, want {r}")
            return
        e = rel(g, r)
        worst = max(worst, e)
        if e > TOL:
            bad.append(f"{what}: {g!r}, want {r!r} (relative {e:.2e})")

    num("r2", got["r2"], ref["r2"])
    num("adj_r2", got["adj_r2"], ref["adj_r2"])
    for g, r in zip(got["terms"], ref["terms"]):
        num(f"{r['term']}.coef", g["coef"], r["coef"])
        for k in KINDS:
            for part in ("se", "t", "p"):
                if k == "hc3" and hc3_null:
                    if g[part][k] is not None:
                        bad.append(f"{r['term']}.{part}.hc3: {g[part][k]}, want null (leverage 1)")
                    continue
                num(f"{r['term']}.{part}.{k}", g[part][k], r[part][k])
    return bad, worst


def csv_matches_json(out, reg):
    """regression.csv holds the same numbers as study.json."""
    tab = pd.read_csv(os.path.join(out, "regression.csv"), dtype=str, keep_default_na=False)
    want = ["term", "coef"] + [f"{p}_{k}" for k in KINDS for p in ("se", "t", "p")] + ["n", "k", "r2", "adj_r2",
                                                                                       "weights"]
    if list(tab.columns) != want:
        return [f"regression.csv columns {list(tab.columns)}"]
    bad = []
    if list(tab.term) != [t["term"] for t in reg["terms"]]:
        bad.append("regression.csv terms differ from study.json")
    for (_, row), t in zip(tab.iterrows(), reg["terms"]):
        cells = [("coef", t["coef"])] + [(f"{p}_{k}", t[p][k]) for k in KINDS for p in ("se", "t", "p")]
        cells += [("r2", reg["r2"]), ("adj_r2", reg["adj_r2"])]
        for c, v in cells:
            if (row[c] == "" and v is not None) or (row[c] != "" and float(row[c]) != v):
                bad.append(f"regression.csv {t['term']}.{c}: {row[c]!r}, study.json {v!r}")
        if (int(row.n), int(row.k), row.weights) != (reg["n"], reg["k"], reg["weights"]):
            bad.append(f"regression.csv {t['term']}: n, k, weights differ from study.json")
    return bad


def run_case(label, out, events, window, regressors, wls, args, want_hc3=True):
    got = study(out, events, *args)
    reg = got.get("regression")
    if not check(reg is not None, f"{label}: no 'regression' in study.json"):
        return None
    check(list(reg) == ["window", "y", "weights", "n", "k", "clusters", "dropped", "r2", "adj_r2", "terms", "notes",
                        "reason"], f"{label}: keys {list(reg)}")
    check(reg["reason"] is None and reg["y"] == "car", f"{label}: not estimated: {reg['reason']}")
    for t in reg["terms"] or []:
        check(list(t) == ["term", "coef", "se", "t", "p"] and all(list(t[p]) == KINDS for p in ("se", "t", "p")),
              f"{label}: term keys {t}")
    ref = reference(out, window, regressors, wls)
    bad, worst = compare(reg, ref)
    for b in bad:
        check(False, f"{label}: {b}")
    for b in csv_matches_json(out, reg):
        check(False, f"{label}: {b}")
    if want_hc3:
        check(reg["terms"][0]["se"]["hc3"] is not None, f"{label}: HC3 not computed, so not compared")
    check(reg["n"] >= 2 * reg["k"] and reg["clusters"] < reg["n"],
          f"{label}: want N >= 2K and a firm with several events: N {reg['n']}, K {reg['k']}, G {reg['clusters']}")
    MAXREL[label] = worst
    print(f"{label}: N {reg['n']}, K {reg['k']}, G {reg['clusters']}, dropped {reg['dropped']}, "
          f"terms {[t['term'] for t in reg['terms']]}; max relative difference {worst:.2e}")
    return got, reg, ref


def main():
    tmp = tempfile.mkdtemp(prefix="newsfx-regress.")
    try:
        events = os.path.join(tmp, "events.jsonl")
        make_events(events)
        wins = ["--window", "-1,1", "--window", "0,5"]
        out = os.path.join(tmp, "out")

        # 1. the defaults: OLS on the first window, log_amount,type,role
        r1 = run_case("ols default", out, events, "-1,1", ["log_amount", "type", "role"], False, wins + ["--regress"])
        if r1:
            got, reg, ref = r1
            check(reg["dropped"]["no_usd_amount"] > 0 and ref["dropped_terms"], "ols default: want drops and a "
                  "collinear term")
            # the existing study is untouched by --regress; the output is deterministic across threads
            text = open(os.path.join(out, "study.json"), encoding="utf-8").read()
            csv1 = open(os.path.join(out, "regression.csv"), encoding="utf-8").read()
            plain = os.path.join(tmp, "plain")
            study(plain, events, *wins)
            base = open(os.path.join(plain, "study.json"), encoding="utf-8").read()
            with_reg = json.loads(text)
            with_reg.pop("regression", None)
            check(with_reg == json.loads(base) and '"regression"' not in base, "--regress changed the rest of study.json")
            check(not os.path.exists(os.path.join(plain, "regression.csv")), "regression.csv without --regress")
            study(out + "4", events, *(wins + ["--regress", "-j", "4"]))
            check(open(os.path.join(out + "4", "study.json"), encoding="utf-8").read() == text and
                  open(os.path.join(out + "4", "regression.csv"), encoding="utf-8").read() == csv1,
                  "--threads 4 changed the output")

            # 5. the test can fail
            for tweak, what in (("car", "a CAR moved by 1e-6 relative"), ("hc0", "HC0 given for HC1"),
                                ("nocorr", "cluster errors without G/(G-1) (N-1)/(N-K)")):
                bad, _ = compare(reg, reference(out, "-1,1", ["log_amount", "type", "role"], False, tweak))
                check(bad, f"perturbation not caught: {what}")
            g = json.loads(json.dumps(reg))
            g["terms"][1]["se"]["cluster"] *= 1 + 1e-7
            bad, _ = compare(g, ref)
            check(len(bad) == 1 and "se.cluster" in bad[0], f"perturbation not caught: an SE off by 1e-7 ({bad})")

        # 2. WLS on the other window with the reported move
        run_case("wls reported", out, events, "0,5", ["log_amount", "type", "role", "reported"], True,
                 wins + ["--regress", "--wls", "--regress-window", "0,5", "--regressors",
                         "log_amount,type,role,reported"])
        # 3. the reported move and the role, in that order, OLS
        run_case("ols reported,role", out, events, "-1,1", ["reported", "role"], False,
                 wins + ["--regress", "--regressors", "reported,role"])
        # 4. every ok firm-event by type, WLS
        run_case("wls type", out, events, "-1,1", ["type"], True, wins + ["--regress", "--wls", "--regressors", "type"])

        # 6. the events the extractor finds in the shipped Reuters sample
        real = os.path.join(tmp, "reuters-events.jsonl")
        p = subprocess.run(NEWSFX + ["extract", "-q", "-o", real, REUTERS], capture_output=True, text=True)
        check(p.returncode == 0, f"extract: exit {p.returncode}: {p.stderr}")
        r6 = run_case("reuters ols", out, real, "-1,1", ["log_amount", "type", "role"], False, ["--regress"],
                      want_hc3=False)
        if r6:
            lev1 = r6[2]["max_leverage"] >= 1 - 1e-10
            check(lev1 == (r6[1]["terms"][0]["se"]["hc3"] is None), "reuters: HC3 null exactly when a leverage is 1")
        run_case("reuters wls", out, real, "-1,1", ["log_amount", "type", "role"], True, ["--regress", "--wls"],
                 want_hc3=False)
        print("max relative difference against statsmodels: %.2e" % max(MAXREL.values() or [math.inf]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    done()


if __name__ == "__main__":
    main()
