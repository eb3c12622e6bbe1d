/* eval.h: scoring predicted events and mentions against a labeled (gold) sample, exactly as the README
 * section "Scoring" says (tests/eval/score_ref.py is an independent implementation of that text).
 *
 *   nx_gold *g = nx_gold_load("sample.jsonl", &err);
 *   nx_preds *p = nx_preds_new();
 *   nx_preds_add_events_jsonl(p, buf, len, "pred.jsonl", &err);     or from an extraction run
 *   nx_eval_report *rep = nx_eval_score(g, p, &err);
 *   nx_eval_write_table(rep, &out); nx_eval_write_json(rep, &out); nx_eval_write_errors(rep, g, p, &out);
 *   nx_eval_report_free(rep); nx_preds_free(p); nx_gold_free(g);
 */
#ifndef NX_EVAL_H
#define NX_EVAL_H

#include <stddef.h>

#include "base.h"

typedef struct nx_gold nx_gold;
typedef struct nx_preds nx_preds;
typedef struct nx_eval_report nx_eval_report;

/* Read a labeled sample (one document per line: doc_id, doc_date, text, events, mentions). A broken
 * line is an error naming file and line. Returns NULL with err set. Free with nx_gold_free. */
nx_gold *nx_gold_load(const char *path, nx_error *err);
void nx_gold_free(nx_gold *g);
size_t nx_gold_ndocs(const nx_gold *g);
/* The i-th document (for running the extractor on the sample's own texts). */
const char *nx_gold_doc_id(const nx_gold *g, size_t i);
const char *nx_gold_doc_text(const nx_gold *g, size_t i, size_t *len);
const char *nx_gold_doc_date(const nx_gold *g, size_t i);

nx_preds *nx_preds_new(void);
void nx_preds_free(nx_preds *p);
/* Add event records (JSON Lines, spec/events.md) from memory; `name` is used in messages
 * ("pred.jsonl:3: broken JSON ..."). Records of documents not in the sample are ignored later.
 * Returns 0 or -1 with err set. */
int nx_preds_add_events(nx_preds *p, const char *data, size_t len, const char *name, nx_error *err);
/* Add mention records likewise. */
int nx_preds_add_mentions(nx_preds *p, const char *data, size_t len, const char *name, nx_error *err);
/* Say that mentions were predicted (even if none): otherwise the mention scores are left out. */
void nx_preds_have_mentions(nx_preds *p);

/* The predicted documents that are not in the sample (their records count for nothing): how many,
 * and the first one's id in *example (owned by p; NULL when none). */
size_t nx_preds_unmatched(const nx_preds *p, const nx_gold *g, const char **example);

/* Score. Returns the report (free with nx_eval_report_free) or NULL with err set (out of memory). */
nx_eval_report *nx_eval_score(const nx_gold *g, const nx_preds *p, nx_error *err);
void nx_eval_report_free(nx_eval_report *r);

/* The headline numbers, for messages and the baseline check. */
typedef struct nx_eval_summary {
    double strict_f1, relaxed_f1, money_f1, percent_f1;
    int have_mentions;
} nx_eval_summary;
void nx_eval_get_summary(const nx_eval_report *r, nx_eval_summary *s);

/* Aligned tables for people. */
void nx_eval_write_table(const nx_eval_report *r, nx_buf *out);
/* The whole report as one JSON object (the format --baseline reads back). */
void nx_eval_write_json(const nx_eval_report *r, nx_buf *out);
/* Every false positive and false negative, with doc_id, sentence and rule, then the error kinds
 * counted. */
void nx_eval_write_errors(const nx_eval_report *r, const nx_gold *g, const nx_preds *p, nx_buf *out);
/* Compare with a saved --json report: appends what got better and worse, doc by doc, to out; sets
 * *worse when an overall F1 fell by more than tol. Returns 0, or -1 with err set when the baseline
 * cannot be read. */
int nx_eval_compare(const nx_eval_report *r, const char *baseline_path, double tol, nx_buf *out, int *worse,
                    nx_error *err);

/* The company-name key of the README ("Waste Management Inc." -> "waste management").
 * Returns a new string (free with nx_free) or NULL when out of memory. */
char *nx_eval_name_key(const char *s, size_t n);

#endif
