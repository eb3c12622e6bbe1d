"""The pictures of `newsfx study`: car.svg and report.html.

On the 16 S&P 500 additions of ../shared/data/eventstudy/sp500_additions (converted as the other
study tests do, tests/scripts/lib/esref.py), with the events split into three types, one of them named
with markup, and --group-by type (and type-role):
  - car.svg is well-formed SVG (xml.etree) with a fixed viewBox, a CAAR line and a band per group
    (and "all"); the numbers it carries (data-caar, data-lo, data-hi, data-n) and study.json's
    caar_path equal the recomputation from the ARs of firm_events.csv to 1e-9: the cumulative sum of
    each ok firm-event's ARs over the event days, their mean, and the band mean -/+ t(0.975, N-1)
    sd / sqrt(N) (sd with N-1, the quantile from scipy); the drawn coordinates are one linear map
    of those numbers (to the 0.01 px they are printed with); windows with a gap between them are
    cumulated over the event days only, and the gap drawn apart;
  - report.html (html.parser) has its sections, the CAAR table with study.json's numbers, the group
    named with markup as text, the same picture inline as car.svg, the regression's terms (--regress,
    on the types) and no regression section without it, and refers to nothing outside itself (no
    script, link, img, src=, http:, url()).
The study of `make demo` (--regress; its news report stock moves) shows its regression and its
reported-vs-realized rows on the page, row for row.
The hand-made fixtures of tests/unit/report_html/ (a regression, a reported-vs-realized comparison,
a key the page does not know; a regression not estimated) are rendered by the unit-test binary
(build/tests/test_report_html IN OUT) and read the same way.
"""
import csv
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import esref  # noqa: E402
from nxtest import NEWSFX, ROOT, check, done  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & Co \u00e9'
TYPES = ["addition", HOSTILE, "index change"]


def label(d):
    return "0" if d == 0 else ("m%d" % -d if d < 0 else "p%d" % d)


