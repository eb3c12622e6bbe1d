/* extract.c: the extraction pipeline for one document (see extract.h).
 *
 * Stages, each a set of PCRE2 rules over the document:
 *   values    money, percent, date mentions, on the text itself;
 *   entities  companies and tickers (plus the gazetteer), on the text with values replaced by
 *             same-length placeholders ("\x01M\x02\x02..."), so rules can say @money;
 *   linking   (code) company mentions grouped into entities, canonical names and tickers, later short
 *             mentions ("ChemLawn" after "ChemLawn Corp") found, currencies resolved in text order;
 *   events    per sentence (or whole document), on the text with every mention replaced;
 *   modifiers status and modality cues applied to the events of their sentence.
 * Overlapping candidates of a stage are resolved deterministically: longest, then priority, then
 * file order (events: among candidates of the same type only).
 */
#include "extract.h"

#include "prefilter.h"
#include "simd.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { CUR_EXPLICIT, CUR_DOLLAR, CUR_SUBUNIT, CUR_NONE, CUR_INHERIT };

typedef struct cand {
    size_t s, e;   /* span used for overlap: the `m` group or the whole match */
    size_t ms, me; /* the whole match */
    int rule;
    size_t ov;     /* index of its ovector pairs in the pool */
    int novec;
    int gaz;       /* builtin gazetteer entry, -1 */
    int ent;       /* builtin aliases entity, -1 */
    int sentence;
    int won;
    int winner;
    int prio;      /* its rule's priority, set by resolve for its sort (no model shared by threads) */
} cand;

typedef struct cands {
    cand *c;
    size_t n, cap;
    size_t *pool;
    size_t npool, cappool;
} cands;

struct nx_worker {
    const nx_model *m;
    double *prof_ms;   /* time per rule (and per stage step), when profiling */
    long *prof_calls;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    double t0;         /* the document's start: the wall clock (now_ms) ... */
    double t0cpu;      /* ... and the thread's CPU clock (cpu_ms; doc_start_cpu) */
    double cpu_mark;   /* the last reading of the CPU clock (doc_start_cpu) ... */
    double wall_mark;  /* ... and the wall clock's just before it */
    int marked;        /* 0 until the first */
    double budget;
    int timed_out;
    unsigned nchecks; /* over_budget calls: the clock is read at every 16th */
    unsigned char *reach; /* nx_name_reach's flags for the subject of an anchored rule */
    size_t capreach;
    size_t *pos;          /* where an anchored or prefixed rule is tried */
    size_t cappos;
    /* `unless` results shared by the rules whose unless is the same text (PAST of ten deal rules),
     * sentence by sentence: uid[ri] numbers rule ri's unless text (-1 without one), rid[ri] its
     * requires text; row u of umemo
     * (ucap bytes, one a sentence: 0 not yet, 1 matched, 2 did not) holds document ugen[u]'s */
    int *uid;
    int *rid;          /* the same for the `requires` texts (numbered after the unless texts) */
    size_t nuniq;
    unsigned char *umemo;
    size_t ucap;
    unsigned long *ugen;
    unsigned long gen; /* the document being read: a memo of another document is stale */
    /* the places found in a text for the next rule that asks for the same: two a group (a rule runs
     * over the headline, then over the body), groups 0 to nlitgroups - 1 the literal groups
     * (nx_rule.litgroup), group nlitgroups where numbers begin (rules that `starts number`),
     * group nlitgroups + 1 where words begin (literal rules), then the prefix groups
     * (nx_rule.pfxgroup) */
    struct places {
        const char *subj; /* subj[0..len) of document gen at abs version ver; NULL: empty */
        size_t len;
        unsigned long gen;
        unsigned ver;
        unsigned long used; /* when last asked for (of the two, the older is reused) */
        size_t *pos;
        size_t n, cap;
    } *places;
    unsigned long nused;
    cands cs;          /* the candidates of the document being read, kept for the next */
    uint64_t *wsent;   /* nx_result.wsent of the document being read (one per rule word) */
    int *wtouched;     /* the words set in it, to clear */
    size_t nwtouched;
    uint64_t *evsm;    /* run_events: the sentences each event rule may run in (one per rule of the stage) */
    int doc_year;      /* the year of the document in hand ({PASTYEAR}; 0 undated) */
    uint64_t *cov;     /* the document's bytes that a mention covers (cov_build), a bit each, */
    size_t capcov;
    int cov_on;        /* when the document has many mentions (else covered() reads them all) */
    /* resolve over many candidates: their starts sorted (rs_pos), and for each class of candidates
     * that compete (an event type; one class before events) a two-level bitmap of the starts of its
     * winners and the winner at each (rs_bits, rs_win) */
    size_t *rs_pos;
    size_t caprs_pos;
    uint64_t *rs_bits;
    size_t caprs_bits;
    int *rs_win;
    size_t caprs_win;
    nx_multimap ix;    /* linking's index of the document's entities (link_index) or mentions */
    int ix_on;         /* 1 while ix is in use, else 0 (-1: company_at could not build it) */
    int *fwd;          /* linking: the entity each merged one went to, -1 (link_merge) */
    size_t capfwd;
    int fwd_on;
    int *seen;         /* linking: the entity an entity was last compared with (link_caps_prefixes) */
    size_t capseen;
};


static inline int rule_wanted(const nx_result *r, const nx_rule *ru, int sentence);

/* Does sentence `sentence` (-1: the document) hold one of the words of mask (its 64-bit words lo to
 * before hi)? 1 or 0. r->wordbits must be set. */
static inline int words_found(const nx_result *r, const uint64_t *mask, size_t lo, size_t hi, int sentence)
{
    const uint64_t *b = r->wordbits + (size_t)(sentence < 0 ? r->nsent : (size_t)sentence) * r->wordstride;
    for (size_t i = lo; i < hi; i++)
        if (b[i] & mask[i])
            return 1;
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The CPU time of the calling thread, in ms: the time budget's clock, so that a document's verdict
 * does not hang on how many threads share the cores (reading it is a system call, 20 times a
 * read of now_ms: read at a document's start at most once a millisecond, doc_start_cpu, and again
 * only once the wall clock is over the budget). */
static double cpu_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
        return now_ms(); /* no thread clock: the wall's */
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The thread's CPU clock at the start of a document, the wall clock reading now: read at most once
 * a millisecond of wall time (a system call: read for every document, 1.4 % of the time); in
 * between, the last reading plus the wall time since, which the CPU clock cannot have outrun. The
 * CPU time a document is charged is then at most 1 ms short of its own: its budget (2000 ms by
 * default) runs out at most 1 ms of CPU time late. */
static double doc_start_cpu(nx_worker *w, double now)
{
    if (!w->marked || now - w->wall_mark >= 1.0) {
        w->wall_mark = now;
        w->cpu_mark = cpu_ms();
        w->marked = 1;
        return w->cpu_mark;
    }
    return w->cpu_mark + (now - w->wall_mark);
}

/* pcre2_match of a pattern over subj[0..len) from start (<= len), subject already valid UTF-8:
 * through pcre2_jit_match, which skips pcre2_match's checks (a tenth of the matching time of the
 * rules tried at many positions), or pcre2_match when the pattern has no JIT code
 * (NEWSFX_NO_JIT=1, or the JIT compiler refused it). Returns as pcre2_match. */
static int xmatch(const pcre2_code *code, const char *subj, size_t len, size_t start, pcre2_match_data *md,
                  pcre2_match_context *mctx)
{
    int rc = pcre2_jit_match(code, (PCRE2_SPTR)subj, len, start, 0, md, mctx);
    if (rc == PCRE2_ERROR_JIT_BADOPTION)
        rc = pcre2_match(code, (PCRE2_SPTR)subj, len, start, PCRE2_NO_UTF_CHECK, md, mctx);
    return rc;
}

/* Number the distinct unless (req 0) or requires (req 1) texts of the rules, by stage and case, into
 * w->uid or w->rid (-1 for a rule without one), from w->nuniq on. */
static void number_texts(nx_worker *w, const nx_model *m, int req)
{
    int *id = req ? w->rid : w->uid;
    for (size_t i = 0; i < m->rules->n; i++) {
        const nx_rule *ri = &m->rules->rules[i];
        const char *t = req ? ri->requires_src : ri->unless_src;
        id[i] = -1;
        if (!t)
            continue;
        for (size_t j = 0; j < i && id[i] < 0; j++) {
            const nx_rule *rj = &m->rules->rules[j];
            const char *tj = req ? rj->requires_src : rj->unless_src;
            if (tj && rj->stage == ri->stage && rj->caseless == ri->caseless && strcmp(tj, t) == 0)
                id[i] = id[j];
        }
        if (id[i] < 0)
            id[i] = (int)w->nuniq++;
    }
}

/* The callout of {PASTYEAR} (model.c), number NX_PASTYEAR_CALLOUT: called just after four digits, it
 * lets the match go on (0) when they are a year before the document's, else makes it fail there (1);
 * in an undated document no year is (the output must not depend on the day of the run). Any other
 * callout of a pattern lets the match go on. */
static int year_callout(pcre2_callout_block *cb, void *data)
{
    const nx_worker *w = data;
    if (cb->callout_string || cb->callout_number != NX_PASTYEAR_CALLOUT)
        return 0; /* a pattern's own callout: nothing to do, as without a callout function */
    size_t p = cb->current_position;
    if (p < 4)
        return 1;
    const unsigned char *q = cb->subject + p - 4;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (q[i] < '0' || q[i] > '9')
            return 1;
        y = y * 10 + (q[i] - '0');
    }
    return y < w->doc_year ? 0 : 1;
}

/* The worker's entries of places (nx_worker.places): two for each literal group, the number
 * starts, the word starts and each prefix group. */
static size_t nplaces(const nx_model *m)
{
    return 2 * ((size_t)m->rules->nlitgroups + 2 + (size_t)m->rules->npfxgroups);
}

nx_worker *nx_worker_new(const nx_model *m, nx_error *err)
{
    nx_worker *w = nx_calloc(1, sizeof *w);
    if (!w) {
        nx_error_nomem(err);
        return NULL;
    }
    w->m = m;
    pcre2_general_context *g = nx_ruleset_gctx(m->rules);
    w->md = pcre2_match_data_create(256, g);
    w->mctx = pcre2_match_context_create(g);
    w->jit = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, g);
    if (!w->md || !w->mctx || !w->jit) {
        nx_worker_free(w);
        nx_error_nomem(err);
        return NULL;
    }
    size_t nr = m->rules->n;
    w->uid = nx_calloc(nr ? nr : 1, sizeof *w->uid);
    w->rid = nx_calloc(nr ? nr : 1, sizeof *w->rid);
    if (!w->uid || !w->rid) {
        nx_worker_free(w);
        nx_error_nomem(err);
        return NULL;
    }
    number_texts(w, m, 0);
    number_texts(w, m, 1);
    w->ugen = nx_calloc(w->nuniq ? w->nuniq : 1, sizeof *w->ugen);
    w->places = nx_calloc(nplaces(m), sizeof *w->places);
    size_t nw = m->rules->nwords ? m->rules->nwords : 1;
    w->wsent = nx_calloc(nw, sizeof *w->wsent);
    w->wtouched = nx_malloc(nw * sizeof *w->wtouched);
    size_t ne = m->nstage[NX_STAGE_EVENTS];
    w->evsm = nx_malloc((ne ? ne : 1) * sizeof *w->evsm);
    if (!w->ugen || !w->places || !w->wsent || !w->wtouched || !w->evsm) {
        nx_worker_free(w);
        nx_error_nomem(err);
        return NULL;
    }
    pcre2_jit_stack_assign(w->mctx, NULL, w->jit);
    pcre2_set_match_limit(w->mctx, (uint32_t)m->match_limit);
    pcre2_set_depth_limit(w->mctx, (uint32_t)m->depth_limit);
    pcre2_set_heap_limit(w->mctx, (uint32_t)m->heap_limit_kb);
    pcre2_set_callout(w->mctx, year_callout, w);
    return w;
}

int nx_worker_profile_on(nx_worker *w)
{
    size_t n = w->m->rules->n + NX_PROF_EXTRA;
    w->prof_ms = nx_calloc(n, sizeof *w->prof_ms);
    w->prof_calls = nx_calloc(n, sizeof *w->prof_calls);
    return w->prof_ms && w->prof_calls ? 0 : -1;
}

const double *nx_worker_profile(const nx_worker *w, const long **calls)
{
    if (calls)
        *calls = w->prof_calls;
    return w->prof_ms;
}

void nx_worker_free(nx_worker *w)
{
    if (!w)
        return;
    nx_free(w->prof_ms);
    nx_free(w->prof_calls);
    pcre2_match_data_free(w->md);
    pcre2_match_context_free(w->mctx);
    pcre2_jit_stack_free(w->jit);
    nx_free(w->reach);
    nx_free(w->pos);
    nx_free(w->uid);
    nx_free(w->rid);
    nx_free(w->ugen);
    nx_free(w->umemo);
    for (size_t g = 0; w->places && g < nplaces(w->m); g++)
        nx_free(w->places[g].pos);
    nx_free(w->places);
    nx_free(w->cs.c);
    nx_free(w->cs.pool);
    nx_free(w->wsent);
    nx_free(w->wtouched);
    nx_free(w->evsm);
    nx_free(w->cov);
    nx_free(w->rs_pos);
    nx_free(w->rs_bits);
    nx_free(w->rs_win);
    nx_multimap_free(&w->ix);
    nx_free(w->fwd);
    nx_free(w->seen);
    nx_free(w);
}

/* (a buffer p of *cap elements of size each: freed when over 1 MB) */
static void trim_one(void **p, size_t *cap, size_t size)
{
    if (*cap * size > ((size_t)1 << 20)) {
        nx_free(*p);
        *p = NULL;
        *cap = 0;
    }
}

void nx_worker_trim(nx_worker *w)
{
    for (size_t g = 0; w->places && g < nplaces(w->m); g++) {
        struct places *e = &w->places[g];
        trim_one((void **)&e->pos, &e->cap, sizeof *e->pos);
        if (!e->pos) { /* (nothing kept for the next document to find) */
            e->n = 0;
            e->subj = NULL;
        }
    }
    trim_one((void **)&w->reach, &w->capreach, 1);
    trim_one((void **)&w->pos, &w->cappos, sizeof *w->pos);
    trim_one((void **)&w->cs.c, &w->cs.cap, sizeof *w->cs.c);
    trim_one((void **)&w->cs.pool, &w->cs.cappool, sizeof *w->cs.pool);
    trim_one((void **)&w->cov, &w->capcov, sizeof *w->cov);
    trim_one((void **)&w->rs_pos, &w->caprs_pos, sizeof *w->rs_pos);
    trim_one((void **)&w->rs_bits, &w->caprs_bits, sizeof *w->rs_bits);
    trim_one((void **)&w->rs_win, &w->caprs_win, sizeof *w->rs_win);
    trim_one((void **)&w->fwd, &w->capfwd, sizeof *w->fwd);
    trim_one((void **)&w->seen, &w->capseen, sizeof *w->seen);
    if (w->ix.cap * (sizeof *w->ix.key + 2 * sizeof *w->ix.val) > ((size_t)1 << 20))
        nx_multimap_free(&w->ix);
    if (w->ucap > 1024) { /* (a row of it is cleared for each document that reads it) */
        nx_free(w->umemo);
        w->umemo = NULL;
        w->ucap = 0;
    }
}

void nx_result_init(nx_result *r) { memset(r, 0, sizeof *r); }

void nx_result_free(nx_result *r)
{
    nx_free(r->abs);
    nx_free(r->m);
    for (size_t i = 0; i < r->nent; i++) {
        nx_free(r->ent[i].name);
        nx_free(r->ent[i].norm);
    }
    nx_free(r->ent);
    for (size_t i = 0; i < r->nev; i++)
        nx_free(r->ev[i].fill);
    nx_free(r->ev);
    nx_free(r->sent);
    nx_cpmap_free(&r->cp);
    nx_free(r->lost);
    nx_free(r->wordbits);
    nx_free(r->phits);
    nx_free(r->uhits);
    nx_free(r->uhit_off);
    memset(r, 0, sizeof *r);
}

void nx_result_clear(nx_result *r)
{
    for (size_t i = 0; i < r->nent; i++) {
        nx_free(r->ent[i].name);
        nx_free(r->ent[i].norm);
    }
    for (size_t i = 0; i < r->nev; i++)
        nx_free(r->ev[i].fill);
    nx_free(r->sent);
    nx_cpmap_free(&r->cp);
    nx_result kept = *r;
    memset(r, 0, sizeof *r);
    /* each array with its capacity, when its memory is small enough to keep */
#define KEEP(p, cap)                                                                                     \
    do {                                                                                                 \
        if (kept.cap * sizeof *kept.p <= NX_RESULT_KEEP) {                                               \
            r->p = kept.p;                                                                               \
            r->cap = kept.cap;                                                                           \
        } else {                                                                                         \
            nx_free(kept.p);                                                                             \
        }                                                                                                \
    } while (0)
    KEEP(abs, capabs);
    KEEP(m, capm);
    KEEP(ent, capent);
    KEEP(ev, capev);
    KEEP(lost, caplost);
    KEEP(wordbits, capwordbits);
    KEEP(phits, capphits);
    KEEP(uhits, capuhits);
    KEEP(uhit_off, capuhit_off);
#undef KEEP
}

size_t nx_result_nevents(const nx_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nev; i++)
        n += !r->ev[i].merged;
    return n;
}

/* ---- running rules ---- */

/* Has the document's time budget (of CPU time) run out? Reads the wall clock, and the thread's CPU
 * clock once the wall's time is over the budget (the CPU time is never more). Returns 1 when it has. */
static int clock_check(nx_worker *w)
{
    if (w->budget > 0 && !w->timed_out && now_ms() - w->t0 > w->budget && cpu_ms() - w->t0cpu > w->budget)
        w->timed_out = 1;
    return w->timed_out;
}

/* The budget check before a match: reads the clock at one call in 16 (at every match it took 2% of
 * the time); a match is bounded by PCRE2's limits, so the overrun stays small. */
static int over_budget(nx_worker *w)
{
    if (w->budget <= 0 || w->timed_out)
        return w->timed_out;
    return (w->nchecks++ & 15) == 0 && clock_check(w);
}

/* The budget check for loops whose cost grows with the square of the mentions or candidates
 * (overlap resolution, aliases, linking, events): looks at the clock every 256 steps. */
static int budget_tick(nx_worker *w, size_t i)
{
    return w->timed_out || ((i & 255) == 0 && clock_check(w));
}

static int push_cand(cands *cs, const cand *c, const size_t *ov, int novec)
{
    if (nx_grow((void **)&cs->c, &cs->cap, cs->n + 1, sizeof *cs->c) ||
        nx_grow((void **)&cs->pool, &cs->cappool, cs->npool + (size_t)novec * 2, sizeof *cs->pool))
        return -1;
    cs->c[cs->n] = *c;
    cs->c[cs->n].ov = cs->npool;
    cs->c[cs->n].novec = novec;
    if (novec)
        memcpy(cs->pool + cs->npool, ov, (size_t)novec * 2 * sizeof *ov);
    cs->npool += (size_t)novec * 2;
    cs->n++;
    return 0;
}

static const nx_group *group_of(const nx_rule *r, nx_gfield f, int i)
{
    for (int k = 0; k < r->ngroups; k++)
        if (r->groups[k].field == f && i-- == 0)
            return &r->groups[k];
    return NULL;
}

/* The span of the first group with field f that took part in candidate c; 0 if none. */
static int gspan(const cands *cs, const cand *c, const nx_rule *r, nx_gfield f, size_t *s, size_t *e)
{
    if (!(r->gfields >> f & 1))
        return 0; /* no such group */
    const size_t *ov = cs->pool + c->ov;
    for (int k = 0; k < r->ngroups; k++) {
        const nx_group *g = &r->groups[k];
        if (g->field != f || g->num >= c->novec)
            continue;
        if (ov[2 * g->num] == PCRE2_UNSET)
            continue;
        *s = ov[2 * g->num];
        *e = ov[2 * g->num + 1];
        return 1;
    }
    return 0;
}

/* PCRE2's match, depth and heap limits bound backtracking, but not a linear scan that a pattern
 * repeats at every start position or every placeholder ("\A [^\n]*? @company [^\n]* \n" on a long
 * line without newlines is quadratic and counts almost nothing against the match limit), and the
 * time budget can only be checked between two pcre2_match calls. So one call never sees more than
 * MATCH_WINDOW bytes from its start offset: a rule tried at its places (prefix words, literals,
 * anchors, numbers) sees at most that much from each place (window_end); a rule searched for over
 * a longer subject is searched in windows that overlap by half, which finds every match of up to
 * MATCH_WINDOW / 2 bytes (a longer one may come out cut at a window's end). Subjects up to
 * MATCH_WINDOW bytes are matched whole. A place where a match stops at a limit is counted and
 * passed by, and matching goes on after it (search_past_limits). */
#define MATCH_WINDOW 16384

/* Where a try of a pattern at byte p of subj[0..len) stops seeing the subject: MATCH_WINDOW bytes on
 * (at a character's first byte), or len. A tried place sees what stands before it whatever the
 * length (lookbehinds), and a subject of any length goes through the rules' places (prefix words,
 * literals, anchors, numbers) rather than a search of every byte: a long article costs what its
 * bytes cost in short ones. */
/* p, or the first byte of the next character from p on (not a UTF-8 continuation byte), at most len. */
static inline size_t char_start(const char *subj, size_t len, size_t p)
{
    while (p < len && ((unsigned char)subj[p] & 0xC0) == 0x80)
        p++;
    return p;
}

static inline size_t window_end(const char *subj, size_t len, size_t p)
{
    if (len - p <= MATCH_WINDOW)
        return len;
    size_t end = p + MATCH_WINDOW;
    while (end > p && ((unsigned char)subj[end] & 0xC0) == 0x80)
        end--;
    return end;
}

/* Run rule ri over subj[0..len), which lies at byte `base` of the document. */
static int run_rule_(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence,
                     cands *cs, nx_result *res);

