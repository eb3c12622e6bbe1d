/* eval.c: scoring against labeled samples (see eval.h and the README section "Scoring"). */
#include "eval.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* ---- records ---- */

typedef struct fill {
    char *role;
    char *key;      /* gold: key of the name; pred: key of `name` */
    char *key2;     /* pred: key of `text` */
    char *shown;    /* as written, for messages */
} fill;

typedef struct ev {
    char *type;
    fill *f;
    int nf;
    int has_amount;
    double amount;
    char cur[8];
    int has_change;
    double change;
    char unit[16];
    char *status, *modality;
    /* predictions only */
    char *rule, *rule_loc;
    long trig;      /* byte offset of the trigger, -1 unknown */
} ev;

typedef struct ment {
    char *kind;
    char *text;     /* whitespace collapsed */
    double value;
    char cur[8];
} ment;

typedef struct gdoc {
    long line;      /* in the sample file */
    char *id, *date, *text;
    size_t len;
    ev *e;
    int ne;
    ment *m;
    int nm;
} gdoc;

struct nx_gold {
    gdoc *d;
    size_t n, cap;
};

typedef struct pdoc {
    char *id;
    ev *e;
    int ne, cape;
    ment *m;
    int nm, capm;
} pdoc;

struct nx_preds {
    pdoc *d;
    size_t n, cap;
    int have_mentions;
    int32_t *slot;   /* open addressing over d by id: index + 1, 0 empty (nslot a power of two) */
    size_t nslot;
};

static uint64_t id_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* ---- small helpers ---- */

static const char *const LEGAL[] = {"inc", "incorporated", "corp", "corporation", "co", "cos", "company",
                                    "companies", "ltd", "limited", "plc", "ag", "sa", "nv", "gmbh",
                                    "holdings", "holding", "group", "llc", "lp", "spa", "ab", "asa", "oy",
                                    "oyj", "kk", "bhd", "berhad", "pty", "bv", "se", "kgaa", "ltda", "cie",
                                    "sarl", "pte", "trust", NULL};

char *nx_eval_name_key(const char *s, size_t n)
{
    /* lowercase, drop . , ' " ( ), collapse whitespace */
    char *t = nx_malloc(n + 1);
    if (!t)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' || c == ',' || c == '\'' || c == '"' || c == '(' || c == ')')
            continue;
        if (isspace(c)) {
            if (k && t[k - 1] != ' ')
                t[k++] = ' ';
            continue;
        }
        t[k++] = (char)tolower(c);
    }
    while (k && t[k - 1] == ' ')
        k--;
    t[k] = 0;
    /* a leading "the" */
    char *b = t;
    if (strncmp(b, "the ", 4) == 0)
        b += 4;
    /* trailing legal suffixes while another word remains */
    for (;;) {
        char *sp = strrchr(b, ' ');
        if (!sp)
            break;
        int legal = 0;
        for (int i = 0; LEGAL[i]; i++)
            if (strcmp(sp + 1, LEGAL[i]) == 0)
                legal = 1;
        if (!legal)
            break;
        *sp = 0;
    }
    if (b != t)
        memmove(t, b, strlen(b) + 1);
    return t;
}

static char *collapse(const char *s, size_t n)
{
    char *t = nx_malloc(n + 1);
    if (!t)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)s[i])) {
            if (k && t[k - 1] != ' ')
                t[k++] = ' ';
        } else {
            t[k++] = s[i];
        }
    }
    while (k && t[k - 1] == ' ')
        k--;
    t[k] = 0;
    return t;
}

static char *dup_str(json_t *v)
{
    if (!v || !json_is_string(v))
        return NULL;
    return nx_strndup(json_string_value(v), json_string_length(v));
}

static void free_ev(ev *e)
{
    for (int i = 0; i < e->nf; i++) {
        nx_free(e->f[i].role);
        nx_free(e->f[i].key);
        nx_free(e->f[i].key2);
        nx_free(e->f[i].shown);
    }
    nx_free(e->f);
    nx_free(e->type);
    nx_free(e->status);
    nx_free(e->modality);
    nx_free(e->rule);
    nx_free(e->rule_loc);
}

static void free_ment(ment *m)
{
    nx_free(m->kind);
    nx_free(m->text);
}

/* Read an event object (gold or predicted). Returns 0, -1 bad shape (msg set), -2 out of memory. */
static int read_event(json_t *o, int pred, ev *e, char *msg, size_t ml)
{
    memset(e, 0, sizeof *e);
    e->trig = -1;
    json_t *t = json_object_get(o, "type");
    if (!json_is_string(t)) {
        snprintf(msg, ml, "an event has no string 'type'");
        return -1;
    }
    e->type = dup_str(t);
    if (!e->type)
        return -2;
    json_t *roles = json_object_get(o, "roles");
    if (roles && json_is_object(roles)) {
        size_t total = 0;
        const char *rn;
        json_t *lst;
        json_object_foreach(roles, rn, lst) total += json_is_array(lst) ? json_array_size(lst) : 1;
        e->f = nx_calloc(total ? total : 1, sizeof *e->f);
        if (!e->f)
            return -2;
        json_object_foreach(roles, rn, lst)
        {
            size_t cnt = json_is_array(lst) ? json_array_size(lst) : 1;
            for (size_t i = 0; i < cnt; i++) {
                json_t *it = json_is_array(lst) ? json_array_get(lst, i) : lst;
                fill *f = &e->f[e->nf];
                const char *nm = NULL, *tx = NULL;
                size_t nml = 0, txl = 0;
                if (json_is_string(it)) {
                    nm = json_string_value(it);
                    nml = json_string_length(it);
                } else if (json_is_object(it)) {
                    json_t *a = json_object_get(it, "name"), *b = json_object_get(it, "text");
                    if (json_is_string(a)) {
                        nm = json_string_value(a);
                        nml = json_string_length(a);
                    }
                    if (json_is_string(b)) {
                        tx = json_string_value(b);
                        txl = json_string_length(b);
                    }
                }
                if (!nm && !tx)
                    continue;
                f->role = nx_strdup(rn);
                f->key = nx_eval_name_key(nm ? nm : tx, nm ? nml : txl);
                f->key2 = pred && tx ? nx_eval_name_key(tx, txl) : NULL;
                f->shown = collapse(nm ? nm : tx, nm ? nml : txl);
                e->nf++;
                if (!f->role || !f->key || !f->shown || (pred && tx && !f->key2))
                    return -2;
            }
        }
    }
    json_t *a = json_object_get(o, "amount");
    if (a && json_is_object(a) && json_is_number(json_object_get(a, "value"))) {
        e->has_amount = 1;
        e->amount = json_number_value(json_object_get(a, "value"));
        json_t *c = json_object_get(a, "currency");
        if (json_is_string(c))
            snprintf(e->cur, sizeof e->cur, "%s", json_string_value(c));
    }
    json_t *c = json_object_get(o, "change");
    if (c && json_is_object(c) && json_is_number(json_object_get(c, "value"))) {
        e->has_change = 1;
        e->change = json_number_value(json_object_get(c, "value"));
        json_t *u = json_object_get(c, "unit");
        if (json_is_string(u))
            snprintf(e->unit, sizeof e->unit, "%s", json_string_value(u));
    }
    e->status = dup_str(json_object_get(o, "status"));
    e->modality = dup_str(json_object_get(o, "modality"));
    if (pred) {
        e->rule = dup_str(json_object_get(o, "rule"));
        e->rule_loc = dup_str(json_object_get(o, "rule_loc"));
        json_t *tr = json_object_get(o, "trigger");
        if (tr && json_is_integer(json_object_get(tr, "byte_start")))
            e->trig = (long)json_integer_value(json_object_get(tr, "byte_start"));
    }
    return 0;
}

