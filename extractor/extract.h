/* extract.h: from one document's text to mentions and events.
 *
 *   nx_model *m = nx_model_load(&opts, &err);        rules + gazetteer + currency table, shared
 *   nx_worker *w = nx_worker_new(m, &err);           one per thread: match data, JIT stack, scratch
 *   nx_result r; nx_result_init(&r);
 *   nx_extract(w, &doc, &r, &err);                   stages: values, entities, linking, events
 *   nx_write_events(&r, &buf); nx_write_mentions(&r, &buf);
 *   nx_result_free(&r); nx_worker_free(w); nx_model_free(m);
 *
 * A model is read-only once loaded and may be shared by any number of workers (threads).
 */
#ifndef NX_EXTRACT_H
#define NX_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "base.h"
#include "decimal.h"
#include "gazetteer.h"
#include "rules.h"
#include "text.h"

/* One input document. The extractor reads it and never frees it; the reader owns it. */
typedef struct nx_doc {
    const char *id;     /* doc_id */
    char *text;         /* UTF-8 (invalid bytes replaced, see text.h), NUL-terminated */
    size_t len;         /* bytes */
    size_t title_len;   /* bytes of the title at the start of text (0: none) */
    const char *date;   /* "YYYY-MM-DD" or NULL */
    const char *time;   /* "HH:MM:SS" or NULL */
    const char *timestamp; /* the date and time as a UTC instant, "YYYY-MM-DDTHH:MM:SSZ", or NULL */
} nx_doc;

/* Currency table (data/currencies.tsv). */
typedef struct nx_currency {
    char *form;    /* lowercase, single spaces */
    char code[4];  /* ISO code; "$" = the document's dollar; "c" = a hundredth of the current currency */
    nx_dec factor;
    int pre, post; /* written before / after the number */
} nx_currency;

typedef struct nx_model_opts {
    const char *const *rule_paths; /* replace the shipped rules (NULL: shipped) */
    size_t nrule_paths;
    const char *const *add_rule_paths; /* added to the rules */
    size_t nadd_rule_paths;
    const char *const *gazetteers; /* added to the shipped gazetteer */
    size_t ngazetteers;
    const char *data_dir;          /* where currencies.tsv and gazetteer.tsv are (NULL: found) */
    const char *rules_dir;         /* where the shipped rules are (NULL: found) */
    unsigned long match_limit;     /* PCRE2 limits per match; 0 = defaults */
    unsigned long depth_limit;
    unsigned long heap_limit_kb;
    double doc_time_budget_ms;     /* per document; 0 = default (2000 ms), < 0 = none */
} nx_model_opts;

typedef struct nx_model {
    nx_ruleset *rules;
    nx_gaz *gaz;
    nx_currency *cur;
    size_t ncur, capcur;
    nx_strindex curindex; /* the forms of cur, for find_currency */
    char **stopnames;   /* data/stopnames.txt, lowercase, sorted: never a company's short name */
    size_t nstop;
    nx_strindex stopindex; /* the stop names, for stopname */
    char **exch_suffix; /* ticker suffix -> currency, e.g. ".L" -> "GBP" */
    char (*exch_code)[4];
    int (*exch_years)[2]; /* the years of the documents a suffix means this currency in: from, to (0: open) */
    size_t nexch;
    const char *data_dir;
    const char *rules_dir;
    char *data_dir_own, *rules_dir_own;
    unsigned long match_limit, depth_limit, heap_limit_kb;
    double time_budget_ms;
    pcre2_code *hedge;  /* "(?:{HEDGE})\s+\z": a hedge word just before a money or percent mention */
    pcre2_code *notstart; /* "(?:{NOTSTART})\s+": a word that does not begin a company's name */
    int *stage_rules[NX_NSTAGE]; /* rule indices of each stage, in load order */
    size_t nstage[NX_NSTAGE];
    int stage_from[NX_NSTAGE]; /* 1 when a rule of the stage has a `from` group (run again on what it found) */
    /* the event rules by word: for word k of the word scan, ev_word_rules[ev_word_off[k] ..
     * ev_word_off[k + 1]) are the places in stage_rules[NX_STAGE_EVENTS] of the rules (not
     * doc_window) whose words hold k; NULL when the rules have no words */
    int *ev_word_off;
    int *ev_word_rules;
} nx_model;

