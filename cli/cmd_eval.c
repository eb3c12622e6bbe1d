/* cmd_eval.c: newsfx eval: score the rules over a labeled sample. */
#include <string.h>

#include "../extractor/eval.h"
#include "cli.h"

static const char USAGE[] = "newsfx eval --gold SAMPLE.jsonl [--pred EVENTS.jsonl] [--mentions MENTIONS.jsonl] [options]";
static const char SUMMARY[] =
    "Score events and money/percent mentions against a labeled sample (the gold format of\n"
    "spec/events.md), as the README's section \"Scoring\" defines: precision, recall and F1 per event\n"
    "type, per role, for amounts and changes, for mentions, and overall, strict and relaxed.\n"
    "Without --pred, the current rules extract from the sample's own texts.";
static const char EXAMPLES[] =
    "  newsfx eval --gold data/labeled/newsfx_sample.jsonl\n"
    "  newsfx eval --gold ../shared/labeled/reuters_dev.jsonl --errors | less\n"
    "  newsfx eval --gold data/labeled/newsfx_sample.jsonl --json > baseline.json\n"
    "  newsfx eval --gold data/labeled/newsfx_sample.jsonl --baseline tests/eval/baseline.json\n"
    "  newsfx eval --gold sample.jsonl --pred events.jsonl --mentions mentions.jsonl\n";

static int load_preds_file(nx_preds *p, const char *path, int mentions, nx_error *err)
{
    size_t len;
    char *d = nx_read_any(path, &len, err); /* "-", .gz too */
    if (!d)
        return -1;
    int rc = mentions ? nx_preds_add_mentions(p, d, len, path, err) : nx_preds_add_events(p, d, len, path, err);
    nx_free(d);
    return rc;
}

/* Run the extractor over the sample's own texts. A document over the time budget or with a match
 * stopped by a PCRE2 limit is scored with what was extracted, and named on stderr (*warned counts
 * them). */
static int extract_gold(const nx_gold *g, nx_preds *p, const nx_cli_model *mo, int *exit_code, size_t *warned,
                        nx_error *err)
{
    nx_model *m = nx_cli_load_model(mo, 0, NULL, exit_code);
    if (!m)
        return -2;
    nx_worker *w = nx_worker_new(m, err);
    if (!w) {
        nx_model_free(m);
        return -1;
    }
    nx_result res;
    nx_result_init(&res);
    nx_buf evb = NX_BUF_INIT, mb = NX_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < nx_gold_ndocs(g) && !rc; i++) {
        size_t len;
        const char *t = nx_gold_doc_text(g, i, &len);
        char *text = nx_strndup(t, len);
        if (!text) {
            rc = nx_error_nomem(err);
            break;
        }
        nx_doc doc = {nx_gold_doc_id(g, i), text, len, 0, nx_gold_doc_date(g, i), NULL, NULL};
        nx_error e = {0};
        int x = nx_extract(w, &doc, 0, &res, &e);
        if (x && e.code != NX_ELIMIT) {
            rc = nx_error_set(err, e.code, "'%s': %s", doc.id, e.msg);
        } else {
            if (x) {
                nx_cli_error("warning: '%s': %s: scored with what was extracted before", doc.id, e.msg);
                (*warned)++;
            } else if (res.limit_hits) {
                nx_cli_error("warning: '%s': %d match%s stopped by a PCRE2 limit (rule '%s')", doc.id,
                             res.limit_hits, res.limit_hits == 1 ? "" : "es", res.limit_rule);
                (*warned)++;
            }
            nx_write_events(m, &res, &evb);
            nx_write_mentions(m, &res, &mb);
        }
        nx_result_free(&res);
        nx_free(text);
    }
    if (!rc && (evb.oom || mb.oom))
        rc = nx_error_nomem(err);
    if (!rc)
        rc = nx_preds_add_events(p, evb.p ? evb.p : "", evb.len, "extraction", err);
    if (!rc)
        rc = nx_preds_add_mentions(p, mb.p ? mb.p : "", mb.len, "extraction", err);
    nx_buf_free(&evb);
    nx_buf_free(&mb);
    nx_worker_free(w);
    nx_model_free(m);
    return rc;
}

