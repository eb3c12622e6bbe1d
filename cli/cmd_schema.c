/* cmd_schema.c: newsfx schema: the JSON Schema (draft 2020-12) of what newsfx writes.
 *
 * The schemas are built from the same name tables the writers use (event types, roles and which
 * roles each type admits, statuses, modalities, mention kinds), so they cannot drift from them; the
 * field list and the types follow spec/events.md (format v1): every key the spec lists is required,
 * null only where the spec allows it. Keys the spec may add later are not forbidden (a consumer's
 * validation keeps working across additive changes); tests/clients check that the output has no key
 * the schema does not describe. The study.json schema fixes only what the study's output contract
 * (spec/eventstudy.md) already fixes.
 */
#include <errno.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] = "newsfx schema [events|mentions|study|all]";
static const char SUMMARY[] =
    "Print the JSON Schema (draft 2020-12) of newsfx's records: 'events' for one line of\n"
    "'newsfx extract', 'mentions' for one line of 'newsfx extract --mentions', 'study' for the\n"
    "study.json of 'newsfx study', 'all' (the default) for one document holding the three under\n"
    "$defs. Validate with any draft 2020-12 validator (Python's jsonschema, ajv, ...).";
static const char EXAMPLES[] =
    "  newsfx schema events > event.schema.json\n"
    "  newsfx schema | jq '.[\"$defs\"] | keys'\n"
    "  newsfx schema events | jq -r '.properties | keys[]'\n";

static const char DRAFT[] = "https://json-schema.org/draft/2020-12/schema";

/* ---- small builders (each returns a new reference; the json_pack "o" steals it) ----
 * Out of memory anywhere makes a builder return NULL or drop a member; `bad` records it, and a
 * NULL passed on to json_pack or set() fails that too, so nothing partial is ever printed. */

static int bad;
static void set(json_t *o, const char *k, json_t *v)
{
    if (!v || json_object_set_new(o, k, v))
        bad = 1;
}
static void push(json_t *a, json_t *v)
{
    if (!v || json_array_append_new(a, v))
        bad = 1;
}

static json_t *type1(const char *t) { return json_pack("{s:s}", "type", t); }
static json_t *type_or_null(const char *t) { return json_pack("{s:[s,s]}", "type", t, "null"); }
static json_t *offset(void) { return json_pack("{s:s,s:i}", "type", "integer", "minimum", 0); }
static json_t *ref(const char *def) { return json_pack("{s:s+}", "$ref", "#/$defs/", def); }
static json_t *ref_or_null(const char *def) { return json_pack("{s:[o,{s:s}]}", "anyOf", ref(def), "type", "null"); }
static json_t *described(json_t *s, const char *d)
{
    set(s, "description", json_string(d));
    return s;
}

/* {"enum": names (and null)} */
static json_t *enum_of(const char *const *names, int n, int nullable)
{
    json_t *e = json_array();
    for (int i = 0; i < n; i++)
        push(e, json_string(names[i]));
    if (nullable)
        push(e, json_null());
    return json_pack("{s:o}", "enum", e);
}

/* An object schema whose every property is required. */
static json_t *record(const char *desc, json_t *props)
{
    json_t *req = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(props, k, v) push(req, json_string(k));
    return json_pack("{s:s,s:s,s:o,s:o}", "type", "object", "description", desc, "properties", props,
                     "required", req);
}

/* The span keys every piece of document text carries (spec: offsets). */
static void add_span(json_t *props)
{
    set(props, "text", described(type1("string"), "the exact substring of the document"));
    set(props, "start", described(offset(), "Unicode code points, half-open"));
    set(props, "end", offset());
    set(props, "byte_start", described(offset(), "UTF-8 bytes, half-open"));
    set(props, "byte_end", offset());
}

static json_t *currency(void)
{
    return described(json_pack("{s:s,s:s}", "type", "string", "pattern", "^[A-Z]{3}$"), "ISO 4217 code");
}