static int read_mention(json_t *o, ment *m)
{
    memset(m, 0, sizeof *m);
    json_t *k = json_object_get(o, "kind"), *t = json_object_get(o, "text"), *v = json_object_get(o, "value");
    if (!json_is_string(k) || !json_is_string(t))
        return -1;
    m->kind = dup_str(k);
    m->text = collapse(json_string_value(t), json_string_length(t));
    if (!m->kind || !m->text)
        return -2;
    m->value = json_is_number(v) ? json_number_value(v) : NAN;
    json_t *c = json_object_get(o, "currency");
    if (json_is_string(c))
        snprintf(m->cur, sizeof m->cur, "%s", json_string_value(c));
    return 0;
}

/* ---- gold ---- */

void nx_gold_free(nx_gold *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++) {
        gdoc *d = &g->d[i];
        nx_free(d->id);
        nx_free(d->date);
        nx_free(d->text);
        for (int k = 0; k < d->ne; k++)
            free_ev(&d->e[k]);
        nx_free(d->e);
        for (int k = 0; k < d->nm; k++)
            free_ment(&d->m[k]);
        nx_free(d->m);
    }
    nx_free(g->d);
    nx_free(g);
}

size_t nx_gold_ndocs(const nx_gold *g) { return g->n; }
const char *nx_gold_doc_id(const nx_gold *g, size_t i) { return g->d[i].id; }
const char *nx_gold_doc_date(const nx_gold *g, size_t i) { return g->d[i].date; }
const char *nx_gold_doc_text(const nx_gold *g, size_t i, size_t *len)
{
    *len = g->d[i].len;
    return g->d[i].text;
}

typedef struct idline {
    const char *id;
    long line;
} idline;