/* Is rc one of PCRE2's limits (match, depth, heap, JIT stack)? 1 or 0. */
static int is_limit(int rc)
{
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
           rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

/* Did a match of rule `rule` stop at one of PCRE2's limits? Then it is counted in res (reported with
 * the document, never silent). Returns 1 when it did, else 0. */
static int limit_hit(nx_result *res, int rc, const char *rule)
{
    if (!is_limit(rc))
        return 0;
    res->limit_hits++;
    res->limit_rule = rule;
    return 1;
}

/* The place after the word that holds subj[p] (letters, digits, bytes from 0x80), at least p + 1:
 * where matching goes on after a place that hit a PCRE2 limit, whose word's other places are most
 * likely as costly ("aaa...a"). */
static size_t past_word(const char *subj, size_t len, size_t p)
{
    size_t q = p + 1;
    while (q < len && (isalnum((unsigned char)subj[q]) || (unsigned char)subj[q] >= 0x80))
        q++;
    return q;
}

/* Search subj[0..len) from `start` for the first match of `code`, as xmatch does, but past PCRE2's
 * limits. A limit stops an unanchored search wherever it is hit, and every later position would go
 * untried; so then the pattern is tried anchored at each position from `start` on (PCRE2's
 * interpreter: pcre2_jit_match ignores PCRE2_ANCHORED) up to the first match, a position whose try
 * stops at a limit too being counted in res (for rule `rule`) and passed by with the rest of its
 * word, and the fast search goes on after it, up to NX_LIMIT_PLACES such places per call. Returns what xmatch returns (a
 * match, PCRE2_ERROR_NOMATCH or another error), never a limit; *limited counts the places passed
 * by. Over the time budget it returns PCRE2_ERROR_NOMATCH (the document is then rejected). */
#define NX_LIMIT_PLACES 16
static int search_past_limits(nx_worker *w, const pcre2_code *code, const char *subj, size_t len, size_t start,
                              nx_result *res, const char *rule, int *limited)
{
    for (;;) {
        int rc = xmatch(code, subj, len, start, w->md, w->mctx);
        if (!is_limit(rc))
            return rc;
        size_t p = start;
        for (; p <= len; p++) {
            if (p < len && ((unsigned char)subj[p] & 0xC0) == 0x80)
                continue;
            rc = pcre2_match(code, (PCRE2_SPTR)subj, len, p, PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, w->md, w->mctx);
            if (rc != PCRE2_ERROR_NOMATCH)
                break;
        }
        if (p > len)
            return PCRE2_ERROR_NOMATCH; /* the interpreter found no match and hit no limit */
        if (!limit_hit(res, rc, rule))
            return rc; /* a match at p, or an error */
        /* each place costs a search and a try up to the limit (some 35 ms at the default): after
         * NX_LIMIT_PLACES of them the search ends here, as PCRE2's would have */
        if (++*limited >= NX_LIMIT_PLACES || clock_check(w))
            return PCRE2_ERROR_NOMATCH;
        start = past_word(subj, len, p);
        if (start > len)
            return PCRE2_ERROR_NOMATCH;
    }
}

/* Does the condition `code` (an unless or a requires, numbered u) match subj[0..len), sentence
 * `sentence` of the document (-1: the document)? Found once per sentence for all the rules with the
 * same text. Returns 1 (it matches), 0 (it does not), 2 (a PCRE2 limit: unknown, counted in res) or
 * -1 (out of memory). */
static long prefix_places(nx_worker *w, const nx_rule *r, const nx_result *res, const char *subj, size_t len,
                          size_t base, const size_t **pos);

/* The first match in subj[0..len) of a condition that begins with a lookahead of a run (run: its
 * rule of cond_lead): its anchored form tried at each byte of C1 where the run holds (nx_lead_run_at),
 * in order, seeing the whole subject as the search does; a byte of C1 found sixteen at a time when C1
 * is up to four ranges. A place where the try stops at a limit is counted in res and passed by with
 * the rest of its word (as search_past_limits), up to NX_LIMIT_PLACES (*limited counts them).
 * Returns what xmatch returns, never a limit. */
static int lead_search(nx_worker *w, const nx_rule *run, const char *subj, size_t len, nx_result *res,
                       const char *rule, int *limited)
{
    const nx_lead *l = run->lead;
    const unsigned char *s = (const unsigned char *)subj;
    size_t skip = 0;
    int rc = PCRE2_ERROR_NOMATCH;
#define LEAD_TRY(at)                                                                                     \
    do {                                                                                                 \
        size_t at_ = (at);                                                                               \
        if (at_ < skip || !nx_lead_run_at(l, s, at_, len))                                               \
            break;                                                                                       \
        rc = xmatch(run->anchored, subj, len, at_, w->md, w->mctx);                                      \
        if (rc == PCRE2_ERROR_NOMATCH)                                                                   \
            break;                                                                                       \
        if (!limit_hit(res, rc, rule))                                                                   \
            return rc;                                                                                   \
        rc = PCRE2_ERROR_NOMATCH;                                                                        \
        if (++*limited >= NX_LIMIT_PLACES || clock_check(w))                                             \
            return rc;                                                                                   \
        skip = past_word(subj, len, at_);                                                                \
    } while (0)
    size_t i = 0;
#ifdef NX_SSE2
    if (run->nc1) {
        for (; i + 16 <= len; i += 16) {
            __m128i v = nx_load16(s + i), hit = nx_range16(v, run->c1lo[0], run->c1span[0]);
            for (int k = 1; k < run->nc1; k++)
                hit = _mm_or_si128(hit, nx_range16(v, run->c1lo[k], run->c1span[k]));
            for (unsigned mask = nx_mask16(hit); mask; mask &= mask - 1)
                LEAD_TRY(i + nx_first16(mask));
        }
    }
#endif
    for (; i < len; i++)
        if (l->sets[s[i]])
            LEAD_TRY(i);
#undef LEAD_TRY
    return rc;
}

static int condition(nx_worker *w, size_t u, const pcre2_code *code, const nx_rule *pre, const nx_rule *run,
                     const char *subj, size_t len, size_t base, int sentence, nx_result *res, const char *rule)
{
    unsigned char *memo = NULL;
    if (sentence >= 0) {
        if ((size_t)sentence >= w->ucap) {
            size_t cap = w->ucap ? w->ucap * 2 : 64;
            while (cap <= (size_t)sentence)
                cap *= 2;
            unsigned char *nm = nx_calloc(w->nuniq * cap, 1);
            if (!nm)
                return -1;
            nx_free(w->umemo);
            w->umemo = nm;
            w->ucap = cap;
            memset(w->ugen, 0, w->nuniq * sizeof *w->ugen); /* every row to clear */
        }
        if (w->ugen[u] != w->gen) {
            memset(w->umemo + u * w->ucap, 0, w->ucap);
            w->ugen[u] = w->gen;
        }
        memo = w->umemo + u * w->ucap + sentence;
        if (*memo)
            return *memo == 1;
    }
    int rc, limited = 0;
    if (pre && res->phits_ok && !(pre->caseless && res->fold_risk)) {
        /* every match begins with one of its prefix words: tried where one begins, not searched for
         * (a place where the try stops at a limit is counted and passed by) */
        const size_t *pos;
        long n = prefix_places(w, pre, res, subj, len, base, &pos);
        if (n < 0)
            return -1;
        rc = PCRE2_ERROR_NOMATCH;
        size_t skip = 0; /* after a limited place, the rest of its word (as search_past_limits) */
        for (long k = 0; k < n && rc == PCRE2_ERROR_NOMATCH; k++) {
            if (pos[k] < skip)
                continue;
            rc = xmatch(pre->anchored, subj, window_end(subj, len, pos[k]), pos[k], w->md, w->mctx);
            if (limit_hit(res, rc, rule)) {
                rc = PCRE2_ERROR_NOMATCH;
                if (++limited >= NX_LIMIT_PLACES || clock_check(w))
                    break;
                skip = past_word(subj, len, pos[k]);
            }
        }
    } else if (run && !res->fold_risk) {
        /* it begins with a lookahead of a run: tried where that holds, not searched for (ASCII: a text
         * that may fold a letter to 's' or 'k' is left to the search) */
        rc = lead_search(w, run, subj, len, res, rule, &limited);
    } else {
        rc = search_past_limits(w, code, subj, len, 0, res, rule, &limited);
    }
    if (rc == PCRE2_ERROR_NOMEMORY)
        return -1;
    if (rc >= 0)
        limited = 0; /* it matches, whatever a limit hid */
    else if (rc != PCRE2_ERROR_NOMATCH)
        return 2; /* an error: unknown */
    if (limited)
        return 2; /* no match found, but a limit hid some places: unknown, not remembered */
    if (memo)
        *memo = rc >= 0 ? 1 : 2;
    return rc >= 0;
}

/* Can a rule's unless or requires pattern match in sentence `sentence` (-1: the document)? 0 when
 * none of the words it cannot match without is there, else 1 (also without such words, and in a
 * text where a caseless 's' or 'k' may be another character than the word scan knows). */
static int cond_possible(const nx_result *r, const struct nx_condwords *cw, int sentence)
{
    if (!cw->mask || !r->wordbits || r->fold_risk)
        return 1;
    return words_found(r, cw->mask, cw->lo, cw->hi, sentence);
}

static int run_wanted_rule(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence,
                           cands *cs, nx_result *res);

/* As run_wanted_rule, first asking whether one of the words rule ri needs stands there. */
static int run_rule(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence,
                    cands *cs, nx_result *res)
{
    if (!rule_wanted(res, &w->m->rules->rules[ri], sentence))
        return 0; /* none of the words the rule needs is there */
    return run_wanted_rule(w, ri, subj, len, base, sentence, cs, res);
}

/* Rule ri over subj[0..len) (at byte base of the document; sentence `sentence`, -1: the document),
 * where the caller knows that one of the words it needs stands (rule_wanted): its conditions, then
 * its pattern, candidates added to cs. Returns 0 or -1 (out of memory). */
static int run_wanted_rule(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence,
                           cands *cs, nx_result *res)
{
    const nx_rule *ru = &w->m->rules->rules[ri];
    if (ru->requires) { /* `requires`: only in a sentence (document) where that pattern matches */
        if (!cond_possible(res, &ru->requires_words, sentence))
            return 0; /* none of the words it needs is there */
        int c = condition(w, (size_t)w->rid[ri], ru->requires, ru->requires_pre, ru->requires_run, subj, len, base, sentence, res, ru->id);
        if (c < 0)
            return -1;
        if (c == 0)
            return 0; /* (a limit hit leaves it unknown: the rule is tried) */
    }
    if (ru->unless && cond_possible(res, &ru->unless_words, sentence)) {
        /* `unless`: not in a sentence (document) where that pattern matches */
        int c = condition(w, (size_t)w->uid[ri], ru->unless, ru->unless_pre, ru->unless_run, subj, len, base, sentence, res, ru->id);
        if (c < 0)
            return -1;
        if (c == 1)
            return 0;
    }
    if (!w->prof_ms)
        return run_rule_(w, ri, subj, len, base, sentence, cs, res);
    double t = now_ms();
    int rc = run_rule_(w, ri, subj, len, base, sentence, cs, res);
    w->prof_ms[ri] += now_ms() - t;
    w->prof_calls[ri]++;
    return rc;
}

/* Add the match in w->md (of rule ri, subject at byte base) as a candidate. Returns 0 or -1 (oom). */
static int range_backwards(const nx_model *m, const cands *cs, const cand *c, const nx_rule *r, const char *t);

static int add_match(nx_worker *w, int ri, size_t base, int sentence, int rc, cands *cs, const nx_result *res)
{
    const nx_rule *r = &w->m->rules->rules[ri];
    size_t ovtmp[2 * 64];
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
    /* the pairs up to the last one set (rc): a group at or after novec reads as unset (gspan), as the
     * worker's match data has room for 256 while most rules have a few groups */
    uint32_t npairs = pcre2_get_ovector_count(w->md);
    if (rc >= 0 && (uint32_t)rc < npairs)
        npairs = (uint32_t)rc;
    int novec = (int)(npairs < 64 ? npairs : 64);
    for (int k = 0; k < novec; k++) {
        if (ov[2 * k] != PCRE2_UNSET) {
            ovtmp[2 * k] = ov[2 * k] + base;
            ovtmp[2 * k + 1] = ov[2 * k + 1] + base;
        } else {
            ovtmp[2 * k] = ovtmp[2 * k + 1] = PCRE2_UNSET;
        }
    }
    cand c = {0};
    c.ms = ov[0] + base;
    c.me = ov[1] + base;
    c.s = c.ms;
    c.e = c.me;
    c.rule = ri;
    c.gaz = -1;
    c.ent = -1;
    c.sentence = sentence;
    c.winner = -1;
    if (push_cand(cs, &c, ovtmp, novec))
        return -1;
    cand *pc = &cs->c[cs->n - 1];
    if (r->has_range && range_backwards(w->m, cs, pc, r, res->doc->text)) {
        cs->n--; /* no candidate: the rules that read its high end alone may win (its ovector stays unused) */
        return 0;
    }
    size_t s2, e2;
    if (gspan(cs, pc, r, NX_G_SPAN, &s2, &e2) && e2 > s2) {
        pc->s = s2;
        pc->e = e2;
    }
    return 0;
}

static int try_at(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence, cands *cs,
                  nx_result *res, const size_t *pos, size_t npos);

/* Room for n positions in w->pos. Returns 0 or -1 (out of memory). */
static int pos_room(nx_worker *w, size_t n) { return nx_grow((void **)&w->pos, &w->cappos, n, sizeof *w->pos); }

/* Can rule r's match start at byte c (a character's first byte in its first-byte set)? */
static int can_start(const nx_rule *r, unsigned char c)
{
    return (c & 0xC0) != 0x80 && (!r->has_first || (r->first[c / 8] >> (c % 8) & 1));
}

/* A rule with an anchor: find where the anchor matches,
 * then try the anchored pattern only at the positions from which a name leads to one (and whose
 * byte can start a match). Unanchored matching tries every position in turn, so both find the same
 * matches. Returns 0, -1 (out of memory), or 1 when the anchor scan hit a PCRE2 limit (the caller
 * then matches the plain way). */
static inline int literal_at(const nx_rule *r, const unsigned char *s, size_t i, size_t len);
static const struct places *text_places(nx_worker *w, int g, const char *subj, size_t len, const nx_result *res,
                                        long (*find)(const char *, size_t, size_t **, size_t *));

static long word_places(nx_worker *w, const nx_rule *r, const nx_result *res, const char *subj, size_t len,
                        size_t base, int word_start, size_t n);

static int run_anchored(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence,
                        cands *cs, nx_result *res)
{
    const nx_rule *r = &w->m->rules->rules[ri];
    if (nx_grow((void **)&w->reach, &w->capreach, len + 1, 1))
        return -1;
    unsigned char *fl = w->reach;
    memset(fl, 0, len + 1);
#define ANCHOR_AT(at)                                                                                    \
    (!((at) && !NX_IS_NAME_SEP(subj[(at) - 1]) && NX_IS_NAME_CHAR((unsigned char)subj[at])) &&          \
     (r->anchor_first[(unsigned char)subj[at] / 8] >> ((unsigned char)subj[at] % 8) & 1))
    const nx_rule *al = r->anchor_lit;
    if (r->anchor_free) {
        /* searched for: each call finds the next position where the anchor matches (a match begins
         * where it was tried, the anchor holding no \K), kept when it is a word start */
        size_t from = 0;
        while (from < len) {
            size_t end = window_end(subj, len, from);
            int rc = xmatch(r->anchor_free, subj, end, from, w->md, w->mctx);
            if (rc == PCRE2_ERROR_NOMATCH && end < len) { /* the next window, half over this one */
                from = char_start(subj, len, from + MATCH_WINDOW / 2);
                continue;
            }
            if (rc == PCRE2_ERROR_NOMATCH)
                break;
            if (rc == PCRE2_ERROR_NOMEMORY)
                return -1;
            if (rc < 0)
                return 1;
            size_t at = pcre2_get_ovector_pointer(w->md)[0];
            if (at >= len)
                break;
            if (ANCHOR_AT(at))
                fl[at] |= NX_REACH_ANCHOR;
            from = char_start(subj, len, at + 1);
        }
    } else {
        /* tried at every word start, or (anchor_lit) only where one of the literals it begins with
         * begins; when they all begin with a letter, digit or '_', only where a word begins (a name's
         * word begins with one only after a separator, which is no word byte; found once per text) */
        const unsigned char *s = (const unsigned char *)subj;
        const struct places *ws = NULL;
        size_t nhit = 0, *hit = NULL;
        if (al && al->litwords && al->pwordmask && res->phits_ok) {
            /* its literals, found by the word scan where words began in the text it read: a place
             * where the anchor may stand follows a separator (ANCHOR_AT), a byte that no mention's
             * placeholder writes, so it was such a place in that text too */
            long nh = word_places(w, al, res, subj, len, base, 1, 0);
            if (nh < 0)
                return -1;
            nhit = (size_t)nh;
            hit = w->pos;
        } else if (al && al->litone < 0 && al->nlitnw == 0 && !al->lithigh &&
                   !(ws = text_places(w, w->m->rules->nlitgroups + 1, subj, len, res, nx_word_starts))) {
            return -1;
        }
        size_t end = hit ? nhit : ws ? ws->n : len;
        for (size_t k = 0; k < end; k++) {
            size_t at = hit ? hit[k] : ws ? ws->pos[k] : k;
            if (!ws && !hit && al && al->litone >= 0) { /* one byte that is no part of a word ("<"): memchr */
                const unsigned char *q = memchr(s + at, al->litone, len - at);
                if (!q)
                    break;
                k = at = (size_t)(q - s);
            }
            if ((al && !al->litfirst[s[at]]) || !ANCHOR_AT(at) || (al && !literal_at(al, s, at, len)))
                continue;
            int rc = xmatch(r->anchor, subj, len, at, w->md, w->mctx);
            if (rc == PCRE2_ERROR_NOMATCH)
                continue;
            if (rc == PCRE2_ERROR_NOMEMORY)
                return -1;
            if (rc < 0)
                return 1;
            fl[at] |= NX_REACH_ANCHOR;
        }
    }
#undef ANCHOR_AT
    nx_name_reach(subj, len, fl);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        while (i + 8 <= len) { /* eight flags at a time: most positions are not reached */
            uint64_t x;
            memcpy(&x, fl + i, 8);
            if (x & 0x0101010101010101ULL * NX_REACH_OK)
                break;
            i += 8;
        }
        if (i < len && (fl[i] & NX_REACH_OK) && can_start(r, (unsigned char)subj[i])) {
            if (pos_room(w, n + 1))
                return -1;
            w->pos[n++] = i;
        }
    }
    return try_at(w, ri, subj, len, base, sentence, cs, res, w->pos, n);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The ascending p[0..n) with repeats dropped, in place. Returns the new count. */
static size_t drop_repeats(size_t *p, size_t n)
{
    size_t k = n ? 1 : 0;
    for (size_t i = 1; i < n; i++)
        if (p[i] != p[k - 1])
            p[k++] = p[i];
    return k;
}

/* Sort the positions p[0..n) ascending, repeats dropped (try_at would
 * pass them by): nothing to do when they already are ascending (most often), by insertion when there
 * are few, else through a bitmap of the positions (the runs of several word lists, merged). Returns
 * the new count. */
static size_t sort_positions(size_t *p, size_t n)
{
    size_t i = 1;
    while (i < n && p[i - 1] < p[i])
        i++;
    if (i >= n)
        return n;
    if (n <= 32) {
        for (; i < n; i++) {
            size_t v = p[i], j = i;
            while (j && p[j - 1] > v) {
                p[j] = p[j - 1];
                j--;
            }
            p[j] = v;
        }
        return drop_repeats(p, n);
    }
    size_t top = 0;
    for (i = 0; i < n; i++)
        top = p[i] > top ? p[i] : top;
    if (top >= MATCH_WINDOW) { /* a long subject: sorted the plain way */
        qsort(p, n, sizeof *p, cmp_size);
        return drop_repeats(p, n);
    }
    uint64_t bits[MATCH_WINDOW / 64 + 1];
    size_t nb = top / 64 + 1;
    memset(bits, 0, nb * sizeof *bits);
    for (i = 0; i < n; i++)
        bits[p[i] / 64] |= (uint64_t)1 << (p[i] % 64);
    size_t k = 0;
    for (size_t b = 0; b < nb; b++)
        for (uint64_t x = bits[b]; x; x &= x - 1)
            p[k++] = b * 64 + (size_t)__builtin_ctzll(x);
    return k;
}

#define WORD_BYTE nx_word_byte /* PCRE2's \w without UCP: [A-Za-z0-9_] (prefilter.h) */

/* The places in subj[0..len) (at byte base of the document) where the word scan found one of rule
 * r's prefix or `starts` words (r->pwordmask) beginning, after no letter, digit or '_' when
 * word_start, at a byte that can begin a match: appended to w->pos from n on, in the hits' order
 * (read from the rule's own list of hits, res->uhits). Returns the new count, or -1 (out of memory). */
static inline int literal_at(const nx_rule *r, const unsigned char *s, size_t i, size_t len);
static long word_places(nx_worker *w, const nx_rule *r, const nx_result *res, const char *subj, size_t len,
                        size_t base, int word_start, size_t n)
{
    if (!r->pwordmask) /* none of its words is long enough for the scan (all short or with spaces) */
        return (long)n;
    /* its own hits (by end): the first that ends after base */
    const uint32_t *h = res->uhits + res->uhit_off[r->puser], *hend = res->uhits + res->uhit_off[r->puser + 1];
    size_t lo = 0, hi = (size_t)(hend - h);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (res->phits[h[mid]].e <= base)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (h += lo; h < hend && res->phits[*h].e <= base + len; h++) {
        const struct nx_wordhit *ph = &res->phits[*h];
        size_t at = ph->s - base;
        if (ph->s < base || (word_start && at && WORD_BYTE[(unsigned char)subj[at - 1]]) ||
            !can_start(r, (unsigned char)subj[at]) ||
            (r->litwords && !literal_at(r, (const unsigned char *)subj, at, len))) /* its bytes as they are */
            continue;
        if (pos_room(w, n + 1))
            return -1;
        w->pos[n++] = at;
    }
    return (long)n;
}

/* The places in subj[0..len) (at byte base of the document) where one of rule r's prefix words
 * begins (r->prefixed), in w->pos, sorted. Returns their number, or -1 (out of memory). */
static long find_prefix_places(nx_worker *w, const nx_rule *r, const nx_result *res, const char *subj, size_t len,
                               size_t base)
{
#define SPACE(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || (c) == '\f' || (c) == '\v')
    /* the long ones: the word scan's hits */
    long nl = word_places(w, r, res, subj, len, base, r->pword_start, 0);
    if (nl < 0)
        return -1;
    size_t n = (size_t)nl;
    /* the short ones and those with white space, looked for here (without case, as the word scan):
     * once for all that begin with the same letter, the places of that letter tested for each */
    const unsigned char *s = (const unsigned char *)subj;
    for (int k = 0; k < r->npgroups; k++) {
        const struct nx_pgroup *g = &r->pgroups[k];
        if (g->minl > len)
            continue;
        size_t last = len - g->minl, i = 0; /* the last place one can begin */
        char lo = g->lo, up = (char)toupper((unsigned char)g->lo);
#define SHORT_AT(at)                                                                                     \
        do {                                                                                             \
            size_t at_ = (at);                                                                           \
            if (r->pword_start && at_ && WORD_BYTE[s[at_ - 1]])                                          \
                break;                                                                                   \
            if (!can_start(r, s[at_]))                                                                   \
                break;                                                                                   \
            int hit_ = 0;                                                                                \
            for (int j_ = g->from; j_ < g->to && !hit_; j_++) {                                          \
                const char *sw_ = r->pshort[j_];                                                         \
                size_t t_ = at_ + 1;                                                                     \
                for (sw_++; *sw_; sw_++) {                                                               \
                    if (*sw_ == ' ') { /* one or more white-space bytes */                               \
                        if (t_ >= len || !SPACE(s[t_]))                                                  \
                            break;                                                                       \
                        while (t_ < len && SPACE(s[t_]))                                                 \
                            t_++;                                                                        \
                    } else if (t_ < len && (s[t_] | 0x20) == (unsigned char)*sw_) {                      \
                        t_++;                                                                            \
                    } else {                                                                             \
                        break;                                                                           \
                    }                                                                                    \
                }                                                                                        \
                hit_ = !*sw_;                                                                            \
            }                                                                                            \
            if (hit_) {                                                                                  \
                if (pos_room(w, n + 1))                                                                  \
                    return -1;                                                                           \
                w->pos[n++] = at_;                                                                       \
            }                                                                                            \
        } while (0)
#ifdef NX_SSE2
        /* sixteen places at a time: the first letter in either case, and where one stands, one of the
         * bytes the words have second (a byte whose | 0x20 is a letter is that letter in either case;
         * ' ' is any white space): most places of a first letter begin none ("a half": "a" inside a
         * word, "and"). (Also testing for a word byte before, when a \b stands before the words,
         * took more instructions than it saved.) */
        for (; i + 16 <= last + 1; i += 16) {
            __m128i v = nx_load16(s + i);
            unsigned mask = nx_mask16(_mm_or_si128(nx_eq16(v, lo), nx_eq16(v, up)));
            if (!mask)
                continue;
            if (g->nseconds) { /* s[i + 16] is there: i + 15 <= last = len - minl, and minl >= 2 */
                __m128i nb = nx_load16(s + i + 1), nbl = _mm_or_si128(nb, _mm_set1_epi8(0x20));
                __m128i ok = _mm_setzero_si128();
                for (int q = 0; q < g->nseconds; q++)
                    ok = _mm_or_si128(ok, g->seconds[q] == ' ' ? _mm_or_si128(nx_eq16(nb, ' '), nx_range16(nb, '\t', 4))
                                                               : nx_eq16(nbl, g->seconds[q]));
                mask &= nx_mask16(ok);
            }
            for (; mask; mask &= mask - 1)
                SHORT_AT(i + nx_first16(mask));
        }
#endif
        for (; i <= last; i++)
            if (s[i] == (unsigned char)lo || s[i] == (unsigned char)up)
                SHORT_AT(i);
#undef SHORT_AT
    }
#undef SPACE
    return (long)sort_positions(w->pos, n);
}

/* The places in subj[0..len) (at byte base of the document) where one of rule r's prefix words
 * begins (r->prefixed), sorted, in *pos: w->pos, or the places its prefix group (r->pfxgroup: rules
 * and conditions that find the same places) found in this very text, which another rule of the group
 * then reads (both are the worker's, valid until the next search). Returns their number, or -1 (out
 * of memory). */
static const struct places *places_find(nx_worker *w, int g, const char *subj, size_t len, const nx_result *res);
static struct places *places_slot(nx_worker *w, int g);
static void places_mark(nx_worker *w, struct places *e, const char *subj, size_t len, const nx_result *res);

static long prefix_places(nx_worker *w, const nx_rule *r, const nx_result *res, const char *subj, size_t len,
                          size_t base, const size_t **pos)
{
    int g = r->pfxgroup >= 0 ? w->m->rules->nlitgroups + 2 + r->pfxgroup : -1;
    const struct places *seen = g >= 0 ? places_find(w, g, subj, len, res) : NULL;
    if (seen) {
        *pos = seen->pos;
        return (long)seen->n;
    }
    long n = find_prefix_places(w, r, res, subj, len, base);
    *pos = w->pos;
    if (n < 0 || g < 0)
        return n;
    struct places *e = places_slot(w, g); /* kept for the group's next rule */
    if (nx_grow((void **)&e->pos, &e->cap, n ? (size_t)n : 1, sizeof *e->pos))
        return -1;
    if (n)
        memcpy(e->pos, w->pos, (size_t)n * sizeof *w->pos);
    e->n = (size_t)n;
    places_mark(w, e, subj, len, res);
    *pos = e->pos;
    return n;
}

/* A rule with prefix words: try the anchored pattern only
 * where one of its prefix words begins. Returns 0 or -1 (out of memory). */
static int run_prefixed(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence,
                        cands *cs, nx_result *res)
{
    const size_t *pos;
    long n = prefix_places(w, &w->m->rules->rules[ri], res, subj, len, base, &pos);
    if (n < 0)
        return -1;
    return try_at(w, ri, subj, len, base, sentence, cs, res, pos, (size_t)n);
}


/* Does one of rule r's literals begin at s[i] (s[i] already in r->litfirst)? Looked up by its first
 * byte, byte pair or first three bytes, ASCII letters lowered. Returns 1 or 0. */
static inline int literal_at(const nx_rule *r, const unsigned char *s, size_t i, size_t len)
{
#define LOW(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + 32u : (unsigned)(c))
    unsigned c = LOW(s[i]);
    if (r->litsingle[c / 8] >> (c % 8) & 1)
        return 1;
    if (i + 1 >= len)
        return 0;
    unsigned k = c << 8 | LOW(s[i + 1]);
    if (r->litpair[k / 8] >> (k % 8) & 1)
        return 1;
    if (!(r->litpair[8192 + k / 8] >> (k % 8) & 1) || i + 2 >= len)
        return 0;
    uint32_t t = (uint32_t)k << 8 | LOW(s[i + 2]);
    size_t h = (t * 2654435761u) >> 24 & (NX_LIT3 - 1);
    while (r->lit3[h] && r->lit3[h] != (t | 1u << 24))
        h = (h + 1) & (NX_LIT3 - 1);
    return r->lit3[h] != 0;
#undef LOW
}

/* The places of group g (see nx_worker.places) found before in subj[0..len) of the document being
 * read, or NULL. The entry is owned by w. */
static const struct places *places_find(nx_worker *w, int g, const char *subj, size_t len, const nx_result *res)
{
    struct places *two = &w->places[2 * g];
    for (int k = 0; k < 2; k++)
        if (two[k].subj == subj && two[k].len == len && two[k].gen == w->gen && two[k].ver == res->abs_version) {
            two[k].used = ++w->nused;
            return &two[k];
        }
    return NULL;
}

/* The entry of group g to keep the places of subj[0..len) in (the older of the two), emptied: the
 * caller fills pos[0..n) (growing it with nx_grow) and then marks it with places_mark. */
static struct places *places_slot(nx_worker *w, int g)
{
    struct places *two = &w->places[2 * g];
    struct places *e = two[0].used <= two[1].used ? &two[0] : &two[1];
    e->subj = NULL;
    e->n = 0;
    return e;
}

static void places_mark(nx_worker *w, struct places *e, const char *subj, size_t len, const nx_result *res)
{
    e->subj = subj;
    e->len = len;
    e->gen = w->gen;
    e->ver = res->abs_version;
    e->used = ++w->nused;
}

/* The places of group g (where numbers begin, where words begin) in subj[0..len), found by find
 * (nx_number_starts, nx_word_starts) once per text for every rule that asks. Returns them (the
 * worker's), or NULL when out of memory. */
static const struct places *text_places(nx_worker *w, int g, const char *subj, size_t len, const nx_result *res,
                                        long (*find)(const char *, size_t, size_t **, size_t *))
{
    const struct places *seen = places_find(w, g, subj, len, res);
    if (seen)
        return seen;
    struct places *np = places_slot(w, g);
    long n = find(subj, len, &np->pos, &np->cap);
    if (n < 0)
        return NULL;
    np->n = (size_t)n;
    places_mark(w, np, subj, len, res);
    return np;
}

/* A rule with prefix literals: try the anchored pattern
 * only where a byte pair (or a byte) one of its literals begins with stands. Returns 0 or -1. */
static int run_literal(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence,
                       cands *cs, nx_result *res)
{
    const nx_rule *r = &w->m->rules->rules[ri];
    const unsigned char *s = (const unsigned char *)subj;
    size_t n = 0;
    const unsigned char *lf = r->litfirst;
    const struct places *seen = r->litgroup >= 0 ? places_find(w, r->litgroup, subj, len, res) : NULL;
    if (seen) /* another rule of the group found them in this very text */
        return try_at(w, ri, subj, len, base, sentence, cs, res, seen->pos, seen->n);
    /* its letter literals found by the word scan (litwords): a first-stage rule in the text the scan
     * read, an event rule in any sentence */
    int hits = r->litwords && res->phits_ok && (res->abs_version == 0 || r->stage == NX_STAGE_EVENTS);
    if (r->litone >= 0) {
        /* one byte that is no part of a word: memchr */
        for (const unsigned char *q = s; (q = memchr(q, r->litone, len - (size_t)(q - s))) != NULL; q++) {
            if (pos_room(w, n + 1))
                return -1;
            w->pos[n++] = (size_t)(q - s);
        }
    } else if ((r->pword_start || hits) && r->nlitnw >= 0) {
        /* a literal that begins with a letter, digit or '_' has \b before it: only where a word
         * begins (the places found once per text for every rule) can one begin with a word byte;
         * or, for a rule whose literals are words of the scan (litwords), where the scan found one:
         * a first-stage rule in the text the scan read (before any mention became a placeholder),
         * an event rule anywhere the scan found one (with or without \b), its bytes checked in the
         * sentence; the few bytes of no word that begin others are looked for sixteen bytes at a time */
        const struct places *ws = NULL;
        if (hits) {
            long nl = word_places(w, r, res, subj, len, base, r->pword_start, 0);
            if (nl < 0)
                return -1;
            n = (size_t)nl;
        } else if (!(ws = text_places(w, w->m->rules->nlitgroups + 1, subj, len, res, nx_word_starts))) {
            return -1;
        }
#define LIT_PLACE(at)                                                                                    \
        do {                                                                                             \
            size_t at_ = (at);                                                                           \
            if (lf[s[at_]] && literal_at(r, s, at_, len)) {                                              \
                if (pos_room(w, n + 1))                                                                  \
                    return -1;                                                                           \
                w->pos[n++] = at_;                                                                       \
            }                                                                                            \
        } while (0)
        for (size_t k = 0; ws && k < ws->n; k++)
            LIT_PLACE(ws->pos[k]);
        size_t nw = n, i = 0;
        if (r->nlitnw || r->lithigh) {
#ifdef NX_SSE2
            for (; i + 16 <= len; i += 16) {
                __m128i v = nx_load16(s + i), m = _mm_setzero_si128();
                for (int b = 0; b < r->nlitnw; b++)
                    m = _mm_or_si128(m, nx_eq16(v, (char)r->litnw[b]));
                if (r->lithigh)
                    m = _mm_or_si128(m, nx_range16(v, 0x80, 0x7f));
                for (unsigned mask = nx_mask16(m); mask; mask &= mask - 1)
                    LIT_PLACE(i + nx_first16(mask));
            }
#endif
            for (; i < len; i++)
                if (!WORD_BYTE[s[i]])
                    LIT_PLACE(i);
        }
#undef LIT_PLACE
        if ((n > nw && nw) || !ws) /* the two kinds in text order; the scan's hits come by their end */
            n = sort_positions(w->pos, n);
    } else if (r->pword_start) {
        /* as above, the bytes of no word being many: every byte is looked at without a branch (a
         * loop stepping over each word mispredicted its end at every word) */
        unsigned inword = 0;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = s[i];
            unsigned wb = WORD_BYTE[c], may = lf[c] & ((inword & wb) ^ 1u); /* not inside a word */
            inword = wb;
            if (may && literal_at(r, s, i, len)) {
                if (pos_room(w, n + 1))
                    return -1;
                w->pos[n++] = i;
            }
        }
    } else {
        for (size_t i = 0; i < len; i++) {
            /* a byte that can begin a match and a literal first */
            while (i < len && !lf[s[i]])
                i++;
            if (i == len)
                break;
            if (!literal_at(r, s, i, len))
                continue;
            if (pos_room(w, n + 1))
                return -1;
            w->pos[n++] = i;
        }
    }
    if (r->litgroup >= 0) { /* kept for the group's next rule */
        struct places *lp = places_slot(w, r->litgroup);
        if (nx_grow((void **)&lp->pos, &lp->cap, n ? n : 1, sizeof *lp->pos))
            return -1;
        if (n)
            memcpy(lp->pos, w->pos, n * sizeof *w->pos);
        lp->n = n;
        places_mark(w, lp, subj, len, res);
    }
    return try_at(w, ri, subj, len, base, sentence, cs, res, w->pos, n);
}


