"""Reference event study for the tests of `newsfx study`.

Written from ../shared/spec/eventstudy.md and the definitions documented in analysis/stats.h, not
from the C code and not from another event-study package: pandas aligns the series on the calendar,
statsmodels fits the OLS models, numpy inverts X'X for the full-form variances literally
(s^2 1'(I + X*(X'X)^-1 X*')1), scipy ranks and gives the distributions, zoneinfo (the system's tz
database) gives New York time, and the pairwise / permutation / bootstrap definitions are computed
the slow, literal way (loops over pairs, enumeration of sign vectors, the taus2 draws).
"""
import atexit
import itertools
import math
import os
import shutil
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

NY = ZoneInfo("America/New_York")
# where the tests run (tests/run.sh exports ROOT, SHARED and NEWSFX, which may hold "valgrind ...")
ROOT = os.environ.get("ROOT", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
NEWSFX = os.environ.get("NEWSFX", os.path.join(ROOT, "newsfx")).split()


def scratch(prefix):
    """A new temporary folder (path, str), removed when the test ends unless NEWSFX_KEEP_TMP is set
    (set it to look at the files of a failing run)."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    if not os.environ.get("NEWSFX_KEEP_TMP"):
        atexit.register(shutil.rmtree, tmp, True)
    return tmp


def converted(prefix):
    """A temporary folder with the shared event-study data converted (scripts/convert-eventstudy-data.py);
    removed at the end like scratch()."""
    tmp = scratch(prefix)
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "convert-eventstudy-data.py"),
                    os.path.join(SHARED, "data", "eventstudy"), tmp], check=True)
    return tmp
STATS = ["csect_t", "bw_cda_t", "patell_z", "bmp_t", "kp_patell_z", "kp_bmp_t", "sign_z", "gsign_z", "rank_z",
         "grank_t", "skew_t", "wilcoxon", "bootstrap"]


# ---------------------------------------------------------------- inputs

def returns_on_calendar(values, cal, kind="prices", log=False):
    """values: pd.Series (DatetimeIndex) as in the file; returns the return series on the calendar."""
    v = values[values.index.isin(cal)].reindex(cal)
    if kind == "prices":
        v = v.abs().replace(0.0, np.nan)
        prev = v.shift(1)
        return np.log(v / prev) if log else v / prev - 1
    if kind == "percent":
        return v / 100.0
    return v


def observed_range(values, cal):
    v = values[values.index.isin(cal)].reindex(cal)
    idx = np.flatnonzero(v.notna().to_numpy())
    return (idx[0], idx[-1]) if len(idx) else (None, None)


def ny_day0(cal, date, time, close="16:00"):
    """(index of day 0 or None, NY date, after_close, before_first)"""
    d = pd.Timestamp(date)
    after = False
    local_date = d
    if time:
        t = time.strip()
        if "T" in t or " " in t:
            ts = pd.Timestamp(t)
            if ts.tzinfo is None:
                ts = ts.tz_localize("UTC")
        else:
            ts = pd.Timestamp(f"{date}T{t}").tz_localize("UTC")
        local = ts.tz_convert(NY)
        local_date = pd.Timestamp(local.date())
        hh, mm = map(int, close.split(":"))
        after = (local.hour, local.minute, local.second) >= (hh, mm, 0)
    if local_date < cal[0]:
        return None, local_date, after, True
    eff = local_date + pd.Timedelta(days=1 if after else 0)
    i = cal.searchsorted(eff, side="left")
    return (None if i >= len(cal) else int(i)), local_date, after, False


# ---------------------------------------------------------------- per firm-event

def fit(model, y, X):
    """OLS (statsmodels) of y on X (X includes the constant column; for market-adjusted X is the
    market column alone and nothing is estimated). Returns params, resid, s2, df, XtX_inv."""
    n = len(y)
    if model == "market-adjusted":
        resid = y - X[:, 0]
        return np.array([]), resid, np.var(resid, ddof=1), n - 1, None
    res = sm.OLS(y, X).fit()
    return res.params, res.resid, res.ssr / res.df_resid, int(round(res.df_resid)), np.linalg.inv(X.T @ X)


def study(events, prices, market=None, cal=None, kind="prices", log=False, model="market", factors=None, rf=None,
          est=(-250, -11), windows=((-1, 1),), min_est=100, close="16:00", overlap="drop-later", B=2000, seed=1):
    """events: list of dicts (event_id, ticker, date, time); prices: dict ticker -> pd.Series;
    market: pd.Series; factors: DataFrame of factor returns (decimal), rf: Series or None."""
    if cal is None:
        cal = market.dropna().index
    cal = pd.DatetimeIndex(sorted(cal))
    T = len(cal)
    rets = {k: returns_on_calendar(v, cal, kind, log) for k, v in prices.items()}
    rng_of = {k: observed_range(v, cal) for k, v in prices.items()}
    rm = returns_on_calendar(market, cal, kind, log) if market is not None else None
    if model == "factors":
        F = factors[factors.index.isin(cal)].reindex(cal)
        RF = rf[rf.index.isin(cal)].reindex(cal) if rf is not None else pd.Series(0.0, index=cal)
    days = sorted({d for a, b in windows for d in range(a, b + 1)})
    out = []
    for ev in events:
        fe = {"event_id": ev["event_id"], "ticker": ev.get("ticker"), "status": None}
        out.append(fe)
        tk = ev.get("ticker")
        if not tk:
            fe["status"] = "no_ticker"
            continue
        if tk not in rets or rng_of[tk][0] is None:
            fe["status"] = "unknown_ticker"
            continue
        d0, local_date, after, before = ny_day0(cal, ev["date"], ev.get("time"), close)
        fe["ny_date"] = local_date.strftime("%Y-%m-%d")
        fe["after_close"] = after
        if d0 is None:
            fe["status"] = "no_prices_at_event"
            continue
        fe["day0"] = cal[d0].strftime("%Y-%m-%d")
        fe["shift_days"] = (cal[d0] - local_date).days
        first, last = rng_of[tk]
        if d0 < first or d0 > last:
            fe["status"] = "no_prices_at_event"
            continue
        r = rets[tk]

        def regs(k):
            if model in ("market", "market-adjusted"):
                return [rm.iloc[k]]
            if model == "factors":
                return list(F.iloc[k].to_numpy()) + [RF.iloc[k]]
            return []

        est_rows = []
        for e in range(est[0], est[1] + 1):
            k = d0 + e
            if k < 0 or k >= T:
                continue
            vals = [r.iloc[k]] + regs(k)
            if any(np.isnan(vals)):
                continue
            est_rows.append((e, vals))
        if len(est_rows) < min_est:
            fe["status"] = "estimation_short"
            continue
        ev_rows = []
        for t in days:
            k = d0 + t
            if k >= T or k < 0:
                break
            vals = [r.iloc[k]] + regs(k)
            if any(np.isnan(vals)):
                break
            ev_rows.append(vals)
        if len(ev_rows) < len(days):
            fe["status"] = "event_window_missing"
            continue
        E = np.array([v for _, v in est_rows])
        V = np.array(ev_rows)
        if model == "factors":
            y, Fx, yv, Fv, rfv = E[:, 0] - E[:, -1], E[:, 1:-1], V[:, 0] - V[:, -1], V[:, 1:-1], V[:, -1]
            X, Xv = sm.add_constant(Fx, has_constant="add"), np.column_stack([np.ones(len(days)), Fv])
        elif model == "mean":
            y, yv, rfv = E[:, 0], V[:, 0], np.zeros(len(days))
            X, Xv = np.ones((len(y), 1)), np.ones((len(days), 1))
        else:
            y, yv, rfv = E[:, 0], V[:, 0], np.zeros(len(days))
            X = np.column_stack([np.ones(len(y)), E[:, 1]]) if model == "market" else E[:, 1:2]
            Xv = np.column_stack([np.ones(len(days)), V[:, 1]]) if model == "market" else V[:, 1:2]
        n = len(y)
        p = 0 if model == "market-adjusted" else X.shape[1]
        if n - p < 1:
            fe["status"] = "estimation_short"
            continue
        if np.ptp(y) == 0 or (model in ("market", "factors") and np.any(np.ptp(X[:, 1:], axis=0) == 0)):
            fe["status"] = "estimation_constant"
            continue
        params, resid, s2, df, XtXi = fit(model, y, X)
        sst = np.sum((y - y.mean()) ** 2)
        ssr = np.sum((resid - (resid.mean() if model == "market-adjusted" else 0)) ** 2)
        if not ssr > 1e-20 * sst:
            fe["status"] = "estimation_constant"
            continue
        if model == "market-adjusted":
            exp_v = Xv[:, 0]
            var_ar = np.full(len(days), s2)
        else:
            exp_v = Xv @ params
            var_ar = s2 * (1 + np.einsum("ij,jk,ik->i", Xv, XtXi, Xv))
        ar = yv - exp_v
        er = exp_v + rfv
        sar = ar / np.sqrt(var_ar)
        fe.update(status="ok", d0=d0, l1=n, df=df, s2=s2, s=math.sqrt(s2), ar=ar, sar=sar, var_ar=var_ar, er=er,
                  ar_p=2 * stats.t.sf(np.abs(sar), df))
        if model == "market":
            fe["alpha"], fe["beta"] = params[0], params[1]
        elif model == "mean":
            fe["alpha"] = params[0]
        elif model == "factors":
            fe["alpha"], fe["betas"] = params[0], params[1:]
        est_days = np.array([e - est[0] for e, _ in est_rows])
        est_full = np.full(est[1] - est[0] + 1, np.nan)
        est_full[est_days] = resid
        fe["est"] = est_full
        fe["windows"] = []
        raw = np.array([r.iloc[d0 + t] for t in days])
        for a, b in windows:
            sel = [i for i, t in enumerate(days) if a <= t <= b]
            L2 = len(sel)
            car = ar[sel].sum()
            if model == "market-adjusted":
                vcar = s2 * L2
            else:
                Xs = Xv[sel]
                one = np.ones(L2)
                vcar = s2 * one @ (np.eye(L2) + Xs @ XtXi @ Xs.T) @ one
            scar = car / math.sqrt(vcar)
            if log:
                bhar = math.exp(raw[sel].sum()) - math.exp(er[sel].sum())
            else:
                bhar = np.prod(1 + raw[sel]) - np.prod(1 + er[sel])
            fe["windows"].append(dict(window=[a, b], car=car, var_car=vcar, scar=scar,
                                      p=2 * stats.t.sf(abs(scar), df), bhar=bhar))
    # overlap of one firm's firm-events
    lo, hi = min(a for a, _ in windows), max(b for _, b in windows)
    ok = [i for i, f in enumerate(out) if f["status"] == "ok"]
    by_tk = {}
    for i in ok:
        by_tk.setdefault(out[i]["ticker"], []).append(i)
    for tk, idx in by_tk.items():
        idx.sort(key=lambda i: (out[i]["d0"], i))
        kept = None
        for i in idx:
            # the spec: the later one's day 0 inside the earlier one's windows (the same day always);
            # drop-shared: the two windows share a trading day
            d = out[i]["d0"] - out[kept]["d0"] if kept is not None else None
            if d is not None and (d <= hi - lo if overlap == "drop-shared" else (d == 0 or lo <= d <= hi)):
                out[i]["overlaps"] = out[kept]["event_id"]
                if overlap in ("drop-later", "drop-shared"):
                    out[i]["status"] = "overlap_dropped"
                    continue
            kept = i
    panel = [f for f in out if f["status"] == "ok"]
    return {"firm_events": out, "days": days, "table": table(panel, days, windows, est, B, seed)}


# ---------------------------------------------------------------- statistics

def t_p(t, df):
    return 2 * stats.t.sf(abs(t), df)


def z_p(z):
    return 2 * stats.norm.sf(abs(z))


def null(reason=None):
    return {"value": None, "p": None}


def csect(x):
    x = np.asarray(x, float)
    n = len(x)
    if n < 2 or np.std(x, ddof=1) == 0:
        return null()
    t = x.mean() / (np.std(x, ddof=1) / math.sqrt(n))
    return {"value": t, "p": t_p(t, n - 1), "df": n - 1}


def skew_t(x):
    x = np.asarray(x, float)
    n = len(x)
    if n < 2 or np.std(x, ddof=1) == 0:
        return null()
    sd = np.std(x, ddof=1)
    S = x.mean() / sd
    g = np.sum((x - x.mean()) ** 3) / (n * sd ** 3)
    t = math.sqrt(n) * (S + g * S ** 2 / 3 + g ** 2 * S ** 3 / 27 + g / (6 * n))
    return {"value": t, "p": z_p(t)}


def wilcoxon(x):
    x = np.asarray(x, float)
    nz = x[x != 0]
    n = len(nz)
    if n == 0:
        return null()
    rk = stats.rankdata(np.abs(nz))
    w = rk[nz > 0].sum()
    if n <= 20:
        # every sign vector
        signs = np.array(list(itertools.product([0, 1], repeat=n)), dtype=float)
        dist = signs @ rk
        lo, hi = np.mean(dist <= w + 1e-9), np.mean(dist >= w - 1e-9)
        return {"value": w, "p": min(1.0, 2 * min(lo, hi)), "method": "exact", "n": n}
    if n <= 50:
        a = np.rint(2 * rk).astype(int)
        cnt = {0: 1}
        for ai in a:
            nxt = dict(cnt)
            for s, c in cnt.items():
                nxt[s + ai] = nxt.get(s + ai, 0) + c
            cnt = nxt
        w2 = int(round(2 * w))
        lo = sum(c for s, c in cnt.items() if s <= w2)
        hi = sum(c for s, c in cnt.items() if s >= w2)
        return {"value": w, "p": min(1.0, 2 * min(lo, hi) / 2 ** n), "method": "exact", "n": n}
    _, counts = np.unique(np.abs(nz), return_counts=True)
    var = n * (n + 1) * (2 * n + 1) / 24 - np.sum(counts ** 3 - counts) / 48
    z = (w - n * (n + 1) / 4) / math.sqrt(var)
    return {"value": w, "p": z_p(z), "method": "normal", "n": n, "z": z}


class GslTaus2:
    """GSL's gsl_rng_taus2 (L'Ecuyer 1996 combined Tausworthe, seeded as gsl_rng_set does) and
    gsl_rng_uniform_int (scale = range / n, k = raw / scale, retried while k >= n)."""
    M = 0xFFFFFFFF

    def __init__(self, s):
        M = self.M
        s = s or 1
        self.s1 = (69069 * s) & M
        if self.s1 < 2:
            self.s1 += 2
        self.s2 = (69069 * self.s1) & M
        if self.s2 < 8:
            self.s2 += 8
        self.s3 = (69069 * self.s2) & M
        if self.s3 < 16:
            self.s3 += 16
        for _ in range(6):
            self.get()

    def get(self):
        M = self.M

        def taus(s, a, b, c, d):
            return (((s & c) << d) & M) ^ ((((s << a) & M) ^ s) >> b)
        self.s1 = taus(self.s1, 13, 19, 4294967294, 12)
        self.s2 = taus(self.s2, 2, 25, 4294967288, 4)
        self.s3 = taus(self.s3, 3, 11, 4294967280, 17)
        return self.s1 ^ self.s2 ^ self.s3

    def uniform_int(self, n):
        scale = self.M // n
        while True:
            k = self.get() // scale
            if k < n:
                return k


M64 = (1 << 64) - 1


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def boot_seed(seed, b):
    """the seed of resample b: low 32 bits of splitmix64(splitmix64(seed) + b)"""
    return splitmix64((splitmix64(seed) + b) & M64) & 0xFFFFFFFF


def bootstrap(cols, B, seed):
    """cols: N x K matrix (a column per day / window). Returns one dict per column."""
    N, K = cols.shape
    if N < 2 or B == 0:
        return [null() for _ in range(K)]
    means = np.empty((B, K))
    for b in range(B):
        g = GslTaus2(boot_seed(seed, b))
        idx = [g.uniform_int(N) for _ in range(N)]
        means[b] = cols[idx].mean(axis=0)
    res = []
    for k in range(K):
        m = means[:, k]
        le, ge = np.sum(m <= 0), np.sum(m >= 0)
        res.append({"value": cols[:, k].mean(), "p": min(1.0, 2 * (min(le, ge) + 1) / (B + 1)),
                    "lo": np.quantile(m, 0.025), "hi": np.quantile(m, 0.975), "b": B})
    return res


def kp_r(panel):
    """mean pairwise correlation of the estimation residuals, pooled over pairs and common days"""
    if len(panel) < 2:
        return None
    z = []
    for f in panel:
        e = f["est"]
        m = np.nanmean(e)
        sd = math.sqrt(np.nansum((e - m) ** 2) / np.sum(~np.isnan(e)))
        z.append((e - m) / sd)
    num = den = 0.0
    for i in range(len(z)):
        for j in range(i + 1, len(z)):
            both = ~np.isnan(z[i]) & ~np.isnan(z[j])
            num += np.sum(z[i][both] * z[j][both])
            den += np.sum(both)
    return num / den if den else 0.0


def table(panel, days, windows, est, B, seed):
    N = len(panel)
    le = est[1] - est[0] + 1
    res = {"n": N, "aar": [], "caar": []}
    if N == 0:
        return res
    AR = np.array([f["ar"] for f in panel])       # N x D
    SAR = np.array([f["sar"] for f in panel])
    EST = np.array([f["est"] for f in panel])     # N x le
    CAR = np.array([[w["car"] for w in f["windows"]] for f in panel])
    SCAR = np.array([[w["scar"] for w in f["windows"]] for f in panel])
    BHAR = np.array([[w["bhar"] for w in f["windows"]] for f in panel])
    dfs = np.array([f["df"] for f in panel], float)
    # Brown-Warner: the AAR series of the estimation window
    A = np.nanmean(np.where(np.isnan(EST), np.nan, EST), axis=0)
    A = A[~np.isnan(A)]
    SA = np.std(A, ddof=1)
    bw_df = len(A) - 1
    r = kp_r(panel)
    phat = np.mean([np.sum(f["est"] > 0) / f["l1"] for f in panel])
    # Corrado-Zivney
    U_est = np.full((N, le), np.nan)
    U_ev = np.empty((N, len(days)))
    for i, f in enumerate(panel):
        obs = ~np.isnan(f["est"])
        vals = np.concatenate([f["est"][obs], f["ar"]])
        rk = stats.rankdata(vals)
        M = len(vals)
        U = rk / (M + 1) - 0.5
        U_est[i, obs] = U[: obs.sum()]
        U_ev[i] = U[obs.sum():]
    Z = []
    for t in range(le):
        col = U_est[:, t][~np.isnan(U_est[:, t])]
        if len(col):
            Z.append(col.sum() / math.sqrt(len(col)))
    Zd = U_ev.sum(axis=0) / math.sqrt(N)
    SU = math.sqrt(np.mean(np.concatenate([np.array(Z), Zd]) ** 2))
    res["panel"] = {"n": N, "kp_r": r, "bw_s_a": SA, "bw_df": bw_df, "rank_s_u": SU, "gsign_share": phat}
    boot = bootstrap(np.column_stack([AR, CAR]), B, seed)

    def grank(g):
        if N < 2 or np.std(g, ddof=1) == 0:
            return null()
        gs = g / np.std(g, ddof=1)
        Uest = np.full((N, le), np.nan)
        U0 = np.empty(N)
        for i, f in enumerate(panel):
            obs = ~np.isnan(f["est"])
            vals = np.concatenate([f["est"][obs] / f["s"], [gs[i]]])
            rk = stats.rankdata(vals)
            U = rk / (len(vals) + 1) - 0.5
            Uest[i, obs] = U[:-1]
            U0[i] = U[-1]
        terms, T = [np.mean(U0) ** 2], 1
        for t in range(le):
            col = Uest[:, t][~np.isnan(Uest[:, t])]
            if len(col):
                terms.append(len(col) / N * np.mean(col) ** 2)
                T += 1
        S = math.sqrt(np.sum(terms) / T)
        Zg = np.mean(U0) / S
        tg = Zg * math.sqrt((T - 2) / (T - 1 - Zg ** 2))
        return {"value": tg, "p": t_p(tg, T - 2), "df": T - 2}

    def common(x, y, kp_ok=True):
        s = {"csect_t": csect(x), "bmp_t": csect(y), "skew_t": skew_t(x), "wilcoxon": wilcoxon(x)}
        pz = np.sum(y) / math.sqrt(np.sum(dfs / (dfs - 2)))
        s["patell_z"] = {"value": pz, "p": z_p(pz)}
        if N >= 2:
            kz = pz / math.sqrt(1 + (N - 1) * r)
            s["kp_patell_z"] = {"value": kz, "p": z_p(kz), "r": r}
            b = s["bmp_t"]["value"]
            kt = b * math.sqrt((1 - r) / (1 + (N - 1) * r))
            s["kp_bmp_t"] = {"value": kt, "p": t_p(kt, N - 1), "df": N - 1, "r": r}
        else:
            s["kp_patell_z"] = s["kp_bmp_t"] = null()
        w = int(np.sum(x > 0))
        sz = (w - N / 2) / math.sqrt(N / 4)
        s["sign_z"] = {"value": sz, "p": z_p(sz), "positive": w}
        gz = (w - N * phat) / math.sqrt(N * phat * (1 - phat))
        s["gsign_z"] = {"value": gz, "p": z_p(gz), "positive": w, "share": phat}
        s["grank_t"] = grank(y)
        return s

    for j, d in enumerate(days):
        s = common(AR[:, j], SAR[:, j])
        bw = AR[:, j].mean() / SA
        s["bw_cda_t"] = {"value": bw, "p": t_p(bw, bw_df), "df": bw_df}
        rz = Zd[j] / SU
        s["rank_z"] = {"value": rz, "p": z_p(rz)}
        s["bootstrap"] = boot[j]
        res["aar"].append({"day": d, "aar": AR[:, j].mean(), "n": N, "stats": s})
    for k, (a, b) in enumerate(windows):
        L2 = b - a + 1
        s = common(CAR[:, k], SCAR[:, k])
        bw = CAR[:, k].mean() / (math.sqrt(L2) * SA)
        s["bw_cda_t"] = {"value": bw, "p": t_p(bw, bw_df), "df": bw_df}
        rz = sum(Zd[j] for j, d in enumerate(days) if a <= d <= b) / (math.sqrt(L2) * SU)
        s["rank_z"] = {"value": rz, "p": z_p(rz)}
        s["bootstrap"] = boot[len(days) + k]
        s["csect_t_bhar"] = csect(BHAR[:, k])
        s["skew_t_bhar"] = skew_t(BHAR[:, k])
        res["caar"].append({"window": [a, b], "caar": CAR[:, k].mean(), "abhar": BHAR[:, k].mean(), "n": N,
                            "stats": s})
    return res


# ---------------------------------------------------------------- comparison

class Compare:
    """Every number of the reference against the program's, to rel (with an absolute floor for
    values that are zero up to rounding)."""

    def __init__(self, rel=1e-8, floor=1e-15):
        self.rel, self.floor = rel, floor
        self.n = 0
        self.max_rel = 0.0
        self.where = ""
        self.fail = []

    def num(self, where, ref, got):
        self.n += 1
        if ref is None or got is None or (isinstance(ref, float) and math.isnan(ref)):
            if not ((ref is None or (isinstance(ref, float) and math.isnan(ref))) and got is None):
                self.fail.append(f"{where}: reference {ref}, program {got}")
            return
        ref, got = float(ref), float(got)
        d = abs(ref - got)
        scale = max(abs(ref), abs(got))
        if scale > 1e-12:
            rel = d / scale
            if rel > self.max_rel:
                self.max_rel, self.where = rel, where
        if d > self.rel * scale and d > self.floor:
            self.fail.append(f"{where}: reference {ref!r}, program {got!r} (rel {d / scale:.3g})")

    def stat(self, where, ref, got):
        if ref.get("value") is None:
            if got.get("value") is not None or not got.get("reason"):
                self.fail.append(f"{where}: reference null, program {got}")
            self.n += 1
            return
        for k, v in ref.items():
            if k == "method":
                if got.get(k) != v:
                    self.fail.append(f"{where}.{k}: reference {v}, program {got.get(k)}")
                continue
            self.num(f"{where}.{k}", v, got.get(k))

    def study(self, ref, got, model="market"):
        fes = got["firm_events"]
        if len(fes) != len(ref["firm_events"]):
            self.fail.append(f"{len(ref['firm_events'])} firm-events in the reference, {len(fes)} in the output")
            return
        for rf, gf in zip(ref["firm_events"], fes):
            w = f"firm_event {rf['event_id']}"
            if rf["status"] != gf["status"]:
                self.fail.append(f"{w}: status {gf['status']}, reference {rf['status']}")
                continue
            for k in ("day0", "shift_days", "ny_date", "after_close"):
                if k in rf and rf[k] != gf[k]:
                    self.fail.append(f"{w}: {k} {gf[k]}, reference {rf[k]}")
            if rf.get("overlaps") != gf.get("overlaps"):
                self.fail.append(f"{w}: overlaps {gf.get('overlaps')}, reference {rf.get('overlaps')}")
            if rf["status"] != "ok":
                if gf["status"] != "ok" and not gf["reason"]:
                    self.fail.append(f"{w}: status {gf['status']} without a reason")
                continue
            m = gf["model"]
            self.num(f"{w}.s2", rf["s2"], m["s2"])
            if m["df"] != rf["df"] or m["l1"] != rf["l1"]:
                self.fail.append(f"{w}: df/l1 {m['df']}/{m['l1']}, reference {rf['df']}/{rf['l1']}")
            if "alpha" in rf:
                self.num(f"{w}.alpha", rf["alpha"], m["alpha"])
            if "beta" in rf:
                self.num(f"{w}.beta", rf["beta"], m["beta"])
            if "betas" in rf:
                for j, (name, b) in enumerate(m["betas"].items()):
                    self.num(f"{w}.beta[{name}]", rf["betas"][j], b)
            for k in ("ar", "sar", "var_ar", "ar_p", "er"):
                for j, v in enumerate(rf[k]):
                    self.num(f"{w}.{k}[{ref['days'][j]}]", v, gf[k][j])
            for rw, gw in zip(rf["windows"], gf["windows"]):
                for k in ("car", "var_car", "scar", "p", "bhar"):
                    self.num(f"{w}.{k}{rw['window']}", rw[k], gw[k])
        rt = ref["table"]
        self.table(rt, got, "")

    def table(self, rt, got, where):
        if got["panel"]["n"] != rt["n"]:
            self.fail.append(f"{where}N {got['panel']['n']}, reference {rt['n']}")
            return
        for k, v in rt.get("panel", {}).items():
            self.num(f"{where}panel.{k}", v, got["panel"][k])
        for ra, ga in zip(rt["aar"], got["aar"]):
            w = f"{where}aar[{ra['day']}]"
            self.num(w + ".aar", ra["aar"], ga["aar"])
            if ra["n"] != ga["n"]:
                self.fail.append(f"{w}: n {ga['n']}, reference {ra['n']}")
            for k, s in ra["stats"].items():
                self.stat(f"{w}.{k}", s, ga["stats"][k])
        for ra, ga in zip(rt["caar"], got["caar"]):
            w = f"{where}caar{ra['window']}"
            self.num(w + ".caar", ra["caar"], ga["caar"])
            self.num(w + ".abhar", ra["abhar"], ga["abhar"])
            for k, s in ra["stats"].items():
                self.stat(f"{w}.{k}", s, ga["stats"][k])

    def report(self, name):
        print(f"{name}: {self.n} numbers compared, max relative difference {self.max_rel:.3g} (values above 1e-12)"
              + (f" ({self.where})" if self.where else ""))
        for f in self.fail[:40]:
            print("  FAIL", f)
        return not self.fail