static int cmp_idline(const void *a, const void *b)
{
    const idline *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* A doc_id twice in a sample would merge two documents' predictions: an error naming both lines.
 * Returns 0 or -1 with err set. */
static int gold_dups(const nx_gold *g, const char *path, nx_error *err)
{
    if (g->n < 2)
        return 0;
    idline *v = nx_malloc(g->n * sizeof *v);
    if (!v)
        return nx_error_nomem(err);
    for (size_t i = 0; i < g->n; i++)
        v[i] = (idline){g->d[i].id, g->d[i].line};
    qsort(v, g->n, sizeof *v, cmp_idline);
    int rc = 0;
    for (size_t i = 1; i < g->n && !rc; i++)
        if (strcmp(v[i].id, v[i - 1].id) == 0)
            rc = nx_error_set(err, NX_EDATA, "%s:%ld: doc_id '%s' again (first on line %ld): a sample names each "
                              "document once", path, v[i].line, v[i].id, v[i - 1].line);
    nx_free(v);
    return rc;
}

nx_gold *nx_gold_load(const char *path, nx_error *err)
{
    size_t len;
    char *data = nx_read_any(path, &len, err); /* "-", .gz too */
    if (!data)
        return NULL;
    nx_gold *g = nx_calloc(1, sizeof *g);
    if (!g) {
        nx_free(data);
        nx_error_nomem(err);
        return NULL;
    }
    long lineno = 0;
    char *s = data, *end = data + len;
    int rc = 0;
    while (s < end && !rc) {
        char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t ll = nl ? (size_t)(nl - s) : (size_t)(end - s);
        lineno++;
        char *line = s;
        s = nl ? nl + 1 : end;
        if (lineno == 1 && ll >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3; /* a byte-order mark */
            ll -= 3;
        }
        size_t k = 0;
        while (k < ll && isspace((unsigned char)line[k]))
            k++;
        if (k == ll)
            continue;
        json_error_t je;
        json_t *o = json_loadb(line, ll, JSON_ALLOW_NUL, &je);
        if (!o || !json_is_object(o)) {
            rc = nx_error_set(err, NX_EDATA, "%s:%ld: %s", path, lineno, o ? "not a JSON object" : je.text);
            json_decref(o);
            break;
        }
        json_t *id = json_object_get(o, "doc_id"), *text = json_object_get(o, "text");
        if (!json_is_string(id) || !json_is_string(text)) {
            rc = nx_error_set(err, NX_EDATA, "%s:%ld: a gold line needs string 'doc_id' and 'text'", path, lineno);
            json_decref(o);
            break;
        }
        if (nx_grow((void **)&g->d, &g->cap, g->n + 1, sizeof *g->d)) {
            json_decref(o);
            rc = nx_error_nomem(err);
            break;
        }
        json_t *evs = json_object_get(o, "events"), *ms = json_object_get(o, "mentions");
        if ((evs && !json_is_array(evs) && !json_is_null(evs)) || (ms && !json_is_array(ms) && !json_is_null(ms))) {
            rc = nx_error_set(err, NX_EDATA, "%s:%ld: '%s' must be an array", path, lineno,
                              evs && !json_is_array(evs) && !json_is_null(evs) ? "events" : "mentions");
            json_decref(o);
            break;
        }
        gdoc *d = &g->d[g->n++];
        memset(d, 0, sizeof *d);
        d->line = lineno;
        d->id = dup_str(id);
        d->text = dup_str(text);
        d->len = json_string_length(text);
        d->date = dup_str(json_object_get(o, "doc_date"));
        if (!d->id || !d->text) {
            json_decref(o);
            rc = nx_error_nomem(err);
            break;
        }
        nx_utf8_repair(d->text, d->len, NULL);
        size_t ne = json_is_array(evs) ? json_array_size(evs) : 0, nm = json_is_array(ms) ? json_array_size(ms) : 0;
        d->e = nx_calloc(ne ? ne : 1, sizeof *d->e);
        d->m = nx_calloc(nm ? nm : 1, sizeof *d->m);
        if (!d->e || !d->m) {
            json_decref(o);
            rc = nx_error_nomem(err);
            break;
        }
        char msg[200];
        for (size_t i = 0; i < ne && !rc; i++) {
            int r = read_event(json_array_get(evs, i), 0, &d->e[d->ne], msg, sizeof msg);
            d->ne++;
            if (r == -2)
                rc = nx_error_nomem(err);
            else if (r == -1)
                rc = nx_error_set(err, NX_EDATA, "%s:%ld: event %zu: %s", path, lineno, i + 1, msg);
        }
        for (size_t i = 0; i < nm && !rc; i++) {
            int r = read_mention(json_array_get(ms, i), &d->m[d->nm]);
            d->nm++;
            if (r == -2)
                rc = nx_error_nomem(err);
            else if (r == -1)
                rc = nx_error_set(err, NX_EDATA, "%s:%ld: mention %zu needs string 'kind' and 'text'", path,
                                  lineno, i + 1);
        }
        json_decref(o);
    }
    nx_free(data);
    if (!rc)
        rc = gold_dups(g, path, err);
    if (rc) {
        nx_gold_free(g);
        return NULL;
    }
    return g;
}

static int cmp_idp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

size_t nx_preds_unmatched(const nx_preds *p, const nx_gold *g, const char **example)
{
    size_t n = 0;
    *example = NULL;
    /* the sample's ids sorted, each prediction's looked up (a sample of 30,000: no quadratic scan) */
    char **ids = nx_malloc((g->n ? g->n : 1) * sizeof *ids);
    if (!ids)
        return 0; /* out of memory: no count (a warning only) */
    for (size_t j = 0; j < g->n; j++)
        ids[j] = g->d[j].id;
    if (g->n)
        qsort(ids, g->n, sizeof *ids, cmp_idp);
    for (size_t i = 0; i < p->n; i++) {
        const char *key = p->d[i].id;
        if (!(g->n && bsearch(&key, ids, g->n, sizeof *ids, cmp_idp)) && !n++)
            *example = p->d[i].id;
    }
    nx_free(ids);
    return n;
}

/* ---- predictions ---- */

nx_preds *nx_preds_new(void) { return nx_calloc(1, sizeof(nx_preds)); }

void nx_preds_have_mentions(nx_preds *p) { p->have_mentions = 1; }

void nx_preds_free(nx_preds *p)
{
    if (!p)
        return;
    nx_free(p->slot);
    for (size_t i = 0; i < p->n; i++) {
        pdoc *d = &p->d[i];
        nx_free(d->id);
        for (int k = 0; k < d->ne; k++)
            free_ev(&d->e[k]);
        nx_free(d->e);
        for (int k = 0; k < d->nm; k++)
            free_ment(&d->m[k]);
        nx_free(d->m);
    }
    nx_free(p->d);
    nx_free(p);
}

/* The slot of id in p's table: its document's, or the empty one where it would go. */
static size_t pslot(const nx_preds *p, const char *id)
{
    size_t k = (size_t)id_hash(id) & (p->nslot - 1);
    while (p->slot[k] && strcmp(p->d[p->slot[k] - 1].id, id) != 0)
        k = (k + 1) & (p->nslot - 1);
    return k;
}

static const pdoc *pdoc_find(const nx_preds *p, const char *id)
{
    if (!p->nslot)
        return NULL;
    size_t k = pslot(p, id);
    return p->slot[k] ? &p->d[p->slot[k] - 1] : NULL;
}

/* The predictions of document id, added when new. NULL when out of memory. */
static pdoc *pdoc_for(nx_preds *p, const char *id)
{
    /* predictions come grouped by document: the last one is the usual hit */
    if (p->n && strcmp(p->d[p->n - 1].id, id) == 0)
        return &p->d[p->n - 1];
    const pdoc *f = pdoc_find(p, id);
    if (f)
        return (pdoc *)f;
    if ((p->n + 1) * 2 > p->nslot) { /* the table at most half full */
        size_t ns = p->nslot ? p->nslot * 2 : 1024;
        int32_t *t = nx_calloc(ns, sizeof *t);
        if (!t)
            return NULL;
        nx_free(p->slot);
        p->slot = t;
        p->nslot = ns;
        for (size_t i = 0; i < p->n; i++)
            p->slot[pslot(p, p->d[i].id)] = (int32_t)i + 1;
    }
    if (p->n >= INT32_MAX - 1 || nx_grow((void **)&p->d, &p->cap, p->n + 1, sizeof *p->d))
        return NULL;
    pdoc *d = &p->d[p->n];
    memset(d, 0, sizeof *d);
    d->id = nx_strdup(id);
    if (!d->id)
        return NULL;
    p->slot[pslot(p, id)] = (int32_t)p->n + 1;
    p->n++;
    return d;
}

static int add_lines(nx_preds *p, const char *data, size_t len, const char *name, int mentions, nx_error *err)
{
    long lineno = 0;
    const char *s = data, *end = data + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t ll = nl ? (size_t)(nl - s) : (size_t)(end - s);
        const char *line = s;
        s = nl ? nl + 1 : end;
        lineno++;
        size_t k = 0;
        while (k < ll && isspace((unsigned char)line[k]))
            k++;
        if (k == ll)
            continue;
        json_error_t je;
        json_t *o = json_loadb(line, ll, JSON_ALLOW_NUL, &je);
        if (!o || !json_is_object(o)) {
            json_decref(o);
            return nx_error_set(err, NX_EDATA, "%s:%ld: %s", name, lineno, o ? "not a JSON object" : je.text);
        }
        json_t *id = json_object_get(o, "doc_id");
        if (!json_is_string(id)) {
            json_decref(o);
            return nx_error_set(err, NX_EDATA, "%s:%ld: record has no string 'doc_id'", name, lineno);
        }
        pdoc *d = pdoc_for(p, json_string_value(id));
        if (!d) {
            json_decref(o);
            return nx_error_nomem(err);
        }
        int r;
        char msg[200];
        if (mentions) {
            size_t cap = (size_t)d->capm;
            if (nx_grow((void **)&d->m, &cap, (size_t)d->nm + 1, sizeof *d->m)) {
                json_decref(o);
                return nx_error_nomem(err);
            }
            d->capm = (int)cap;
            r = read_mention(o, &d->m[d->nm]);
            d->nm++;
            snprintf(msg, sizeof msg, "a mention needs string 'kind' and 'text'");
        } else {
            size_t cap = (size_t)d->cape;
            if (nx_grow((void **)&d->e, &cap, (size_t)d->ne + 1, sizeof *d->e)) {
                json_decref(o);
                return nx_error_nomem(err);
            }
            d->cape = (int)cap;
            r = read_event(o, 1, &d->e[d->ne], msg, sizeof msg);
            d->ne++;
        }
        json_decref(o);
        if (r == -2)
            return nx_error_nomem(err);
        if (r == -1)
            return nx_error_set(err, NX_EDATA, "%s:%ld: %s", name, lineno, msg);
    }
    return 0;
}

