"""newsfx schema, validated with Debian's python3-jsonschema (draft 2020-12, formats checked).

- every schema newsfx prints is a valid draft 2020-12 schema;
- real output validates: every event of the whole Reuters corpus, every mention of its first 5000
  stories (the time goes into validation), the seed article and the hostile fixture; and no record
  carries a key the schema does not describe;
- the schema says what spec/events.md says: event types and the roles of each, statuses,
  modalities, mention kinds (parsed from the spec's text, not copied);
- the schema is strict: records broken the ways a consumer would suffer from are rejected;
- study.json: a record of the shape spec/eventstudy.md fixes validates, broken ones do not; real
  `newsfx study` output is validated when this build has the study command (else a notice: the one
  allowed skip).
"""
import copy
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from nxtest import NEWSFX, REUTERS, SEED, SHARED, check, done, jsonl, newsfx, reuters_head, tmpdir, write_hostile  # noqa: E402

import jsonschema  # noqa: E402
from jsonschema import Draft202012Validator as V  # noqa: E402

print("jsonschema", __import__("importlib.metadata").metadata.version("jsonschema"))
schemas = {w: json.loads(newsfx("schema", w)) for w in ("events", "mentions", "study", "all")}
check(json.loads(newsfx("schema")) == schemas["all"], "'newsfx schema' is not 'newsfx schema all'")
for w, s in schemas.items():
    check(s.get("$schema") == "https://json-schema.org/draft/2020-12/schema", "%s: $schema %r" % (w, s.get("$schema")))
    try:
        V.check_schema(s)
    except jsonschema.SchemaError as e:
        check(False, "%s: not a valid draft 2020-12 schema: %s" % (w, e.message))
ALL = schemas["all"]


def validator(name):
    """A validator of $defs/name inside the 'all' document (so 'all' is exercised too)."""
    return V({"$schema": ALL["$schema"], "$defs": ALL["$defs"], "$ref": "#/$defs/" + name},
             format_checker=V.FORMAT_CHECKER)


EV, MEN, STUDY = validator("event"), validator("mention"), validator("study")
# the standalone documents and the 'all' one agree
check({k: v for k, v in schemas["events"].items() if k not in ("$schema", "$id", "title", "$defs")} ==
      ALL["$defs"]["event"], "'schema events' differs from $defs/event of 'schema all'")
check({k: v for k, v in schemas["mentions"].items() if k not in ("$schema", "$id", "title")} ==
      ALL["$defs"]["mention"], "'schema mentions' differs from $defs/mention of 'schema all'")


def validate(v, records, what, limit=5):
    n = 0
    for r in records:
        for e in v.iter_errors(r):
            n += 1
            if n <= limit:
                check(False, "%s: %r: %s at %s" % (what, r.get("event_id", r.get("doc_id")), e.message,
                                                    "/".join(map(str, e.absolute_path))))
    check(n == 0, "%s: %d validation errors in %d records" % (what, n, len(records)))


def keys_described(records, schema_defs, what):
    """No key in the output that the schema does not describe (it allows additions, we do not)."""
    ev_props = set(schema_defs["properties"])
    extra = set()
    for r in records:
        extra |= set(r) - ev_props
        for sub, d in (("amount", "money"), ("change", "change"), ("trigger", "span")):
            if isinstance(r.get(sub), dict):
                extra |= {"%s.%s" % (sub, k) for k in set(r[sub]) - set(ALL["$defs"][d]["properties"])}
        for fs in (r.get("roles") or {}).values():
            for f in fs:
                extra |= {"roles.*.%s" % k for k in set(f) - set(ALL["$defs"]["company"]["properties"])}
    check(not extra, "%s: keys the schema does not describe: %s" % (what, sorted(extra)))


folder = tmpdir()
inputs = [REUTERS, SEED, write_hostile(folder)]
events = jsonl(newsfx("extract", "-q", *inputs))
mentions = jsonl(newsfx("extract", "-q", "--mentions", reuters_head(folder, 5000), *inputs[1:]))
check(len(events) > 4000 and len(mentions) > 30000, "too few records: %d events, %d mentions" %
      (len(events), len(mentions)))