int nx_cmd_eval(int argc, char **argv)
{
    const char *gold = NULL, *pred = NULL, *ments = NULL, *baseline = NULL;
    int json = 0, errors = 0, help = 0;
    double tol = 0.005;
    nx_cli_model mo;
    nx_cli_model_init(&mo);
    const nx_opt opts[] = {
        {0, "gold", NX_OPT_STRING, &gold, "FILE", "the labeled sample (required)"},
        {0, "pred", NX_OPT_STRING, &pred, "FILE", "predicted events (default: extract from the sample's texts)"},
        {0, "mentions", NX_OPT_STRING, &ments, "FILE", "predicted mentions (with --pred)"},
        {0, "json", NX_OPT_FLAG, &json, NULL, "print the report as JSON (the --baseline format)"},
        {0, "errors", NX_OPT_FLAG, &errors, NULL, "list every false positive and negative, then the error kinds"},
        {0, "baseline", NX_OPT_STRING, &baseline, "FILE", "compare with a saved --json report; exit 1 if worse"},
        {0, "tolerance", NX_OPT_DOUBLE, &tol, "X", "how much an overall F1 may fall (default 0.005)"},
        NX_CLI_MODEL_OPTS(mo),
        {0}};
    nx_strlist pos = {0};
    nx_error err = {0};
    int rc = 0;
    nx_gold *g = NULL;
    nx_preds *p = NULL;
    nx_eval_report *rep = NULL;
    nx_buf out = NX_BUF_INIT;
    if (nx_opts_parse(opts, argc, argv, &pos, &help, &err)) {
        rc = nx_cli_usage("eval", "%s", err.msg);
        goto done;
    }
    if (help) {
        nx_opts_usage(stdout, USAGE, SUMMARY, opts, EXAMPLES);
        goto done;
    }
    if (!gold || pos.n) {
        rc = nx_cli_usage("eval", pos.n ? "unexpected argument '%s'" : "--gold FILE is required", pos.n ? pos.v[0] : "");
        goto done;
    }
    if (!(tol >= 0 && tol <= 1)) { /* NaN too */
        rc = nx_cli_usage("eval", "--tolerance must be a number from 0 to 1, got %g", tol);
        goto done;
    }
    if (ments && !pred) {
        rc = nx_cli_usage("eval", "--mentions needs --pred");
        goto done;
    }
    g = nx_gold_load(gold, &err);
    p = nx_preds_new();
    if (!g || !p) {
        if (!p)
            nx_error_nomem(&err);
        rc = nx_cli_fail(&err);
        goto done;
    }
    if (pred) {
        if (load_preds_file(p, pred, 0, &err) || (ments && load_preds_file(p, ments, 1, &err))) {
            rc = nx_cli_fail(&err);
            goto done;
        }
    } else {
        size_t warned = 0;
        int x = extract_gold(g, p, &mo, &rc, &warned, &err);
        if (x == -2)
            goto done;
        if (x) {
            rc = nx_cli_fail(&err);
            goto done;
        }
    }
    const char *stray;
    size_t nstray = nx_preds_unmatched(p, g, &stray);
    if (nstray)
        nx_cli_error("warning: %zu predicted document%s not in the sample (the first '%s') count%s for nothing: "
                     "are the ids the sample's doc_ids (extract --id-field)?", nstray, nstray == 1 ? " is" : "s are",
                     stray, nstray == 1 ? "s" : "");
    rep = nx_eval_score(g, p, &err);
    if (!rep) {
        rc = nx_cli_fail(&err);
        goto done;
    }
    if (json)
        nx_eval_write_json(rep, &out);
    else
        nx_eval_write_table(rep, &out);
    if (errors) {
        nx_buf_adds(&out, "\n");
        nx_eval_write_errors(rep, g, p, &out);
    }
    int worse = 0;
    if (baseline) {
        nx_buf cmp = NX_BUF_INIT;
        if (nx_eval_compare(rep, baseline, tol, &cmp, &worse, &err)) {
            nx_buf_free(&cmp);
            rc = nx_cli_fail(&err);
            goto done;
        }
        /* with --json, stdout stays JSON: the comparison goes to stderr */
        if (json)
            fputs(cmp.p ? cmp.p : "", stderr);
        else {
            nx_buf_adds(&out, "\ncompared with ");
            nx_buf_adds(&out, baseline);
            nx_buf_adds(&out, ":\n");
            nx_buf_add(&out, cmp.p ? cmp.p : "", cmp.len);
        }
        nx_buf_free(&cmp);
    }
    if (out.oom) {
        nx_error_nomem(&err);
        rc = nx_cli_fail(&err);
        goto done;
    }
    fwrite(out.p ? out.p : "", 1, out.len, stdout);
    if (fflush(stdout) || ferror(stdout)) {
        nx_cli_error("cannot write to stdout");
        rc = NX_EXIT_FATAL;
        goto done;
    }
    if (worse) {
        nx_cli_error("an overall F1 fell by more than %.4f against '%s'", tol, baseline);
        rc = NX_EXIT_REJECTED;
    }
done:
    nx_buf_free(&out);
    nx_eval_report_free(rep);
    nx_preds_free(p);
    nx_gold_free(g);
    nx_strlist_free(&pos);
    nx_cli_model_free(&mo);
    return rc;
}
