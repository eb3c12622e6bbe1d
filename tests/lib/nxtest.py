"""Shared helpers of the Python script and client tests (tests/scripts/*.py, tests/clients/*.py).

tests/run.sh runs each test from the repository root with NEWSFX (the command under test, possibly
wrapped in valgrind), ROOT and SHARED in the environment. A test calls check() for each assertion
(every failure is printed, not only the first) and ends with done(), which exits 1 on any failure.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile

ROOT = os.environ.get("ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("SHARED") or os.path.join(ROOT, "..", "shared")
NEWSFX = shlex.split(os.environ.get("NEWSFX") or os.path.join(ROOT, "newsfx"))
REUTERS = os.path.join(SHARED, "data", "reuters21578", "reuters21578.jsonl")
SEED = os.path.join(SHARED, "data", "seed", "techdrop-microsoft-openai-amazon.txt")

_failures = []


def check(cond, what):
    """Record a failed assertion (what: a message naming the subject); returns cond."""
    if not cond:
        _failures.append(what)
        print("FAIL:", what, flush=True)
    return cond


def done():
    """Exit 1 if any check failed, else 0."""
    if _failures:
        print("%d check(s) failed" % len(_failures))
        sys.exit(1)
    print("ok")
    sys.exit(0)


def newsfx(*args, stdin=None, ok=(0,)):
    """Run newsfx with args; returns stdout decoded as UTF-8, line ends untouched (str). Fails the test
    when the exit status is not in ok."""
    p = subprocess.run(NEWSFX + [str(a) for a in args], input=stdin and stdin.encode("utf-8"),
                       capture_output=True)
    if p.returncode not in ok:
        print(p.stderr.decode("utf-8", "replace"), file=sys.stderr)
        raise SystemExit("newsfx %s: exit %d" % (" ".join(map(str, args)), p.returncode))
    return p.stdout.decode("utf-8")


def tmpdir():
    """A temporary folder removed at exit."""
    d = tempfile.TemporaryDirectory(prefix="newsfx-test-")
    _keep.append(d)
    return d.name


_keep = []

# Documents whose ids and text hold everything a CSV/TSV writer or a JSON reader can trip on:
# numeric-looking ids, separators, quotes, CR/LF, tabs, non-ASCII, large and fractional amounts.
HOSTILE_DOCS = [
    {"id": "99017", "date": "1987-03-02",
     "body": "Waste Management Inc said it agreed to acquire ChemLawn Corp for 1.37 billion dlrs."},
    {"id": "0017", "date": "1987-03-03",
     "body": "IBM Corp said it will buy Rolm Corp for 5,000 billion dlrs."},
    {"id": "a,b \"quoted\" id", "date": "1987-03-04",
     "body": "Waste Management Inc said it agreed to acquire ChemLawn Corp for 270 mln dlrs."},
    {"id": "\"starts with a quote", "date": "1987-03-05",
     "body": "Waste Management Inc said it agreed to acquire ChemLawn Corp for 110 billion dlrs."},
    {"id": "line\nbreak\r\nand\ttab", "date": "1987-03-06",
     "body": "Shares of Walt\nDisney Co fell 1-1/4 to 36-3/4. Chrysler Corp declined 2.3 pct."},
    {"id": "Zürich Société €", "date": "1987-03-09",
     "body": "Société Générale said it agreed to acquire ChemLawn Corp for 3 billion Swiss francs.\n"
             "Chrysler Corp said it raised its quarterly dividend to 37-1/2 cts a share."},
    {"id": "1e3", "date": "1987-03-10",
     "body": "Chrysler Corp said it raised its quarterly dividend to 35 cts a share from 30 cts."},
]


def write_hostile(folder):
    """Write HOSTILE_DOCS as JSON Lines into folder; returns the path."""
    path = os.path.join(folder, "hostile.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for d in HOSTILE_DOCS:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path


def reuters_head(folder, n):
    """Write the first n stories of the Reuters corpus to folder/reuters-N.jsonl; returns the path."""
    path = os.path.join(folder, "reuters-%d.jsonl" % n)
    with open(REUTERS, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as g:
        g.writelines(line for _, line in zip(range(n), f))
    return path


def jsonl(text, **kw):
    """Parse JSON Lines text into a list of objects (kw as json.loads: parse_float=Decimal, ...)."""
    return [json.loads(line, **kw) for line in text.split("\n") if line]