/* The callout number of {PASTYEAR} (a year before the document's): patterns' own callouts may use
 * any other. */
#define NX_PASTYEAR_CALLOUT 255

/* Find the folder holding the shipped rules or data: $NEWSFX_HOME/<what>, then beside the
 * executable (<exe dir>/<what>, <exe dir>/../share/newsfx/<what>), then PREFIX/share/newsfx/<what>.
 * Returns a new string (free with nx_free), or NULL when none exists (errno ENOENT) or when out of
 * memory (errno ENOMEM). */
char *nx_find_shipped(const char *what);

/* Load rules, gazetteer and currency table. Rule compile errors are in the returned model's
 * rules->diag too; on any error returns NULL with err set (code NX_ERULES for rule errors).
 * Free with nx_model_free. */
nx_model *nx_model_load(const nx_model_opts *o, nx_error *err);
/* Like nx_model_load but returns the model even when rules failed to compile, so that
 * `newsfx rules test` can list every diagnostic; *rules_ok tells. NULL only on fatal errors. */
nx_model *nx_model_load_lenient(const nx_model_opts *o, int *rules_ok, nx_error *err);
void nx_model_free(nx_model *m);

/* ---- results ---- */

typedef struct nx_mention {
    int kind;          /* nx_kind */
    size_t s, e;       /* byte span in the document text */
    int rule;          /* rule index; -1 when made from an event's context */
    /* money and percent */
    nx_dec value, min, max;
    int range, approx;
    char cur[4];       /* resolved ISO code, "" for percent */
    int curmode;       /* how the currency was given: see extract.c */
    nx_dec factor;     /* unit factor (cts: 0.01) */
    int from;          /* money this one carries on from, -1 */
    /* company and ticker */
    int ent;           /* entity index, -1 */
    char ticker[16];
    int gaz;           /* gazetteer entry, -1 */
    size_t ns, ne;     /* span of the name (may be inside s..e) */
    size_t as, ae;     /* what the placeholder covers: "<General Partners>", "Name <TICKER>" */
    int dropped;
} nx_mention;

typedef struct nx_entity {
    char *name;        /* canonical name (owned) */
    char ticker[16];
    char *norm;        /* normalized key (owned) */
    int first;         /* first mention */
    int caps_only;     /* only seen in capitals */
    int tagged;        /* the ticker came from the text ("<WMX>"), not from the gazetteer */
    int gaz;
    char parent_ticker[16]; /* no ticker of its own, a unit of a company that has one ("Boeing Co's
                             * Boeing Aerospace Co", "RCA Inc, a division of General Electric"):
                             * the parent's, written as the filler's ticker */
} nx_entity;

typedef struct nx_filler {
    int role;
    int mention;
} nx_filler;

typedef struct nx_event {
    int type;
    int rule;
    int sentence;
    size_t s, e;             /* the match */
    size_t ts, te;           /* trigger */
    nx_filler *fill;
    int nfill, capfill;
    int amount;              /* money mention, -1 */
    int change;              /* percent or money mention, -1 */
    int change_sign;         /* -1 down, +1 up, 0 unknown */
    int amount_neg;
    int amount_zero;         /* no money mention, the amount is 0 (`set amount=0`: an omitted dividend) */
    int stake;               /* percent mention, -1 */
    int status, modality;
    int status_fixed, modality_fixed;
    size_t ps, pe;           /* period text, ps == pe when none */
    double confidence;
    int merged;              /* merged into another event: not written */
    int nmerged;
    char why[160];           /* for --explain: what it merged with */
} nx_event;

typedef struct nx_lost {
    int rule;                /* the candidate that lost */
    int winner;              /* the rule that won */
    size_t s, e;
    int kind_or_type;
    int stage;
    const char *reason;
} nx_lost;