validate(EV, events, "events")
validate(MEN, mentions, "mentions")
keys_described(events, ALL["$defs"]["event"], "events")
keys_described(mentions, ALL["$defs"]["mention"], "mentions")
check({e["type"] for e in events} == set(ALL["$defs"]["event"]["properties"]["type"]["enum"]),
      "the corpus run does not produce every event type: %s" % sorted({e["type"] for e in events}))

# ---- the schema against the spec's text ----
spec = open(os.path.join(SHARED, "spec", "events.md"), encoding="utf-8").read()
ticks = lambda s: re.findall(r"`([a-z_]+)`", s)  # noqa: E731
spec_roles = {}
for line in spec.split("### Event types and roles")[1].splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 3 and cells[0].startswith("`"):
        spec_roles[ticks(cells[0])[0]] = set(ticks(re.sub(r"\(.*?\)", "", cells[1])))
evs = ALL["$defs"]["event"]
schema_roles = {c["if"]["properties"]["type"]["const"]: set(c["then"]["properties"]["roles"]["propertyNames"]["enum"])
                for c in evs["allOf"]}
check(len(spec_roles) == 10, "spec: parsed %d event types" % len(spec_roles))
check(schema_roles == spec_roles, "roles per type: schema %s, spec %s" % (schema_roles, spec_roles))
check(set(evs["properties"]["type"]["enum"]) == set(spec_roles), "event types differ from the spec's")
check(set(evs["properties"]["roles"]["propertyNames"]["enum"]) == set().union(*spec_roles.values()),
      "role names differ from the spec's")
status_line = re.search(r"^- `status`:(.*)$", spec, re.M).group(1)
check(set(evs["properties"]["status"]["enum"]) == set(ticks(status_line)) | {None},
      "statuses: schema %s, spec %s" % (evs["properties"]["status"]["enum"], ticks(status_line)))
modality_line = re.search(r"^- `modality`:(.*)$", spec, re.M).group(1)
check(set(evs["properties"]["modality"]["enum"]) == set(ticks(modality_line)), "modalities differ from the spec's")
kind_line = re.search(r"^`kind` is one of (.*?)\.", spec, re.M).group(1)
check(set(ALL["$defs"]["mention"]["properties"]["kind"]["enum"]) == set(ticks(kind_line)), "kinds differ from the spec's")
# every key of the spec's two examples is a required key
for block, name in ((r"## Mention record.*?```\n(.*?)```", "mention"), (r"## Event record.*?```\n(.*?)```", "event")):
    keys = set(re.findall(r'"([a-z_]+)":', re.search(block, spec, re.S).group(1)))
    keys -= set(spec_roles.get("acquisition", set())) | {"acquirer", "target"}
    keys -= {"name", "ticker", "text", "start", "end", "byte_start", "byte_end", "value", "currency", "approx",
             "min", "max"} if name == "event" else set()
    req = set(ALL["$defs"][name]["required"])
    check(keys <= req, "%s: keys in the spec's example that are not required: %s" % (name, sorted(keys - req)))
check({"stake_pct", "period"} <= set(evs["required"]), "stake_pct and period are not required")


# ---- strictness: what a consumer would suffer from is rejected ----
def rejects(v, rec, what):
    check(not v.is_valid(rec), "schema accepts %s" % what)