int nx_preds_add_events(nx_preds *p, const char *data, size_t len, const char *name, nx_error *err)
{
    return add_lines(p, data, len, name, 0, err);
}

int nx_preds_add_mentions(nx_preds *p, const char *data, size_t len, const char *name, nx_error *err)
{
    p->have_mentions = 1;
    return add_lines(p, data, len, name, 1, err);
}

/* ---- counting ---- */

typedef struct cnt {
    long tp, fp, fn;
} cnt;

typedef struct named {
    char *name;
    cnt strict, relaxed; /* events by type: both; roles and rules: relaxed only (rules: strict too) */
} named;

typedef struct table {
    named *v;
    size_t n, cap;
} table;

typedef struct docrow {
    char *id;
    cnt strict, relaxed, money, percent;
} docrow;

struct nx_eval_report {
    cnt strict, relaxed, amount, change, money, percent;
    table types, roles, rules;
    long status_ok, modality_ok, attr_total;
    docrow *docs;
    size_t ndocs;
    int have_mentions;
    /* error kinds */
    table kinds;
    /* pairing kept for --errors: per gold doc, per gold event: paired pred index or -1, strict flag */
    int **gpair, **gstrict, **ppair;
    int **gm_paired, **pm_paired; /* mentions */
    const nx_gold *g;
    const nx_preds *p;
    int oom;
};

static named *tget(nx_eval_report *r, table *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].name, name) == 0)
            return &t->v[i];
    if (nx_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v)) {
        r->oom = 1;
        return NULL;
    }
    named *x = &t->v[t->n];
    memset(x, 0, sizeof *x);
    x->name = nx_strdup(name);
    if (!x->name) {
        r->oom = 1;
        return NULL;
    }
    t->n++;
    return x;
}

static int cmp_named(const void *a, const void *b) { return strcmp(((const named *)a)->name, ((const named *)b)->name); }

static int fill_matches(const fill *g, const fill *p)
{
    return strcmp(g->role, p->role) == 0 &&
           (strcmp(g->key, p->key) == 0 || (p->key2 && strcmp(g->key, p->key2) == 0));
}

static int amount_agrees(const ev *g, const ev *p)
{
    if (!g->has_amount && !p->has_amount)
        return 1;
    if (!g->has_amount || !p->has_amount || strcmp(g->cur, p->cur) != 0)
        return 0;
    if (g->amount == 0)
        return p->amount == 0;
    return fabs(p->amount - g->amount) <= 0.005 * fabs(g->amount);
}

static int change_agrees(const ev *g, const ev *p)
{
    if (!g->has_change && !p->has_change)
        return 1;
    if (!g->has_change || !p->has_change || strcmp(g->unit, p->unit) != 0)
        return 0;
    return fabs(p->change - g->change) <= 0.01 + 1e-9;
}

static int relaxed_ok(const ev *g, const ev *p)
{
    if (strcmp(g->type, p->type) != 0)
        return 0;
    if (!g->nf)
        return 1;
    for (int i = 0; i < g->nf; i++)
        for (int j = 0; j < p->nf; j++)
            if (fill_matches(&g->f[i], &p->f[j]))
                return 1;
    return 0;
}

static int strict_ok(const ev *g, const ev *p)
{
    if (strcmp(g->type, p->type) != 0)
        return 0;
    for (int i = 0; i < g->nf; i++) {
        int found = 0;
        for (int j = 0; j < p->nf && !found; j++)
            found = fill_matches(&g->f[i], &p->f[j]);
        if (!found)
            return 0;
    }
    return amount_agrees(g, p) && change_agrees(g, p);
}

static int mention_ok(const ment *g, const ment *p)
{
    if (strcmp(g->kind, p->kind) != 0 || strcmp(g->text, p->text) != 0)
        return 0;
    if (isnan(g->value) || isnan(p->value))
        return isnan(g->value) && isnan(p->value);
    if (g->value == 0 ? p->value != 0 : fabs(p->value - g->value) > 0.005 * fabs(g->value))
        return 0;
    return strcmp(g->kind, "money") != 0 || strcmp(g->cur, p->cur) == 0;
}

static void kind(nx_eval_report *r, const char *fmt, ...) NX_PRINTF(2, 3);
static void kind(nx_eval_report *r, const char *fmt, ...)
{
    char k[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k, sizeof k, fmt, ap);
    va_end(ap);
    named *n = tget(r, &r->kinds, k);
    if (n)
        n->strict.tp++;
}

static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b;
    return strcmp(a, b) == 0;
}