/* A rule with `starts` (a number, words): tried where a
 * number begins (nx_number_start; the places found once per text for all such rules) or one of its
 * words begins (the word scan's hits). Unanchored matching of its pattern (which asserts the same)
 * can begin nowhere else, so both find the same matches. Returns 0 or -1 (out of memory). */
static int run_starts(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence,
                      cands *cs, nx_result *res)
{
    const nx_rule *r = &w->m->rules->rules[ri];
    const size_t *num = NULL;
    size_t nnum = 0;
    if (r->starts == NX_STARTS_NUMBER) {
        const struct places *seen = text_places(w, w->m->rules->nlitgroups, subj, len, res, nx_number_starts);
        if (!seen)
            return -1;
        num = seen->pos;
        nnum = seen->n;
    }
    if (!r->nswords)
        return try_at(w, ri, subj, len, base, sentence, cs, res, num, nnum);
    /* the words: the scan's hits that begin in this subject at a word's start, in order */
    long nw = word_places(w, r, res, subj, len, base, 1, 0);
    if (nw < 0)
        return -1;
    size_t n = (size_t)nw;
    n = sort_positions(w->pos, n);
    /* merged with the numbers' after them (none is both: a word begins with a letter) */
    if (pos_room(w, 2 * n + nnum + 1)) /* (+ 1: never NULL, which w->pos + n must not be) */
        return -1;
    size_t *words = w->pos, *out = w->pos + n, a = 0, b = 0, k = 0;
    while (a < nnum || b < n)
        out[k++] = b == n || (a < nnum && num[a] < words[b]) ? num[a++] : words[b++];
    return try_at(w, ri, subj, len, base, sentence, cs, res, out, k);
}

/* Try the anchored pattern of rule ri at the positions pos[0..npos) of subj[0..len) (ascending,
 * repeats allowed), going on after each match as the unanchored search does (from its end).
 * Returns 0 or -1 (out of memory). */
static int try_at(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence, cands *cs,
                  nx_result *res, const size_t *pos, size_t npos)
{
    const nx_rule *r = &w->m->rules->rules[ri];
    size_t start = 0;
    for (size_t k = 0; k < npos; k++) {
        size_t p = pos[k];
        if (p < start)
            continue;
        /* its lookahead of a run of bytes (ASCII: a text that may fold a letter to 's' or 'k' is left to
         * PCRE2) */
        if (r->lead && !res->fold_risk && !nx_lead_run_at(r->lead, (const unsigned char *)subj, p, len)) {
            start = p + 1;
            continue;
        }
        if (over_budget(w))
            break;
        int rc = xmatch(r->anchored, subj, window_end(subj, len, p), p, w->md, w->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            start = p + 1;
            continue;
        }
        if (rc < 0) {
            if (rc == PCRE2_ERROR_NOMEMORY)
                return -1;
            if (!limit_hit(res, rc, r->id))
                break;
            start = p + 1; /* counted; the next places are tried */
            continue;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
        size_t ms = ov[0], me = ov[1];
        if (me > ms) {
            if (add_match(w, ri, base, sentence, rc, cs, res))
                return -1;
            start = me;
        } else {
            start = me + 1;
        }
    }
    return 0;
}

static int run_rule_(nx_worker *w, int ri, const char *subj, size_t len, size_t base, int sentence,
                     cands *cs, nx_result *res)
{
    const nx_rule *r = &w->m->rules->rules[ri];
    if (!r->code)
        return 0;
    /* a caseless pattern matches 's' and 'k' also to U+017F and U+212A, which the word scan and the
     * name reach (ASCII) do not know: such a document is matched the plain way */
    int plain = r->caseless && res->fold_risk;
    if (r->anchor && r->anchored && !plain) {
        int arc = run_anchored(w, ri, subj, len, base, sentence, cs, res);
        if (arc <= 0)
            return arc;
    }
    if (r->prefixed && r->anchored && res->phits_ok && !plain)
        return run_prefixed(w, ri, subj, len, base, sentence, cs, res);
    if (r->literal && r->anchored && !plain)
        return run_literal(w, ri, subj, len, base, sentence, cs, res);
    if (nx_rule_starts(r) && r->anchored && (!r->nswords || res->phits_ok))
        return run_starts(w, ri, subj, len, base, sentence, cs, res);
    size_t start = 0;
    while (start <= len) {
        if (over_budget(w))
            break;
        size_t end = window_end(subj, len, start);
        int limited = 0;
        int rc = search_past_limits(w, r->code, subj, end, start, res, r->id, &limited);
        if (rc < 0) {
            if (rc == PCRE2_ERROR_NOMEMORY)
                return -1;
            if (rc != PCRE2_ERROR_NOMATCH)
                break;
            if (end == len)
                break;
            /* the next window */
            start = char_start(subj, len, start + MATCH_WINDOW / 2);
            continue;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
        size_t ms = ov[0], me = ov[1];
        if (me > ms) {
            if (add_match(w, ri, base, sentence, rc, cs, res))
                return -1;
            start = me;
        } else {
            start = char_start(subj, len, me + 1);
        }
    }
    return 0;
}

/* ---- overlap resolution ---- */


static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    size_t lx = x->e - x->s, ly = y->e - y->s;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    int px = x->prio, py = y->prio;
    if (px != py)
        return px > py ? -1 : 1;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    return 0;
}

static int lose(nx_result *res, const cand *c, const cand *w, int stage, int kt, const char *why)
{
    if (!res->explain)
        return 0;
    if (nx_grow((void **)&res->lost, &res->caplost, res->nlost + 1, sizeof *res->lost))
        return -1;
    nx_lost *l = &res->lost[res->nlost++];
    l->rule = c->rule;
    l->winner = w ? w->rule : -1;
    l->s = c->s;
    l->e = c->e;
    l->stage = stage;
    l->kind_or_type = kt;
    l->reason = why;
    return 0;
}

static const char *why_lost(const nx_model *m, const cand *c, const cand *w)
{
    if (w->e - w->s > c->e - c->s)
        return "overlaps a longer match";
    int pc = c->rule >= 0 ? m->rules->rules[c->rule].priority : 0;
    int pw = w->rule >= 0 ? m->rules->rules[w->rule].priority : 0;
    if (pw > pc)
        return "same length, lower priority";
    if (w->rule == c->rule)
        return "overlaps an earlier match of the same rule";
    return "same length and priority, later in file order";
}

/* Candidate c loses to cs->c[j]: not a winner, j its winner (noted for --explain). Returns 0 or -1. */
static int lost_to(const nx_model *m, nx_result *res, int stage, cand *c, const cands *cs, int j)
{
    const cand *wc = &cs->c[j];
    c->won = 0;
    c->winner = j;
    const nx_rule *r = c->rule >= 0 ? &m->rules->rules[c->rule] : NULL;
    return lose(res, c, wc, stage, r ? (stage == NX_STAGE_EVENTS ? r->type : r->kind) : 0, why_lost(m, c, wc));
}

/* Mark winners among cs->c[from..): no two winners overlap (when `same` is given, only candidates
 * for which same() is true compete). Candidates must already hold spans. Sorting reorders them. */
static int resolve_many(nx_worker *w, cands *cs, size_t from, int stage, nx_result *res, int by_type);
static int same_type(const nx_model *m, const cand *a, const cand *b);

static int resolve(nx_worker *w, cands *cs, size_t from, int stage, nx_result *res,
                   int (*same)(const nx_model *, const cand *, const cand *))
{
    const nx_model *m = w->m;
    size_t n = cs->n - from;
    if (!n)
        return 0;
    for (size_t i = from; i < cs->n; i++)
        cs->c[i].prio = cs->c[i].rule >= 0 ? m->rules->rules[cs->c[i].rule].priority : 0;
    qsort(cs->c + from, n, sizeof *cs->c, cmp_cand);
    if (n > 64 && (!same || same == same_type)) {
        int rc = resolve_many(w, cs, from, stage, res, same != NULL);
        if (rc <= 0)
            return rc;
    }
    for (size_t i = from; i < cs->n; i++) {
        cand *c = &cs->c[i];
        if (budget_tick(w, i - from))
            break; /* the candidates left are not winners */
        c->won = 1;
        for (size_t j = from; j < i; j++) {
            cand *wc = &cs->c[j];
            if (!wc->won || wc->e <= c->s || c->e <= wc->s)
                continue;
            if (same && !same(m, c, wc))
                continue;
            if (lost_to(m, res, stage, c, cs, (int)j))
                return -1;
            break;
        }
    }
    return 0;
}

/* The highest index below k whose bit is set in the two-level bitmap b0 (a bit an index) and b1 (a
 * bit for each of b0's words that is not 0), or -1. */
static long bits_before(const uint64_t *b0, const uint64_t *b1, size_t k)
{
    if (!k)
        return -1;
    size_t i = k - 1, wd = i / 64;
    uint64_t x = b0[wd] & (i % 64 == 63 ? ~(uint64_t)0 : ((uint64_t)1 << (i % 64 + 1)) - 1);
    if (x)
        return (long)(wd * 64 + 63 - (size_t)__builtin_clzll(x));
    if (!wd)
        return -1;
    size_t j = wd - 1, w1 = j / 64;
    uint64_t y = b1[w1] & (j % 64 == 63 ? ~(uint64_t)0 : ((uint64_t)1 << (j % 64 + 1)) - 1);
    while (!y) {
        if (!w1)
            return -1;
        y = b1[--w1];
    }
    size_t ww = w1 * 64 + 63 - (size_t)__builtin_clzll(y);
    return (long)(ww * 64 + 63 - (size_t)__builtin_clzll(b0[ww]));
}


/* How many of the ascending p[0..n) are below v. */
static size_t count_below(const size_t *p, size_t n, size_t v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* resolve() over many candidates (already sorted), with the same winners and the same winner named
 * for each loser: the winners of a class (of an event type with by_type, else all) never overlap,
 * so they are kept by their start in a bitmap, and a candidate meets only those that begin before
 * its end and end after its start, found from the last one before its end backwards (two at most,
 * as no winner is shorter). The plain loop compared each candidate with every winner before it: a
 * long document's thousands of candidates had cost a fifth of its time. Returns 0, -1 (out of
 * memory) or 1 when the candidates are not for this (an empty one: the caller resolves them). */
static int resolve_many(nx_worker *w, cands *cs, size_t from, int stage, nx_result *res, int by_type)
{
    const nx_model *m = w->m;
    size_t n = cs->n - from;
    for (size_t i = from; i < cs->n; i++)
        if (cs->c[i].e <= cs->c[i].s || (by_type && cs->c[i].rule < 0))
            return 1;
    if (nx_grow((void **)&w->rs_pos, &w->caprs_pos, n, sizeof *w->rs_pos))
        return -1;
    size_t *pos = w->rs_pos, np = 0;
    for (size_t i = from; i < cs->n; i++)
        pos[np++] = cs->c[i].s;
    qsort(pos, np, sizeof *pos, cmp_size);
    np = drop_repeats(pos, np);
    size_t nclass = by_type ? NX_NTYPE + 1 : 1, nw0 = np / 64 + 1, nw1 = nw0 / 64 + 1;
    if (nx_grow((void **)&w->rs_bits, &w->caprs_bits, nclass * (nw0 + nw1), sizeof *w->rs_bits) ||
        nx_grow((void **)&w->rs_win, &w->caprs_win, nclass * np, sizeof *w->rs_win))
        return -1;
    memset(w->rs_bits, 0, nclass * (nw0 + nw1) * sizeof *w->rs_bits);
    for (size_t i = from; i < cs->n; i++) {
        cand *c = &cs->c[i];
        if (budget_tick(w, i - from))
            break; /* the candidates left are not winners */
        size_t cl = 0;
        if (by_type) {
            int t = m->rules->rules[c->rule].type;
            cl = t >= 0 && t < NX_NTYPE ? (size_t)t : NX_NTYPE;
        }
        uint64_t *b0 = w->rs_bits + cl * (nw0 + nw1), *b1 = b0 + nw0;
        int *win = w->rs_win + cl * np;
        long first = -1; /* from the last winner that begins before its end, backwards */
        for (long at = bits_before(b0, b1, count_below(pos, np, c->e)); at >= 0; at = bits_before(b0, b1, (size_t)at)) {
            const cand *wc = &cs->c[win[at]];
            if (wc->e <= c->s)
                break; /* and those before it end before it */
            if (first < 0 || win[at] < first)
                first = win[at];
        }
        c->won = 1;
        if (first >= 0) {
            if (lost_to(m, res, stage, c, cs, (int)first))
                return -1;
            continue;
        }
        /* a winner: kept by its start */
        size_t lo = count_below(pos, np, c->s);
        b0[lo / 64] |= (uint64_t)1 << (lo % 64);
        b1[lo / 64 / 64] |= (uint64_t)1 << (lo / 64 % 64);
        win[lo] = (int)i;
    }
    return 0;
}

/* ---- mentions ---- */

static int add_mention(nx_result *r, const nx_mention *mm)
{
    if (nx_grow((void **)&r->m, &r->capm, r->nm + 1, sizeof *r->m))
        return -1;
    r->m[r->nm++] = *mm;
    return 0;
}

static void init_mention(nx_mention *mm, int kind, size_t s, size_t e, int rule)
{
    memset(mm, 0, sizeof *mm);
    mm->kind = kind;
    mm->s = s;
    mm->e = e;
    mm->ns = s;
    mm->ne = e;
    mm->as = s;
    mm->ae = e;
    mm->rule = rule;
    mm->from = -1;
    mm->ent = -1;
    mm->gaz = -1;
    mm->factor.coef = 1;
    mm->factor.ok = 1;
}

/* Look up a currency form (case-insensitive, whitespace collapsed). */
static const nx_currency *find_currency(const nx_model *m, const char *s, size_t n)
{
    char tmp[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof tmp; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            if (k && tmp[k - 1] != ' ')
                tmp[k++] = ' ';
        } else {
            tmp[k++] = (char)tolower(c);
        }
    }
    while (k && tmp[k - 1] == ' ')
        k--;
    tmp[k] = 0;
    int i = nx_strindex_find(&m->curindex, tmp, strlen(tmp)); /* (a NUL in the text ends the form) */
    return i < 0 ? NULL : &m->cur[i];
}

/* The mentions r->m[0..sorted_end(r)) are in order of their spans (sort_new_mentions keeps them
 * so; those appended since are not yet). */
static size_t sorted_end(const nx_result *r) { return r->msorted <= r->nm ? r->msorted : r->nm; }