good = next(e for e in events if e["amount"] and e["type"] == "acquisition" and "target" in e["roles"])
check(EV.is_valid(good), "a good event is rejected")
bad_cases = [
    ("doc_id as a number", lambda e: e.update(doc_id=17)),
    ("event_id as a number", lambda e: e.update(event_id=170)),
    ("a missing key", lambda e: e.pop("period")),
    ("amount value as a string", lambda e: e["amount"].update(value="1370000000")),
    ("amount currency not ISO", lambda e: e["amount"].update(currency="dlrs")),
    ("doc_date not YYYY-MM-DD", lambda e: e.update(doc_date="03/02/1987")),
    ("doc_date not a date", lambda e: e.update(doc_date="1987-02-30")),
    ("a role the type does not have", lambda e: e["roles"].update(partner=e["roles"]["target"])),
    ("a role of no type", lambda e: e["roles"].update(owner=e["roles"]["target"])),
    ("an empty role list", lambda e: e["roles"].update(target=[])),
    ("a company without start", lambda e: e["roles"]["target"][0].pop("start")),
    ("a negative offset", lambda e: e["trigger"].update(start=-1)),
    ("confidence above 1", lambda e: e.update(confidence=1.5)),
    ("an unknown status", lambda e: e.update(status="done")),
    ("modality null", lambda e: e.update(modality=None)),
    ("version 2", lambda e: e.update(v=2)),
    ("a change unit 'pct'", lambda e: e.update(change={"value": -2.3, "unit": "pct", "text": "x", "start": 0,
                                                        "end": 1, "byte_start": 0, "byte_end": 1})),
]
for what, mutate in bad_cases:
    e = copy.deepcopy(good)
    mutate(e)
    rejects(EV, e, "an event with " + what)
money = next(m for m in mentions if m["kind"] == "money")
company = next(m for m in mentions if m["kind"] == "company")
check(MEN.is_valid(money) and MEN.is_valid(company), "good mentions are rejected")
for what, base, mutate in [
    ("money without currency", money, lambda m: m.update(currency=None)),
    ("money without value", money, lambda m: m.update(value=None)),
    ("a company with a value", company, lambda m: m.update(value=3)),
    ("an unknown kind", company, lambda m: m.update(kind="person")),
    ("doc_id as a number", company, lambda m: m.update(doc_id=17)),
]:
    m = copy.deepcopy(base)
    mutate(m)
    rejects(MEN, m, "a mention with " + what)

# ---- study.json ----
stats = {"csect_t": {"value": 2.1, "p": 0.04}, "patell_z": {"value": None, "p": None}}
study = {"firm_events": [{"event_id": "17:0", "ticker": "WMX", "status": "ok"},
                         {"event_id": "17:0", "ticker": None, "status": "no_ticker"}],
         "aar": [{"day": -1, "aar": 0.001, "n": 12, "stats": stats}, {"day": 0, "aar": 0.02, "n": 12, "stats": stats}],
         "caar": [{"window": [-1, 1], "caar": 0.025, "n": 12, "stats": stats}],
         "groups": {"acquisition": {"aar": [], "caar": []}}}
check(STUDY.is_valid(study), "the study.json sample is rejected: %s" %
      [e.message for e in STUDY.iter_errors(study)][:3])
for what, mutate in [
    ("no caar", lambda s: s.pop("caar")),
    ("an unknown firm-event status", lambda s: s["firm_events"][0].update(status="fine")),
    ("a window of three days", lambda s: s["caar"][0].update(window=[-1, 0, 1])),
    ("a p-value above 1", lambda s: s["aar"][0]["stats"]["csect_t"].update(p=1.5)),
    ("n as a string", lambda s: s["aar"][0].update(n="12")),
]:
    s = copy.deepcopy(study)
    mutate(s)
    rejects(STUDY, s, "a study.json with " + what)

commands = subprocess.run(NEWSFX + ["help"], capture_output=True, text=True).stdout
if re.search(r"^  study\b", commands, re.M):
    out = os.path.join(folder, "study")
    ev_path = os.path.join(folder, "events.jsonl")
    with open(ev_path, "w", encoding="utf-8") as f:
        f.write(newsfx("extract", "-q", REUTERS))
    prices = os.path.join(SHARED, "data", "prices1987")
    # the study command's interface as spec/eventstudy.md describes it; adjust here if it differs
    newsfx("study", "--events", ev_path, "--prices", os.path.join(prices, "stocks_1985_1988.csv"),
           "--market", os.path.join(prices, "EWMKT_1986_1987.csv"), "-o", out, ok=(0, 1))
    real = json.load(open(os.path.join(out, "study.json"), encoding="utf-8"))
    validate(STUDY, [real], "study.json")
    check(len(real["firm_events"]) > 0, "study.json: no firm-events")
else:
    print("notice: this build has no 'newsfx study'; real study.json output not validated (sample only)")
done()