static void score_doc(nx_eval_report *r, size_t di, const gdoc *gd, const pdoc *pd)
{
    int ng = gd->ne, np = pd ? pd->ne : 0;
    int *gp = nx_malloc((size_t)(ng ? ng : 1) * sizeof *gp), *gs = nx_malloc((size_t)(ng ? ng : 1) * sizeof *gs);
    int *pp = nx_malloc((size_t)(np ? np : 1) * sizeof *pp);
    if (!gp || !gs || !pp) {
        nx_free(gp);
        nx_free(gs);
        nx_free(pp);
        r->oom = 1;
        return;
    }
    r->gpair[di] = gp;
    r->gstrict[di] = gs;
    r->ppair[di] = pp;
    for (int i = 0; i < ng; i++)
        gp[i] = -1, gs[i] = 0;
    for (int j = 0; j < np; j++)
        pp[j] = -1;
    /* pass 1: strict; pass 2: relaxed */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < ng; i++) {
            if (gp[i] >= 0)
                continue;
            for (int j = 0; j < np; j++) {
                if (pp[j] >= 0)
                    continue;
                if (pass == 0 ? strict_ok(&gd->e[i], &pd->e[j]) : relaxed_ok(&gd->e[i], &pd->e[j])) {
                    gp[i] = j;
                    pp[j] = i;
                    gs[i] = pass == 0;
                    break;
                }
            }
        }
    docrow *dr = &r->docs[di];
    dr->id = gd->id;
    for (int i = 0; i < ng; i++) {
        const ev *g = &gd->e[i];
        named *t = tget(r, &r->types, g->type);
        if (!t)
            return;
        if (gp[i] >= 0) {
            r->relaxed.tp++;
            dr->relaxed.tp++;
            t->relaxed.tp++;
            if (gs[i]) {
                r->strict.tp++;
                dr->strict.tp++;
                t->strict.tp++;
            } else {
                r->strict.fn++;
                dr->strict.fn++;
                t->strict.fn++;
            }
        } else {
            r->relaxed.fn++;
            r->strict.fn++;
            dr->relaxed.fn++;
            dr->strict.fn++;
            t->relaxed.fn++;
            t->strict.fn++;
        }
    }
    for (int j = 0; j < np; j++) {
        const ev *p = &pd->e[j];
        named *t = tget(r, &r->types, p->type);
        named *ru = tget(r, &r->rules, p->rule ? p->rule : "(no rule)");
        if (!t || !ru)
            return;
        if (pp[j] >= 0) {
            ru->relaxed.tp++;
            if (gs[pp[j]])
                ru->strict.tp++;
            else {
                ru->strict.fp++;
                r->strict.fp++;
                dr->strict.fp++;
                t->strict.fp++;
            }
        } else {
            ru->relaxed.fp++;
            ru->strict.fp++;
            r->relaxed.fp++;
            r->strict.fp++;
            dr->relaxed.fp++;
            dr->strict.fp++;
            t->relaxed.fp++;
            t->strict.fp++;
        }
    }
    /* roles and fields */
    for (int i = 0; i < ng; i++) {
        const ev *g = &gd->e[i];
        const ev *p = gp[i] >= 0 ? &pd->e[gp[i]] : NULL;
        char used[256] = {0};
        for (int a = 0; a < g->nf; a++) {
            named *ro = tget(r, &r->roles, g->f[a].role);
            if (!ro)
                return;
            int hit = 0;
            for (int b = 0; p && b < p->nf && b < 256 && !hit; b++)
                if (!used[b] && fill_matches(&g->f[a], &p->f[b])) {
                    used[b] = 1;
                    hit = 1;
                }
            if (hit)
                ro->relaxed.tp++;
            else
                ro->relaxed.fn++;
        }
        if (p)
            for (int b = 0; b < p->nf && b < 256; b++)
                if (!used[b]) {
                    named *ro = tget(r, &r->roles, p->f[b].role);
                    if (!ro)
                        return;
                    ro->relaxed.fp++;
                }
        /* amount */
        if (g->has_amount) {
            if (p && p->has_amount && amount_agrees(g, p))
                r->amount.tp++;
            else {
                r->amount.fn++;
                if (p && p->has_amount)
                    r->amount.fp++;
            }
        } else if (p && p->has_amount) {
            r->amount.fp++;
        }
        if (g->has_change) {
            if (p && p->has_change && change_agrees(g, p))
                r->change.tp++;
            else {
                r->change.fn++;
                if (p && p->has_change)
                    r->change.fp++;
            }
        } else if (p && p->has_change) {
            r->change.fp++;
        }
        if (p) {
            r->attr_total++;
            r->status_ok += same_str(g->status, p->status);
            r->modality_ok += same_str(g->modality, p->modality);
        }
        /* error kinds */
        if (!p) {
            int any = 0;
            for (int j = 0; j < np; j++)
                any |= strcmp(pd->e[j].type, g->type) == 0;
            kind(r, "missed %s (%s)", g->type, any ? "a rule fired, other companies" : "no rule fired");
        } else if (!gs[i]) {
            for (int a = 0; a < g->nf; a++) {
                int f = 0;
                for (int b = 0; b < p->nf && !f; b++)
                    f = fill_matches(&g->f[a], &p->f[b]);
                if (!f)
                    kind(r, "%s: %s missing or wrong", g->type, g->f[a].role);
            }
            if (!amount_agrees(g, p))
                kind(r, "%s: amount %s", g->type,
                     !g->has_amount ? "given, gold has none" : !p->has_amount ? "missing" : "wrong");
            if (!change_agrees(g, p))
                kind(r, "%s: change %s", g->type,
                     !g->has_change ? "given, gold has none" : !p->has_change ? "missing" : "wrong");
        }
    }
    for (int j = 0; j < np; j++) {
        const ev *p = &pd->e[j];
        if (pp[j] >= 0)
            continue;
        for (int b = 0; b < p->nf; b++) {
            named *ro = tget(r, &r->roles, p->f[b].role);
            if (!ro)
                return;
            ro->relaxed.fp++;
        }
        if (p->has_amount)
            r->amount.fp++;
        if (p->has_change)
            r->change.fp++;
        kind(r, "spurious %s (rule %s)", p->type, p->rule ? p->rule : "?");
    }
    /* mentions */
    if (!r->have_mentions)
        return;
    int ngm = gd->nm, npm = pd ? pd->nm : 0;
    int *gmp = nx_malloc((size_t)(ngm ? ngm : 1) * sizeof(int)), *pmp = nx_malloc((size_t)(npm ? npm : 1) * sizeof(int));
    if (!gmp || !pmp) {
        nx_free(gmp);
        nx_free(pmp);
        r->oom = 1;
        return;
    }
    r->gm_paired[di] = gmp;
    r->pm_paired[di] = pmp;
    for (int j = 0; j < npm; j++)
        pmp[j] = -1;
    for (int i = 0; i < ngm; i++) {
        gmp[i] = -1;
        if (strcmp(gd->m[i].kind, "money") != 0 && strcmp(gd->m[i].kind, "percent") != 0)
            continue;
        for (int j = 0; j < npm; j++)
            if (pmp[j] < 0 && mention_ok(&gd->m[i], &pd->m[j])) {
                gmp[i] = j;
                pmp[j] = i;
                break;
            }
        int money = strcmp(gd->m[i].kind, "money") == 0;
        cnt *c = money ? &r->money : &r->percent, *dc = money ? &dr->money : &dr->percent;
        if (gmp[i] >= 0) {
            c->tp++;
            dc->tp++;
        } else {
            c->fn++;
            dc->fn++;
            /* same text predicted but something else differs? */
            int near = 0;
            for (int j = 0; j < npm && !near; j++)
                near = pmp[j] < 0 && strcmp(pd->m[j].kind, gd->m[i].kind) == 0 && strcmp(pd->m[j].text, gd->m[i].text) == 0;
            kind(r, "%s mention: %s", gd->m[i].kind, near ? "value or currency wrong" : "missed");
        }
    }
    for (int j = 0; j < npm; j++) {
        if (pmp[j] >= 0)
            continue;
        int money = strcmp(pd->m[j].kind, "money") == 0;
        if (!money && strcmp(pd->m[j].kind, "percent") != 0)
            continue;
        cnt *c = money ? &r->money : &r->percent, *dc = money ? &dr->money : &dr->percent;
        c->fp++;
        dc->fp++;
        int near = 0;
        for (int i = 0; i < ngm && !near; i++)
            near = gmp[i] < 0 && strcmp(pd->m[j].kind, gd->m[i].kind) == 0 && strcmp(pd->m[j].text, gd->m[i].text) == 0;
        if (!near)
            kind(r, "%s mention: spurious", pd->m[j].kind);
    }
}