typedef struct nx_result {
    const nx_doc *doc;
    char *abs;               /* text with earlier mentions replaced by placeholders (owned) */
    size_t capabs;
    nx_mention *m;
    size_t nm, capm;
    size_t msorted; /* while events are built: m[0..msorted) is sorted by span, the rest appended */
    nx_entity *ent;
    size_t nent, capent;
    nx_event *ev;
    size_t nev, capev;
    nx_span *sent;
    size_t nsent;
    nx_cpmap cp;
    nx_lost *lost;           /* only with explain */
    size_t nlost, caplost;
    int explain;
    char doc_cur[4];         /* the document's currency */
    size_t title_len;        /* the headline: the document's title, or a first line in capitals */
    uint64_t *wordbits;      /* rule words found: one row per sentence, then one for the document */
    size_t wordstride;       /* uint64 per row */
    size_t capwordbits;
    uint64_t *wsent;         /* per rule word: the sentences that hold it (bit si), when there are 64 or
                              * fewer; else NULL. The worker's: valid until its next document */
    struct nx_wordhit { size_t s, e; int word; } *phits; /* where prefix words occur, by end */
    size_t nphits, capphits;
    int phits_ok;            /* the word scan ran: phits is complete */
    uint32_t *uhits;         /* the phits of each rule or condition with prefix words (nx_rule.puser):
                              * indices into phits, by end, from uhit_off[puser] to uhit_off[puser + 1] */
    size_t *uhit_off;
    size_t capuhits, capuhit_off;
    unsigned abs_version;    /* abs changed (a mention became a placeholder) this many times */
    int fold_risk;           /* the text holds U+017F or U+212A, caselessly an 's' or a 'k' */
    /* limits */
    int limit_hits;          /* matches stopped by a PCRE2 limit */
    int time_exceeded;
    const char *limit_rule;  /* a rule that hit a limit */
} nx_result;

void nx_result_init(nx_result *r);
/* Release what the result holds; it can be reused for the next document. */
void nx_result_free(nx_result *r);
/* Empty r for the next document (nx_extract does it first), keeping the memory of its arrays of
 * NX_RESULT_KEEP bytes or less for that document: allocating them again for every document cost
 * more than 2 % of the time. nx_result_free still releases everything. */
void nx_result_clear(nx_result *r);
#define NX_RESULT_KEEP ((size_t)1 << 20)

typedef struct nx_worker nx_worker;
/* One per thread. Returns NULL (err set) when out of memory. Free with nx_worker_free. */
nx_worker *nx_worker_new(const nx_model *m, nx_error *err);
/* Time every rule from now on (newsfx extract --profile). Returns 0 or -1 (out of memory). */
int nx_worker_profile_on(nx_worker *w);
/* Milliseconds and calls per rule index; then NX_PROF_EXTRA more slots: NX_PROF_TEXT (UTF-8,
 * sentences), NX_PROF_LINK (linking, aliases, currencies). NULL when profiling is off. */
enum { NX_PROF_TEXT, NX_PROF_LINK, NX_PROF_WORDS, NX_PROF_EXTRA };
const double *nx_worker_profile(const nx_worker *w, const long **calls);
void nx_worker_free(nx_worker *w);
/* Give back the worker's scratch buffers over 1 MB (a long document's places, candidates, maps),
 * which grow again when a document needs them: called after a long document, so that a worker
 * does not keep its peak memory. */
void nx_worker_trim(nx_worker *w);

/* Extract from one document into r (cleared first). explain keeps the losing candidates.
 * Returns 0, or -1 with err set: out of memory, or NX_ELIMIT when the document's time budget ran
 * out (r then holds what was found before). PCRE2 limit hits are counted in r, not errors. */
int nx_extract(nx_worker *w, const nx_doc *doc, int explain, nx_result *r, nx_error *err);

/* Append the event records (JSON Lines, format v1 of spec/events.md) to out. */
void nx_write_events(const nx_model *m, const nx_result *r, nx_buf *out);
/* Append one CSV (or TSV when tsv) row per event, columns as nx_csv_header (pipeline.h). */
void nx_write_events_csv(const nx_model *m, const nx_result *r, int tsv, nx_buf *out);
/* Append the mention records. */
void nx_write_mentions(const nx_model *m, const nx_result *r, nx_buf *out);
/* Append a human-readable account of each event: rule, file:line, captures, merged and lost
 * candidates (newsfx extract --explain). */
void nx_write_explain(const nx_model *m, const nx_result *r, nx_buf *out);
/* Number of events that will be written (not merged away). */
size_t nx_result_nevents(const nx_result *r);

/* The words that are no company's short name on their own ("general", "bank"): lowercase, sorted
 * (nx_word_in_sorted), nx_ncommon_words of them. */
extern const char *const nx_common_words[];
extern const size_t nx_ncommon_words;

#endif