/* The first of the sorted mentions that starts at or after byte s (sorted_end(r) if none). */
static size_t first_from(const nx_result *r, size_t s)
{
    size_t lo = 0, hi = sorted_end(r);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->m[mid].s < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Index of the first mention (not dropped) that starts at byte s, or -1: among the sorted ones by
 * binary search, then among those appended since. */
static int mention_at(const nx_result *r, size_t s)
{
    size_t se = sorted_end(r);
    for (size_t i = first_from(r, s); i < se && r->m[i].s == s; i++)
        if (!r->m[i].dropped)
            return (int)i;
    for (size_t i = se; i < r->nm; i++)
        if (r->m[i].s == s && !r->m[i].dropped)
            return (int)i;
    return -1;
}

static nx_dec parse_value(const char *t, size_t s, size_t e)
{
    return nx_dec_parse(t + s, e - s);
}

/* Fill a money/percent mention from the candidate's groups. Returns 0, or 1 to drop it. */
static int value_from_groups(const nx_model *m, nx_result *res, const cands *cs, const cand *c,
                             nx_mention *mm, pcre2_match_data *md)
{
    const nx_rule *r = &m->rules->rules[c->rule];
    const char *t = res->doc->text;
    size_t s, e, s2, e2;
    nx_dec v = {0, 0, 0}, lo = {0, 0, 0}, hi = {0, 0, 0};
    int range = 0;
    if (gspan(cs, c, r, NX_G_LO, &s, &e) && gspan(cs, c, r, NX_G_HI, &s2, &e2)) {
        lo = parse_value(t, s, e);
        hi = parse_value(t, s2, e2);
        range = 1;
        if (!lo.ok || !hi.ok)
            return 1;
    } else if (gspan(cs, c, r, NX_G_NUM, &s, &e)) {
        v = parse_value(t, s, e);
        if (!v.ok)
            return 1;
    } else if (gspan(cs, c, r, NX_G_SCALE, &s, &e)) {
        v = (nx_dec){1, 0, 1}; /* "billion dlr" */
    } else {
        return 1;
    }
    int p = 0, plo = -1;
    if (gspan(cs, c, r, NX_G_SCALE, &s, &e)) {
        p = nx_scale_pow10(t + s, e - s);
        if (p < 0)
            return 1;
    }
    if (gspan(cs, c, r, NX_G_SCALE_LO, &s, &e)) {
        plo = nx_scale_pow10(t + s, e - s);
        if (plo < 0)
            return 1;
    }
    /* currency */
    mm->curmode = CUR_NONE;
    nx_dec factor = {1, 0, 1};
    const nx_currency *cur = NULL;
    if (gspan(cs, c, r, NX_G_CUR, &s, &e) || gspan(cs, c, r, NX_G_CUR_LO, &s, &e)) {
        cur = find_currency(m, t + s, e - s);
        if (!cur && mm->kind == NX_K_MONEY)
            return 1;
    }
    if (cur) {
        factor = cur->factor;
        if (strcmp(cur->code, "$") == 0)
            mm->curmode = CUR_DOLLAR;
        else if (strcmp(cur->code, "c") == 0)
            mm->curmode = CUR_SUBUNIT;
        else {
            mm->curmode = CUR_EXPLICIT;
            memcpy(mm->cur, cur->code, 4);
        }
    }
    if (r->set_currency[0]) {
        mm->curmode = CUR_EXPLICIT;
        memcpy(mm->cur, r->set_currency, 4);
    }
    if (r->set_factor)
        factor = nx_dec_parse(r->set_factor, strlen(r->set_factor));
    if (gspan(cs, c, r, NX_G_FROM, &s, &e)) {
        int fi = mention_at(res, s);
        if (fi >= 0 && res->m[fi].kind == NX_K_MONEY) {
            mm->from = fi;
            if (!cur && !r->set_currency[0]) {
                mm->curmode = CUR_INHERIT;
                factor = res->m[fi].factor;
            }
        }
    }
    /* money names its currency, unless the rule says bare figures are money (results tables) */
    if (mm->kind == NX_K_MONEY && mm->curmode == CUR_NONE && !r->set_bare)
        return 1;
    mm->factor = factor;
    /* "between 65 cts and 1.15 dlrs": the low end in its own unit */
    nx_dec factor_lo = factor;
    if (range && cur && gspan(cs, c, r, NX_G_CUR_LO, &s, &e) && gspan(cs, c, r, NX_G_CUR, &s2, &e2)) {
        const nx_currency *clo = find_currency(m, t + s, e - s);
        if (clo && clo->factor.ok)
            factor_lo = clo->factor;
    }
    int bp = gspan(cs, c, r, NX_G_BP, &s, &e);
    int neg = gspan(cs, c, r, NX_G_NEG, &s, &e);
    if (range) {
        lo = nx_dec_shift(lo, plo >= 0 ? plo : p);
        hi = nx_dec_shift(hi, p);
        if (mm->kind == NX_K_MONEY && factor.ok && factor_lo.ok) {
            lo = nx_dec_mul_frac(lo, factor_lo.coef, 1);
            lo = nx_dec_shift(lo, -factor_lo.scale);
            hi = nx_dec_mul_frac(hi, factor.coef, 1);
            hi = nx_dec_shift(hi, -factor.scale);
        }
        if (bp) {
            lo = nx_dec_shift(lo, -2);
            hi = nx_dec_shift(hi, -2);
        }
        if (!lo.ok || !hi.ok)
            return 1;
        if (nx_dec_cmp(lo, hi) > 0) { /* "between 100 and 99-16/32" */
            nx_dec tmp = lo;
            lo = hi;
            hi = tmp;
        }
        mm->range = 1;
        mm->min = lo;
        mm->max = hi;
        mm->value = nx_dec_mid(lo, hi);
    } else {
        v = nx_dec_shift(v, p);
        if (mm->kind == NX_K_MONEY && factor.ok) {
            v = nx_dec_mul_frac(v, factor.coef, 1);
            v = nx_dec_shift(v, -factor.scale);
        }
        if (bp)
            v = nx_dec_shift(v, -2);
        if (!v.ok)
            return 1;
        mm->value = v;
    }
    if (neg) {
        mm->value = nx_dec_neg(mm->value);
    }
    mm->approx = r->set_approx > 0 || gspan(cs, c, r, NX_G_APPROX, &s, &e);
    /* "about $10 million": a hedge word just before the mention (the HEDGE macro of the rules) */
    if (!mm->approx && m->hedge && mm->s > 0 && r->set_approx != 0) {
        size_t from = mm->s > 48 ? mm->s - 48 : 0;
        mm->approx = xmatch(m->hedge, res->doc->text + from, mm->s - from, 0, md, NULL) >= 0;
    }
    return 0;
}

/* Is the candidate a range whose low end is above its high end ("in 1986 to 15.995 billion dlrs",
 * "ended January 31 to 4.7 mln dlrs", "lowered from 3.450 to 1.350 billion dlrs")? Such a match
 * is no range: a year, a day or an earlier figure ran into the real one. Each end in its own scale
 * and currency ("5 mln to 1 billion", "65 cts to 1.15 dlrs"). Returns 1 when it is. */
static int range_backwards(const nx_model *m, const cands *cs, const cand *c, const nx_rule *r, const char *t)
{
    size_t s, e, s2, e2;
    if (!gspan(cs, c, r, NX_G_LO, &s, &e) || !gspan(cs, c, r, NX_G_HI, &s2, &e2))
        return 0;
    if (c->ms + 7 <= e && nx_strncaseeq(t + c->ms, "between", 7))
        return 0; /* "between 100 and 99-16/32" names both ends, in either order */
    nx_dec lo = nx_dec_parse(t + s, e - s), hi = nx_dec_parse(t + s2, e2 - s2);
    if (!lo.ok || !hi.ok)
        return 0;
    double flo = 1, fhi = 1;
    int p = 0, plo;
    if (gspan(cs, c, r, NX_G_SCALE, &s, &e) && (p = nx_scale_pow10(t + s, e - s)) < 0)
        p = 0;
    plo = p;
    if (gspan(cs, c, r, NX_G_SCALE_LO, &s, &e) && (plo = nx_scale_pow10(t + s, e - s)) < 0)
        plo = p;
    const nx_currency *ch = gspan(cs, c, r, NX_G_CUR, &s2, &e2) ? find_currency(m, t + s2, e2 - s2) : NULL;
    const nx_currency *cl = gspan(cs, c, r, NX_G_CUR_LO, &s, &e) ? find_currency(m, t + s, e - s) : ch;
    if (ch && ch->factor.ok)
        fhi = nx_dec_double(ch->factor);
    if (cl && cl->factor.ok)
        flo = nx_dec_double(cl->factor);
    else
        flo = fhi;
    return nx_dec_double(lo) * pow(10, plo) * flo > nx_dec_double(hi) * pow(10, p) * fhi;
}

/* ---- abstraction: the text later stages see ---- */

static void abstract_mention(nx_result *r, const nx_mention *mm)
{
    static const char K[NX_NKIND] = {'M', 'P', 'C', 'T', 'D'};
    size_t as = mm->as < mm->s ? mm->as : mm->s;
    size_t n = (mm->ae > mm->e ? mm->ae : mm->e) - as;
    if (n < 2)
        return;
    char *p = r->abs + as;
    r->abs_version++;
    p[0] = 1;
    p[1] = K[mm->kind];
    memset(p + 2, 2, n - 2);
}

static int cmp_mention(const void *a, const void *b)
{
    const nx_mention *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

/* Sort r->m by span after m[before..nm) was appended to m[0..before), which is sorted: the new ones
 * sorted apart (by their span, then their order), then merged in from the back, an old one before a
 * new one of the same span, as a stable sort of the whole would place them (all are sorted so when
 * the old ones are out of order). The indices that point at mentions (a carried-on money's `from`,
 * an entity's first mention, an event's fillers), old or new, follow them. Nothing moves, and no
 * memory is taken, when the new ones already follow in order. Returns 0 or -1 (out of memory). */
/* (the new mentions' order by span, ties in their order: a stable sort) */
static _Thread_local const nx_mention *sort_base;
static int cmp_new(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b, c = cmp_mention(&sort_base[x], &sort_base[y]);
    return c ? c : (x > y) - (x < y);
}

static int sort_new_mentions(nx_result *r, size_t before)
{
    size_t nn = r->nm - before;
    if (!nn || r->nm < 2) {
        if (r->nm < 2)
            r->msorted = r->nm;
        return 0;
    }
    size_t q0 = 1;
    while (q0 < r->nm && cmp_mention(&r->m[q0 - 1], &r->m[q0]) <= 0)
        q0++;
    if (q0 == r->nm) {
        r->msorted = r->nm;
        return 0; /* in order */
    }
    if (q0 < before) { /* the old ones out of order: all are sorted as new ones */
        before = 0;
        nn = r->nm;
    }
    int *order = nx_malloc(nn * sizeof *order), *pos = nx_malloc(r->nm * sizeof *pos); /* old -> new */
    nx_mention *tmp = nx_malloc(nn * sizeof *tmp);
    if (!order || !pos || !tmp) {
        nx_free(order);
        nx_free(pos);
        nx_free(tmp);
        return -1;
    }
    for (size_t j = 0; j < nn; j++)
        order[j] = (int)(before + j);
    sort_base = r->m; /* (qsort has no context argument: the thread's own, read during this call) */
    qsort(order, nn, sizeof *order, cmp_new);
    for (size_t j = 0; j < nn; j++)
        tmp[j] = r->m[order[j]];
    for (size_t q = 0; q < before; q++)
        pos[q] = (int)q;
    /* merged from the back: an old one before a new one of the same span, as a stable sort of the
     * whole would place them */
    size_t j = nn, k = r->nm, i = before;
    while (j) {
        if (i && cmp_mention(&r->m[i - 1], &tmp[j - 1]) > 0) {
            r->m[--k] = r->m[--i];
            pos[i] = (int)k;
        } else {
            r->m[--k] = tmp[--j];
            pos[order[j]] = (int)k;
        }
    }
    for (size_t q = 0; q < r->nm; q++)
        if (r->m[q].from >= 0)
            r->m[q].from = pos[r->m[q].from];
    for (size_t q = 0; q < r->nent; q++)
        if (r->ent[q].first >= 0)
            r->ent[q].first = pos[r->ent[q].first];
    for (size_t q = 0; q < r->nev; q++) {
        nx_event *ev = &r->ev[q];
        for (int f = 0; f < ev->nfill; f++)
            ev->fill[f].mention = pos[ev->fill[f].mention];
        if (ev->amount >= 0)
            ev->amount = pos[ev->amount];
        if (ev->change >= 0)
            ev->change = pos[ev->change];
        if (ev->stake >= 0)
            ev->stake = pos[ev->stake];
    }
    nx_free(order);
    nx_free(tmp);
    nx_free(pos);
    r->msorted = r->nm;
    return 0;
}

/* ---- stages ---- */

static int run_stage(nx_worker *w, int stage, nx_result *res, cands *cs);
static inline int rule_wanted(const nx_result *r, const nx_rule *ru, int sentence);
static int stopname(const nx_model *m, const char *s);
static int covered(const nx_worker *w, const nx_result *r, size_t s, size_t e);
static int cov_build(nx_worker *w, const nx_result *r, size_t ncand);
static void cov_mark(nx_worker *w, const nx_mention *mm);

static int gaz_candidates(nx_worker *w, int ri, nx_result *res, cands *cs)
{
    const nx_model *m = w->m;
    nx_gazhit *hits = NULL;
    size_t n = 0, cap = 0;
    if (nx_gaz_scan(m->gaz, res->abs, res->doc->len, res->title_len, &hits, &n, &cap)) {
        nx_free(hits);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        cand c = {0};
        c.s = c.ms = hits[i].s;
        c.e = c.me = hits[i].e;
        c.rule = ri;
        c.gaz = hits[i].entry;
        c.ent = -1;
        c.winner = -1;
        if (push_cand(cs, &c, NULL, 0)) {
            nx_free(hits);
            return -1;
        }
    }
    nx_free(hits);
    return 0;
}

/* Does t[0..n) (words cut from the start of a name) begin with a word that begins a clause ("After",
 * "When", "If") or joins two ("And", "Or"): 1 or 0. */
static int clause_word(const char *t, size_t n)
{
    static const char *const W[] = {"after", "before", "when", "while", "since", "if", "although", "unless",
                                    "once", "until", "though", "whereas", "and", "or", "but", "nor", NULL};
    size_t k = 0;
    while (k < n && isalpha((unsigned char)t[k]))
        k++;
    return nx_word_in(W, t, k, 1);
}

static int mention_from_cand(const nx_model *m, nx_result *res, const cands *cs, const cand *c, pcre2_match_data *md)
{
    const nx_rule *r = &m->rules->rules[c->rule];
    nx_mention mm;
    init_mention(&mm, r->kind, c->s, c->e, c->rule);
    size_t s, e;
    switch (r->kind) {
    case NX_K_MONEY:
    case NX_K_PERCENT:
        if (value_from_groups(m, res, cs, c, &mm, md))
            return 0;
        break;
    case NX_K_COMPANY:
        if (c->gaz >= 0) {
            mm.gaz = c->gaz;
        } else if (c->ent >= 0) {
            mm.ent = c->ent;
        } else {
            if (gspan(cs, c, r, NX_G_NAME, &s, &e) && e > s) {
                mm.ns = s;
                mm.ne = e;
            }
            if (gspan(cs, c, r, NX_G_TICKER, &s, &e) && e > s && e - s < sizeof mm.ticker) {
                memcpy(mm.ticker, res->doc->text + s, e - s);
                mm.ticker[e - s] = 0;
            }
        }
        /* the mention is its name; a ticker tag after it stays outside, and so does a final period
         * (the sentence's, or the abbreviation's: "Plc." -> "Plc") */
        if (mm.ne - mm.ns > 2 && res->doc->text[mm.ne - 1] == '.')
            mm.ne--;
        size_t ns0 = mm.ns; /* where the name began before such words were cut */
        /* words that begin no name ("The", "In", "Analysts"): the NOTSTART macro of the rules */
        while (m->notstart && mm.ne > mm.ns) {
            int rr = xmatch(m->notstart, res->doc->text + mm.ns, mm.ne - mm.ns, 0, md, NULL);
            if (rr < 0)
                break;
            size_t cut = pcre2_get_ovector_pointer(md)[1];
            if (cut == 0 || cut >= mm.ne - mm.ns)
                break; /* a name is never only such a word */
            mm.ns += cut;
        }
        mm.s = mm.ns;
        mm.e = mm.ne;
        /* later stages see one placeholder for "Name <TICKER>" and "<Name>" */
        mm.ae = c->me > mm.e && c->ms <= mm.s ? c->me : mm.e;
        /* what the match holds before the name ("<" of "<Name>", a word cut from it: "The",
         * "Paris-based") is in the placeholder too, but never a word that begins a clause ("After" of
         * "After Acme Corp acquired Beta Inc, ...", which the event rules must see) */
        mm.as = c->ms < mm.s && !clause_word(res->doc->text + ns0, mm.ns - ns0) ? c->ms : mm.s;
        break;
    case NX_K_TICKER:
        if (gspan(cs, c, r, NX_G_TICKER, &s, &e) && e > s && e - s < sizeof mm.ticker) {
            memcpy(mm.ticker, res->doc->text + s, e - s);
            mm.ticker[e - s] = 0;
        }
        break;
    default:
        break;
    }
    return add_mention(res, &mm);
}

static int has_from_group(const nx_rule *r) { return group_of(r, NX_G_FROM, 0) != NULL; }

static int run_stage(nx_worker *w, int stage, nx_result *res, cands *cs)
{
    const nx_model *m = w->m;
    size_t len = res->doc->len;
    int passes = 0;
    int only_from = 0;
    for (;;) {
        cs->n = 0;
        cs->npool = 0;
        for (size_t k = 0; k < m->nstage[stage]; k++) {
            int ri = m->stage_rules[stage][k];
            const nx_rule *r = &m->rules->rules[ri];
            if (only_from && !has_from_group(r))
                continue;
            if (r->builtin == NX_BUILTIN_GAZETTEER) {
                double t0 = w->prof_ms ? now_ms() : 0;
                if (gaz_candidates(w, ri, res, cs))
                    return -1;
                if (w->prof_ms) {
                    w->prof_ms[ri] += now_ms() - t0;
                    w->prof_calls[ri]++;
                }
                continue;
            }
            if (r->builtin || !rule_wanted(res, r, -1))
                continue; /* (run_rule's first test, here once for the headline and the body) */
            /* the headline and the body apart: no mention runs from one into the other */
            size_t tl = res->title_len < len ? res->title_len : 0;
            if (tl && run_wanted_rule(w, ri, res->abs, tl, 0, -1, cs, res))
                return -1;
            if (run_wanted_rule(w, ri, res->abs + tl, len - tl, tl, -1, cs, res))
                return -1;
            if (w->timed_out)
                return 0;
        }
        if (resolve(w, cs, 0, stage, res, NULL))
            return -1;
        size_t before = res->nm;
        if (cov_build(w, res, cs->n))
            return -1;
        for (size_t i = 0; i < cs->n; i++) {
            /* a mention found by an earlier pass or stage stays: a one-byte mention has no
             * placeholder, so a later pass could find it again */
            if (!cs->c[i].won || covered(w, res, cs->c[i].s, cs->c[i].e))
                continue;
            size_t had = res->nm;
            if (mention_from_cand(m, res, cs, &cs->c[i], w->md))
                return -1;
            for (size_t k = had; k < res->nm; k++)
                cov_mark(w, &res->m[k]);
        }
        for (size_t i = before; i < res->nm; i++)
            abstract_mention(res, &res->m[i]);
        if (sort_new_mentions(res, before))
            return -1;
        /* rules that carry on from an earlier money ("vs 35 mln") run again on what they found */
        if (!m->stage_from[stage] || res->nm == before || ++passes >= 8)
            break;
        only_from = 1;
    }
    return 0;
}

/* ---- linking ---- */

static int is_caps(const char *s, size_t n)
{
    int upper = 0;
    for (size_t i = 0; i < n; i++) {
        if (islower((unsigned char)s[i]))
            return 0; /* most names: at their second byte */
        upper |= isupper((unsigned char)s[i]) != 0;
    }
    return upper;
}

static int has_suffix(const char *s, size_t n)
{
    size_t e = n;
    while (e && (s[e - 1] == '.' || s[e - 1] == ','))
        e--;
    size_t b = e;
    while (b && !isspace((unsigned char)s[b - 1]))
        b--;
    return b > 0 && nx_is_legal_suffix(s + b, e - b);
}

/* Does the name at [s, s+n) of text t end in a capitalised legal suffix other than Company and Group
 * ("CPI Corp", "Eastern Co"; not "a West German company", "BRITISH COMPANY"), and not follow "of"
 * (the place of "Monfort of Colorado Inc")? */
static int capital_suffix(const char *t, size_t s, size_t n)
{
    size_t b = n;
    while (b && !isspace((unsigned char)t[s + b - 1]))
        b--;
    if (!has_suffix(t + s, n) || !isupper((unsigned char)t[s + b]) || nx_strncaseeq(t + s + b, "company", 7) ||
        nx_strncaseeq(t + s + b, "group", 5))
        return 0;
    return !(s >= 4 && nx_strncaseeq(t + s - 4, " of", 3) && isspace((unsigned char)t[s - 1]));
}

/* How good a mention's text is as the entity's name: legal form, not capitals, longer. */
static long name_score(const char *s, size_t n)
{
    long sc = (long)n;
    if (!is_caps(s, n) || n <= 5)
        sc += 1000;
    if (has_suffix(s, n))
        sc += 500;
    return sc;
}

static int set_entity_name(nx_entity *en, const char *s, size_t n)
{
    char *nm = nx_malloc(n + 1);
    if (!nm)
        return -1;
    /* collapse whitespace (names wrap across newswire lines) */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (isspace((unsigned char)c)) {
            if (k && nm[k - 1] != ' ')
                nm[k++] = ' ';
        } else {
            nm[k++] = c;
        }
    }
    while (k && nm[k - 1] == ' ')
        k--;
    nm[k] = 0;
    nx_free(en->name);
    en->name = nm;
    return 0;
}

static int new_entity(nx_result *r, const char *key)
{
    if (nx_grow((void **)&r->ent, &r->capent, r->nent + 1, sizeof *r->ent))
        return -1;
    nx_entity *en = &r->ent[r->nent];
    memset(en, 0, sizeof *en);
    en->norm = nx_strdup(key);
    en->gaz = -1;
    en->first = -1;
    if (!en->norm)
        return -1;
    return (int)r->nent++;
}

/* Find a ticker mention right after company mention i ("Microsoft Corp (NYSE: MSFT)"). */
static const nx_mention *ticker_after(const nx_result *r, size_t i)
{
    const nx_mention *mm = &r->m[i];
    for (size_t j = i + 1; j < r->nm && j < i + 3; j++) {
        const nx_mention *t = &r->m[j];
        if (t->dropped || t->kind != NX_K_TICKER)
            continue;
        if (t->s >= mm->e && t->s - mm->e <= 3)
            return t;
    }
    return NULL;
}

/* Linking's index of entities (w->ix): a key of each kind for an entity's company key, its symbol
 * and its gazetteer entry. A value found under a key is a candidate: the caller checks it. */
enum { IX_NORM = 1, IX_TICKER, IX_GAZ, IX_INITIALS, IX_FIRSTWORD, IX_LETTERS, IX_TYPO, IX_POS };

static uint64_t ix_key(int kind, const char *s, size_t n) { return nx_hash64(s, n, (uint64_t)kind); }

/* Below this many entities, linking compares them each with each (cheaper than an index). */
#define LINK_IX_MIN 24

/* Index entity k under its key of `kind` (IX_NORM, IX_TICKER or IX_GAZ; nothing when it has no
 * symbol or entry, or while the index is off). Returns 0, or -1 when out of memory. */
static int link_index(nx_worker *w, const nx_result *r, int k, int kind)
{
    if (w->ix_on != 1)
        return 0;
    const nx_entity *en = &r->ent[k];
    if (kind == IX_NORM)
        return nx_multimap_add(&w->ix, ix_key(kind, en->norm, strlen(en->norm)), k);
    if (kind == IX_TICKER)
        return en->ticker[0] ? nx_multimap_add(&w->ix, ix_key(kind, en->ticker, strlen(en->ticker)), k) : 0;
    return en->gaz >= 0 ? nx_multimap_add(&w->ix, ix_key(kind, (const char *)&en->gaz, sizeof en->gaz), k) : 0;
}

/* The first entity (in their order) that company mention mm with company key `key` belongs to: the
 * same symbol; the same key, unless both have symbols; or the same gazetteer entry. -1 if none. Reads
 * w->ix, which must hold every entity under each key it has (link_index). */
static int same_company(const nx_worker *w, const nx_result *r, const nx_mention *mm, const char *key)
{
    if (w->ix_on != 1) {
        for (size_t k = 0; k < r->nent; k++) {
            const nx_entity *en = &r->ent[k];
            if (!en->name)
                continue; /* merged away */
            if ((mm->ticker[0] && en->ticker[0] && strcmp(mm->ticker, en->ticker) == 0) ||
                (strcmp(en->norm, key) == 0 && (!mm->ticker[0] || !en->ticker[0])) ||
                (mm->gaz >= 0 && en->gaz == mm->gaz))
                return (int)k;
        }
        return -1;
    }
    int found = INT_MAX;
    if (mm->ticker[0]) {
        uint64_t h = ix_key(IX_TICKER, mm->ticker, strlen(mm->ticker));
        for (int e = nx_multimap_first(&w->ix, h); e >= 0; e = nx_multimap_next(&w->ix, e, h)) {
            const nx_entity *en = &r->ent[w->ix.val[e]];
            if (w->ix.val[e] < found && en->name && strcmp(mm->ticker, en->ticker) == 0)
                found = w->ix.val[e];
        }
    }
    uint64_t h = ix_key(IX_NORM, key, strlen(key));
    for (int e = nx_multimap_first(&w->ix, h); e >= 0; e = nx_multimap_next(&w->ix, e, h)) {
        const nx_entity *en = &r->ent[w->ix.val[e]];
        if (w->ix.val[e] < found && en->name && strcmp(en->norm, key) == 0 && (!mm->ticker[0] || !en->ticker[0]))
            found = w->ix.val[e];
    }
    if (mm->gaz >= 0) {
        h = ix_key(IX_GAZ, (const char *)&mm->gaz, sizeof mm->gaz);
        for (int e = nx_multimap_first(&w->ix, h); e >= 0; e = nx_multimap_next(&w->ix, e, h)) {
            const nx_entity *en = &r->ent[w->ix.val[e]];
            if (w->ix.val[e] < found && en->name && en->gaz == mm->gaz)
                found = w->ix.val[e];
        }
    }
    return found == INT_MAX ? -1 : found;
}

/* A linking step's start: the index on (w->ix_on) from LINK_IX_MIN entities on, emptied, and each
 * entity marked as compared with none (w->seen). Returns 0 or -1 (out of memory). */
static int link_ix_start(nx_worker *w, const nx_result *r)
{
    w->ix_on = r->nent >= LINK_IX_MIN;
    if (!w->ix_on)
        return 0;
    nx_multimap_clear(&w->ix);
    if (nx_grow((void **)&w->seen, &w->capseen, r->nent, sizeof *w->seen))
        return -1;
    for (size_t b = 0; b < r->nent; b++)
        w->seen[b] = -1;
    return 0;
}

/* The entities (or, for company_at, mentions) to compare one with: with the index on, those under
 * key h (in the order the chain gives), else all n of them in order. ents_next gives the next, or
 * -1 at the end. */
typedef struct ent_iter {
    const nx_multimap *ix; /* NULL: all */
    uint64_t h;
    int e;                 /* the last entry, -1 before the first, -2 after the last */
    size_t b, n;
} ent_iter;

static ent_iter ix_under(const nx_worker *w, uint64_t h, size_t n)
{
    ent_iter it = {w->ix_on == 1 ? &w->ix : NULL, h, -1, 0, n};
    return it;
}

static ent_iter ents_under(const nx_worker *w, const nx_result *r, uint64_t h) { return ix_under(w, h, r->nent); }

static int ents_next(ent_iter *it)
{
    if (!it->ix)
        return it->b < it->n ? (int)it->b++ : -1;
    if (it->e == -2)
        return -1; /* ended */
    it->e = it->e < 0 ? nx_multimap_first(it->ix, it->h) : nx_multimap_next(it->ix, it->e, it->h);
    if (it->e < 0)
        it->e = -2;
    return it->e < 0 ? -1 : it->ix->val[it->e];
}

/* Merges whose mentions move at the end: link_merge(w, r, k, to) records that entity k went to
 * entity `to` (w->fwd, from the first merge of a step on: fwd_on), and link_forward then moves every
 * mention to the end of its entity's chain, as if each merge had moved them at once. link_merge
 * returns 0 or -1 (out of memory). */
static int link_merge(nx_worker *w, const nx_result *r, size_t k, int to)
{
    if (!w->fwd_on) {
        if (nx_grow((void **)&w->fwd, &w->capfwd, r->nent, sizeof *w->fwd))
            return -1;
        for (size_t j = 0; j < r->nent; j++)
            w->fwd[j] = -1;
        w->fwd_on = 1;
    }
    w->fwd[k] = to;
    return 0;
}

static int forward_of(const nx_worker *w, int k)
{
    while (w->fwd_on && k >= 0 && w->fwd[k] >= 0)
        k = w->fwd[k];
    return k;
}

static void link_forward(nx_worker *w, nx_result *r)
{
    if (!w->fwd_on)
        return;
    for (size_t i = 0; i < r->nm; i++)
        if (r->m[i].ent >= 0)
            r->m[i].ent = forward_of(w, r->m[i].ent);
    w->fwd_on = 0;
}

static int link_companies(nx_worker *w, nx_result *r)
{
    const nx_model *m = w->m;
    const char *t = r->doc->text;
    w->ix_on = 0;
    for (size_t i = 0; i < r->nm; i++) {
        if (!w->ix_on && r->nent >= LINK_IX_MIN) { /* the entities so far, then each as it comes */
            nx_multimap_clear(&w->ix);
            w->ix_on = 1;
            for (size_t k = 0; k < r->nent; k++)
                if (r->ent[k].name && (link_index(w, r, (int)k, IX_NORM) || link_index(w, r, (int)k, IX_TICKER) ||
                                       link_index(w, r, (int)k, IX_GAZ)))
                    return -1;
        }
        if (budget_tick(w, i))
            return 0; /* the mentions left keep ent = -1 */
        nx_mention *mm = &r->m[i];
        if (mm->dropped || mm->kind != NX_K_COMPANY || mm->ent >= 0)
            continue;
        const nx_mention *tk = ticker_after(r, i);
        if (tk) {
            if (!mm->ticker[0])
                memcpy(mm->ticker, tk->ticker, sizeof mm->ticker);
            mm->ae = tk->e; /* "Microsoft Corp (NYSE: MSFT)" is one placeholder for the events */
            abstract_mention(r, mm);
        }
        if (mm->gaz < 0 && (mm->gaz = nx_gaz_lookup(m->gaz, t + mm->ns, mm->ne - mm->ns)) == -2)
            return -1;
        size_t nl = mm->ne - mm->ns;
        char small[256], *key = nl < sizeof small ? small : nx_malloc(nl + 1);
        if (!key)
            return -1;
        nx_company_key_into(t + mm->ns, nl, key);
        if (!key[0] || (!mm->ticker[0] && stopname(m, key) && !capital_suffix(t, mm->ns, mm->ne - mm->ns))) {
            mm->dropped = 1; /* "a West German company" names no company; "CPI Corp" does */
            if (key != small)
                nx_free(key);
            continue;
        }
        int found = same_company(w, r, mm, key);
        if (found == -1) {
            found = new_entity(r, key);
            if (found < 0 || link_index(w, r, found, IX_NORM)) {
                if (key != small)
                    nx_free(key);
                return -1;
            }
            r->ent[found].first = (int)i;
            r->ent[found].caps_only = 1;
        }
        if (key != small)
            nx_free(key);
        nx_entity *en = &r->ent[found];
        mm->ent = found;
        if (mm->ticker[0] && (!en->ticker[0] || !en->tagged)) {
            memcpy(en->ticker, mm->ticker, sizeof en->ticker);
            en->tagged = 1;
            if (link_index(w, r, found, IX_TICKER))
                return -1;
        }
        if (en->gaz < 0 && mm->gaz >= 0) {
            en->gaz = mm->gaz;
            if (link_index(w, r, found, IX_GAZ))
                return -1;
        }
        if (!is_caps(t + mm->ns, mm->ne - mm->ns) || mm->ne - mm->ns <= 5)
            en->caps_only = 0;
        long sc = name_score(t + mm->ns, mm->ne - mm->ns);
        long old = en->name ? name_score(en->name, strlen(en->name)) : -1;
        if (sc > old && set_entity_name(en, t + mm->ns, mm->ne - mm->ns))
            return -1;
    }
    for (size_t k = 0; k < r->nent; k++) {
        nx_entity *en = &r->ent[k];
        if (en->gaz >= 0 && !en->ticker[0]) {
            const char *gt = nx_gaz_ticker(m->gaz, en->gaz);
            if (gt[0] && strlen(gt) < sizeof en->ticker)
                memcpy(en->ticker, gt, strlen(gt) + 1);
        }
    }
    /* one company, one entity: "HAWAIIAN ELECTRIC <HE>" and "Hawaiian Electric Industries" (HE);
     * each absorbs the entities before it with its symbol, which come from the index last first */
    w->ix_on = r->nent >= LINK_IX_MIN;
    nx_multimap_clear(&w->ix);
    for (size_t k = 0; k < r->nent; k++)
        if (r->ent[k].name && link_index(w, r, (int)k, IX_TICKER))
            return -1;
    for (size_t a = 0; a < r->nent; a++) {
        nx_entity *ea = &r->ent[a];
        if (!ea->name || !ea->ticker[0])
            continue;
        /* (an entity absorbs all those before it with its symbol: so at most one is left to absorb,
         * the last before it; the chain of the index gives the later ones first) */
        int chain[64], nb = 0;
        if (!w->ix_on) {
            for (size_t b = a; b-- > 0 && nb < 64;)
                if (r->ent[b].name && strcmp(r->ent[b].ticker, ea->ticker) == 0)
                    chain[nb++] = (int)b;
        } else {
            uint64_t h = ix_key(IX_TICKER, ea->ticker, strlen(ea->ticker));
            for (int e = nx_multimap_first(&w->ix, h); e >= 0 && nb < 64; e = nx_multimap_next(&w->ix, e, h)) {
                int b = w->ix.val[e];
                if (b < (int)a && r->ent[b].name && strcmp(r->ent[b].ticker, ea->ticker) == 0)
                    chain[nb++] = b;
            }
        }
        for (int c = nb - 1; c >= 0; c--) {
            size_t b = (size_t)chain[c];
            nx_entity *eb = &r->ent[b];
            /* a absorbs b, keeping the better name */
            if (name_score(eb->name, strlen(eb->name)) > name_score(ea->name, strlen(ea->name))) {
                char *tmp = ea->name;
                ea->name = eb->name;
                eb->name = tmp;
            }
            if (link_merge(w, r, b, (int)a))
                return -1;
            if (ea->gaz < 0)
                ea->gaz = eb->gaz;
            if (eb->first >= 0 && (ea->first < 0 || eb->first < ea->first))
                ea->first = eb->first;
            ea->caps_only &= eb->caps_only;
            nx_free(eb->name);
            eb->name = NULL;
            eb->norm[0] = 0;
        }
    }
    link_forward(w, r);
    for (size_t k = 0; k < r->nent; k++) {
        nx_entity *en = &r->ent[k];
        if (!en->name)
            continue;
        if (en->gaz >= 0) {
            const char *gt = nx_gaz_ticker(m->gaz, en->gaz);
            if (!en->ticker[0] && gt[0] && strlen(gt) < sizeof en->ticker)
                memcpy(en->ticker, gt, strlen(gt) + 1);
            /* a name only seen in capitals reads better as the gazetteer writes it */
            if (en->caps_only) {
                const char *gn = nx_gaz_name(m->gaz, en->gaz);
                if (set_entity_name(en, gn, strlen(gn)))
                    return -1;
            }
        }
    }
    return 0;
}

/* Initials of a name without legal suffixes and small words: "International Business Machine Corp"
 * -> "IBM". Returns the length written into out (0 when fewer than two words). */
static size_t initials(const char *nm, char *out, size_t cap)
{
    size_t n = 0, words = 0, len = strlen(nm);
    size_t ws[32], we[32];
    size_t i = 0;
    while (i < len && words < 32) {
        while (i < len && (nm[i] == ' ' || nm[i] == ','))
            i++;
        size_t j = i;
        while (j < len && nm[j] != ' ' && nm[j] != ',')
            j++;
        if (j > i) {
            ws[words] = i;
            we[words] = j;
            words++;
        }
        i = j;
    }
    while (words > 1 && nx_is_legal_suffix(nm + ws[words - 1], we[words - 1] - ws[words - 1]))
        words--;
    if (words < 2)
        return 0;
    for (size_t w = 0; w < words && n + 1 < cap; w++) {
        size_t wl = we[w] - ws[w];
        const char *x = nm + ws[w];
        if ((wl == 3 && nx_strncaseeq(x, "and", 3)) || (wl == 2 && nx_strncaseeq(x, "of", 2)) ||
            (wl == 3 && nx_strncaseeq(x, "the", 3)) || (wl == 1 && x[0] == '&'))
            continue;
        if (!isalpha((unsigned char)x[0]))
            return 0;
        out[n++] = (char)toupper((unsigned char)x[0]);
    }
    out[n] = 0;
    return n;
}

/* "IBM" and "International Business Machine Corp" in one story are one company: merge an entity
 * whose name is an acronym of capitals into the entity whose initials it spells (the first such).
 * From LINK_IX_MIN entities on, the entities are found by their initials in w->ix. Returns 0 or -1
 * (out of memory). */
static int link_acronyms(nx_worker *w, nx_result *r)
{
    char ini[40];
    if (link_ix_start(w, r))
        return -1;
    if (w->ix_on) { /* last first: a key's chain gives them in order */
        for (size_t b = r->nent; b-- > 0;) {
            size_t n = r->ent[b].name ? initials(r->ent[b].name, ini, sizeof ini) : 0;
            if (n >= 2 && n <= 6 && nx_multimap_add(&w->ix, ix_key(IX_INITIALS, ini, n), (int)b))
                return -1;
        }
    }
    for (size_t a = 0; a < r->nent; a++) {
        nx_entity *ea = &r->ent[a];
        if (!ea->name)
            continue;
        size_t al = strlen(ea->name);
        if (al < 2 || al > 6 || !is_caps(ea->name, al))
            continue;
        ent_iter it = ents_under(w, r, ix_key(IX_INITIALS, ea->name, al));
        for (int bi; (bi = ents_next(&it)) >= 0;) {
            size_t b = (size_t)bi;
            nx_entity *eb = &r->ent[b];
            if (b == a || !eb->name || initials(eb->name, ini, sizeof ini) != al || strcmp(ini, ea->name) != 0)
                continue;
            if (ea->ticker[0] && eb->ticker[0] && strcmp(ea->ticker, eb->ticker) != 0)
                continue;
            /* b absorbs a: mentions move, the ticker is kept */
            if (link_merge(w, r, a, (int)b))
                return -1;
            if (!eb->ticker[0])
                memcpy(eb->ticker, ea->ticker, sizeof eb->ticker);
            if (eb->gaz < 0)
                eb->gaz = ea->gaz;
            nx_free(ea->name);
            ea->name = NULL;
            ea->norm[0] = 0;
            break;
        }
    }
    link_forward(w, r);
    return 0;
}

/* Are the words of key k (a company key: lowercase, space-separated) all words that a company adds
 * to its short name ("international", "industries"; "and" of "Deere and Co", whose key ends in it)? */
static int generic_tail(const char *k)
{
    static const char *const W[] = {"international", "intl", "industries", "enterprises", "group",
                                    "holdings", "systems", "resources", "technologies", "laboratories",
                                    "products", "services", "of", "america", "and", NULL};
    while (*k) {
        while (*k == ' ')
            k++;
        size_t n = strcspn(k, " ");
        if (!n)
            break;
        if (!nx_word_in(W, k, n, 0))
            return 0;
        k += n;
    }
    return 1;
}

/* The first company mention (not dropped, with an entity) whose name ends (end = 1) or starts
 * (end = 0) at byte pos, or -1. From 256 mentions on, the mentions are found through w->ix, where the
 * first call of a linking step (w->ix_on 0) puts every company mention under its name's start and
 * end (the mentions must not change in between); out of memory for it, they are all read. */
static uint64_t pos_key(size_t pos, int end)
{
    uint64_t v = (uint64_t)pos * 2 + (end != 0);
    return ix_key(IX_POS, (const char *)&v, sizeof v);
}

static int company_at(nx_worker *w, const nx_result *r, size_t pos, int end)
{
    if (r->nm >= 256 && !w->ix_on) {
        nx_multimap_clear(&w->ix);
        w->ix_on = 1;
        for (size_t i = r->nm; i-- > 0 && w->ix_on == 1;) /* last first: a chain gives them in order */
            if (r->m[i].kind == NX_K_COMPANY &&
                (nx_multimap_add(&w->ix, pos_key(r->m[i].ns, 0), (int)i) ||
                 nx_multimap_add(&w->ix, pos_key(r->m[i].ne, 1), (int)i)))
                w->ix_on = -1; /* read them all */
    }
    ent_iter it = ix_under(w, w->ix_on == 1 ? pos_key(pos, end) : 0, r->nm); /* (mentions, here) */
    for (int i; (i = ents_next(&it)) >= 0;) {
        const nx_mention *mm = &r->m[i];
        if (!mm->dropped && mm->kind == NX_K_COMPANY && mm->ent >= 0 && (end ? mm->ne : mm->ns) == pos)
            return i;
    }
    return -1;
}

/* Does lit begin at q (before end), without case, a space in lit standing for one or more spaces
 * or line breaks of the text? Returns the position after it, or NULL. */
static const char *match_ws(const char *q, const char *end, const char *lit)
{
    for (; *lit; lit++) {
        if (*lit == ' ') {
            if (q >= end || !isspace((unsigned char)*q))
                return NULL;
            while (q < end && isspace((unsigned char)*q))
                q++;
        } else {
            if (q >= end || tolower((unsigned char)*q) != tolower((unsigned char)*lit))
                return NULL;
            q++;
        }
    }
    return q;
}

/* Units named with their parent: a company without a ticker that stands right after another's
 * possessive ("Boeing Co's Boeing Aerospace Co"), before ", a unit of" another ("RCA Inc, a division
 * of General Electric", "Taco Bell Corp, a unit of Pepsico Inc"; not "an affiliate of": a minority
 * holder) or after "its" and before "subsidiary" when the sentence's company just before owns it
 * ("Gencorp said its RKO General subsidiary agreed to sell") takes that company's ticker as its parent_ticker: the listed shares that answer for it
 * (Reuters tags units so: "BOEING <BA> UNIT"). Written as the ticker of its fillers except as a target. */
static const char *const UNIT_WORDS[] = {"subsidiary", "unit", "division", NULL};

static void link_parents(nx_worker *w, nx_result *r)
{
    w->ix_on = 0; /* (company_at builds its index when first asked) */
    const char *t = r->doc->text;
    size_t n = r->doc->len;
    for (size_t i = 0; i < r->nm; i++) {
        const nx_mention *mm = &r->m[i];
        if (mm->dropped || mm->kind != NX_K_COMPANY || mm->ent < 0)
            continue;
        nx_entity *en = &r->ent[mm->ent];
        if (en->ticker[0] || en->parent_ticker[0] || !en->name)
            continue;
        int parent = -1;
        /* "Parent's Unit", "Parent's <TICK> Unit", "Parent <TICK> subsidiary Unit" */
        size_t p = mm->ns;
        while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '\n'))
            p--;
        int kindword = 0;
        for (int k = 0; UNIT_WORDS[k] && p < mm->ns && !kindword; k++) {
            size_t kl = strlen(UNIT_WORDS[k]);
            if (p >= kl + 1 && nx_strncaseeq(t + p - kl, UNIT_WORDS[k], kl) && isspace((unsigned char)t[p - kl - 1])) {
                kindword = 1;
                p -= kl;
                while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '\n'))
                    p--;
            }
        }
        if (p > 0 && t[p - 1] == '>') { /* a symbol after the parent's name */
            size_t q = p - 1;
            while (q > 0 && t[q - 1] != '<' && p - q < 16)
                q--;
            if (q > 0 && t[q - 1] == '<') {
                p = q - 1;
                while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '\n'))
                    p--;
            }
        }
        if (p < mm->ns && p >= 3 && t[p - 1] == 's' && t[p - 2] == '\'')
            parent = company_at(w, r, p - 2, 1);
        else if (kindword && p < mm->ns)
            parent = company_at(w, r, p, 1);
        /* "Unit, a [wholly-owned] unit|subsidiary|division|affiliate of [the] Parent", also after the
         * unit's place: "RCA Inc of Moorestown, N.J., a division of General Electric" */
        size_t ue = mm->ne;
        if (ue + 5 < n && (t[ue] == ' ' || t[ue] == '\n') && t[ue + 1] == 'o' && t[ue + 2] == 'f' && t[ue + 3] == ' ' &&
            isupper((unsigned char)t[ue + 4])) {
            /* capitalised words, dots and commas up to the comma before " a "/" an "/" the " */
            size_t x = ue + 4, last = 0;
            while (x < n && x < mm->ne + 48 && (isalpha((unsigned char)t[x]) || t[x] == '.' || t[x] == ',' || t[x] == ' ' || t[x] == '\n')) {
                if (t[x] == ',' && x + 3 < n && t[x + 1] == ' ' && (t[x + 2] == 'a' || t[x + 2] == 't'))
                    last = x;
                x++;
            }
            if (last)
                ue = last;
        }
        if (parent < 0 && ue + 2 < n && t[ue] == ',') {
            static const char *const HEAD[] = {" a ", " an ", " the ", NULL};
            static const char *const OWN[] = {"wholly-owned ", "wholly owned ", "majority-owned ", "", NULL};
            static const char *const KIND[] = {"unit ", "subsidiary ", "division ", "arm ", NULL};
            const char *q = t + ue + 1, *end = t + n;
            for (int h = 0; HEAD[h] && parent < 0; h++) {
                const char *u0 = match_ws(q, end, HEAD[h]);
                for (int o = 0; u0 && OWN[o] && parent < 0; o++) {
                    const char *u = match_ws(u0, end, OWN[o]);
                    for (int k = 0; u && KIND[k] && parent < 0; k++) {
                        const char *c = match_ws(u, end, KIND[k]);
                        if (c)
                            c = match_ws(c, end, "of ");
                        if (!c)
                            continue;
                        const char *c2 = match_ws(c, end, "the ");
                        parent = company_at(w, r, (size_t)((c2 ? c2 : c) - t), 0);
                    }
                }
            }
        }
        /* "Parent said its Unit subsidiary|unit|division": the company just before, in that sentence */
        if (parent < 0 && mm->ns >= 4 && nx_strncaseeq(t + mm->ns - 4, "its", 3) && isspace((unsigned char)t[mm->ns - 1]) &&
            (mm->ns == 4 || !isalnum((unsigned char)t[mm->ns - 5]))) {
            size_t q = mm->ne;
            while (q < n && isspace((unsigned char)t[q]))
                q++;
            int kind = 0;
            for (int k = 0; UNIT_WORDS[k] && !kind; k++) {
                size_t kl = strlen(UNIT_WORDS[k]);
                kind = q > mm->ne && q + kl <= n && nx_strncaseeq(t + q, UNIT_WORDS[k], kl) &&
                       (q + kl == n || !isalnum((unsigned char)t[q + kl]));
            }
            for (size_t j = i; kind && j-- > 0;) {
                const nx_mention *pm = &r->m[j];
                if (pm->dropped || pm->kind != NX_K_COMPANY || pm->ent < 0 || pm->ent == mm->ent)
                    continue;
                if (mm->ns - pm->e < 120 && !memchr(t + pm->e, '.', mm->ns - pm->e - 4))
                    parent = (int)j;
                break;
            }
        }
        if (parent < 0)
            continue;
        const nx_entity *pe = &r->ent[r->m[parent].ent];
        const char *pt = pe->ticker[0] ? pe->ticker : pe->parent_ticker;
        if (pt[0] && pe != en)
            memcpy(en->parent_ticker, pt, sizeof en->parent_ticker);
    }
}