nx_eval_report *nx_eval_score(const nx_gold *g, const nx_preds *p, nx_error *err)
{
    nx_eval_report *r = nx_calloc(1, sizeof *r);
    if (!r) {
        nx_error_nomem(err);
        return NULL;
    }
    r->g = g;
    r->p = p;
    r->have_mentions = p->have_mentions;
    size_t n = g->n ? g->n : 1;
    r->docs = nx_calloc(n, sizeof *r->docs);
    r->gpair = nx_calloc(n, sizeof *r->gpair);
    r->gstrict = nx_calloc(n, sizeof *r->gstrict);
    r->ppair = nx_calloc(n, sizeof *r->ppair);
    r->gm_paired = nx_calloc(n, sizeof *r->gm_paired);
    r->pm_paired = nx_calloc(n, sizeof *r->pm_paired);
    r->ndocs = g->n;
    if (!r->docs || !r->gpair || !r->gstrict || !r->ppair || !r->gm_paired || !r->pm_paired)
        r->oom = 1;
    for (size_t i = 0; i < g->n && !r->oom; i++)
        score_doc(r, i, &g->d[i], pdoc_find(p, g->d[i].id));
    if (r->oom) {
        nx_eval_report_free(r);
        nx_error_nomem(err);
        return NULL;
    }
    if (r->types.n) /* (qsort of NULL, 0 is undefined: a sample without events) */
        qsort(r->types.v, r->types.n, sizeof *r->types.v, cmp_named);
    if (r->roles.n)
        qsort(r->roles.v, r->roles.n, sizeof *r->roles.v, cmp_named);
    if (r->rules.n)
        qsort(r->rules.v, r->rules.n, sizeof *r->rules.v, cmp_named);
    return r;
}

static void free_table(table *t)
{
    for (size_t i = 0; i < t->n; i++)
        nx_free(t->v[i].name);
    nx_free(t->v);
}

void nx_eval_report_free(nx_eval_report *r)
{
    if (!r)
        return;
    free_table(&r->types);
    free_table(&r->roles);
    free_table(&r->rules);
    free_table(&r->kinds);
    for (size_t i = 0; i < r->ndocs; i++) {
        if (r->gpair)
            nx_free(r->gpair[i]);
        if (r->gstrict)
            nx_free(r->gstrict[i]);
        if (r->ppair)
            nx_free(r->ppair[i]);
        if (r->gm_paired)
            nx_free(r->gm_paired[i]);
        if (r->pm_paired)
            nx_free(r->pm_paired[i]);
    }
    nx_free(r->gpair);
    nx_free(r->gstrict);
    nx_free(r->ppair);
    nx_free(r->gm_paired);
    nx_free(r->pm_paired);
    nx_free(r->docs);
    nx_free(r);
}

/* ---- output ---- */