def near(a, b, tol=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(1.0, abs(b))


def group_of(row, by):
    t, r = row["type"] or "(none)", row["role"] or "(none)"
    return {"type": t, "role": r, "type-role": t + "/" + r}[by]


def recompute(rows, days, group, by):
    """[(day, n, caar, lo, hi)] from the ARs of firm_events.csv's ok rows (of the group)"""
    ok = [r for r in rows if r["status"] == "ok" and (group == "all" or group_of(r, by) == group)]
    cum = np.zeros(len(ok))
    out = []
    for d in days:
        cum = cum + np.array([float(r["ar_" + label(d)]) for r in ok])
        n = len(ok)
        caar = float(np.mean(cum)) if n else None
        lo = hi = None
        if n >= 2:
            half = stats.t.ppf(0.975, n - 1) * float(np.std(cum, ddof=1)) / np.sqrt(n)
            lo, hi = caar - half, caar + half
        out.append((d, n, caar, lo, hi))
    return out


def nums(attr):
    return [None if v == "null" else float(v) for v in attr.split()]


def coords(d):
    """the (command, x, y) of a path's d"""
    return [(m[0], float(m[1]), float(m[2])) for m in re.findall(r"([MLZ])(-?[\d.]+),(-?[\d.]+)", d)]


def check_svg(name, out, study, rows):
    text = open(os.path.join(out, "car.svg"), encoding="utf-8").read()
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        check(False, "%s: car.svg is not well-formed XML: %s" % (name, e))
        return
    check(root.tag == SVG + "svg", "%s: root element %s" % (name, root.tag))
    check(root.get("viewBox") == "0 0 800 500" and root.get("width") == "800", "%s: viewBox %s" % (name, root.get("viewBox")))
    check(text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n'), "%s: XML declaration" % name)
    check("nan" not in text.lower() and "inf" not in text.lower(), "%s: NaN or inf in car.svg" % name)
    days = study["settings"]["days"]
    groups = ["all"] + list(study["groups"])
    paths = {g["group"]: g["points"] for g in study["caar_path"]}
    check(list(paths) == groups, "%s: caar_path groups %s, want %s" % (name, list(paths), groups))
    lines = {p.get("data-group"): p for p in root.iter(SVG + "path") if p.get("class") == "caar"}
    bands = {p.get("data-group"): p for p in root.iter(SVG + "path") if p.get("class") == "band"}
    check(sorted(lines) == sorted(groups), "%s: CAAR lines for %s, want %s" % (name, sorted(lines), sorted(groups)))
    check(sorted(bands) == sorted(groups), "%s: bands for %s, want %s" % (name, sorted(bands), sorted(groups)))
    legend = [t.text for g in root.iter(SVG + "g") if g.get("class") == "legend" for t in g.iter(SVG + "text")]
    check(len(legend) == len(groups) + 1, "%s: legend %s" % (name, legend))
    # the numbers: recomputed from firm_events.csv, in study.json and in the data-* attributes
    dx, px, vy, py = [], [], [], []
    for g in groups:
        ref = recompute(rows, days, g, study["settings"]["group_by"])
        pts = paths[g]
        line = lines.get(g)
        if line is None:
            continue
        attrs = {k: nums(line.get("data-" + k)) for k in ("day", "caar", "lo", "hi", "n")}
        check(attrs["day"] == days, "%s %s: data-day %s" % (name, g, attrs["day"]))
        for j, (d, n, caar, lo, hi) in enumerate(ref):
            p = pts[j]
            ok = p["day"] == d and p["n"] == n and near(p["caar"], caar) and near(p["lo"], lo) and near(p["hi"], hi)
            check(ok, "%s %s day %d: caar_path %s, recomputed n %d caar %r lo %r hi %r" % (name, g, d, p, n, caar, lo, hi))
            same = (attrs["caar"][j], attrs["lo"][j], attrs["hi"][j], attrs["n"][j]) == (p["caar"], p["lo"], p["hi"], p["n"])
            check(same, "%s %s day %d: data-* %s differ from caar_path %s" % (
                name, g, d, [attrs[k][j] for k in ("caar", "lo", "hi", "n")], p))
        # the line's vertices are the finite points, in order; a gap between windows lifts the pen
        vs = coords(line.get("d"))
        fin = [p for p in pts if p["caar"] is not None]
        check(len(vs) == len(fin), "%s %s: %d vertices for %d points" % (name, g, len(vs), len(fin)))
        for (cmd, x, y), p in zip(vs, fin):
            dx.append(p["day"])
            px.append(x)
            vy.append(p["caar"])
            py.append(y)
        moves = [i for i, v in enumerate(vs) if v[0] == "M"]
        want = [0] + [i for i in range(1, len(fin)) if fin[i]["day"] != fin[i - 1]["day"] + 1]
        check(moves == want, "%s %s: the line starts afresh at %s, want %s" % (name, g, moves, want))
        if any(p["lo"] is not None for p in pts):
            check(bands[g].get("d"), "%s %s: an empty band" % (name, g))
    # one linear map from days and values to pixels
    for what, a, b in (("x", dx, px), ("y", vy, py)):
        fit = np.polyfit(a, b, 1)
        res = np.max(np.abs(np.polyval(fit, a) - np.array(b)))
        check(res <= 0.0075, "%s: %s pixels are not linear in the data (residual %.4f)" % (name, what, res))
        if what == "x":
            xmap = fit
        else:
            ymap = fit
            check(fit[0] < 0, "%s: a higher CAAR is drawn lower" % name)
    # every band vertex is the band's hi or lo on its day
    for g in groups:
        band = bands.get(g)
        if band is None:
            continue
        pts = {p["day"]: p for p in paths[g]}
        vs = coords(band.get("d"))
        n_band = sum(1 for p in paths[g] if p["lo"] is not None)
        check(len(vs) >= 2 * n_band, "%s %s: %d band vertices for %d points" % (name, g, len(vs), n_band))
        for cmd, x, y in vs:
            d = int(round((x - xmap[1]) / xmap[0]))
            p = pts.get(d)
            good = p is not None and p["lo"] is not None and min(
                abs(y - np.polyval(ymap, p["hi"])), abs(y - np.polyval(ymap, p["lo"]))) <= 0.0075
            check(good, "%s %s: band vertex (%.2f, %.2f) is not a bound of day %d" % (name, g, x, y, d))
    return text


class Page(HTMLParser):
    """the tags, their attributes, the text and the rows of each table of a page"""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.h2, self.h3, self.tables = [], [], [], [], []
        self.cur = None
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        self.stack.append(tag)
        if tag == "table":
            self.tables.append({"class": a.get("class", ""), "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append({"class": a.get("class", ""), "cells": []})
        elif tag in ("td", "th") and self.tables and self.tables[-1]["rows"]:
            self.tables[-1]["rows"][-1]["cells"].append("")
        elif tag in ("h2", "h3"):
            getattr(self, tag).append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.text.append(data)
        if "td" in self.stack or "th" in self.stack:
            if self.tables and self.tables[-1]["rows"] and self.tables[-1]["rows"][-1]["cells"]:
                self.tables[-1]["rows"][-1]["cells"][-1] += data
        for h in ("h3", "h2"):
            if self.stack and self.stack[-1] == h:
                getattr(self, h)[-1] += data


def parse_page(name, path):
    raw = open(path, encoding="utf-8").read()
    p = Page()
    p.feed(raw)
    p.close()
    p.raw = raw
    p.ids = [a.get("id") for t, a in p.tags if t == "section"]
    # self-contained: nothing fetched, nothing run
    for tag, a in p.tags:
        check(tag not in ("script", "link", "img", "iframe", "object", "embed", "audio", "video", "source", "base",
                          "frame", "image", "use", "foreignobject"), "%s: a <%s> element" % (name, tag))
        check("src" not in a, "%s: src= on <%s>" % (name, tag))
        check(all(not k.startswith("on") for k in a), "%s: an event handler on <%s>" % (name, tag))
        href = a.get("href")
        check(href is None or href.startswith("#"), "%s: a link to %r" % (name, href))
    for bad in ("http:", "https:", "file:", "url(", "@import", "<script"):
        check(bad not in raw.lower(), "%s: %r in the page" % (name, bad))
    check(raw.startswith("<!DOCTYPE html>\n") and raw.endswith("</html>\n"), "%s: not one whole page" % name)
    return p


def caar_rows(page, cls):
    tables = [t for t in page.tables if cls in t["class"].split()]
    return tables


def check_html(name, out, study, svg_text):
    page = parse_page(name, os.path.join(out, "report.html"))
    for sec in ("settings", "firm-events", "caar", "plot", "groups"):
        check(sec in page.ids, "%s: section %s missing from %s" % (name, sec, page.ids))
    for key, sec in (("regression", "regression"), ("reported_vs_realized", "reported-vs-realized")):
        check((sec in page.ids) == (key in study), "%s: section %s %s, key %s %s" % (
            name, sec, sec in page.ids, key, key in study))
    if "regression" in study and study["regression"].get("terms"):
        # the terms: their names as text, the coefficients with four significant digits
        terms = [t for t in page.tables if t["class"] == "terms"]
        rows = terms[0]["rows"][2:] if terms else []
        want = [t["term"] for t in study["regression"]["terms"]]
        check([r["cells"][0] for r in rows] == want, "%s: regression terms %s, want %s" % (
            name, [r["cells"][0] for r in rows], want))
        for r, t in zip(rows, study["regression"]["terms"]):
            check(float(r["cells"][1]) == float("%.4g" % t["coef"]), "%s: coefficient %r for %r" % (
                name, r["cells"][1], t["coef"]))
    # the CAAR table of all firm-events: one row per window, study.json's CAAR in % with 3 decimals
    tables = caar_rows(page, "caar")
    check(len(tables) == 1 + len(study["groups"]), "%s: %d CAAR tables" % (name, len(tables)))
    if tables:
        rows = tables[0]["rows"][1:]
        check(len(rows) == len(study["caar"]), "%s: %d CAAR rows" % (name, len(rows)))
        for r, c in zip(rows, study["caar"]):
            a, b = c["window"]
            want = "(%s, %s)" % tuple("%+d" % x if x else "0" for x in (a, b))
            check(r["cells"][0] == want, "%s: window cell %r, want %r" % (name, r["cells"][0], want))
            check(r["cells"][1] == str(c["n"]), "%s: N cell %r" % (name, r["cells"][1]))
            check(r["cells"][2] == "%.3f%%" % (100 * c["caar"]), "%s: CAAR cell %r for %r" % (name, r["cells"][2], c["caar"]))
            t = c["stats"]["csect_t"]
            check(r["cells"][4].startswith("%.3f" % t["value"]) and ("p %.4f" % t["p"]) in r["cells"][4],
                  "%s: csect_t cell %r for %r" % (name, r["cells"][4], t))
    # statuses: every status of study.json with its count
    st = [t for t in page.tables if "status" in t["class"].split()]
    got = dict(zip(st[0]["rows"][0]["cells"][1:], st[0]["rows"][1]["cells"][1:])) if st else {}
    check(len(st) == 1, "%s: %d status tables" % (name, len(st)))
    want = {k: str(v) for k, v in study["summary"]["by_status"].items()}
    check(got == want, "%s: statuses %s, want %s" % (name, got, want))
    # names from the news are text, not markup
    hostile = [g for g in study["groups"] if HOSTILE in g]
    check(len(hostile) == 1 and hostile[0] in page.h3, "%s: group %r not a heading (%s)" % (name, hostile, page.h3))
    # the picture: car.svg, inline
    m = re.search(r'<svg class="car".*?</svg>\n', page.raw, re.S)
    inline = m.group(0) if m else ""
    want = svg_text.replace('<?xml version="1.0" encoding="UTF-8"?>\n', "", 1).replace(
        '<svg xmlns="http://www.w3.org/2000/svg"', '<svg class="car"', 1)
    check(inline == want, "%s: the inline picture differs from car.svg" % name)
    return page


def fixtures(tmp):
    build = os.environ.get("BUILD", "build")
    exe = os.path.join(ROOT, build, "tests", "test_report_html")
    if not os.path.exists(exe):
        subprocess.run(["make", "-s", "BUILD=" + build, os.path.join(build, "tests", "test_report_html")], cwd=ROOT,
                       check=True)
    pages = {}
    for f in ("full", "reason"):
        out = os.path.join(tmp, f + ".html")
        subprocess.run([exe, os.path.join(ROOT, "tests", "unit", "report_html", f + ".json"), out], cwd=ROOT, check=True)
        pages[f] = parse_page("fixture " + f, out)
    full = json.load(open(os.path.join(ROOT, "tests", "unit", "report_html", "full.json"), encoding="utf-8"))
    p = pages["full"]
    for sec in ("settings", "firm-events", "caar", "plot", "groups", "regression", "reported-vs-realized"):
        check(sec in p.ids, "fixture full: section %s missing from %s" % (sec, p.ids))
    check("cross_listing" in p.h2, "fixture full: the unknown key cross_listing not shown (%s)" % p.h2)
    terms = [t for t in p.tables if t["class"] == "terms"]
    check(len(terms) == 1 and len(terms[0]["rows"]) == 2 + len(full["regression"]["terms"]),
          "fixture full: the regression's terms table")
    if terms:
        names = [r["cells"][0] for r in terms[0]["rows"][2:]]
        check(names == [t["term"] for t in full["regression"]["terms"]], "fixture full: terms %s" % names)
    rvr = [t for t in p.tables if t["class"] == "rvr"]
    rows = rvr[0]["rows"][1:] if rvr else []
    check(len(rows) == len(full["reported_vs_realized"]["rows"]), "fixture full: %d reported-vs-realized rows" % len(rows))
    check([r["class"] == "mismatch" for r in rows] == [r["mismatch"] for r in full["reported_vs_realized"]["rows"]],
          "fixture full: the mismatch rows")
    check(rows and rows[0]["cells"][2] == full["reported_vs_realized"]["rows"][0]["name"],
          "fixture full: the name %r" % (rows[0]["cells"][2] if rows else None))
    text = "".join(p.text)
    for s in full["regression"]["notes"]:
        check(s in text, "fixture full: note %r not shown as text" % s)
    q = pages["reason"]
    check("regression" in q.ids and "reported-vs-realized" not in q.ids, "fixture reason: sections %s" % q.ids)
    check("Not estimated: too few firm-events (1) for 2 regressors." in "".join(q.text), "fixture reason: the reason")


def demo(tmp):
    """the study of `make demo` (the shipped 1987 stories and prices, --regress): its page shows the
    cross-section and the reported-vs-realized moves of study.json, row for row"""
    data = os.path.join(ROOT, "data")
    events = os.path.join(tmp, "demo-events.jsonl")
    subprocess.run(NEWSFX + ["extract", "-q", "--time-zone", "America/New_York", "-o", events,
                             os.path.join(data, "articles", "reuters-1987-slice.jsonl")], check=True)
    out = os.path.join(tmp, "demo-study")
    p = subprocess.run(NEWSFX + ["study", "-q", "--events", events, "--prices", os.path.join(data, "prices", "prices-1987.csv"),
                                 "--market", os.path.join(data, "prices", "ewmkt-1987.csv"), "--calendar",
                                 os.path.join(data, "prices", "nyse-1986-1987.txt"), "--ticker-map",
                                 os.path.join(data, "prices", "tickers-1987.tsv"), "--window", "-1,1", "--window", "0,0",
                                 "--group-by", "type-role", "--regress", "-o", out], capture_output=True, text=True)
    if not check(p.returncode in (0, 1), "demo study: exit %d %s" % (p.returncode, p.stderr)):
        return
    study = json.load(open(os.path.join(out, "study.json"), encoding="utf-8"))
    page = parse_page("demo", os.path.join(out, "report.html"))
    for sec in ("settings", "firm-events", "plot", "caar", "groups", "regression", "reported-vs-realized"):
        check(sec in page.ids, "demo: section %s missing from %s" % (sec, page.ids))
    rvr = study.get("reported_vs_realized", {})
    check(len(rvr.get("rows", [])) >= 5, "demo: %d reported moves" % len(rvr.get("rows", [])))
    tables = [t for t in page.tables if t["class"] == "rvr"]
    rows = tables[0]["rows"][1:] if tables else []
    check(len(rows) == len(rvr.get("rows", [])), "demo: %d rows on the page for %d" % (len(rows), len(rvr.get("rows", []))))
    for r, w in zip(rows, rvr.get("rows", [])):
        got = [r["cells"][0], r["cells"][1], r["cells"][11] == "yes"]
        check(got == [w["event_id"], w["ticker"], w["mismatch"]], "demo: row %s for %s" % (got, w))
        want = "%.2f%%" % w["r_0"] if w["r_0"] is not None else "\u2014"
        check(r["cells"][8] == want, "demo: R(0) cell %r, want %r" % (r["cells"][8], want))
    terms = [t for t in page.tables if t["class"] == "terms"]
    check(terms and len(terms[0]["rows"]) - 2 == len(study["regression"]["terms"] or []), "demo: the regression's terms")


def main():
    tmp = esref.converted("study-report-")
    d = os.path.join(tmp, "sp500")
    with open(os.path.join(d, "events.csv"), newline="") as f:
        evs = list(csv.DictReader(f))
    events = os.path.join(tmp, "events-types.csv")
    with open(events, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["event_id", "ticker", "date", "type"])
        for i, e in enumerate(evs):
            w.writerow([e["event_id"], e["ticker"], e["date"], TYPES[i % len(TYPES)]])
    runs = [("windows -5,5 and -1,1, --regress", ["--window", "-5,5", "--window", "-1,1", "--regress", "--regressors",
                                                   "type"]),
            ("windows -8,-6, 0,2 and 5,9 (gaps), --group-by type-role",
             ["--window", "-8,-6", "--window", "0,2", "--window", "5,9", "--group-by", "type-role"])]
    runs_done = []
    for name, win in runs:
        out = os.path.join(tmp, "out-%d" % len(runs_done))
        runs_done.append(name)
        p = subprocess.run(NEWSFX + ["study", "-q", "--events", events, "--prices", os.path.join(d, "prices.csv"),
                                     "--market", os.path.join(d, "market.csv"), "--estimation", "-130,-11",
                                     "--bootstrap", "300", "-o", out] + (win if "--group-by" in win else win + [
                                         "--group-by", "type"]),
                           capture_output=True, text=True)
        if not check(p.returncode == 0, "%s: exit %d %s" % (name, p.returncode, p.stderr)):
            continue
        study = json.load(open(os.path.join(out, "study.json"), encoding="utf-8"))
        with open(os.path.join(out, "firm_events.csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        by = study["settings"]["group_by"]
        want = sorted({group_of(r, by) for r in rows})
        check(sorted(study["groups"]) == want and len(want) == 3, "%s: groups %s, want %s" % (
            name, list(study["groups"]), want))
        check(sum(r["status"] == "ok" for r in rows) >= 12, "%s: ok firm-events" % name)
        svg = check_svg(name, out, study, rows)
        if svg:
            check_html(name, out, study, svg)
        # the path ends where the CAAR of a window starting on the first day does
        first = study["settings"]["days"][0]
        for w, row in zip(study["settings"]["windows"], study["caar"]):
            if w[0] == first:
                pt = [q for q in study["caar_path"][0]["points"] if q["day"] == w[1]][0]
                check(near(pt["caar"], row["caar"], 1e-12), "%s: path at day %d %r, CAAR of %s %r" % (
                    name, w[1], pt["caar"], w, row["caar"]))
        if "regress" in name:
            check(study.get("regression", {}).get("terms"), "%s: no regression estimated" % name)
        if "gaps" in name:
            check('class="gap"' in svg, "%s: no dotted line across the gaps" % name)
    demo(tmp)
    fixtures(tmp)
    done()


if __name__ == "__main__":
    main()