/* Do the words of a headline's name (a company key: lowercase, single spaces) begin the words of
 * another key, each word equal or its abbreviation (its first letter, then some of its letters in
 * order: "svc" of "service", "intl" of "international", "gen" of "general"), two words at least, two of
 * them equal or one equal of five letters or more ("GEN DYNAMICS")? Returns the length of key b so
 * matched (at a word's end), 0 if not. */
static size_t abbrev_prefix(const char *a, const char *b)
{
    size_t i = 0, j = 0;
    int words = 0, equal = 0, long_equal = 0;
    while (a[i]) {
        size_t ae = i, be = j;
        while (a[ae] && a[ae] != ' ')
            ae++;
        while (b[be] && b[be] != ' ')
            be++;
        if (be == j || a[i] != b[j])
            return 0;
        int same = ae - i == be - j && memcmp(a + i, b + j, ae - i) == 0;
        if (!same) {
            if (ae - i < (words == 0 ? 3u : 2u))
                return 0;
            size_t k = j + 1; /* the abbreviation's letters, in order, within the word */
            for (size_t x = i + 1; x < ae; x++) {
                while (k < be && b[k] != a[x])
                    k++;
                if (k == be)
                    return 0;
                k++;
            }
        }
        equal += same;
        if (same && ae - i >= 5)
            long_equal = 1;
        words++;
        i = a[ae] ? ae + 1 : ae;
        j = b[be] ? be + 1 : be;
        if (!a[ae])
            return words >= 2 && (equal >= 2 || long_equal) ? be : 0;
    }
    return 0;
}