static double prec(const cnt *c) { return c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0; }
static double rec(const cnt *c) { return c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0; }
static double f1(const cnt *c)
{
    double p = prec(c), r = rec(c);
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

void nx_eval_get_summary(const nx_eval_report *r, nx_eval_summary *s)
{
    s->strict_f1 = f1(&r->strict);
    s->relaxed_f1 = f1(&r->relaxed);
    s->money_f1 = f1(&r->money);
    s->percent_f1 = f1(&r->percent);
    s->have_mentions = r->have_mentions;
}

static void row(nx_buf *b, const char *name, const cnt *c)
{
    nx_buf_printf(b, "  %-28s %6ld %6ld %6ld   %6.3f %6.3f %6.3f\n", name, c->tp, c->fp, c->fn, prec(c), rec(c), f1(c));
}

static void head(nx_buf *b, const char *title)
{
    nx_buf_printf(b, "%-30s %6s %6s %6s   %6s %6s %6s\n", title, "tp", "fp", "fn", "prec", "recall", "f1");
}

void nx_eval_write_table(const nx_eval_report *r, nx_buf *b)
{
    head(b, "events");
    row(b, "strict", &r->strict);
    row(b, "relaxed", &r->relaxed);
    nx_buf_addc(b, '\n');
    head(b, "events by type (strict)");
    for (size_t i = 0; i < r->types.n; i++)
        row(b, r->types.v[i].name, &r->types.v[i].strict);
    nx_buf_addc(b, '\n');
    head(b, "events by type (relaxed)");
    for (size_t i = 0; i < r->types.n; i++)
        row(b, r->types.v[i].name, &r->types.v[i].relaxed);
    nx_buf_addc(b, '\n');
    head(b, "roles");
    for (size_t i = 0; i < r->roles.n; i++)
        row(b, r->roles.v[i].name, &r->roles.v[i].relaxed);
    nx_buf_addc(b, '\n');
    head(b, "fields");
    row(b, "amount", &r->amount);
    row(b, "change", &r->change);
    if (r->have_mentions) {
        nx_buf_addc(b, '\n');
        head(b, "mentions");
        row(b, "money", &r->money);
        row(b, "percent", &r->percent);
    }
    nx_buf_printf(b, "\nover the %ld relaxed pairs: status right %ld (%.3f), modality right %ld (%.3f)\n", r->attr_total,
                  r->status_ok, r->attr_total ? (double)r->status_ok / (double)r->attr_total : 0, r->modality_ok,
                  r->attr_total ? (double)r->modality_ok / (double)r->attr_total : 0);
    nx_buf_printf(b, "\n%-30s %6s %6s %6s %6s\n", "rules", "tp", "fp", "strict", "s-fp");
    for (size_t i = 0; i < r->rules.n; i++) {
        const named *x = &r->rules.v[i];
        nx_buf_printf(b, "  %-28s %6ld %6ld %6ld %6ld\n", x->name, x->relaxed.tp, x->relaxed.fp, x->strict.tp,
                      x->strict.fp);
    }
}

static void jcnt(nx_buf *b, const cnt *c)
{
    nx_buf_printf(b, "{\"tp\":%ld,\"fp\":%ld,\"fn\":%ld,\"p\":", c->tp, c->fp, c->fn);
    nx_buf_json_num(b, prec(c));
    nx_buf_adds(b, ",\"r\":");
    nx_buf_json_num(b, rec(c));
    nx_buf_adds(b, ",\"f1\":");
    nx_buf_json_num(b, f1(c));
    nx_buf_addc(b, '}');
}

void nx_eval_write_json(const nx_eval_report *r, nx_buf *b)
{
    nx_buf_adds(b, "{\"events\":{\"strict\":");
    jcnt(b, &r->strict);
    nx_buf_adds(b, ",\"relaxed\":");
    jcnt(b, &r->relaxed);
    nx_buf_adds(b, ",\"by_type\":{");
    for (size_t i = 0; i < r->types.n; i++) {
        nx_buf_adds(b, i ? "," : "");
        nx_buf_json_str(b, r->types.v[i].name, strlen(r->types.v[i].name));
        nx_buf_adds(b, ":{\"strict\":");
        jcnt(b, &r->types.v[i].strict);
        nx_buf_adds(b, ",\"relaxed\":");
        jcnt(b, &r->types.v[i].relaxed);
        nx_buf_addc(b, '}');
    }
    nx_buf_adds(b, "}},\"roles\":{");
    for (size_t i = 0; i < r->roles.n; i++) {
        nx_buf_adds(b, i ? "," : "");
        nx_buf_json_str(b, r->roles.v[i].name, strlen(r->roles.v[i].name));
        nx_buf_addc(b, ':');
        jcnt(b, &r->roles.v[i].relaxed);
    }
    nx_buf_adds(b, "},\"fields\":{\"amount\":");
    jcnt(b, &r->amount);
    nx_buf_adds(b, ",\"change\":");
    jcnt(b, &r->change);
    nx_buf_addc(b, '}');
    if (r->have_mentions) {
        nx_buf_adds(b, ",\"mentions\":{\"money\":");
        jcnt(b, &r->money);
        nx_buf_adds(b, ",\"percent\":");
        jcnt(b, &r->percent);
        nx_buf_addc(b, '}');
    }
    nx_buf_printf(b, ",\"attributes\":{\"pairs\":%ld,\"status_right\":%ld,\"modality_right\":%ld}", r->attr_total,
                  r->status_ok, r->modality_ok);
    nx_buf_adds(b, ",\"rules\":{");
    for (size_t i = 0; i < r->rules.n; i++) {
        const named *x = &r->rules.v[i];
        nx_buf_adds(b, i ? "," : "");
        nx_buf_json_str(b, x->name, strlen(x->name));
        nx_buf_printf(b, ":{\"tp\":%ld,\"fp\":%ld,\"strict_tp\":%ld,\"strict_fp\":%ld}", x->relaxed.tp, x->relaxed.fp,
                      x->strict.tp, x->strict.fp);
    }
    nx_buf_adds(b, "},\"docs\":{");
    for (size_t i = 0; i < r->ndocs; i++) {
        const docrow *d = &r->docs[i];
        nx_buf_adds(b, i ? "," : "");
        nx_buf_json_str(b, d->id, strlen(d->id));
        nx_buf_printf(b, ":{\"strict\":[%ld,%ld,%ld],\"relaxed\":[%ld,%ld,%ld],\"money\":[%ld,%ld,%ld],\"percent\":[%ld,%ld,%ld]}",
                      d->strict.tp, d->strict.fp, d->strict.fn, d->relaxed.tp, d->relaxed.fp, d->relaxed.fn,
                      d->money.tp, d->money.fp, d->money.fn, d->percent.tp, d->percent.fp, d->percent.fn);
    }
    nx_buf_adds(b, "}}\n");
}

/* The sentence of text holding byte pos (or the one mentioning `needle`). */
static void sentence_at(nx_buf *b, const char *text, size_t len, long pos, const char *needle)
{
    nx_span *s = NULL;
    size_t n = 0;
    size_t tl = 0;
    const char *nl = memchr(text, '\n', len);
    if (nl)
        tl = (size_t)(nl - text);
    if (nx_sentences(text, len, tl, &s, &n) || !n) {
        nx_free(s);
        return;
    }
    if (pos < 0 && needle && *needle) {
        /* find the needle with whitespace folded: compare word by word */
        const char *hit = NULL;
        char first[64];
        size_t fl = strcspn(needle, " ");
        if (fl < sizeof first) {
            memcpy(first, needle, fl);
            first[fl] = 0;
            hit = strstr(text, first);
            if (!hit) {
                for (const char *q = text; *q && !hit; q++)
                    if (nx_strncaseeq(q, first, fl))
                        hit = q;
            }
        }
        if (hit)
            pos = hit - text;
    }
    size_t k = 0;
    if (pos >= 0)
        for (k = 0; k < n && (size_t)pos >= s[k].end; k++)
            ;
    if (k >= n)
        k = 0;
    nx_buf_adds(b, "    sentence: \"");
    for (size_t i = s[k].start; i < s[k].end; i++)
        nx_buf_addc(b, text[i] == '\n' ? ' ' : text[i]);
    nx_buf_adds(b, "\"\n");
    nx_free(s);
}

static void show_event(nx_buf *b, const ev *e)
{
    nx_buf_printf(b, "%s", e->type);
    for (int i = 0; i < e->nf; i++)
        nx_buf_printf(b, " %s=\"%s\"", e->f[i].role, e->f[i].shown);
    if (e->has_amount)
        nx_buf_printf(b, " amount=%.10g %s", e->amount, e->cur);
    if (e->has_change)
        nx_buf_printf(b, " change=%.10g %s", e->change, e->unit);
}

static int cmp_kind(const void *a, const void *b)
{
    const named *x = a, *y = b;
    if (x->strict.tp != y->strict.tp)
        return x->strict.tp > y->strict.tp ? -1 : 1;
    return strcmp(x->name, y->name);
}

void nx_eval_write_errors(const nx_eval_report *r, const nx_gold *g, const nx_preds *p, nx_buf *b)
{
    (void)p;
    for (size_t di = 0; di < g->n; di++) {
        const gdoc *gd = &g->d[di];
        const pdoc *pd = pdoc_find(r->p, gd->id);
        for (int i = 0; i < gd->ne; i++) {
            int j = r->gpair[di][i];
            if (j >= 0 && r->gstrict[di][i])
                continue;
            nx_buf_printf(b, "%s %s: gold ", j >= 0 ? "PARTIAL" : "FN", gd->id);
            show_event(b, &gd->e[i]);
            nx_buf_addc(b, '\n');
            if (j >= 0) {
                nx_buf_adds(b, "    predicted ");
                show_event(b, &pd->e[j]);
                nx_buf_printf(b, "\n    rule %s (%s)\n", pd->e[j].rule ? pd->e[j].rule : "?",
                              pd->e[j].rule_loc ? pd->e[j].rule_loc : "?");
                sentence_at(b, gd->text, gd->len, pd->e[j].trig, NULL);
            } else {
                nx_buf_adds(b, "    no rule\n");
                sentence_at(b, gd->text, gd->len, -1, gd->e[i].nf ? gd->e[i].f[0].shown : NULL);
            }
        }
        for (int j = 0; pd && j < pd->ne; j++) {
            if (r->ppair[di][j] >= 0)
                continue;
            nx_buf_printf(b, "FP %s: ", gd->id);
            show_event(b, &pd->e[j]);
            nx_buf_printf(b, "\n    rule %s (%s)\n", pd->e[j].rule ? pd->e[j].rule : "?",
                          pd->e[j].rule_loc ? pd->e[j].rule_loc : "?");
            sentence_at(b, gd->text, gd->len, pd->e[j].trig, NULL);
        }
        if (r->have_mentions && r->gm_paired[di]) {
            for (int i = 0; i < gd->nm; i++) {
                if (r->gm_paired[di][i] >= 0)
                    continue;
                if (strcmp(gd->m[i].kind, "money") && strcmp(gd->m[i].kind, "percent"))
                    continue;
                nx_buf_printf(b, "FN %s: %s \"%s\" %.10g %s\n", gd->id, gd->m[i].kind, gd->m[i].text, gd->m[i].value,
                              gd->m[i].cur);
            }
            for (int j = 0; pd && j < pd->nm; j++) {
                if (r->pm_paired[di][j] >= 0)
                    continue;
                if (strcmp(pd->m[j].kind, "money") && strcmp(pd->m[j].kind, "percent"))
                    continue;
                nx_buf_printf(b, "FP %s: %s \"%s\" %.10g %s\n", gd->id, pd->m[j].kind, pd->m[j].text, pd->m[j].value,
                              pd->m[j].cur);
            }
        }
    }
    /* error kinds, most frequent first */
    named *k = nx_malloc((r->kinds.n ? r->kinds.n : 1) * sizeof *k);
    if (!k)
        return;
    memcpy(k, r->kinds.v, r->kinds.n * sizeof *k);
    qsort(k, r->kinds.n, sizeof *k, cmp_kind);
    nx_buf_adds(b, "\nerror kinds (most frequent first):\n");
    for (size_t i = 0; i < r->kinds.n; i++)
        nx_buf_printf(b, "  %5ld  %s\n", k[i].strict.tp, k[i].name);
    nx_free(k);
}

/* ---- baseline ---- */

static double jnum(json_t *o, const char *a, const char *b, const char *c)
{
    json_t *x = json_object_get(o, a);
    if (b)
        x = json_object_get(x, b);
    if (c)
        x = json_object_get(x, c);
    return json_is_number(x) ? json_number_value(x) : NAN;
}

int nx_eval_compare(const nx_eval_report *r, const char *path, double tol, nx_buf *b, int *worse, nx_error *err)
{
    json_error_t je;
    size_t len;
    char *data = nx_read_file(path, &len, err);
    if (!data)
        return -1;
    json_t *o = json_loadb(data, len, 0, &je);
    nx_free(data);
    if (!o || !json_is_object(o)) {
        json_decref(o);
        return nx_error_set(err, NX_EDATA, "%s:%d:%d: %s", path, je.line, je.column, o ? "not a JSON object" : je.text);
    }
    *worse = 0;
    struct {
        const char *name;
        double now, then;
    } m[4] = {{"strict event F1", f1(&r->strict), jnum(o, "events", "strict", "f1")},
              {"relaxed event F1", f1(&r->relaxed), jnum(o, "events", "relaxed", "f1")},
              {"money mention F1", f1(&r->money), jnum(o, "mentions", "money", "f1")},
              {"percent mention F1", f1(&r->percent), jnum(o, "mentions", "percent", "f1")}};
    int nm = r->have_mentions ? 4 : 2;
    for (int i = 0; i < nm; i++) {
        if (isnan(m[i].then)) {
            nx_buf_printf(b, "%-20s %.4f (not in the baseline)\n", m[i].name, m[i].now);
            continue;
        }
        double d = m[i].now - m[i].then;
        const char *tag = d < -tol ? "WORSE" : d > 1e-12 ? "better" : d < -1e-12 ? "lower, within tolerance" : "same";
        if (d < -tol)
            *worse = 1;
        nx_buf_printf(b, "%-20s %.4f -> %.4f (%+.4f) %s\n", m[i].name, m[i].then, m[i].now, d, tag);
    }
    /* doc by doc */
    json_t *docs = json_object_get(o, "docs");
    for (size_t i = 0; i < r->ndocs; i++) {
        const docrow *d = &r->docs[i];
        json_t *od = json_object_get(docs, d->id);
        if (!od)
            continue;
        static const char *const K[] = {"strict", "money", "percent"};
        const cnt *now[] = {&d->strict, &d->money, &d->percent};
        for (int k = 0; k < 3; k++) {
            if (k && !r->have_mentions)
                continue;
            json_t *a = json_object_get(od, K[k]);
            if (!json_is_array(a) || json_array_size(a) != 3)
                continue;
            long tp = (long)json_integer_value(json_array_get(a, 0)), fp = (long)json_integer_value(json_array_get(a, 1)),
                 fn = (long)json_integer_value(json_array_get(a, 2));
            long score_then = tp - fp - fn, score_now = now[k]->tp - now[k]->fp - now[k]->fn;
            if (score_now != score_then)
                nx_buf_printf(b, "  %-7s %s %s: tp %ld->%ld, fp %ld->%ld, fn %ld->%ld\n",
                              score_now > score_then ? "better" : "worse", d->id, K[k], tp, now[k]->tp, fp, now[k]->fp,
                              fn, now[k]->fn);
        }
    }
    json_decref(o);
    return 0;
}