static json_t *date_or_null(void)
{
    return json_pack("{s:[s,s],s:s,s:s}", "type", "string", "null", "format", "date", "pattern",
                     "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
}

/* ---- format v1 (spec/events.md) ---- */

static json_t *def_span(void)
{
    json_t *p = json_object();
    add_span(p);
    return record("a piece of the document text", p);
}

static json_t *def_company(void)
{
    json_t *p = json_object();
    set(p, "name", described(type1("string"), "canonical company name"));
    set(p, "ticker", described(type_or_null("string"), "symbol when known"));
    add_span(p);
    return record("a company filling a role", p);
}

static json_t *def_money(void)
{
    json_t *p = json_object();
    set(p, "value", described(type1("number"),
                                              "whole currency units, from the decimal text (integer when whole); "
                                              "the midpoint of a range"));
    set(p, "currency", currency());
    set(p, "approx", type1("boolean"));
    set(p, "min", type_or_null("number"));
    set(p, "max", type_or_null("number"));
    add_span(p);
    return record("an amount of money", p);
}

static json_t *def_change(void)
{
    json_t *p = json_object();
    set(p, "value", described(type1("number"), "signed: down is negative"));
    set(p, "unit", described(json_pack("{s:s,s:s}", "type", "string", "pattern",
                                                       "^(percent|[A-Z]{3})$"),
                                             "'percent' or the currency of a price change"));
    add_span(p);
    return record("a reported change (share price move)", p);
}

static json_t *def_event(void)
{
    json_t *p = json_object();
    set(p, "v", json_pack("{s:i}", "const", 1));
    set(p, "event_id", described(type1("string"), "doc_id:n, n counting the document's events from 0"));
    set(p, "doc_id", type1("string"));
    set(p, "doc_date", described(date_or_null(), "YYYY-MM-DD"));
    set(p, "timestamp", described(json_pack("{s:[s,s],s:s,s:s}", "type", "string", "null", "format", "date-time",
                                            "pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"),
                                  "the document's date and time as a UTC instant (null without a time)"));
    set(p, "type", enum_of(nx_type_names, NX_NTYPE, 0));
    set(p, "status", enum_of(nx_status_names, NX_NSTATUS, 1));
    set(p, "modality", enum_of(nx_modality_names, NX_NMOD, 0));
    set(p, "roles", described(json_pack("{s:s,s:o,s:{s:s,s:o,s:i}}", "type", "object", "propertyNames",
                                                        enum_of(nx_role_names, NX_NROLE, 0),
                                                        "additionalProperties", "type", "array", "items",
                                                        ref("company"), "minItems", 1),
                                              "role name -> the companies in that role"));
    set(p, "amount", described(ref_or_null("money"), "deal value, amount raised or invested, "
                                                                     "reported figure, dividend per share"));
    set(p, "change", ref_or_null("change"));
    set(p, "stake_pct", described(type_or_null("number"), "percent of the target or investee"));
    set(p, "period", described(type_or_null("string"), "as stated, e.g. 'Q1 1987'"));
    set(p, "trigger", ref("span"));
    set(p, "sentence", described(json_pack("{s:s,s:i}", "type", "integer", "minimum", 0),
                                                 "index of the sentence in the document"));
    set(p, "rule", type1("string"));
    set(p, "rule_loc", described(type1("string"), "file:line of the rule"));
    set(p, "confidence", json_pack("{s:s,s:i,s:i}", "type", "number", "minimum", 0, "maximum", 1));
    json_t *ev = record("an event record (newsfx extract), format v1", p);
    /* the roles each type admits */
    json_t *all = json_array();
    for (int t = 0; t < NX_NTYPE; t++) {
        const char *roles[NX_NROLE];
        int n = 0;
        for (int r = 0; r < NX_NROLE; r++)
            if (nx_type_roles[t] & (1u << r))
                roles[n++] = nx_role_names[r];
        push(all, json_pack("{s:{s:{s:{s:s}}},s:{s:{s:{s:o}}}}", "if", "properties", "type",
                                             "const", nx_type_names[t], "then", "properties", "roles",
                                             "propertyNames", enum_of(roles, n, 0)));
    }
    set(ev, "allOf", all);
    return ev;
}

static json_t *def_mention(void)
{
    json_t *p = json_object();
    set(p, "v", json_pack("{s:i}", "const", 1));
    set(p, "doc_id", type1("string"));
    set(p, "kind", enum_of(nx_kind_names, NX_NKIND, 0));
    add_span(p);
    set(p, "value", described(type_or_null("number"),
                                              "money: whole currency units; percent: number of percent"));
    set(p, "currency", json_pack("{s:[o,{s:s}]}", "anyOf", currency(), "type", "null"));
    set(p, "approx", type1("boolean"));
    set(p, "min", type_or_null("number"));
    set(p, "max", type_or_null("number"));
    set(p, "name", described(type_or_null("string"), "company: canonical name"));
    set(p, "ticker", type_or_null("string"));
    set(p, "rule", described(type1("string"), "rule id, or 'context' for a mention made from an event"));
    set(p, "rule_loc", type_or_null("string"));
    json_t *m = record("a mention record (newsfx extract --mentions), format v1", p);
    /* money has a value and a currency, percent a value and no currency, the other kinds neither */
    set(
        m, "allOf",
        json_pack("[{s:{s:{s:{s:s}}},s:{s:{s:o,s:o}}},"
                  " {s:{s:{s:{s:s}}},s:{s:{s:o,s:{s:s}}}},"
                  " {s:{s:{s:{s:[s,s,s]}}},s:{s:{s:{s:s},s:{s:s},s:{s:s},s:{s:s}}}}]",
                  "if", "properties", "kind", "const", "money", "then", "properties", "value", type1("number"),
                  "currency", currency(), "if", "properties", "kind", "const", "percent", "then", "properties",
                  "value", type1("number"), "currency", "type", "null", "if", "properties", "kind", "enum",
                  "company", "ticker", "date", "then", "properties", "value", "type", "null", "currency", "type", "null",
                  "min", "type", "null", "max", "type", "null"));
    return m;
}

/* study.json (spec/eventstudy.md): fixed where the spec fixes it, open elsewhere. */
static json_t *def_study(void)
{
    static const char *const status[] = {"ok", "no_ticker", "unknown_ticker", "no_prices_at_event",
                                         "estimation_short", "event_window_missing", "estimation_constant",
                                         "overlap_dropped"};
    json_t *stat = json_pack("{s:s,s:{s:o,s:{s:[s,s],s:i,s:i}}}", "type", "object", "properties", "value",
                             type_or_null("number"), "p", "type", "number", "null", "minimum", 0, "maximum", 1);
    json_t *stats = described(json_pack("{s:s,s:o}", "type", "object", "additionalProperties", stat),
                              "test name (csect_t, patell_z, bmp_t, ...) -> {value, p}");
    json_t *fe = json_pack("{s:s,s:[s,s],s:{s:o,s:o,s:o}}", "type", "object", "required", "event_id", "status",
                           "properties", "event_id", type1("string"), "ticker", type_or_null("string"), "status",
                           enum_of(status, (int)(sizeof status / sizeof *status), 0));
    json_t *aar = json_pack("{s:s,s:[s,s,s],s:{s:o,s:o,s:o,s:o}}", "type", "object", "required", "day", "aar", "n",
                            "properties", "day", type1("integer"), "aar", type_or_null("number"), "n",
                            offset(), "stats", json_deep_copy(stats));
    json_t *caar = json_pack("{s:s,s:[s,s,s],s:{s:{s:s,s:{s:s},s:i,s:i},s:o,s:o,s:o}}", "type", "object", "required",
                             "window", "caar", "n", "properties", "window", "type", "array", "items", "type",
                             "integer", "minItems", 2, "maxItems", 2, "caar", type_or_null("number"), "n", offset(),
                             "stats", stats);
    json_t *p = json_pack("{s:{s:s,s:o},s:{s:s,s:o},s:{s:s,s:o},s:o}", "firm_events", "type", "array", "items", fe,
                          "aar", "type", "array", "items", aar, "caar", "type", "array", "items", caar, "groups",
                          described(type1("object"), "per group (event type, ...): its own aar and caar"));
    /* the cross-section (newsfx study --regress); absent without it */
    json_t *kinds = json_pack("{s:s,s:[s,s,s,s],s:{s:o,s:o,s:o,s:o}}", "type", "object", "required", "ols", "hc1",
                              "hc3", "cluster", "properties", "ols", type_or_null("number"), "hc1",
                              type_or_null("number"), "hc3", type_or_null("number"), "cluster", type_or_null("number"));
    json_t *term = json_pack("{s:s,s:[s,s,s,s,s],s:{s:o,s:o,s:o,s:o,s:o}}", "type", "object", "required", "term", "coef",
                             "se", "t", "p", "properties", "term", type1("string"), "coef", type_or_null("number"), "se",
                             json_deep_copy(kinds), "t", json_deep_copy(kinds), "p", kinds);
    json_t *reg = json_pack(
        "{s:s,s:[s,s,s,s,s,s,s,s,s,s,s,s],s:{s:o,s:o,s:o,s:o,s:o,s:o,s:{s:s,s:o},s:o,s:o,s:{s:[s,s],s:o},s:{s:s,s:o},"
        "s:o}}",
        "type", "object", "required", "window", "y", "weights", "n", "k", "clusters", "dropped", "r2", "adj_r2", "terms",
        "notes", "reason", "properties", "window", type1("string"), "y", type1("string"), "weights",
        json_pack("{s:[s,s]}", "enum", "ols", "wls"), "n", offset(), "k", json_pack("{s:[s,s],s:i}", "type", "integer",
        "null", "minimum", 0), "clusters", json_pack("{s:[s,s],s:i}", "type", "integer", "null", "minimum", 0),
        "dropped", "type", "object", "additionalProperties", offset(), "r2", type_or_null("number"), "adj_r2",
        type_or_null("number"), "terms", "type", "array", "null", "items", term, "notes", "type", "array", "items",
        type1("string"), "reason", type_or_null("string"));
    set(p, "regression",
        described(reg, "the cross-sectional regression of the CARs (newsfx study --regress); reason is null when "
                       "it was estimated, else says why, with k, clusters, r2, adj_r2 and terms null"));
    /* the CAAR over event time with its band (analysis/plot.h): all, then each group */
    json_t *pt = json_pack("{s:s,s:[s,s,s,s,s],s:{s:o,s:o,s:o,s:o,s:o}}", "type", "object", "required", "day", "caar",
                           "lo", "hi", "n", "properties", "day", type1("integer"), "caar", type_or_null("number"), "lo",
                           type_or_null("number"), "hi", type_or_null("number"), "n", offset());
    json_t *path = json_pack("{s:s,s:[s,s],s:{s:o,s:{s:s,s:o}}}", "type", "object", "required", "group", "points",
                             "properties", "group", type1("string"), "points", "type", "array", "items", pt);
    set(p, "caar_path",
        described(json_pack("{s:s,s:o}", "type", "array", "items", path),
                  "per event day, the mean over the ok firm-events of their AR summed from the first event day, "
                  "and its 95% band mean -/+ t(0.975, N-1) sd / sqrt(N) (lo and hi null when N < 2); \"all\" "
                  "first, then each group"));
    return json_pack("{s:s,s:s,s:o,s:[s,s,s]}", "description", "study.json (newsfx study)", "type", "object",
                     "properties", p, "required", "firm_events", "aar", "caar");
}

/* A standalone schema document: the root plus the $defs it refers to. */
static json_t *document(const char *id, const char *title, json_t *root, json_t *defs)
{
    json_t *d = json_pack("{s:s,s:s,s:s}", "$schema", DRAFT, "$id", id, "title", title);
    if (!d || !root || json_object_update(d, root))
        bad = 1;
    json_decref(root);
    if (defs)
        set(d, "$defs", defs);
    return d;
}

static json_t *record_defs(void)
{
    json_t *d = json_pack("{s:o,s:o,s:o,s:o}", "span", def_span(), "company", def_company(), "money", def_money(),
                          "change", def_change());
    if (!d) /* document() takes NULL for "no $defs" */
        bad = 1;
    return d;
}

static json_t *schema_events(void)
{
    return document("urn:newsfx:schema:v1:event", "newsfx event record v1", def_event(), record_defs());
}

static json_t *schema_mentions(void)
{
    return document("urn:newsfx:schema:v1:mention", "newsfx mention record v1", def_mention(), NULL);
}

static json_t *schema_study(void)
{
    return document("urn:newsfx:schema:study", "newsfx study.json", def_study(), NULL);
}

static json_t *schema_all(void)
{
    json_t *defs = record_defs();
    set(defs, "event", def_event());
    set(defs, "mention", def_mention());
    set(defs, "study", def_study());
    return document("urn:newsfx:schema:v1",
                    "newsfx records v1 (validate against $defs/event, $defs/mention, $defs/study)", json_object(),
                    defs);
}

static const struct {
    const char *name;
    json_t *(*build)(void);
} SCHEMAS[] = {{"events", schema_events}, {"mentions", schema_mentions}, {"study", schema_study}, {"all", schema_all}};

int nx_cmd_schema(int argc, char **argv)
{
    int help = 0;
    const nx_opt opts[] = {{0}};
    nx_strlist pos = {0};
    nx_error err = {0};
    int rc = NX_EXIT_OK;
    if (nx_opts_parse(opts, argc, argv, &pos, &help, &err)) {
        rc = nx_cli_usage("schema", "%s", err.msg);
        goto done;
    }
    if (help) {
        nx_opts_usage(stdout, USAGE, SUMMARY, opts, EXAMPLES);
        goto done;
    }
    if (pos.n > 1) {
        rc = nx_cli_usage("schema", "one schema at a time, got '%s' and '%s'", pos.v[0], pos.v[1]);
        goto done;
    }
    const char *what = pos.n ? pos.v[0] : "all";
    size_t k = 0;
    while (k < sizeof SCHEMAS / sizeof *SCHEMAS && strcmp(SCHEMAS[k].name, what) != 0)
        k++;
    if (k == sizeof SCHEMAS / sizeof *SCHEMAS) {
        rc = nx_cli_usage("schema", "unknown schema '%s' (events, mentions, study, all)", what);
        goto done;
    }
    bad = 0;
    json_t *s = SCHEMAS[k].build();
    /* json_dumpb into a buffer sized by a first pass, not json_dumps: jansson 2.14 ignores a failed
     * append of an object key to json_dumps's growing buffer and drops the key silently */
    size_t n = s && !bad ? json_dumpb(s, NULL, 0, JSON_INDENT(2)) : 0;
    char *text = n ? nx_malloc(n + 1) : NULL;
    if (text && json_dumpb(s, text, n, JSON_INDENT(2)) != n) {
        nx_free(text);
        text = NULL;
    }
    if (text)
        text[n] = 0;
    json_decref(s);
    if (!text) {
        nx_cli_error("out of memory");
        rc = NX_EXIT_FATAL;
        goto done;
    }
    if (fputs(text, stdout) == EOF || putchar('\n') == EOF || fflush(stdout) == EOF) {
        nx_cli_error("cannot write to stdout: %s", strerror(errno));
        rc = NX_EXIT_FATAL;
    }
    nx_free(text);
done:
    nx_strlist_free(&pos);
    return rc;
}