/* A name seen only in the capitals of the headline whose words begin exactly one other company's
 * name is that company: "AMERICAN BARRICK <ABX>" and "American Barrick Resources Corp". So is a name
 * with a symbol from the text whose longer form adds only such words as "International" and has no
 * symbol of its own: "COMPUTER ASSOCIATES <CA>" and "Computer Associates International Inc". */
static int sentence_of(const nx_result *r, size_t pos);

/* Is the entity's first mention a headline's word(s) in capitals ("JACOR <JCOR> TO BUY ..."), not
 * followed by "UNIT" ("K MART <KM> UNIT BUYS": the parent of the company the story begins with)? */
static int headline_caps(const nx_result *r, const nx_entity *e)
{
    if (e->first < 0 || !r->title_len)
        return 0;
    const nx_mention *mm = &r->m[e->first];
    const char *t = r->doc->text;
    if (mm->ne > r->title_len || !is_caps(t + mm->ns, mm->ne - mm->ns))
        return 0;
    size_t p = mm->ne;
    while (p < r->title_len && t[p] == ' ')
        p++;
    if (p < r->title_len && t[p] == '<') { /* its symbol */
        while (p < r->title_len && t[p] != '>')
            p++;
        while (p < r->title_len && (t[p] == '>' || t[p] == ' '))
            p++;
    }
    /* the word UNIT(S) or SUBSIDIARY, not "UNITES" or "UNITED" */
    size_t n = p;
    while (n < r->title_len && isupper((unsigned char)t[n]))
        n++;
    n -= p;
    return !((n == 4 || n == 5) && strncmp(t + p, "UNITS", n) == 0) &&
           !(n == 10 && strncmp(t + p, "SUBSIDIARY", 10) == 0);
}

/* Is entity e the first company named after the headline ("Jacor Communications Inc said ...")? */
static int forward_of(const nx_worker *w, int k);

static int lead_subject(const nx_worker *w, const nx_result *r, int e)
{
    if (!r->title_len || r->title_len >= r->doc->len)
        return 0;
    for (size_t i = 0; i < r->nm; i++) {
        const nx_mention *mm = &r->m[i];
        if (mm->dropped || mm->kind != NX_K_COMPANY || mm->ent < 0 || mm->ns <= r->title_len)
            continue;
        return forward_of(w, mm->ent) == e && sentence_of(r, mm->ns) == sentence_of(r, r->title_len + 1);
    }
    return 0;
}

/* The first word of company key k (up to a space), its length. */
static size_t first_word(const char *k) { return strcspn(k, " "); }

/* The first letters of the first two words of key k ("northern indiana public svc" -> "ni"), into
 * out[2]; 0 when k has one word. */
static int two_initials(const char *k, char out[2])
{
    const char *sp = strchr(k, ' ');
    if (!sp || !sp[1])
        return 0;
    out[0] = k[0];
    out[1] = sp[1];
    return 1;
}

static int link_caps_prefixes(nx_worker *w, nx_result *r)
{
    const nx_model *m = w->m;
    /* with the index: each entity not only in capitals under its first word (a name that begins
     * another's begins with its first word) and its words' first two letters (an abbreviation's
     * words begin as the name's: "northern indiana public svc") */
    if (link_ix_start(w, r))
        return -1;
    if (w->ix_on) {
        for (size_t b = 0; b < r->nent; b++) {
            const nx_entity *eb = &r->ent[b];
            char two[2];
            if (!eb->name || eb->caps_only)
                continue;
            if (nx_multimap_add(&w->ix, ix_key(IX_FIRSTWORD, eb->norm, first_word(eb->norm)), (int)b) ||
                (two_initials(eb->norm, two) && nx_multimap_add(&w->ix, ix_key(IX_LETTERS, two, 2), (int)b)))
                return -1;
        }
    }
    for (size_t a = 0; a < r->nent; a++) {
        nx_entity *ea = &r->ent[a];
        if (!ea->name || !ea->norm[0] || (!ea->caps_only && !ea->tagged))
            continue;
        size_t kl = strlen(ea->norm);
        /* (not when the gazetteer gives the headline's company a legal name of its own: "K MART
         * <KM> BUYS ..." is K Mart Corp, not "K Mart Apparel Corp, a unit of K Mart Corp") */
        const char *gn = ea->gaz >= 0 ? nx_gaz_name(m->gaz, ea->gaz) : NULL;
        int head = headline_caps(r, ea) && !(gn && has_suffix(gn, strlen(gn)));
        int hit = -1, n = 0;
        char two[2];
        int abbrev = w->ix_on && ea->caps_only && two_initials(ea->norm, two);
        ent_iter its[2] = {ents_under(w, r, w->ix_on ? ix_key(IX_FIRSTWORD, ea->norm, first_word(ea->norm)) : 0),
                           ents_under(w, r, abbrev ? ix_key(IX_LETTERS, two, 2) : 0)};
        for (int c = 0; c < (abbrev ? 2 : 1); c++)
            for (int bi; (bi = ents_next(&its[c])) >= 0;) {
                size_t b = (size_t)bi;
                nx_entity *eb = &r->ent[b];
                if (b == a || !eb->name || eb->caps_only)
                    continue;
                if (w->ix_on) { /* (an entity may stand under both keys) */
                    if (w->seen[b] == (int)a)
                        continue;
                    w->seen[b] = (int)a;
                }
                size_t bl = kl;
                if (strncmp(eb->norm, ea->norm, kl) != 0 || eb->norm[kl] != ' ') {
                    /* or its abbreviation, when the headline is all there is: "NORTHERN INDIANA
                     * PUBLIC SVC <NI>" and "Northern Indiana Public Service Company" */
                    if (!ea->caps_only || !(bl = abbrev_prefix(ea->norm, eb->norm)) ||
                        (eb->norm[bl] && !generic_tail(eb->norm + bl)))
                        continue;
                }
                /* a short name in capitals ("JACOR <JCOR>") is the company that the story's first
                 * sentence begins with, if its name begins so ("Jacor Communications Inc said"),
                 * whatever the rest of its name; not a unit named later ("Tracor Inc said its Tracor
                 * Aerospace") */
                if (!ea->caps_only && (eb->ticker[0] || !generic_tail(eb->norm + kl)) &&
                    !(head && !eb->ticker[0] && lead_subject(w, r, (int)b)))
                    continue;
                /* two symbols from the text: two companies; a gazetteer's guess does not count */
                if (ea->tagged && eb->tagged && strcmp(ea->ticker, eb->ticker) != 0)
                    continue;
                hit = (int)b;
                n++;
            }
        if (n != 1)
            continue;
        if (link_merge(w, r, a, hit))
            return -1;
        nx_entity *eb = &r->ent[hit];
        if (!eb->ticker[0] || (ea->tagged && !eb->tagged)) {
            memcpy(eb->ticker, ea->ticker, sizeof eb->ticker);
            eb->tagged = ea->tagged;
        }
        nx_free(ea->name);
        ea->name = NULL;
        ea->norm[0] = 0;
    }
    link_forward(w, r);
    return 0;
}

/* Are two keys one typing error apart (a letter left out, added, changed, or two swapped)? */
static int one_typo(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb)
        return one_typo(b, a);
    if (lb - la > 1)
        return 0;
    size_t i = 0;
    while (i < la && a[i] == b[i])
        i++;
    if (i == la)
        return lb == la + 1;
    if (la == lb)
        return strcmp(a + i + 1, b + i + 1) == 0 ||
               (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && strcmp(a + i + 2, b + i + 2) == 0);
    return strcmp(a + i, b + i + 1) == 0;
}

/* Add (index 1) or look up (index 0) company key k and each of its forms with one byte left out
 * under IX_TYPO: two keys one typing error apart (one_typo) share one of these forms. A lookup
 * counts in *n and sets *hit for each entity b it finds that test(r, a, b) accepts, each once (w->seen
 * marked with a). Returns 0, or -1 when out of memory. */
static int typo_forms(nx_worker *w, const nx_result *r, const char *k, int index, int a, int *hit, int *n,
                      int (*test)(const nx_result *, size_t, size_t))
{
    char small[256];
    size_t kl = strlen(k);
    char *f = kl < sizeof small ? small : nx_malloc(kl + 1);
    if (!f)
        return -1;
    for (size_t d = 0; d <= kl; d++) { /* d == kl: the key whole */
        memcpy(f, k, d);
        memcpy(f + d, k + d + (d < kl), kl - d - (d < kl));
        uint64_t h = ix_key(IX_TYPO, f, kl - (d < kl));
        if (index) {
            if (nx_multimap_add(&w->ix, h, a)) {
                if (f != small)
                    nx_free(f);
                return -1;
            }
            continue;
        }
        for (int e = nx_multimap_first(&w->ix, h); e >= 0; e = nx_multimap_next(&w->ix, e, h)) {
            int b = w->ix.val[e];
            if (w->seen[b] == a)
                continue;
            w->seen[b] = a;
            if (test(r, (size_t)a, (size_t)b)) {
                *hit = b;
                ++*n;
            }
        }
    }
    if (f != small)
        nx_free(f);
    return 0;
}

/* May entity b, which has a symbol from the text, be entity a with a typing error in its name? */
static int typo_of(const nx_result *r, size_t a, size_t b)
{
    const nx_entity *ea = &r->ent[a], *eb = &r->ent[b];
    return b != a && eb->name && eb->tagged && eb->ticker[0] && strcmp(eb->norm, ea->norm) != 0 &&
           one_typo(eb->norm, ea->norm);
}

/* A name in the body with no symbol, one typing error away from a company whose symbol the text
 * gives, is that company: "Genral Dynamics Corp" in a story headed "GENERAL DYNAMICS <GD>". Keys of
 * at least 8 letters and two words, so that short names ("Alcan", "Alcoa") never meet. From
 * LINK_IX_MIN entities on, those with symbols are found through their keys' forms (typo_forms).
 * Returns 0 or -1 (out of memory). */
static int link_typos(nx_worker *w, nx_result *r)
{
    if (link_ix_start(w, r))
        return -1;
    if (w->ix_on) {
        for (size_t b = 0; b < r->nent; b++) {
            const nx_entity *eb = &r->ent[b];
            if (eb->name && eb->tagged && eb->ticker[0] && typo_forms(w, r, eb->norm, 1, (int)b, NULL, NULL, NULL))
                return -1;
        }
    }
    for (size_t a = 0; a < r->nent; a++) {
        nx_entity *ea = &r->ent[a];
        if (!ea->name || ea->ticker[0] || ea->caps_only || strlen(ea->norm) < 8 || !strchr(ea->norm, ' '))
            continue;
        int hit = -1, n = 0;
        if (w->ix_on) {
            if (typo_forms(w, r, ea->norm, 0, (int)a, &hit, &n, typo_of))
                return -1;
        } else
            for (size_t b = 0; b < r->nent; b++)
                if (typo_of(r, a, b)) {
                    hit = (int)b;
                    n++;
                }
        if (n != 1)
            continue;
        if (link_merge(w, r, a, hit))
            return -1;
        nx_entity *eb = &r->ent[hit];
        if (eb->caps_only) { /* the body's name, as written, names the company */
            nx_free(eb->name);
            eb->name = ea->name;
            ea->name = NULL;
            eb->caps_only = 0;
        } else {
            nx_free(ea->name);
            ea->name = NULL;
        }
        ea->norm[0] = 0;
    }
    link_forward(w, r);
    return 0;
}

static int word_char(int c) { return isalnum(c) || c == '&' || c >= 0x80; }

/* Words that are no company's short name on their own. */
const char *const nx_common_words[] = {
    "a", "air", "airlines", "allied", "american", "an", "associated", "atlantic", "bank", "banks",
    "boston", "british", "broad", "california", "canadian", "capital", "care", "central",
    "chemical", "chemicals", "chicago", "citizens", "commercial", "communications", "community",
    "computer", "consolidated", "continental", "dallas", "data", "digital", "eagle", "east",
    "eastern", "electric", "electronics", "energy", "equity", "exchange", "farmers", "federal",
    "financial", "first", "florida", "food", "foods", "gas", "general", "global", "gold", "great",
    "group", "guaranty", "health", "holdings", "home", "hong", "houston", "imperial", "industrial",
    "industries", "insurance", "international", "investment", "investors", "japan", "liberty",
    "life", "london", "market", "medical", "merchants", "mid", "midwest", "mining", "motor",
    "motors", "mutual", "national", "new", "north", "northern", "northwest", "ohio", "oil",
    "pacific", "paris", "partners", "people", "peoples", "petroleum", "power", "products", "public",
    "resources", "royal", "savings", "securities", "security", "services", "shares", "silver",
    "south", "southern", "southwest", "standard", "star", "steel", "stock", "sun", "systems",
    "technologies", "technology", "texas", "the", "tokyo", "toronto", "trust", "u.s.", "union",
    "united", "universal", "us", "west", "western", "world",
};
const size_t nx_ncommon_words = sizeof nx_common_words / sizeof *nx_common_words;

static int common_word(const char *s, size_t n)
{
    return nx_word_in_sorted(nx_common_words, nx_ncommon_words, s, n);
}

/* Is s a place, nationality, month or institution (data/stopnames.txt)? Compared without case
 * (ASCII): the names are kept in lowercase, so s is lowered and looked up in their hash index. */
