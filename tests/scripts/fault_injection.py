#!/usr/bin/python3
"""Allocation-failure test: fail the Nth allocation, for every N, over a small run.

Builds newsfx with -DNX_FAULT_INJECTION (make faultinj, build-fault/; under `make asan` the same
with ASan+UBSan in build-fault-asan/), counts the allocations of each small run (NEWSFX_COUNT_ALLOC),
then runs it again with NEWSFX_FAIL_ALLOC=N for N = 1..total. Each run must either end cleanly with
"newsfx: ... out of memory" and exit 2, or (when the failed allocation is one newsfx can do without)
give exactly the normal result. A signal, an abort, a sanitizer report or any other outcome is a
failure, printed with the N that reproduces it:
    NEWSFX_HOME=... NEWSFX_FAIL_ALLOC=N build-fault/newsfx <args>
The runs use a small home (the shipped rules and currencies, a gazetteer of a few companies) so
that a run makes a few thousand allocations. By default every kth N is tried, k the smallest of 4
(16 under ASan) or more that keeps the tries of one command under FAULT_TRIES (default 500, 150
under ASan), starting at an offset fixed per command (so the commands together cover more
residues); FAULT_STRIDE=k forces k (1 = all, as for a full run before a release).
FAULT_JOBS=j runs j at once (default: the number of cores).

A third outcome is reported but does not fail the test unless FAULT_STRICT=1: "degraded", an
allocation failure swallowed somewhere (a clean exit 1 or 3, but output or diagnostics that differ
from the normal run, e.g. a rule example that "produced nothing"). Those are open work, listed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.environ.get("ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
ASAN = "asan" in os.path.basename(os.environ.get("NEWSFX_BIN", ""))
# every N under make test would take minutes: by default every 4th (every 16th under ASan)
STRIDE = int(os.environ.get("FAULT_STRIDE", "0"))  # 0: chosen per command (see above)
TRIES = int(os.environ.get("FAULT_TRIES", "150" if ASAN else "500"))


def tried(total, key):
    """The N to try for a command making `total` allocations (see the module's text)."""
    if STRIDE > 0:
        return range(1, total + 1, STRIDE)
    k = max(16 if ASAN else 4, -(-total // TRIES))
    return range(1 + sum(key.encode()) % k, total + 1, k)
STRICT = os.environ.get("FAULT_STRICT") == "1"
JOBS = int(os.environ.get("FAULT_JOBS", str(os.cpu_count() or 1)))


def build():
    if ASAN:
        args = ["make", "-s", "--no-print-directory", "BUILD=build-fault-asan", "OPT=-O1 -g -fno-omit-frame-pointer",
                "EXTRA_CFLAGS=-DNX_FAULT_INJECTION -fsanitize=address,undefined -fno-sanitize-recover=undefined",
                "EXTRA_LDFLAGS=-fsanitize=address,undefined", "build-fault-asan/newsfx"]
        exe = os.path.join(ROOT, "build-fault-asan", "newsfx")
    else:
        args = ["make", "-s", "--no-print-directory", "faultinj"]
        exe = os.path.join(ROOT, "build-fault", "newsfx")
    subprocess.run(args, cwd=ROOT, check=True)
    return exe


def small_home(tmp):
    data = os.path.join(tmp, "data")
    os.makedirs(data)
    for f in ("currencies.tsv", "exchanges.tsv", "stopnames.txt"):
        shutil.copy(os.path.join(ROOT, "data", f), data)
    names = ("Microsoft", "Amazon", "Oracle", "Pfizer", "Alphabet", "Cerner", "Activision", "IBM")
    with open(os.path.join(ROOT, "data", "gazetteer.tsv"), encoding="utf-8") as src, \
            open(os.path.join(data, "gazetteer.tsv"), "w", encoding="utf-8") as dst:
        kept = 0
        for line in src:
            if line.startswith("#") or line.startswith("name\t") or (line.startswith(names) and kept < 16):
                kept += not line.startswith(("#", "name\t"))
                dst.write(line)
    with open(os.path.join(ROOT, "data", "companies_private.tsv"), encoding="utf-8") as src, \
            open(os.path.join(data, "companies_private.tsv"), "w", encoding="utf-8") as dst:
        dst.writelines(src.readlines()[:8])
    os.symlink(os.path.join(ROOT, "rules"), os.path.join(tmp, "rules"))
    recs = os.path.join(tmp, "records.jsonl")
    with open(recs, "w", encoding="utf-8") as f:
        f.write('{"id":"r1","title":"MICROSOFT TO BUY ACTIVISION","text":"Microsoft Corp agreed to acquire '
                'Activision Blizzard Inc for $68.7 billion, or $95 a share."}\n')
        f.write('[1,2]\n{"id":"r2","text":42}\n')
        f.write('{"id":"r3","date":"2022-12-20","text":"Oracle Corp agreed to acquire Cerner Corp for $28.3 billion. '
                'Shares of Oracle fell 4.5 pct to 80 dlrs. Amazon.com Inc said it will invest $4 billion in '
                'Anthropic, a rumor said."}\n')
        f.write('{"id":"r1","text":"Bad \xff byte: Pfizer Inc agreed to buy Seagen Inc for $43 billion."}\n'
                .encode("utf-8", "surrogateescape").decode("latin-1"))
    return recs


def study_data(tmp):
    """A small study: three firms and a market over 200 business days, events with moves and roles."""
    import datetime
    import random
    rnd = random.Random(5)
    day = datetime.date(1987, 1, 2)
    px = {t: 20.0 for t in ("AAA", "BBB", "CCC", "MKT")}
    with open(os.path.join(tmp, "prices.csv"), "w") as f:
        f.write("date,AAA,BBB,CCC,MKT\n")
        for _ in range(200):
            while day.weekday() >= 5:
                day += datetime.timedelta(days=1)
            m = rnd.gauss(0, 0.01)
            for t in px:
                px[t] *= 1 + m + (rnd.gauss(0, 0.015) if t != "MKT" else 0)
            f.write("%s,%s\n" % (day.isoformat(), ",".join("%.4f" % px[t] for t in ("AAA", "BBB", "CCC", "MKT"))))
            day += datetime.timedelta(days=1)
    evs = [("e1", "1987-08-03", "acquisition", {"acquirer": "AAA", "target": "BBB"}, None),
           ("e2", "1987-08-20", "stock_move", {"company": "CCC"}, -2.5),
           ("e3", "1987-09-01", "earnings", {"company": "AAA"}, None),
           ("e4", "1987-09-10", "acquisition", {"acquirer": "CCC", "target": "ZZZ"}, None)]
    with open(os.path.join(tmp, "events.jsonl"), "w") as f:
        for eid, date, typ, roles, ch in evs:
            f.write(json.dumps({"event_id": eid, "doc_date": date, "type": typ,
                                "roles": {r: [{"name": t + " Inc", "ticker": t}] for r, t in roles.items()},
                                "amount": None,
                                "change": {"value": ch, "unit": "percent", "text": "fell"} if ch else None}) + "\n")


def main():
    exe = build()
    tmp = tempfile.mkdtemp(prefix="newsfx-fault.")
    try:
        recs = small_home(tmp)
        seed = os.path.join(SHARED, "data", "seed", "techdrop-microsoft-openai-amazon.txt")
        fixture = os.path.join(ROOT, "tests", "cases", "study_fixture")
        import gzip
        recs_gz = os.path.join(tmp, "records-gz.jsonl.gz")  # the reader's inflate
        with open(recs, "rb") as f, gzip.open(recs_gz, "wb") as g:
            g.write(f.read())
        runs = [
            ["extract", "-q", "-j1", "--docs-out", os.path.join(tmp, "docs-{n}.jsonl"), seed, recs],
            ["extract", "-q", "-j1", recs_gz],
            ["extract", "-q", "-j2", "--explain", recs],
            ["rules", "test"],
            ["study", "-q", "-j2", "--events", os.path.join(tmp, "events.jsonl"), "--prices",
             os.path.join(tmp, "prices.csv"), "--market", "MKT", "--estimation", "-100,-11", "--min-estimation", "50",
             "--group-by", "type-role", "--regress", "--regressors", "type", "--bootstrap", "20",
             "-o", os.path.join(tmp, "study-{n}")],
            # and one thread (study.json and report.html built in the main thread), a CSV of events
            ["study", "-q", "-j1", "--events", os.path.join(fixture, "events.csv"), "--prices",
             os.path.join(fixture, "prices.csv"), "--market", os.path.join(fixture, "market.csv"), "--estimation",
             "-25,-3", "--min-estimation", "15", "--window", "-1,1", "--window", "0,0", "--bootstrap", "20",
             "--group-by", "type", "-o", os.path.join(tmp, "study-{n}")],
        ]
        study_data(tmp)
        env = dict(os.environ, NEWSFX_HOME=tmp, ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1",
                   UBSAN_OPTIONS="print_stacktrace=1")
        env.pop("NEWSFX_FAIL_ALLOC", None)
        failures = 0
        for argv in runs:
            base_args = [a.replace("{n}", "base") for a in argv]
            e = dict(env, NEWSFX_COUNT_ALLOC="1")
            base = subprocess.run([exe] + base_args, env=e, capture_output=True, cwd=tmp)
            err = base.stderr.decode("utf-8", "replace")
            total = int([l for l in err.splitlines() if l.endswith(" allocations")][-1].split()[1])
            base_err = "\n".join(l for l in err.splitlines() if not l.endswith(" allocations"))

            def one(n):
                args = [a.replace("{n}", str(n)) for a in argv]
                p = subprocess.run([exe] + args, env=dict(env, NEWSFX_FAIL_ALLOC=str(n)), capture_output=True,
                                   cwd=tmp, timeout=120)
                out = p.stderr.decode("utf-8", "replace")
                for f in args:
                    if f.startswith(tmp) and "docs-" in f and os.path.exists(f):
                        os.unlink(f)
                    if f.startswith(tmp) and "study-" in f:
                        shutil.rmtree(f, ignore_errors=True)
                bad = "Sanitizer" in out or "runtime error" in out or p.returncode < 0
                if not bad and p.returncode == 2 and "out of memory" in out:
                    return None
                if not bad and p.returncode == base.returncode and p.stdout == base.stdout:
                    return None  # the failed allocation was one newsfx can do without
                kind = "CRASH" if bad else "degraded"
                return (kind, "N=%d: %s, exit %d%s\n%s" % (n, kind, p.returncode, " (signal)" if p.returncode < 0 else "",
                                                         "\n".join(out.splitlines()[-12:])))

            with ThreadPoolExecutor(JOBS) as ex:
                ns = tried(total, " ".join(base_args))
                res = [r for r in ex.map(one, ns) if r]
            crash = [t for k, t in res if k == "CRASH"]
            degraded = [t for k, t in res if k == "degraded"]
            print("newsfx %s: %d allocations, %d tried: %d crashed, %d degraded (normal exit %d)" % (
                " ".join(base_args[:2]), total, len(ns), len(crash), len(degraded),
                base.returncode))
            for b in (crash + degraded)[:int(os.environ.get("FAULT_SHOW", "10"))]:
                print("  " + b.replace("\n", "\n    "))
            failures += len(crash) + (len(degraded) if STRICT else 0)
            if base_err and base.returncode not in (0, 1, 3):
                print("normal run failed:", base_err)
                failures += 1
        print("reproduce: NEWSFX_HOME=%s NEWSFX_FAIL_ALLOC=N %s <args>" % (tmp, exe) if failures else "ok")
        return 1 if failures else 0
    finally:
        if not os.environ.get("FAULT_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