static int stopname(const nx_model *m, const char *s)
{
    if (!m->nstop)
        return 0;
    char low[256];
    size_t n = strlen(s);
    if (n >= sizeof low) {
        for (size_t i = 0; i < m->nstop; i++)
            if (nx_strcaseeq(m->stopnames[i], s))
                return 1;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    return nx_strindex_find(&m->stopindex, low, n) >= 0;
}

/* Short forms of an entity's name to find later in the document. */
static int alias_forms(const nx_model *m, const nx_result *r, const nx_entity *en, int ei, char forms[][96], int max)
{
    int nf = 0;
    const char *nm = en->name;
    if (!nm)
        return 0;
    size_t n = strlen(nm);
    /* without legal suffixes */
    size_t e = n;
    for (;;) {
        size_t x = e;
        while (x && (nm[x - 1] == '.' || nm[x - 1] == ','))
            x--;
        size_t b = x;
        while (b && nm[b - 1] != ' ')
            b--;
        if (b == 0 || !nx_is_legal_suffix(nm + b, x - b))
            break;
        e = b;
        while (e && (nm[e - 1] == ' ' || nm[e - 1] == ','))
            e--;
    }
    if (e && e < n && e < 95 && (e > 3 || is_caps(nm, e))) {
        memcpy(forms[nf], nm, e);
        forms[nf][e] = 0;
        if (!(e <= 12 && common_word(nm, e)) && !stopname(m, forms[nf]))
            nf++;
    }
    /* the first word of a longer name, when distinctive */
    size_t fw = 0;
    while (fw < e && nm[fw] != ' ')
        fw++;
    /* an acronym heading the name: "PPG" of "PPG Industries Inc", "AMR" of "AMR Corp" */
    if (fw < e && fw >= 2 && fw <= 5 && is_caps(nm, fw) && !is_caps(nm, e) && nf < max) {
        int letters = 1;
        for (size_t i = 0; i < fw; i++)
            letters &= isupper((unsigned char)nm[i]) != 0;
        memcpy(forms[nf], nm, fw);
        forms[nf][fw] = 0;
        if (letters && !stopname(m, forms[nf]) && !common_word(nm, fw))
            nf++;
    }
    int shared_first = 0;
    for (size_t k = 0; k < r->nent; k++)
        if ((int)k != ei && r->ent[k].name && nx_strncaseeq(r->ent[k].name, nm, fw) &&
            (r->ent[k].name[fw] == ' ' || (r->ent[k].name[fw] == 0 && r->ent[k].gaz < 0)))
            shared_first = 1; /* (a gazetteer's company named by that word alone: retake_short_name) */
    if (fw < e && fw >= 4 && fw < 95 && isupper((unsigned char)nm[0]) && !common_word(nm, fw) && !shared_first &&
        nf < max) {
        int has_lower = 0;
        for (size_t i = 1; i < fw; i++)
            has_lower |= islower((unsigned char)nm[i]) != 0;
        if (has_lower) {
            memcpy(forms[nf], nm, fw);
            forms[nf][fw] = 0;
            if (!stopname(m, forms[nf]))
                nf++;
        }
    }
    /* the word after a person's initials that head the name: "Ahmanson" of "HF Ahmanson and Co",
     * "Heinz" of "H.J. Heinz Co", "Penney" of "J.C. Penney Co Inc" */
    if (fw >= 2 && fw <= 4 && fw < e && nf < max) {
        int ini = 1;
        for (size_t i = 0; i < fw; i++)
            ini &= isupper((unsigned char)nm[i]) || (nm[i] == '.' && i > 0 && isupper((unsigned char)nm[i - 1]));
        size_t b = fw + 1, x = b;
        while (x < e && nm[x] != ' ')
            x++;
        if (ini && x - b >= 4 && x - b < 95 && isupper((unsigned char)nm[b]) && !common_word(nm + b, x - b)) {
            int lower = 0;
            for (size_t i = b + 1; i < x; i++)
                lower |= islower((unsigned char)nm[i]) != 0;
            memcpy(forms[nf], nm + b, x - b);
            forms[nf][x - b] = 0;
            if (lower && !stopname(m, forms[nf]))
                nf++;
        }
    }
    /* initials that are also the company's symbol: "GE" of General Electric Corp <GE>, "IBM" */
    if (en->ticker[0] && nf < max) {
        char ini[40];
        size_t il = initials(nm, ini, sizeof ini);
        if (il >= 2 && il < 95 && strcmp(ini, en->ticker) == 0 && !stopname(m, ini)) {
            memcpy(forms[nf], ini, il + 1);
            nf++;
        }
    }
    /* an acronym in parentheses after one of its mentions: "Telecom Japan Inc (ITJ)" */
    const char *t = r->doc->text;
    for (size_t i = 0; i < r->nm && nf < max; i++) {
        const nx_mention *mm = &r->m[i];
        if (mm->ent != ei || mm->dropped)
            continue;
        size_t p = mm->e;
        while (p < r->doc->len && t[p] == ' ')
            p++;
        if (p < r->doc->len && t[p] == '(') {
            size_t q = p + 1;
            while (q < r->doc->len && isupper((unsigned char)t[q]) && q - p < 8)
                q++;
            if (q < r->doc->len && t[q] == ')' && q - p - 1 >= 2) {
                memcpy(forms[nf], t + p + 1, q - p - 1);
                forms[nf][q - p - 1] = 0;
                nf++;
            }
        }
    }
    /* an acronym heading one of its mentions when the entity bears another name: "CMS" of the
     * headline's "CMS <CMS>" and the body's "CMS Energy Corp", an entity named Consumers Power Co
     * after its ticker. A mention all in capitals (a headline) counts only when it is the acronym alone. */
    for (size_t i = 0; i < r->nm && nf < max; i++) {
        const nx_mention *mm = &r->m[i];
        if (mm->ent != ei || mm->dropped || mm->kind != NX_K_COMPANY)
            continue;
        size_t w = 0;
        while (mm->s + w < mm->e && isupper((unsigned char)t[mm->s + w]))
            w++;
        if (w < 2 || w > 5 || (mm->s + w < mm->e && t[mm->s + w] != ' ') ||
            (mm->s + w < mm->e && is_caps(t + mm->s, mm->e - mm->s)) || common_word(t + mm->s, w))
            continue;
        char ac[8];
        memcpy(ac, t + mm->s, w);
        ac[w] = 0;
        int dup = stopname(m, ac);
        for (int f = 0; f < nf && !dup; f++)
            dup = strcmp(forms[f], ac) == 0;
        if (!dup)
            memcpy(forms[nf++], ac, w + 1);
    }
    return nf;
}

/* What mention mm covers, [*ms, *me): its span, its hedge words and what its placeholder covers (a
 * ticker tag after a name). */
static void mention_reach(const nx_mention *mm, size_t *ms, size_t *me)
{
    *ms = mm->as < mm->s ? mm->as : mm->s;
    *me = mm->ae > mm->e ? mm->ae : mm->e;
}

/* The bytes mention mm covers (mention_reach) marked in w->cov. */
static void cov_mark(nx_worker *w, const nx_mention *mm)
{
    if (!w->cov_on)
        return;
    size_t ms, me;
    mention_reach(mm, &ms, &me);
    for (size_t b = ms; b < me;) {
        if (b % 64 == 0 && me - b >= 64) {
            w->cov[b / 64] = ~(uint64_t)0;
            b += 64;
        } else {
            w->cov[b / 64] |= (uint64_t)1 << (b % 64);
            b++;
        }
    }
}

/* w->cov for the mentions of r not dropped, when there are many (more than 64 mentions, or more
 * than 64 candidates to test, ncand): a byte is marked when a mention (with its hedge words) covers
 * it. A mention added after is marked with cov_mark. Returns 0 or -1 (out of memory). */
static int cov_build(nx_worker *w, const nx_result *r, size_t ncand)
{
    w->cov_on = r->nm > 64 || ncand > 64;
    if (!w->cov_on)
        return 0;
    size_t nw = r->doc->len / 64 + 2;
    if (nx_grow((void **)&w->cov, &w->capcov, nw, sizeof *w->cov))
        return -1;
    memset(w->cov, 0, nw * sizeof *w->cov);
    for (size_t i = 0; i < r->nm; i++)
        if (!r->m[i].dropped)
            cov_mark(w, &r->m[i]);
    return 0;
}

/* Does a mention of r cover (mention_reach) a byte of [s, e)? 1 or 0. With many mentions
 * (cov_build) a test reads the bytes' bits instead of every mention: a long document's thousands of candidates
 * against its thousands of mentions had cost a tenth of its time. */
static int covered(const nx_worker *w, const nx_result *r, size_t s, size_t e)
{
    if (!w->cov_on) {
        for (size_t i = 0; i < r->nm; i++) {
            size_t ms, me;
            mention_reach(&r->m[i], &ms, &me);
            if (!r->m[i].dropped && ms < e && s < me)
                return 1;
        }
        return 0;
    }
    for (size_t b = s; b < e;) {
        uint64_t x = w->cov[b / 64] >> (b % 64);
        if (e - b < 64 - b % 64)
            x &= ((uint64_t)1 << (e - b)) - 1;
        if (x)
            return 1;
        b += 64 - b % 64;
    }
    return 0;
}

/* "Kestrel Robotics Inc said ... Kestrel shares rose": the gazetteer's "Kestrel" (another company,
 * Kestrel Group) at [s, e), where an alias of entity k stands, is k's: the story named k in full
 * before, and the gazetteer's company is named nowhere but in such short mentions without a ticker
 * of their own. Its mentions there are given to k. */
static void retake_short_name(nx_result *r, size_t k, size_t s, size_t e)
{
    const nx_entity *en = &r->ent[k];
    if (en->first < 0 || (size_t)en->first >= r->nm || r->m[en->first].s >= s)
        return;
    /* a name that joins two ("Microsoft and OpenAI Reaffirm Partnership", a headline read as one
     * name) is no company of its own whose short name this could be */
    size_t fl = e - s, nl = en->name ? strlen(en->name) : 0;
    if (nl > fl + 2 && nx_strncaseeq(en->name, r->doc->text + s, fl) &&
        (strncmp(en->name + fl, " & ", 3) == 0 || (nl > fl + 4 && nx_strncaseeq(en->name + fl, " and ", 5))))
        return;
    int other = -1; /* the last such mention's: the sorted ones at s, then those appended since */
    size_t se = sorted_end(r);
    for (size_t i = first_from(r, s); i < r->nm; i++) {
        if (i < se && r->m[i].s > s) {
            i = se - 1;
            continue;
        }
        const nx_mention *mm = &r->m[i];
        if (!mm->dropped && mm->kind == NX_K_COMPANY && mm->s == s && mm->e == e && mm->ent >= 0 &&
            (size_t)mm->ent != k && mm->gaz >= 0 && !mm->ticker[0])
            other = mm->ent;
    }
    if (other < 0)
        return;
    for (size_t i = 0; i < r->nm; i++) { /* named otherwise somewhere, or with a ticker: it stays */
        const nx_mention *mm = &r->m[i];
        if (!mm->dropped && mm->ent == other &&
            (mm->ticker[0] || mm->e - mm->s != e - s || memcmp(r->doc->text + mm->s, r->doc->text + s, e - s)))
            return;
    }
    size_t first_s = r->m[en->first].s; /* the mentions before the full name stay the gazetteer's */
    for (size_t i = 0; i < r->nm; i++)
        if (r->m[i].ent == other && r->m[i].s > first_s) {
            r->m[i].ent = (int)k;
            r->m[i].gaz = -1;
        }
}

/* builtin aliases: later short mentions of companies already named */
/* The first place in [p, end) where needle[0..nl) (nl > 0) stands whole, or NULL. */
static const char *find_in(const char *p, const char *end, const char *needle, size_t nl)
{
    while ((size_t)(end - p) >= nl && (p = memchr(p, needle[0], (size_t)(end - p) - nl + 1)) != NULL) {
        if (memcmp(p + 1, needle + 1, nl - 1) == 0)
            return p;
        p++;
    }
    return NULL;
}

static int find_aliases(nx_worker *w, nx_result *r, int ri)
{
    size_t steps = 0;
    const char *t = r->doc->text;
    size_t len = r->doc->len;
    size_t nent = r->nent < 64 ? r->nent : 64;
    size_t before = r->nm;
    if (cov_build(w, r, 0))
        return -1;
    for (size_t k = 0; k < nent; k++) {
        char forms[6][96];
        int nf = alias_forms(w->m, r, &r->ent[k], (int)k, forms, 6);
        for (int f = 0; f < nf; f++) {
            size_t fl = strlen(forms[f]);
            for (int caps = 0; caps < 3 && fl; caps++) {
                char up[96];
                const char *needle = forms[f];
                if (caps == 1) {
                    if (!r->title_len || is_caps(forms[f], fl))
                        continue;
                    for (size_t i = 0; i <= fl; i++)
                        up[i] = (char)toupper((unsigned char)forms[f][i]);
                    needle = up;
                } else if (caps == 2) {
                    /* a one-word name with capitals inside, as the wire also writes it: "GenCorp" and
                     * "Gencorp", "PepsiCo" and "Pepsico" */
                    int inner = 0, lower = 0;
                    for (size_t i = 1; i < fl; i++) {
                        inner |= isupper((unsigned char)forms[f][i]) != 0;
                        lower |= islower((unsigned char)forms[f][i]) != 0;
                    }
                    if (!inner || !lower || !isupper((unsigned char)forms[f][0]) || strchr(forms[f], ' '))
                        continue;
                    up[0] = forms[f][0];
                    for (size_t i = 1; i <= fl; i++)
                        up[i] = (char)tolower((unsigned char)forms[f][i]);
                    needle = up;
                }
                size_t limit = caps == 1 ? r->title_len : len;
                const char *p = t;
                while ((p = find_in(p, t + limit, needle, fl)) != NULL) {
                    if (budget_tick(w, ++steps))
                        goto done;
                    size_t s = (size_t)(p - t), e = s + fl;
                    p += fl;
                    if ((s && word_char((unsigned char)t[s - 1])) || (e < len && word_char((unsigned char)t[e])))
                        continue;
                    /* a possessive stays outside; other letters after do not match */
                    if (covered(w, r, s, e)) {
                        retake_short_name(r, k, s, e);
                        continue;
                    }
                    nx_mention mm;
                    init_mention(&mm, NX_K_COMPANY, s, e, ri);
                    mm.ent = (int)k;
                    if (add_mention(r, &mm))
                        return -1;
                    cov_mark(w, &r->m[r->nm - 1]);
                }
            }
        }
    }
done:
    for (size_t i = before; i < r->nm; i++)
        abstract_mention(r, &r->m[i]);
    return sort_new_mentions(r, before);
}

/* ---- currencies in text order ---- */

static const char *exchange_currency(const nx_model *m, const char *ticker, int year)
{
    const char *dot = strrchr(ticker, '.');
    if (!dot)
        return NULL;
    if (!year) /* undated: today's meaning of the suffix */
        year = 9999;
    for (size_t i = 0; i < m->nexch; i++)
        if (nx_strcaseeq(m->exch_suffix[i], dot) && (!m->exch_years[i][0] || year >= m->exch_years[i][0]) &&
            (!m->exch_years[i][1] || year <= m->exch_years[i][1]))
            return m->exch_code[i];
    return NULL;
}

static int is_dollar(const char *code)
{
    static const char *const D[] = {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", NULL};
    return nx_word_in(D, code, strlen(code), 0);
}

/* Is a hundredth of the currency `code` called a cent (dollars, the euro, the guilder, the rand, East
 * African shillings, the ringgit as Malaysia wrote it in 1987...)? "69 cents" in a story about kwacha
 * (ngwee) or yen is a dollar's cents. */
static int has_cents(const char *code)
{
    static const char *const C[] = {"EUR", "NLG", "ZAR", "KES", "TZS", "UGX", "LKR", "MUR", "MYR", NULL};
    return is_dollar(code) || nx_word_in(C, code, strlen(code), 0);
}

/* Does t[s,e) name a U.S. stock market? A price quoted there is in U.S. dollars even in a Canadian
 * story ("Dome rose 1/4 to 1-1/8 on the American Stock Exchange"). A Canadian exchange changes
 * nothing: a bare dollar is USD unless named (spec/events.md). */
static int us_market(const char *t, size_t s, size_t e)
{
    static const char *const X[] = {"New York Stock Exchange", "American Stock Exchange", "Nasdaq", "NASDAQ", "NYSE",
                                    "over-the-counter", NULL};
    for (int k = 0; X[k]; k++) /* its first byte found by memchr, then the rest; a space is any white space */
        for (const char *p = t + s; p < t + e && (p = memchr(p, X[k][0], (size_t)(t + e - p))); p++) {
            const char *q = p, *x = X[k];
            while (*x && q < t + e) {
                if (*x == ' ') {
                    if (!isspace((unsigned char)*q))
                        break;
                    while (q < t + e && isspace((unsigned char)*q))
                        q++;
                    x++;
                } else if (*q == *x) {
                    q++;
                    x++;
                } else {
                    break;
                }
            }
            /* a whole word: "NYSE", not the ticker "NYSEG" */
            if (!*x && (q == t + e || !isalnum((unsigned char)*q)) && (p == t + s || !isalnum((unsigned char)p[-1])))
                return 1;
        }
    return 0;
}

/* Does the text name a country of the franc other than France ("Swiss", "Zurich": CHF; "Belgian",
 * "Brussels": BEF) and not France ("French", "Paris")? The code, or NULL. A bare "francs" is the
 * French franc unless the story is about such a country alone. */
static const char *franc_country(const char *t, size_t n)
{
    static const char *const FR[] = {"French", "France", "Paris", NULL};
    static const char *const CH[] = {"Swiss", "Switzerland", "Zurich", "Geneva", "Basle", "Berne", "Lausanne", NULL};
    static const char *const BE[] = {"Belgian", "Belgium", "Brussels", "Antwerp", NULL};
    const char *const *L[] = {FR, CH, BE};
    int seen[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++)
        for (int i = 0; L[k][i] && !seen[k]; i++) {
            size_t wl = strlen(L[k][i]);
            for (const char *p = t; !seen[k] && (p = find_in(p, t + n, L[k][i], wl)) != NULL; p++)
                seen[k] = (p == t || !isalnum((unsigned char)p[-1])) && (p + wl == t + n || !isalnum((unsigned char)p[wl]));
        }
    if (seen[0] || seen[1] == seen[2])
        return NULL;
    return seen[1] ? "CHF" : "BEF";
}

/* Is money mention mm's currency a bare "franc(s)" (after its number or scale: "510 francs",
 * "1,000-franc", "5 mln francs"; not "French francs", "Swiss franc")? 1 or 0. */
static int bare_franc(const char *t, const nx_mention *mm)
{
    size_t s = mm->s, f;
    if (mm->e - s >= 6 && nx_strncaseeq(t + mm->e - 6, "francs", 6))
        f = mm->e - 6;
    else if (mm->e - s >= 5 && nx_strncaseeq(t + mm->e - 5, "franc", 5))
        f = mm->e - 5;
    else
        return 0;
    while (f > s && (t[f - 1] == ' ' || t[f - 1] == '\n' || t[f - 1] == '\t' || t[f - 1] == '-'))
        f--;
    size_t b = f;
    while (b > s && isalpha((unsigned char)t[b - 1]))
        b--;
    if (b == f) /* after the number */
        return 1;
    static const char *const SCALE[] = {"mln", "million", "billion", "bln", "trillion", "thousand", NULL};
    return nx_word_in(SCALE, t + b, f - b, 1);
}

static int is_franc(const char *code)
{
    static const char *const F[] = {"FRF", "CHF", "BEF", "LUF", "XOF", NULL};
    return nx_word_in(F, code, strlen(code), 0);
}

static void resolve_currencies(const nx_model *m, nx_result *r, int year)
{
    const char *franc = NULL; /* franc_country, read when a bare "francs" first needs it */
    int franc_read = 0;
    char last_franc[4] = "";
    /* the document's currency: the first currency named, else a foreign ticker's, else USD */
    char doc[4] = "";
    for (size_t i = 0; i < r->nm && !doc[0]; i++)
        if (!r->m[i].dropped && r->m[i].kind == NX_K_MONEY && r->m[i].curmode == CUR_EXPLICIT)
            memcpy(doc, r->m[i].cur, 4);
    for (size_t i = 0; i < r->nm && !doc[0]; i++)
        if (!r->m[i].dropped && (r->m[i].kind == NX_K_COMPANY || r->m[i].kind == NX_K_TICKER) &&
            r->m[i].ticker[0]) {
            /* a dollar is USD unless named (spec/events.md): a Toronto ticker does not make bare
             * figures Canadian; a London or Frankfurt one does make them sterling or marks */
            const char *c = exchange_currency(m, r->m[i].ticker, year);
            if (c && !is_dollar(c))
                memcpy(doc, c, 4);
        }
    if (!doc[0])
        memcpy(doc, "USD", 4);
    memcpy(r->doc_cur, doc, 4);
    char current[4] = "", dollar[4] = "USD";
    size_t si = 0, xs = (size_t)-1;
    int us = 0;
    for (size_t i = 0; i < r->nm; i++) {
        nx_mention *mm = &r->m[i];
        if (mm->dropped || mm->kind != NX_K_MONEY)
            continue;
        if (mm->curmode == CUR_NONE || mm->curmode == CUR_DOLLAR) {
            while (si + 1 < r->nsent && r->sent[si].end <= mm->s)
                si++;
            if (si < r->nsent && xs != si) {
                xs = si;
                us = us_market(r->doc->text, r->sent[si].start, r->sent[si].end);
            }
            if (us && si < r->nsent && r->sent[si].start <= mm->s) {
                memcpy(mm->cur, "USD", 4);
                continue; /* the market's dollar does not become the story's current currency */
            }
        }
        switch (mm->curmode) {
        case CUR_EXPLICIT:
            if (is_dollar(mm->cur))
                memcpy(dollar, mm->cur, 4);
            if (is_franc(mm->cur)) {
                /* a bare "francs" is the franc named before ("200 mln Swiss franc bond ... 5,000
                 * francs"), else the country's when the story is about Switzerland or Belgium alone */
                if (!bare_franc(r->doc->text, mm)) {
                    memcpy(last_franc, mm->cur, 4);
                } else if (last_franc[0]) {
                    memcpy(mm->cur, last_franc, 4);
                } else {
                    if (!franc_read) {
                        franc = franc_country(r->doc->text, r->doc->len);
                        franc_read = 1;
                    }
                    if (franc)
                        memcpy(mm->cur, franc, 4);
                }
            }
            break;
        case CUR_DOLLAR: memcpy(mm->cur, dollar, 4); break;
        case CUR_SUBUNIT: {
            const char *c = current[0] ? current : doc;
            if (!has_cents(c)) { /* a dollar's cents: the story's currency stays current */
                memcpy(mm->cur, dollar, 4);
                continue;
            }
            memcpy(mm->cur, c, 4);
            break;
        }
        case CUR_NONE: memcpy(mm->cur, current[0] ? current : doc, 4); break;
        case CUR_INHERIT:
            if (mm->from >= 0 && r->m[mm->from].cur[0])
                memcpy(mm->cur, r->m[mm->from].cur, 4);
            else
                memcpy(mm->cur, current[0] ? current : doc, 4);
            break;
        }
        memcpy(current, mm->cur, 4);
    }
}

/* ---- events ---- */

static int same_type(const nx_model *m, const cand *a, const cand *b)
{
    return m->rules->rules[a->rule].type == m->rules->rules[b->rule].type;
}

static int add_filler(nx_event *ev, int role, int mention)
{
    for (int i = 0; i < ev->nfill; i++)
        if (ev->fill[i].mention == mention)
            return 0;
    size_t cap = (size_t)ev->capfill;
    if (nx_grow((void **)&ev->fill, &cap, (size_t)ev->nfill + 1, sizeof *ev->fill))
        return -1;
    ev->capfill = (int)cap;
    ev->fill[ev->nfill].role = role;
    ev->fill[ev->nfill].mention = mention;
    ev->nfill++;
    return 0;
}

static int entity_in_event(const nx_result *r, const nx_event *ev, int ent)
{
    for (int i = 0; i < ev->nfill; i++)
        if (r->m[ev->fill[i].mention].ent == ent)
            return 1;
    return 0;
}

static int is_pronoun(const char *s, size_t n)
{
    static const char *const P[] = {"it", "its", "group", "company", "company's", "the company", "the company's", "the firm",
                                    "the firm's", "the group", "the group's", "the bank", "the bank's",
                                    "they", "their", NULL};
    return nx_word_in(P, s, n, 1);
}

/* Is a name's key a place, month or institution ("july", "europe", "bundesbank"), or such a word and
 * then only numbers, a date ("april four", "march 27")? Not a company, whatever the pattern says. */
static int not_a_company(const nx_model *m, const char *key)
{
    if (stopname(m, key))
        return 1;
    static const char *const NUMW[] = {"one", "two", "three", "four", "five", "six", "seven", "eight",
                                       "nine", "ten", "eleven", "twelve", "twenty", "thirty", "first", NULL};
    const char *sp = strchr(key, ' ');
    if (!sp || (size_t)(sp - key) >= 32)
        return 0;
    char first[32];
    memcpy(first, key, (size_t)(sp - key));
    first[sp - key] = 0;
    if (!stopname(m, first))
        return 0;
    for (const char *w = sp + 1; *w;) {
        size_t n = strcspn(w, " ");
        int num = 1;
        for (size_t i = 0; i < n; i++)
            num &= isdigit((unsigned char)w[i]) != 0;
        if (!num)
            num = nx_word_in(NUMW, w, n, 0);
        if (!num)
            return 0;
        w += n;
        while (*w == ' ')
            w++;
    }
    return 1;
}

/* A company named only by the context of an event pattern ("General Accident fell 21p"): make a
 * mention and an entity for it. Returns the mention index, or -1 (not a name), -2 (out of memory). */
static int context_company(const nx_model *m, nx_result *r, size_t s, size_t e)
{
    const char *t = r->doc->text;
    while (s < e && (isspace((unsigned char)t[s]) || t[s] == '"'))
        s++;
    while (e > s && (isspace((unsigned char)t[e - 1]) || t[e - 1] == ',' || t[e - 1] == '"'))
        e--;
    if (e - s >= 2 && t[e - 2] == '\'' && (t[e - 1] == 's' || t[e - 1] == 'S'))
        e -= 2;
    else if (e > s && t[e - 1] == '\'')
        e--;
    if (e - s > 3 && nx_strncaseeq(t + s, "the ", 4))
        s += 4;
    if (e <= s || e - s > 80 || !(nx_starts_upper(t + s, e - s) || isdigit((unsigned char)t[s])))
        return -1;
    for (size_t i = s; i < e; i++)
        if (t[i] == '\x01' || r->abs[i] == '\x01')
            return -1;
    nx_mention mm;
    init_mention(&mm, NX_K_COMPANY, s, e, -1);
    mm.gaz = nx_gaz_lookup(m->gaz, t + s, e - s);
    char *key = mm.gaz == -2 ? NULL : nx_company_key(t + s, e - s);
    if (!key)
        return -2;
    if (mm.gaz < 0 && not_a_company(m, key)) {
        nx_free(key);
        return -1;
    }
    int found = -1;
    for (size_t k = 0; k < r->nent && found < 0; k++)
        if (strcmp(r->ent[k].norm, key) == 0 || (mm.gaz >= 0 && r->ent[k].gaz == mm.gaz))
            found = (int)k;
    /* the first words of a company named earlier: "Dai Nippon" after "Dai Nippon Printing Co Ltd" */
    size_t kl = strlen(key);
    for (size_t k = 0; k < r->nent && found < 0 && kl >= 4; k++)
        if (strncmp(r->ent[k].norm, key, kl) == 0 && r->ent[k].norm[kl] == ' ')
            found = (int)k;
    if (found < 0) {
        found = new_entity(r, key);
        if (found < 0 || set_entity_name(&r->ent[found], t + s, e - s)) {
            nx_free(key);
            return -2;
        }
        r->ent[found].gaz = mm.gaz;
        if (mm.gaz >= 0) {
            const char *gt = nx_gaz_ticker(m->gaz, mm.gaz);
            if (strlen(gt) < sizeof r->ent[found].ticker)
                memcpy(r->ent[found].ticker, gt, strlen(gt) + 1);
        }
    }
    nx_free(key);
    mm.ent = found;
    if (add_mention(r, &mm))
        return -2;
    return (int)r->nm - 1;
}

/* The company a pronoun in [s,e) refers to: the last company before it in the sentence that is not
 * already in the event, else the document's first company. -1 if none. */
static int antecedent(const nx_result *r, const nx_event *ev, size_t sent_s, size_t s, int possessive)
{
    int best = -1;
    if (possessive) {
        /* "its" refers back to an owner: "GenCorp's policy of trying to sell its station WOR to MCA
         * Inc ... and its station KHJ to Walt Disney Co" */
        for (size_t i = 0; i < r->nm; i++) {
            const nx_mention *mm = &r->m[i];
            if (mm->dropped || mm->kind != NX_K_COMPANY || mm->ent < 0)
                continue;
            if (mm->s >= s)
                break;
            if (mm->s >= sent_s && !entity_in_event(r, ev, mm->ent) && mm->e + 1 < r->doc->len &&
                r->doc->text[mm->e] == '\'' && (r->doc->text[mm->e + 1] == 's' || r->doc->text[mm->e + 1] == 'S'))
                best = (int)i;
        }
        if (best >= 0)
            return best;
    }
    for (size_t i = 0; i < r->nm; i++) {
        const nx_mention *mm = &r->m[i];
        if (mm->dropped || mm->kind != NX_K_COMPANY || mm->ent < 0)
            continue;
        if (mm->s >= s)
            break;
        if (mm->s >= sent_s && !entity_in_event(r, ev, mm->ent))
            best = (int)i;
    }
    if (best >= 0)
        return best;
    for (size_t i = 0; i < r->nm; i++)
        if (!r->m[i].dropped && r->m[i].kind == NX_K_COMPANY && r->m[i].ent >= 0 &&
            !entity_in_event(r, ev, r->m[i].ent))
            return (int)i;
    return -1;
}

/* The first mention (not dropped) of kind `kind` or `kind2` within [s, e), or -1: the sorted ones
 * from the first that starts at s, then those appended since. */
static int first_mention_in(const nx_result *r, size_t s, size_t e, int kind, int kind2)
{
    size_t se = sorted_end(r);
    for (size_t i = first_from(r, s); i < r->nm; i++) {
        if (i < se && r->m[i].s > e) {
            i = se - 1; /* none further in the sorted part: the appended ones */
            continue;
        }
        const nx_mention *mm = &r->m[i];
        if (mm->dropped)
            continue;
        if (mm->s >= s && mm->e <= e && (mm->kind == kind || mm->kind == kind2))
            return (int)i;
    }
    return -1;
}

static int build_event(const nx_model *m, nx_result *r, const cands *cs, const cand *c)
{
    const nx_rule *ru = &m->rules->rules[c->rule];
    nx_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = ru->type;
    ev.rule = c->rule;
    ev.sentence = c->sentence;
    ev.s = c->ms;
    ev.e = c->me;
    ev.amount = ev.change = ev.stake = -1;
    ev.status = ru->set_status;
    ev.modality = ru->set_modality;
    /* a rule's `set` is a default: a strong modifier (priority > 0) may override it */
    ev.status_fixed = ru->set_status >= 0 ? 3 : 0;
    ev.modality_fixed = ru->set_modality >= 0 ? 3 : 0;
    ev.confidence = ru->confidence;
    size_t sent_s = c->sentence >= 0 ? r->sent[c->sentence].start : 0;
    const size_t *ov = cs->pool + c->ov;
    int rc = 0;
    ev.ts = ev.s;
    ev.te = ev.e;
    for (int k = 0; k < ru->ngroups; k++) {
        const nx_group *g = &ru->groups[k];
        if (g->num >= c->novec || ov[2 * g->num] == PCRE2_UNSET)
            continue;
        size_t s = ov[2 * g->num], e = ov[2 * g->num + 1];
        switch (g->field) {
        case NX_G_ROLE: {
            int any = 0;
            /* the sorted mentions from the first that begins at s (a long document has thousands),
             * then those appended since (context companies) */
            size_t se = sorted_end(r);
            for (size_t i = first_from(r, s); i < r->nm; i++) {
                if (i < se && r->m[i].s > e) {
                    i = se - 1; /* none further in the sorted part: the appended ones */
                    continue;
                }
                nx_mention *mm = &r->m[i];
                if (mm->dropped || mm->kind != NX_K_COMPANY || mm->s < s || mm->e > e)
                    continue;
                if (mm->ent >= 0 && entity_in_event(r, &ev, mm->ent))
                    continue;
                if (add_filler(&ev, g->arg, (int)i))
                    rc = -1;
                any = 1;
            }
            if (!any && e > s) {
                int mi;
                if (is_pronoun(r->doc->text + s, e - s))
                    mi = antecedent(r, &ev, sent_s, s,
                                    e - s >= 3 && nx_strncaseeq(r->doc->text + e - 3, "its", 3));
                else
                    mi = context_company(m, r, s, e);
                if (mi == -2)
                    rc = -1;
                else if (mi >= 0 && !entity_in_event(r, &ev, r->m[mi].ent) && add_filler(&ev, g->arg, mi))
                    rc = -1;
            }
            break;
        }
        case NX_G_AMOUNT:
            if (ev.amount < 0)
                ev.amount = first_mention_in(r, s, e, NX_K_MONEY, -1);
            break;
        case NX_G_CHANGE:
            if (ev.change < 0)
                ev.change = first_mention_in(r, s, e, NX_K_PERCENT, NX_K_MONEY);
            break;
        case NX_G_STAKE:
            if (ev.stake < 0)
                ev.stake = first_mention_in(r, s, e, NX_K_PERCENT, -1);
            break;
        case NX_G_TRIGGER:
            ev.ts = s;
            ev.te = e;
            break;
        case NX_G_UP: ev.change_sign = 1; break;
        case NX_G_DOWN: ev.change_sign = -1; break;
        case NX_G_NEG: ev.amount_neg = 1; break;
        case NX_G_STATUS:
            ev.status = g->arg;
            ev.status_fixed = 1;
            break;
        case NX_G_MODALITY:
            ev.modality = g->arg;
            ev.modality_fixed = 1;
            break;
        case NX_G_PERIOD:
            ev.ps = s;
            ev.pe = e;
            break;
        default: break;
        }
    }
    if (rc) {
        nx_free(ev.fill);
        return -1;
    }
    ev.amount_zero = ru->set_zero && ev.amount < 0;
    /* `set subject=ROLE`: the story's main company (its first, usually in the headline) fills the
     * role when the match left it empty ("The stock was up 1/2", "the 1986 dividend rose to ...") */
    if (ru->set_subject >= 0) {
        int has = 0;
        for (int f = 0; f < ev.nfill; f++)
            has |= ev.fill[f].role == ru->set_subject;
        if (!has) {
            /* the body's first company (its legal name, as a lead sentence gives it), else the
             * headline's */
            int pick = -1;
            for (int pass = 0; pass < 2 && pick < 0; pass++)
                for (size_t i = 0; i < r->nm; i++)
                    if (!r->m[i].dropped && r->m[i].kind == NX_K_COMPANY && r->m[i].ent >= 0 &&
                        (pass || r->m[i].s >= r->title_len)) {
                        pick = (int)i;
                        break;
                    }
            if (pick >= 0 && !entity_in_event(r, &ev, r->m[pick].ent) && add_filler(&ev, ru->set_subject, pick)) {
                nx_free(ev.fill);
                return -1;
            }
        }
    }
    /* newsfx's convention (the development sample's): a sale with a named buyer is an acquisition by
     * that buyer, the seller in role seller; a sale without one stays a divestiture */
    if (ev.type == NX_EV_DIVESTITURE) {
        int buyer = 0;
        for (int f = 0; f < ev.nfill; f++)
            buyer |= ev.fill[f].role == NX_R_BUYER;
        if (buyer) {
            ev.type = NX_EV_ACQUISITION;
            for (int f = 0; f < ev.nfill; f++)
                if (ev.fill[f].role == NX_R_BUYER)
                    ev.fill[f].role = NX_R_ACQUIRER;
        }
    }
    if (ev.nfill == 0) {
        nx_free(ev.fill);
        return 0; /* an event names at least one company */
    }
    if (nx_grow((void **)&r->ev, &r->capev, r->nev + 1, sizeof *r->ev)) {
        nx_free(ev.fill);
        return -1;
    }
    r->ev[r->nev++] = ev;
    return 0;
}

/* The sentence that byte pos falls in: the first that ends after it (binary search: they come in
 * order), else the last; -1 without sentences. */
static int sentence_of(const nx_result *r, size_t pos)
{
    size_t lo = 0, hi = r->nsent;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pos < r->sent[mid].end)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo < r->nsent ? (int)lo : r->nsent ? (int)r->nsent - 1 : -1;
}

static int modify_sentence(nx_worker *w, nx_result *r, cands *cs, size_t si, const size_t *evs, size_t nevs);

static int apply_modifiers(nx_worker *w, nx_result *r, cands *cs)
{
    const nx_model *m = w->m;
    if (!m->nstage[NX_STAGE_MODIFIERS] || !r->nev)
        return 0;
    /* the events of each sentence, in their order: sentence si's are by[at[si]] to by[at[si + 1]] */
    size_t *at = nx_calloc(r->nsent + 2, sizeof *at), *by = nx_malloc(r->nev * sizeof *by);
    if (!at || !by) {
        nx_free(at);
        nx_free(by);
        return -1;
    }
    for (size_t i = 0; i < r->nev; i++)
        if (r->ev[i].sentence >= 0 && (size_t)r->ev[i].sentence < r->nsent)
            at[r->ev[i].sentence + 2]++;
    for (size_t si = 0; si < r->nsent; si++)
        at[si + 2] += at[si + 1];
    for (size_t i = 0; i < r->nev; i++)
        if (r->ev[i].sentence >= 0 && (size_t)r->ev[i].sentence < r->nsent)
            by[at[r->ev[i].sentence + 1]++] = i;
    int rc = 0;
    for (size_t si = 0; si < r->nsent && !rc; si++)
        rc = modify_sentence(w, r, cs, si, by + at[si], at[si + 1] - at[si]);
    nx_free(at);
    nx_free(by);
    return rc;
}

/* Apply the modifier rules to sentence si, whose events are r->ev[evs[0..nevs)]. Returns 0 or -1. */
static int modify_sentence(nx_worker *w, nx_result *r, cands *cs, size_t si, const size_t *evs, size_t nevs)
{
    const nx_model *m = w->m;
    if (!nevs)
        return 0;
    cs->n = cs->npool = 0;
    const nx_span *sp = &r->sent[si];
    for (size_t k = 0; k < m->nstage[NX_STAGE_MODIFIERS]; k++)
        if (run_rule(w, m->stage_rules[NX_STAGE_MODIFIERS][k], r->abs + sp->start,
                     sp->end - sp->start, sp->start, (int)si, cs, r))
            return -1;
    /* the first modifier in file order that matched wins each field */
    for (size_t ci = 0; ci < cs->n; ci++) {
        const nx_rule *ru = &m->rules->rules[cs->c[ci].rule];
        int st = ru->set_status, mo = ru->set_modality;
        const size_t *ov = cs->pool + cs->c[ci].ov;
        for (int k = 0; k < ru->ngroups; k++) {
            const nx_group *g = &ru->groups[k];
            if (g->num >= cs->c[ci].novec || ov[2 * g->num] == PCRE2_UNSET)
                continue;
            if (g->field == NX_G_STATUS)
                st = g->arg;
            if (g->field == NX_G_MODALITY)
                mo = g->arg;
        }
        size_t cue_s = cs->c[ci].ms, cue_e = cs->c[ci].me;
        for (size_t k = 0; k < nevs; k++) {
            nx_event *ev = &r->ev[evs[k]];
            /* a cue speaks of the events it stands in or just before (30 bytes); a cue of a rule
             * that sets cue=after also of those it follows closely (30 bytes), as a source is named
             * after what it says: "X is weighing a bid for Y, according to people familiar with
             * the matter" (not "..., ending months of speculation") */
            int after = cue_s >= ev->e;
            if ((after && (!ru->set_cue_after || cue_s > ev->e + 30)) || cue_e + 30 < ev->s)
                continue;
            int est = after ? -1 : st; /* a status cue after the event is another matter's */
            if (ev->type == NX_EV_EARNINGS || ev->type == NX_EV_STOCK_MOVE)
                continue;
            /* 0 unset, 1 the match said so, 2 a modifier set it, 3 the rule's default */
            int strong = ru->priority > 0;
            if (est >= 0 && (!ev->status_fixed || (strong && ev->status_fixed != 2))) {
                ev->status = est;
                ev->status_fixed = 2;
            }
            if (mo >= 0 && (!ev->modality_fixed || (strong && ev->modality_fixed != 2))) {
                ev->modality = mo;
                ev->modality_fixed = 2;
            }
        }
    }
    return 0;
}

/* "FIDELCOR BUYS NEW ENGLAND STAKE" and "Fidelcor bought assets of Bank of New England's Lazere
 * unit": the target of one is the seller of the other. */
static int target_is_seller(const nx_result *r, const nx_event *a, const nx_event *b)
{
    for (int pass = 0; pass < 2; pass++) {
        const nx_event *x = pass ? b : a, *y = pass ? a : b;
        for (int i = 0; i < x->nfill; i++)
            if (x->fill[i].role == NX_R_TARGET)
                for (int j = 0; j < y->nfill; j++)
                    if (y->fill[j].role == NX_R_SELLER && r->m[y->fill[j].mention].ent == r->m[x->fill[i].mention].ent)
                        return 1;
    }
    return 0;
}

/* Do a and b tell the same action? */
static int same_action(const nx_result *r, const nx_event *a, const nx_event *b)
{
    if (a->type != b->type)
        return 0;
    int shared = 0, conflict = 0;
    int symmetric = a->type == NX_EV_MERGER || a->type == NX_EV_PARTNERSHIP;
    for (int role = 0; role < NX_NROLE; role++) {
        int na = 0, nb = 0, both = 0;
        for (int i = 0; i < a->nfill; i++) {
            if (!symmetric && a->fill[i].role != role)
                continue;
            if (symmetric && role)
                continue;
            na++;
            int ea = r->m[a->fill[i].mention].ent;
            for (int j = 0; j < b->nfill; j++)
                if ((symmetric || b->fill[j].role == role) && r->m[b->fill[j].mention].ent == ea)
                    both = 1;
        }
        for (int j = 0; j < b->nfill; j++)
            if ((symmetric && role == 0) || (!symmetric && b->fill[j].role == role))
                nb++;
        if (both)
            shared = 1;
        else if (na && nb && !symmetric && !(a->type == NX_EV_ACQUISITION && role == NX_R_SELLER) &&
                 !(a->type == NX_EV_ACQUISITION && role == NX_R_TARGET && target_is_seller(r, a, b)))
            conflict = 1; /* two different acquirers: two actions; sellers are often told loosely */
    }
    if (!shared || conflict)
        return 0;
    if (symmetric) {
        /* partners or parties: one set holds the other ("Microsoft-OpenAI" is not "Amazon-OpenAI") */
        int a_in_b = 1, b_in_a = 1;
        for (int i = 0; i < a->nfill; i++)
            a_in_b &= entity_in_event(r, b, r->m[a->fill[i].mention].ent);
        for (int j = 0; j < b->nfill; j++)
            b_in_a &= entity_in_event(r, a, r->m[b->fill[j].mention].ent);
        if (!a_in_b && !b_in_a)
            return 0;
    }
    /* earnings: one event per company; the figure told first is the latest period's */
    if (a->amount >= 0 && b->amount >= 0 && a->type != NX_EV_EARNINGS) {
        const nx_mention *x = &r->m[a->amount], *y = &r->m[b->amount];
        double vx = nx_dec_double(x->value), vy = nx_dec_double(y->value);
        if (strcmp(x->cur, y->cur) != 0 || (vx != vy && (vx == 0 || fabs(vx - vy) / fabs(vx) > 0.005)))
            return 0;
    }
    if (a->change >= 0 && b->change >= 0) {
        const nx_mention *x = &r->m[a->change], *y = &r->m[b->change];
        if (nx_dec_cmp(x->value, y->value) != 0 || x->kind != y->kind)
            return 0;
    }
    /* an omitted dividend and a paid one ("OMITS QTLY COMMON DIV, SETS PREFERRED PAY") are two */
    if ((a->amount_zero && b->amount >= 0) || (b->amount_zero && a->amount >= 0))
        return 0;
    return 1;
}

static int merge_into(nx_result *r, nx_event *into, const nx_event *from)
{
    for (int i = 0; i < from->nfill; i++) {
        int ent = r->m[from->fill[i].mention].ent;
        if (!entity_in_event(r, into, ent) && add_filler(into, from->fill[i].role, from->fill[i].mention))
            return -1;
    }
    if (into->amount < 0 && !into->amount_zero) {
        into->amount = from->amount;
        into->amount_neg = from->amount_neg;
        into->amount_zero = from->amount_zero;
    }
    if (into->change < 0) {
        into->change = from->change;
        into->change_sign = from->change_sign;
    }
    if (into->stake < 0)
        into->stake = from->stake;
    if ((into->status < 0 || into->status_fixed == 0) && from->status >= 0) {
        into->status = from->status;
        into->status_fixed = from->status_fixed;
    }
    if (!into->modality_fixed && from->modality_fixed) {
        into->modality = from->modality;
        into->modality_fixed = from->modality_fixed;
    }
    if (into->ps == into->pe) {
        into->ps = from->ps;
        into->pe = from->pe;
    }
    if (from->confidence > into->confidence)
        into->confidence = from->confidence;
    into->nmerged++;
    return 0;
}

static int cmp_event(const void *a, const void *b)
{
    const nx_event *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static int run_events(nx_worker *w, nx_result *r, cands *cs)
{
    const nx_model *m = w->m;
    cs->n = cs->npool = 0;
    r->msorted = r->nm; /* sorted: the stages and linking keep them so */
    /* each rule's sentences that hold one of its words (sm), from the words the document holds (those
     * of wsent set, wtouched) through the rules that need each (ev_word_off), instead of every rule
     * asking for each of its words: a Reuters story holds some 26 of the 553 words of the rules and
     * wants some 19 of the 81 event rules. (With more than 64 sentences, no wsent: the rules go
     * sentence by sentence, below.) */
    uint64_t *sm = NULL;
    if (r->wsent && m->ev_word_off) {
        sm = w->evsm;
        memset(sm, 0, m->nstage[NX_STAGE_EVENTS] * sizeof *sm);
        for (size_t i = 0; i < w->nwtouched; i++) {
            int wd = w->wtouched[i];
            for (int j = m->ev_word_off[wd]; j < m->ev_word_off[wd + 1]; j++)
                sm[m->ev_word_rules[j]] |= r->wsent[wd];
        }
    }
    for (size_t k = 0; k < m->nstage[NX_STAGE_EVENTS]; k++) {
        int ri = m->stage_rules[NX_STAGE_EVENTS][k];
        const nx_rule *ru = &m->rules->rules[ri];
        if (ru->doc_window) {
            size_t before = cs->n;
            if (run_rule(w, ri, r->abs, r->doc->len, 0, -1, cs, r))
                return -1;
            for (size_t i = before; i < cs->n; i++)
                cs->c[i].sentence = sentence_of(r, cs->c[i].ms);
        } else if (sm && ru->nwords && ru->wordmask) {
            /* the sentences that hold one of its words (each so found holds one: rule_wanted there
             * needs no asking); none when the document holds none */
            for (uint64_t ss = sm[k]; ss; ss &= ss - 1) {
                size_t si = (size_t)__builtin_ctzll(ss);
                const nx_span *sp = &r->sent[si];
                if (run_wanted_rule(w, ri, r->abs + sp->start, sp->end - sp->start, sp->start, (int)si, cs, r))
                    return -1;
            }
        } else if (rule_wanted(r, ru, -1)) { /* as above, sentence by sentence (or no words) */
            for (size_t si = 0; si < r->nsent; si++) {
                const nx_span *sp = &r->sent[si];
                if (!rule_wanted(r, ru, (int)si))
                    continue;
                if (run_wanted_rule(w, ri, r->abs + sp->start, sp->end - sp->start, sp->start, (int)si, cs, r))
                    return -1;
            }
        }
        if (w->timed_out)
            return 0;
    }
    /* overlap among candidates of the same type: run_rule set each span to its `m` group when the
     * rule has one (a document-window rule competes with its headline line), else to the match */
    if (resolve(w, cs, 0, NX_STAGE_EVENTS, r, same_type))
        return -1;
    for (size_t i = 0; i < cs->n && !budget_tick(w, i); i++)
        if (cs->c[i].won && build_event(m, r, cs, &cs->c[i]))
            return -1;
    /* context companies were added: keep mentions sorted; the indices events hold follow */
    if (r->nev && sort_new_mentions(r, r->msorted <= r->nm ? r->msorted : r->nm))
        return -1;
    if (apply_modifiers(w, r, cs))
        return -1;
    if (r->nev > 1)
        qsort(r->ev, r->nev, sizeof *r->ev, cmp_event);
    for (size_t i = 0; i < r->nev; i++) {
        nx_event *ev = &r->ev[i];
        if (ev->modality < 0)
            ev->modality = NX_MOD_ASSERTED;
        if (budget_tick(w, i))
            continue; /* no more merging: each event stays as found */
        for (size_t j = 0; j < i; j++) {
            nx_event *into = &r->ev[j];
            if (into->merged || !same_action(r, into, ev))
                continue;
            if (merge_into(r, into, ev))
                return -1;
            ev->merged = 1;
            snprintf(into->why, sizeof into->why, "%s", m->rules->rules[ev->rule].id);
            break;
        }
    }
    /* "X SELLS OHIO ASSETS" and "X sold its assets to Y": the sale told without its buyer is the
     * acquisition told with it */
    for (size_t i = 0; i < r->nev; i++) {
        nx_event *dv = &r->ev[i];
        if (dv->merged || dv->type != NX_EV_DIVESTITURE)
            continue;
        for (size_t j = 0; j < r->nev; j++) {
            nx_event *aq = &r->ev[j];
            if (aq->merged || aq->type != NX_EV_ACQUISITION)
                continue;
            int same_seller = 0;
            for (int f = 0; f < dv->nfill && !same_seller; f++)
                if (dv->fill[f].role == NX_R_SELLER)
                    for (int g = 0; g < aq->nfill; g++)
                        if (aq->fill[g].role == NX_R_SELLER &&
                            r->m[aq->fill[g].mention].ent == r->m[dv->fill[f].mention].ent)
                            same_seller = 1;
            if (!same_seller)
                continue;
            dv->merged = 1;
            aq->nmerged++;
            snprintf(aq->why, sizeof aq->why, "%s", m->rules->rules[dv->rule].id);
            break;
        }
    }
    return 0;
}

/* Does the document (sentence < 0) or the sentence hold one of the words rule ru needs? */
static inline int rule_wanted(const nx_result *r, const nx_rule *ru, int sentence)
{
    if (!ru->nwords || !r->wordbits || !ru->wordmask)
        return 1;
    return words_found(r, ru->wordmask, ru->wm_lo, ru->wm_hi, sentence);
}

struct word_ctx {
    nx_result *r;
    nx_worker *w;
    const nx_ruleset *rs;
    size_t si; /* the sentence of the last hit: hits come in text order */
    int oom;
};

static void word_hit(void *ctx, int k, size_t end)
{
    struct word_ctx *c = ctx;
    nx_result *r = c->r;
    if (!c->rs->word_req[k])
        goto prefix;
    size_t at = end - 1;
    while (c->si < r->nsent && r->sent[c->si].end <= at)
        c->si++;
    if (c->si < r->nsent) {
        r->wordbits[c->si * r->wordstride + (size_t)k / 64] |= (uint64_t)1 << (k % 64);
        if (r->wsent) {
            if (!r->wsent[k]) /* cleared before the next document */
                c->w->wtouched[c->w->nwtouched++] = k;
            r->wsent[k] |= (uint64_t)1 << c->si;
        }
    }
    r->wordbits[r->nsent * r->wordstride + (size_t)k / 64] |= (uint64_t)1 << (k % 64);
prefix:
    if (c->rs->word_prefix[k]) {
        size_t s = end - c->rs->wordlen[k];
        /* a literal's word only where a word begins (and where a text begins, the headline's end) */
        if (!c->rs->word_anyplace[k] && s && s != r->title_len && nx_word_byte[(unsigned char)r->abs[s - 1]])
            return;
        if (nx_grow((void **)&r->phits, &r->capphits, r->nphits + 1, sizeof *r->phits)) {
            c->oom = 1;
            return;
        }
        r->phits[r->nphits].s = s;
        r->phits[r->nphits].e = end;
        r->phits[r->nphits].word = k;
        r->nphits++;
    }
}

/* Find every rule word in the document: per sentence, and for the document (row nsent). */
static int scan_words(nx_worker *w, nx_result *r)
{
    const nx_ruleset *rs = w->m->rules;
    if (!rs->wordscan || !rs->nwords)
        return 0;
    double t0 = w->prof_ms ? now_ms() : 0;
    r->wordstride = (rs->nwords + 63) / 64;
    size_t nbits = (r->nsent + 1) * r->wordstride;
    if (nx_grow((void **)&r->wordbits, &r->capwordbits, nbits, sizeof *r->wordbits))
        return -1;
    memset(r->wordbits, 0, nbits * sizeof *r->wordbits);
    if (r->nsent <= 64) { /* the worker's, all zero: only the words of the last document were set */
        for (size_t i = 0; i < w->nwtouched; i++)
            w->wsent[w->wtouched[i]] = 0;
        w->nwtouched = 0;
        r->wsent = w->wsent;
    }
    struct word_ctx wc = {r, w, rs, 0, 0};
    nx_ac_scan(rs->wordscan, r->abs, r->doc->len, word_hit, &wc);
    if (wc.oom)
        return -1;
    /* each rule's (and condition's) hits apart, in the same order: a rule then reads only its own */
    size_t nu = (size_t)rs->npusers, total = 0;
    if (nx_grow((void **)&r->uhit_off, &r->capuhit_off, nu + 1, sizeof *r->uhit_off))
        return -1;
    memset(r->uhit_off, 0, (nu + 1) * sizeof *r->uhit_off);
    for (size_t i = 0; i < r->nphits; i++) {
        int k = r->phits[i].word;
        for (int j = rs->wuser_off[k]; j < rs->wuser_off[k + 1]; j++)
            r->uhit_off[rs->wusers[j] + 1]++;
        total += (size_t)(rs->wuser_off[k + 1] - rs->wuser_off[k]);
    }
    if (nx_grow((void **)&r->uhits, &r->capuhits, total ? total : 1, sizeof *r->uhits))
        return -1;
    for (size_t u = 0; u < nu; u++) /* counts to where each begins */
        r->uhit_off[u + 1] += r->uhit_off[u];
    for (size_t i = 0; i < r->nphits; i++) { /* each placed at its rule's next place, which ... */
        int k = r->phits[i].word;
        for (int j = rs->wuser_off[k]; j < rs->wuser_off[k + 1]; j++)
            r->uhits[r->uhit_off[rs->wusers[j]]++] = (uint32_t)i;
    }
    for (size_t u = nu; u > 0; u--) /* ... moved each begin to the next one's: back one */
        r->uhit_off[u] = r->uhit_off[u - 1];
    r->uhit_off[0] = 0;
    r->phits_ok = 1;
    if (w->prof_ms) {
        w->prof_ms[w->m->rules->n + NX_PROF_WORDS] += now_ms() - t0;
        w->prof_calls[w->m->rules->n + NX_PROF_WORDS]++;
    }
    return 0;
}

int nx_extract(nx_worker *w, const nx_doc *doc, int explain, nx_result *r, nx_error *err)
{
    const nx_model *m = w->m;
    nx_result_clear(r);
    r->doc = doc;
    r->explain = explain;
    w->doc_year = 0; /* undated: no year is the past */
    if (doc->date && strlen(doc->date) >= 4 && isdigit((unsigned char)doc->date[0]) &&
        isdigit((unsigned char)doc->date[1]) && isdigit((unsigned char)doc->date[2]) &&
        isdigit((unsigned char)doc->date[3]))
        w->doc_year = (int)strtol(doc->date, NULL, 10);
    w->t0 = now_ms();
    w->t0cpu = m->time_budget_ms > 0 ? doc_start_cpu(w, w->t0) : 0;
    w->budget = m->time_budget_ms;
    w->timed_out = 0;
    w->gen++;
    cands *cs = &w->cs; /* its arrays kept from document to document */
    cs->n = cs->npool = 0;
    int rc = -1;
    if (nx_grow((void **)&r->abs, &r->capabs, doc->len + 1, 1))
        goto oom;
    /* control characters other than \n, \t and \r become spaces: copied whole, then mended */
    memcpy(r->abs, doc->text, doc->len);
    nx_blank_controls(r->abs, doc->len);
    r->abs[doc->len] = 0;
    const char *end = doc->text + doc->len;
    r->fold_risk = find_in(doc->text, end, "\xC5\xBF", 2) || find_in(doc->text, end, "\xE2\x84\xAA", 3);
    if (nx_cpmap_init(&r->cp, doc->text, doc->len))
        goto oom;
    r->title_len = doc->title_len;
    if (!r->title_len) {
        /* a first line in capitals is a headline too (text files, labeled samples) */
        const char *nl = memchr(doc->text, '\n', doc->len);
        size_t ll = nl ? (size_t)(nl - doc->text) : 0;
        int lower = 0, upper = 0;
        for (size_t i = 0; i < ll; i++) {
            lower += islower((unsigned char)doc->text[i]) != 0;
            upper += isupper((unsigned char)doc->text[i]) != 0;
        }
        if (ll && ll < 300 && upper >= 3 && !lower)
            r->title_len = ll;
    }
    double ts = w->prof_ms ? now_ms() : 0;
    if (nx_sentences(doc->text, doc->len, r->title_len, &r->sent, &r->nsent))
        goto oom;
    if (w->prof_ms) {
        w->prof_ms[m->rules->n + NX_PROF_TEXT] += now_ms() - ts;
        w->prof_calls[m->rules->n + NX_PROF_TEXT]++;
    }
    if (scan_words(w, r))
        goto oom;
    if (run_stage(w, NX_STAGE_VALUES, r, cs))
        goto oom;
    if (!w->timed_out && run_stage(w, NX_STAGE_ENTITIES, r, cs))
        goto oom;
    double tl = w->prof_ms ? now_ms() : 0;
    if (!w->timed_out) {
        if (link_companies(w, r))
            goto oom;
        for (size_t k = 0; k < m->nstage[NX_STAGE_ENTITIES] && !w->timed_out; k++) {
            int ri = m->stage_rules[NX_STAGE_ENTITIES][k];
            if (m->rules->rules[ri].builtin == NX_BUILTIN_ALIASES) {
                if (find_aliases(w, r, ri) || link_companies(w, r))
                    goto oom;
                break;
            }
        }
        if (link_acronyms(w, r))
            goto oom;
        if (link_caps_prefixes(w, r))
            goto oom;
        if (link_typos(w, r))
            goto oom;
        link_parents(w, r);
        resolve_currencies(m, r, w->doc_year);
    }
    if (w->prof_ms) {
        w->prof_ms[m->rules->n + NX_PROF_LINK] += now_ms() - tl;
        w->prof_calls[m->rules->n + NX_PROF_LINK]++;
    }
    if (!w->timed_out && run_events(w, r, cs))
        goto oom;
    rc = 0;
    if (w->timed_out) {
        r->time_exceeded = 1;
        rc = nx_error_set(err, NX_ELIMIT, "time budget of %.0f ms exceeded", m->time_budget_ms);
    }
    return rc;
oom:
    return nx_error_nomem(err);
}
