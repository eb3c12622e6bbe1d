/* rules.c: rule-file parser and compiler (see rules.h). */
#include "rules.h"

#include "prefilter.h"
#include "factor.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "text.h"

const char *const nx_stage_names[NX_NSTAGE] = {"values", "entities", "events", "modifiers"};
const char *const nx_kind_names[NX_NKIND] = {"money", "percent", "company", "ticker", "date"};
const char *const nx_type_names[NX_NTYPE] = {"acquisition", "merger", "investment", "funding_round",
                                             "partnership", "earnings", "stock_move", "ipo",
                                             "divestiture", "dividend"};
const char *const nx_role_names[NX_NROLE] = {"acquirer", "target", "seller", "party", "investor",
                                             "investee", "lead", "partner", "company", "issuer",
                                             "buyer"};
const char *const nx_status_names[NX_NSTATUS] = {"announced", "agreed", "completed", "proposed",
                                                 "pending", "terminated", "rejected"};
const char *const nx_modality_names[NX_NMOD] = {"asserted", "rumor", "planned", "denied",
                                                "hypothetical"};
#define R(x) (1u << NX_R_##x)
const unsigned nx_type_roles[NX_NTYPE] = {
    R(ACQUIRER) | R(TARGET) | R(SELLER), /* acquisition */
    R(PARTY),                            /* merger */
    R(INVESTOR) | R(INVESTEE),           /* investment */
    R(INVESTEE) | R(INVESTOR) | R(LEAD), /* funding_round */
    R(PARTNER),                          /* partnership */
    R(COMPANY),                          /* earnings */
    R(COMPANY),                          /* stock_move */
    R(ISSUER),                           /* ipo */
    R(SELLER) | R(BUYER) | R(TARGET),    /* divestiture */
    R(COMPANY)                           /* dividend */
};
#undef R

int nx_name_index(const char *const *table, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(table[i]) == len && memcmp(table[i], name, len) == 0)
            return i;
    return -1;
}

/* ---- PCRE2 memory through nx_malloc ---- */

static void *p2_malloc(size_t n, void *data)
{
    (void)data;
    return nx_malloc(n);
}
static void p2_free(void *p, void *data)
{
    (void)data;
    nx_free(p);
}

nx_ruleset *nx_ruleset_new(void)
{
    nx_ruleset *rs = nx_calloc(1, sizeof *rs);
    if (!rs)
        return NULL;
    rs->gctx = pcre2_general_context_create(p2_malloc, p2_free, NULL);
    if (rs->gctx)
        rs->cctx = pcre2_compile_context_create(rs->gctx);
    if (!rs->gctx || !rs->cctx) {
        nx_ruleset_free(rs);
        return NULL;
    }
    /* a line ends at \n whatever the library's default: ^ and $ of the rules, the end of a # comment
     * (which factor.c reads too) */
    pcre2_set_newline(rs->cctx, PCRE2_NEWLINE_LF);
    return rs;
}

pcre2_general_context *nx_ruleset_gctx(const nx_ruleset *rs) { return rs->gctx; }

static void free_kvs(nx_kv *kv, int n)
{
    for (int i = 0; i < n; i++) {
        nx_free(kv[i].key);
        nx_free(kv[i].val);
    }
    nx_free(kv);
}

static void rule_clear(nx_rule *r)
{
    nx_free(r->pcol);
    nx_rule *shadows[4] = {r->unless_pre, r->requires_pre, r->unless_run, r->requires_run};
    for (int k = 0; k < 4; k++)
        if (shadows[k]) {
            rule_clear(shadows[k]);
            nx_free(shadows[k]);
        }
    if (r->anchor_lit) {
        rule_clear(r->anchor_lit);
        nx_free(r->anchor_lit);
    }
    nx_free(r->id);
    nx_free(r->source);
    nx_free(r->expanded);
    nx_free(r->factored);
    pcre2_code_free(r->code);
    pcre2_code_free(r->anchor);
    pcre2_code_free(r->anchor_free);
    pcre2_code_free(r->anchored);
    nx_free(r->anchor_src);
    pcre2_code_free(r->unless);
    nx_free(r->unless_src);
    pcre2_code_free(r->requires);
    nx_free(r->requires_src);
    for (int i = 0; i < r->ngroups; i++)
        nx_free(r->groups[i].name);
    nx_free(r->groups);
    free_kvs(r->sets, r->nsets);
    for (int i = 0; i < r->ntests; i++) {
        nx_free(r->tests[i].text);
        free_kvs(r->tests[i].expect, r->tests[i].nexpect);
    }
    nx_free(r->tests);
    nx_free(r->set_factor);
    nx_free(r->words);
    nx_free(r->wordmask);
    nx_free(r->unless_words.words);
    nx_free(r->unless_words.mask);
    nx_free(r->requires_words.words);
    nx_free(r->requires_words.mask);
    nx_free(r->pwords);
    nx_free(r->pwordmask);
    for (int i = 0; i < r->nswords; i++)
        nx_free(r->swords[i]);
    nx_free(r->swords);
    nx_free(r->litpair);
    for (int i = 0; i < r->npshort; i++)
        nx_free(r->pshort[i]);
    nx_free(r->pshort);
    nx_free(r->pgroups);
    nx_free(r->lead);
}

void nx_ruleset_free(nx_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->n; i++)
        rule_clear(&rs->rules[i]);
    nx_free(rs->rules);
    for (size_t i = 0; i < rs->nmacros; i++) {
        nx_free(rs->macros[i].name);
        nx_free(rs->macros[i].body);
    }
    nx_free(rs->macros);
    for (size_t i = 0; i < rs->nfiles; i++)
        nx_free(rs->files[i]);
    nx_free(rs->files);
    for (size_t i = 0; i < rs->nwords; i++)
        nx_free(rs->words[i]);
    nx_free(rs->words);
    nx_free(rs->wordlen);
    nx_free(rs->word_prefix);
    nx_free(rs->word_anyplace);
    nx_free(rs->word_req);
    nx_free(rs->wuser_off);
    nx_free(rs->wusers);
    nx_ac_free(rs->wordscan);
    nx_buf_free(&rs->diag);
    pcre2_compile_context_free(rs->cctx);
    pcre2_general_context_free(rs->gctx);
    nx_free(rs);
}

const nx_rule *nx_ruleset_find(const nx_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->rules[i].id, id) == 0)
            return &rs->rules[i];
    return NULL;
}

/* Record a diagnostic; the first also goes to err. Returns -1. */
static int diag(nx_ruleset *rs, nx_error *err, int code, const char *fmt, ...) NX_PRINTF(4, 5);
static int diag(nx_ruleset *rs, nx_error *err, int code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nx_buf_adds(&rs->diag, msg);
    nx_buf_addc(&rs->diag, '\n');
    rs->ndiag++;
    nx_error_set(err, code, "%s", msg);
    return -1;
}

static nx_macro *find_macro(nx_ruleset *rs, const char *name, size_t n)
{
    for (size_t i = 0; i < rs->nmacros; i++)
        if (strlen(rs->macros[i].name) == n && memcmp(rs->macros[i].name, name, n) == 0)
            return &rs->macros[i];
    return NULL;
}

int nx_ruleset_define(nx_ruleset *rs, const char *name, const char *body)
{
    nx_macro *m = find_macro(rs, name, strlen(name));
    if (m) {
        char *b = nx_strdup(body);
        if (!b)
            return -1;
        nx_free(m->body);
        m->body = b;
        return 0;
    }
    if (nx_grow((void **)&rs->macros, &rs->capmacros, rs->nmacros + 1, sizeof *rs->macros))
        return -1;
    m = &rs->macros[rs->nmacros];
    memset(m, 0, sizeof *m);
    m->name = nx_strdup(name);
    m->body = nx_strdup(body);
    m->file = "<generated>";
    if (!m->name || !m->body) {
        nx_free(m->name);
        nx_free(m->body);
        return -1;
    }
    rs->nmacros++;
    return 0;
}

/* ---- parsing ---- */

typedef struct parser {
    nx_ruleset *rs;
    nx_error *err;
    const char *file;
    int line;
    nx_rule *cur;      /* rule being read */
    nx_macro *curmac;  /* macro being read */
    nx_buf *cont;      /* what a continuation line appends to (pattern or macro body), or NULL */
    int bad;
    int oom;
    nx_buf pat;        /* the pattern or macro body being read */
} parser;

static int perr(parser *p, int col, const char *fmt, ...) NX_PRINTF(3, 4);
static int perr(parser *p, int col, const char *fmt, ...)
{
    if (p->oom)
        return -1; /* after an allocation failure the only error is "out of memory" */
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->bad = 1;
    return diag(p->rs, p->err, NX_ERULES, "%s:%d:%d: %s", p->file, p->line, col, msg);
}

/* A key that holds a second pattern (anchor, unless, requires), given once: a copy of it in *src and its line. */
static void pattern_key(parser *p, int col, const char *key, const char *v, size_t vl, char **src, int *line)
{
    if (*src) {
        perr(p, col, "a rule has one %s", key);
        return;
    }
    *src = nx_strndup(v, vl);
    if (!*src)
        p->oom = 1;
    *line = p->line;
}

/* `starts number`, `starts number "between"`, `starts anywhere`: where the rule's pattern is tried
 * (where a number begins, where a word of three or more ASCII letters does, or everywhere). */
static void starts_key(parser *p, nx_rule *r, int col, const char *v, size_t vl)
{
    if (r->starts || r->nswords) {
        perr(p, col, "a rule has one starts");
        return;
    }
    size_t i = 0;
    int any = 0;
    while (i < vl) {
        while (i < vl && (v[i] == ' ' || v[i] == '\t'))
            i++;
        size_t b = i;
        while (i < vl && v[i] != ' ' && v[i] != '\t')
            i++;
        if (b == i)
            break;
        const char *t = v + b;
        size_t tl = i - b;
        int word = tl >= 5 && t[0] == '"' && t[tl - 1] == '"';
        for (size_t k = 1; word && k + 1 < tl; k++)
            word = isalpha((unsigned char)t[k]) && (unsigned char)t[k] < 0x80;
        if (tl == 8 && memcmp(t, "anywhere", 8) == 0 && b == 0 && i == vl) {
            any = 1;
        } else if (tl == 6 && memcmp(t, "number", 6) == 0) {
            r->starts = NX_STARTS_NUMBER;
        } else if (word) {
            char **nw = nx_realloc(r->swords, (size_t)(r->nswords + 1) * sizeof *nw);
            char *wd = nx_strndup(t + 1, tl - 2);
            if (!nw || !wd) {
                if (nw)
                    r->swords = nw;
                nx_free(wd);
                p->oom = 1;
                return;
            }
            for (size_t k = 0; wd[k]; k++)
                wd[k] = (char)tolower((unsigned char)wd[k]);
            r->swords = nw;
            r->swords[r->nswords++] = wd;
        } else {
            perr(p, col + (int)b,
                 "starts takes 'number' and quoted words of three or more letters (\"between\"), or 'anywhere'; got '%.*s'",
                 (int)tl, t);
            return;
        }
    }
    if (!any && !r->starts && !r->nswords)
        perr(p, col, "starts needs 'number', quoted words or 'anywhere'");
}

static const char *const KEYS[] = {"stage", "kind", "type", "priority", "pattern", "set", "test+",
                                   "test-", "case", "builtin", "window", "confidence", "note",
                                   "anchor", "unless", "requires", "starts", NULL};

static int is_key(const char *w, size_t n)
{
    for (int i = 0; KEYS[i]; i++)
        if (strlen(KEYS[i]) == n && memcmp(KEYS[i], w, n) == 0)
            return 1;
    return 0;
}

/* Is w a key that only a rule has and that no line of a macro's pattern begins with (an example, a
 * pattern, a stage...)? Such a line after a define is a mistake, not more of the macro. */
static int is_rule_only_key(const char *w, size_t n)
{
    static const char *const K[] = {"test+", "test-", "pattern", "stage", "priority", "unless", "requires",
                                    "starts", "window", "builtin", "confidence", "anchor", NULL};
    for (int i = 0; K[i]; i++)
        if (strlen(K[i]) == n && memcmp(K[i], w, n) == 0)
            return 1;
    return 0;
}

/* Parse a quoted example string starting at s (which points at the opening quote). On success returns
 * a new string and sets *end past the closing quote. */
static char *parse_quoted(const char *s, const char **end)
{
    nx_buf b = NX_BUF_INIT;
    const char *q = s + 1;
    while (*q && *q != '"') {
        if (*q == '\\' && q[1]) {
            q++;
            switch (*q) {
            case 'n': nx_buf_addc(&b, '\n'); break;
            case 't': nx_buf_addc(&b, '\t'); break;
            case '"': nx_buf_addc(&b, '"'); break;
            case '\\': nx_buf_addc(&b, '\\'); break;
            default:
                nx_buf_addc(&b, '\\');
                nx_buf_addc(&b, *q);
            }
            q++;
            continue;
        }
        nx_buf_addc(&b, *q++);
    }
    if (*q != '"') {
        nx_buf_free(&b);
        *end = NULL;
        return NULL;
    }
    *end = q + 1;
    if (!b.p && !b.oom)
        nx_buf_adds(&b, "");
    return nx_buf_take(&b);
}

/* key=value pairs (value may be quoted). Returns 0 or -1 (error reported). */
static int parse_kvs(parser *p, const char *s, const char *line, nx_kv **out, int *nout)
{
    size_t cap = 0;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            break;
        const char *k = s;
        while (*s && *s != '=' && *s != ' ' && *s != '\t')
            s++;
        if (*s != '=')
            return perr(p, (int)(k - line) + 1, "expected key=value, got '%.*s'", (int)(s - k), k);
        size_t kl = (size_t)(s - k);
        s++;
        char *val;
        if (*s == '"') {
            const char *e;
            val = parse_quoted(s, &e);
            if (!e)
                return perr(p, (int)(s - line) + 1, "unterminated string");
            s = e;
        } else {
            const char *v = s;
            while (*s && *s != ' ' && *s != '\t')
                s++;
            val = nx_strndup(v, (size_t)(s - v));
        }
        char *key = nx_strndup(k, kl);
        if (!val || !key || nx_grow((void **)out, &cap, (size_t)*nout + 1, sizeof **out)) {
            nx_free(val);
            nx_free(key);
            p->oom = 1;
            return -1;
        }
        (*out)[*nout].key = key;
        (*out)[*nout].val = val;
        (*nout)++;
    }
    return 0;
}

/* A line of the rule's pattern begins at column col of the file. */
static void note_pcol(parser *p, nx_rule *r, int col)
{
    if (nx_grow((void **)&r->pcol, &r->cappcol, r->npcol + 1, sizeof *r->pcol))
        p->oom = 1;
    else
        r->pcol[r->npcol++] = col;
}

static int add_piece(parser *p, nx_buf *b, const char *v)
{
    if (b->len)
        nx_buf_addc(b, '\n');
    nx_buf_adds(b, v);
    if (b->oom)
        p->oom = 1;
    return b->oom ? -1 : 0;
}

/* Finish the rule being read: move its pattern in, check it is complete. */
static void finish_rule(parser *p)
{
    nx_rule *r = p->cur;
    if (!r)
        return;
    r->source = nx_buf_take(&p->pat);
    if (!r->source)
        r->source = nx_strdup("");
    if (!r->source)
        p->oom = 1;
    int save = p->line;
    p->line = r->line;
    if ((int)r->stage < 0)
        perr(p, 1, "rule '%s' has no stage", r->id);
    else if ((r->stage == NX_STAGE_VALUES || r->stage == NX_STAGE_ENTITIES) && r->kind < 0)
        perr(p, 1, "rule '%s' in stage %s needs a kind", r->id, nx_stage_names[r->stage]);
    else if (r->stage == NX_STAGE_EVENTS && r->type < 0)
        perr(p, 1, "rule '%s' in stage events needs a type", r->id);
    else if (!r->builtin && r->source && !*r->source)
        perr(p, 1, "rule '%s' has no pattern", r->id);
    p->line = save;
    p->cur = NULL;
    p->cont = NULL;
}

static void finish_macro(parser *p)
{
    if (!p->curmac)
        return;
    p->curmac->body = nx_buf_take(&p->pat);
    if (!p->curmac->body)
        p->curmac->body = nx_strdup("");
    if (!p->curmac->body)
        p->oom = 1;
    p->curmac = NULL;
    p->cont = NULL;
}

static void parse_key(parser *p, const char *line, const char *k, size_t kl, const char *v)
{
    nx_rule *r = p->cur;
    int col = (int)(v - line) + 1;
    size_t vl = strlen(v);
    while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t' || v[vl - 1] == '\r'))
        vl--;
    p->cont = NULL;
#define KEY(s) (kl == strlen(s) && memcmp(k, s, kl) == 0)
    if (KEY("stage")) {
        int s = nx_name_index(nx_stage_names, NX_NSTAGE, v, vl);
        if (s < 0)
            perr(p, col, "unknown stage '%.*s' (values, entities, events, modifiers)", (int)vl, v);
        else
            r->stage = (nx_stage)s;
        if (s == NX_STAGE_ENTITIES)
            r->caseless = r->caseless == 2 ? 1 : 0;
    } else if (KEY("kind")) {
        int s = nx_name_index(nx_kind_names, NX_NKIND, v, vl);
        if (s < 0)
            perr(p, col, "unknown kind '%.*s' (money, percent, company, ticker, date)", (int)vl, v);
        r->kind = s;
    } else if (KEY("type")) {
        int s = nx_name_index(nx_type_names, NX_NTYPE, v, vl);
        if (s < 0)
            perr(p, col, "unknown event type '%.*s'", (int)vl, v);
        r->type = s;
    } else if (KEY("priority")) {
        char *e;
        long n = strtol(v, &e, 10);
        if (e == v || (size_t)(e - v) != vl)
            perr(p, col, "priority must be an integer, got '%.*s'", (int)vl, v);
        r->priority = (int)n;
    } else if (KEY("confidence")) {
        char *e;
        double c = strtod(v, &e);
        if (e == v || (size_t)(e - v) != vl || c < 0 || c > 1)
            perr(p, col, "confidence must be a number in [0,1], got '%.*s'", (int)vl, v);
        r->confidence = c;
    } else if (KEY("pattern")) {
        if (!r->pattern_line)
            r->pattern_line = p->line;
        char *piece = nx_strndup(v, vl);
        if (!piece) {
            p->oom = 1;
            return;
        }
        add_piece(p, &p->pat, piece);
        nx_free(piece);
        note_pcol(p, r, col);
        p->cont = &p->pat;
    } else if (KEY("set")) {
        parse_kvs(p, v, line, &r->sets, &r->nsets);
    } else if (KEY("case")) {
        if (vl == 9 && memcmp(v, "sensitive", 9) == 0)
            r->caseless = 0;
        else if (vl == 11 && memcmp(v, "insensitive", 11) == 0)
            r->caseless = 2; /* explicit: survives a later `stage entities` */
        else
            perr(p, col, "case must be 'sensitive' or 'insensitive', got '%.*s'", (int)vl, v);
    } else if (KEY("builtin")) {
        if (vl == 9 && memcmp(v, "gazetteer", 9) == 0)
            r->builtin = NX_BUILTIN_GAZETTEER;
        else if (vl == 7 && memcmp(v, "aliases", 7) == 0)
            r->builtin = NX_BUILTIN_ALIASES;
        else
            perr(p, col, "unknown builtin '%.*s' (gazetteer, aliases)", (int)vl, v);
    } else if (KEY("window")) {
        if (vl == 8 && memcmp(v, "document", 8) == 0)
            r->doc_window = 1;
        else if (vl == 8 && memcmp(v, "sentence", 8) == 0)
            r->doc_window = 0;
        else
            perr(p, col, "window must be 'sentence' or 'document', got '%.*s'", (int)vl, v);
    } else if (KEY("starts")) {
        starts_key(p, r, col, v, vl);
    } else if (KEY("anchor")) {
        pattern_key(p, col, "anchor", v, vl, &r->anchor_src, &r->anchor_line);
    } else if (KEY("unless")) {
        pattern_key(p, col, "unless", v, vl, &r->unless_src, &r->unless_line);
    } else if (KEY("requires")) {
        pattern_key(p, col, "requires", v, vl, &r->requires_src, &r->requires_line);
    } else if (KEY("note")) {
        /* documentation only */
    } else if (KEY("test+") || KEY("test-")) {
        if (*v != '"') {
            perr(p, col, "%.*s needs a quoted example", (int)kl, k);
            return;
        }
        const char *e;
        char *text = parse_quoted(v, &e);
        if (!e) {
            perr(p, col, "unterminated example string");
            return;
        }
        if (!text) {
            p->oom = 1;
            return;
        }
        nx_example ex = {k[4] == '+', p->line, text, NULL, 0};
        while (*e == ' ' || *e == '\t')
            e++;
        if (e[0] == '=' && e[1] == '>') {
            if (!ex.positive)
                perr(p, (int)(e - line) + 1, "a test- example expects nothing; remove '=>'");
            parse_kvs(p, e + 2, line, &ex.expect, &ex.nexpect);
        } else if (*e && *e != '#' && *e != '\r') {
            perr(p, (int)(e - line) + 1, "expected '=>' after the example");
        }
        size_t cap = (size_t)r->ntests;
        if (nx_grow((void **)&r->tests, &cap, (size_t)r->ntests + 1, sizeof *r->tests)) {
            nx_free(text);
            free_kvs(ex.expect, ex.nexpect);
            p->oom = 1;
            return;
        }
        r->tests[r->ntests++] = ex;
    }
#undef KEY
}

static int parse_text(nx_ruleset *rs, const char *fname, const char *text, size_t len, nx_error *err)
{
    parser p = {rs, err, fname, 0, NULL, NULL, NULL, 0, 0, NX_BUF_INIT};
    nx_buf_free(&p.pat);
    const char *s = text, *end = text + len;
    char *line = NULL;
    size_t linecap = 0;
    while (s < end && !p.oom) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t ll = nl ? (size_t)(nl - s) : (size_t)(end - s);
        p.line++;
        if (ll + 1 > linecap) {
            nx_free(line);
            linecap = ll + 1;
            line = nx_malloc(linecap);
            if (!line) {
                p.oom = 1;
                break;
            }
        }
        memcpy(line, s, ll);
        line[ll] = 0;
        if (ll && line[ll - 1] == '\r')
            line[--ll] = 0;
        s = nl ? nl + 1 : end;
        if (memchr(line, 0, ll)) {
            perr(&p, 1, "NUL byte in rule file");
            continue;
        }
        const char *q = line;
        while (*q == ' ' || *q == '\t')
            q++;
        if (!*q) {
            p.cont = NULL;
            continue;
        }
        if (*q == '#')
            continue;
        int indented = q > line;
        const char *w = q;
        while (*q && *q != ' ' && *q != '\t')
            q++;
        size_t wl = (size_t)(q - w);
        while (*q == ' ' || *q == '\t')
            q++;
        if (!indented) {
            finish_rule(&p);
            finish_macro(&p);
            if (wl == 4 && memcmp(w, "rule", 4) == 0) {
                size_t il = strcspn(q, " \t#");
                if (!il) {
                    perr(&p, (int)(q - line) + 1, "rule needs an id");
                    continue;
                }
                for (size_t i = 0; i < il; i++)
                    if (!isalnum((unsigned char)q[i]) && q[i] != '.' && q[i] != '_' && q[i] != '-') {
                        perr(&p, (int)(q - line) + (int)i + 1,
                             "bad character in rule id '%.*s' (letters, digits, '.', '_', '-')",
                             (int)il, q);
                        break;
                    }
                for (size_t i = 0; i < rs->n; i++)
                    if (strlen(rs->rules[i].id) == il && memcmp(rs->rules[i].id, q, il) == 0) {
                        perr(&p, (int)(q - line) + 1, "duplicate rule id '%.*s' (first at %s:%d)",
                             (int)il, q, rs->rules[i].file, rs->rules[i].line);
                        break;
                    }
                if (nx_grow((void **)&rs->rules, &rs->cap, rs->n + 1, sizeof *rs->rules)) {
                    p.oom = 1;
                    break;
                }
                nx_rule *r = &rs->rules[rs->n];
                memset(r, 0, sizeof *r);
                r->id = nx_strndup(q, il);
                if (!r->id) {
                    p.oom = 1;
                    break;
                }
                r->file = fname;
                r->line = p.line;
                r->stage = (nx_stage)-1;
                r->kind = -1;
                r->type = -1;
                r->caseless = 1;
                r->confidence = 0.8;
                r->order = (int)rs->n;
                rs->n++;
                p.cur = r;
            } else if (wl == 6 && memcmp(w, "define", 6) == 0) {
                const char *nm = q;
                while (isalnum((unsigned char)*q) || *q == '_')
                    q++;
                size_t nml = (size_t)(q - nm);
                if (!nml || !(isalpha((unsigned char)nm[0]) || nm[0] == '_')) {
                    perr(&p, (int)(nm - line) + 1, "define needs a name (letters, digits, '_')");
                    continue;
                }
                nx_macro *old = find_macro(rs, nm, nml);
                if (old) {
                    perr(&p, (int)(nm - line) + 1, "macro '%.*s' defined twice (first at %s:%d)",
                         (int)nml, nm, old->file, old->line);
                    continue;
                }
                while (*q == ' ' || *q == '\t')
                    q++;
                if (nx_grow((void **)&rs->macros, &rs->capmacros, rs->nmacros + 1,
                            sizeof *rs->macros)) {
                    p.oom = 1;
                    break;
                }
                nx_macro *m = &rs->macros[rs->nmacros++];
                memset(m, 0, sizeof *m);
                m->name = nx_strndup(nm, nml);
                m->file = fname;
                m->line = p.line;
                if (!m->name) {
                    p.oom = 1;
                    break;
                }
                p.curmac = m;
                nx_buf_free(&p.pat);
                if (*q)
                    add_piece(&p, &p.pat, q);
                p.cont = &p.pat;
            } else {
                perr(&p, 1, "expected 'rule' or 'define' at the start of a line, got '%.*s'",
                     (int)wl, w);
            }
            continue;
        }
        /* indented */
        if (p.cur && is_key(w, wl)) {
            parse_key(&p, line, w, wl, q);
            continue;
        }
        if (!p.cur && p.curmac && is_rule_only_key(w, wl)) { /* a rule's key after a define: not regex */
            perr(&p, (int)(w - line) + 1, "'%.*s' after 'define %s': a rule's keys belong under its 'rule' line",
                 (int)wl, w, p.curmac->name);
            continue;
        }
        if (p.cont) {
            add_piece(&p, p.cont, w);
            if (p.cur && !p.curmac && p.cont == &p.pat)
                note_pcol(&p, p.cur, (int)(w - line) + 1);
            continue;
        }
        if (!p.cur)
            perr(&p, (int)(w - line) + 1, "'%.*s' outside a rule", (int)wl, w);
        else
            perr(&p, (int)(w - line) + 1,
                 "unknown key '%.*s' (stage, kind, type, priority, pattern, set, test+, test-, case, "
                 "builtin, window, confidence, note, anchor, unless, requires, starts)",
                 (int)wl, w);
    }
    finish_rule(&p);
    finish_macro(&p);
    nx_free(line);
    nx_buf_free(&p.pat);
    if (p.oom)
        return nx_error_nomem(err);
    return p.bad ? -1 : 0;
}

static const char *intern_file(nx_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->nfiles; i++)
        if (strcmp(rs->files[i], name) == 0)
            return rs->files[i];
    if (nx_grow((void **)&rs->files, &rs->capfiles, rs->nfiles + 1, sizeof *rs->files))
        return NULL;
    char *c = nx_strdup(name);
    if (!c)
        return NULL;
    rs->files[rs->nfiles++] = c;
    return c;
}

/* The hash covers file names and contents in load order; kept as a running chain in sha256. */
static void hash_in(nx_ruleset *rs, const char *name, const char *text, size_t len)
{
    nx_sha256 s;
    nx_sha256_init(&s);
    nx_sha256_update(&s, rs->sha256, strlen(rs->sha256));
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    nx_sha256_update(&s, base, strlen(base) + 1);
    nx_sha256_update(&s, text, len);
    nx_sha256_final(&s, rs->sha256);
}

/* Rule files must be valid UTF-8: patterns are compiled and examples matched with PCRE2's UTF
 * check off, and an invalid byte there is undefined behaviour in PCRE2 (a crash, seen by the fuzzer).
 * Returns 0, or -1 with a diagnostic naming the first bad byte's line and column. */
static int check_utf8(nx_ruleset *rs, const char *fname, const char *text, size_t len, nx_error *err)
{
    char *copy = nx_strndup(text, len);
    if (!copy)
        return nx_error_nomem(err);
    size_t first = 0;
    size_t bad = nx_utf8_repair(copy, len, &first);
    nx_free(copy);
    if (!bad)
        return 0;
    int line = 1;
    size_t ls = 0;
    for (size_t i = 0; i < first; i++)
        if (text[i] == '\n') {
            line++;
            ls = i + 1;
        }
    return diag(rs, err, NX_ERULES, "%s:%d:%zu: invalid UTF-8 (byte 0x%02X); rule files must be UTF-8",
                fname, line, first - ls + 1, (unsigned char)text[first]);
}

int nx_ruleset_add_text(nx_ruleset *rs, const char *name, const char *text, size_t len, nx_error *err)
{
    const char *f = intern_file(rs, name);
    if (!f)
        return nx_error_nomem(err);
    hash_in(rs, name, text, len);
    if (check_utf8(rs, f, text, len, err))
        return -1;
    return parse_text(rs, f, text, len, err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_dir(nx_ruleset *rs, const char *path, nx_error *err, int depth)
{
    DIR *d = opendir(path);
    if (!d)
        return diag(rs, err, NX_EIO, "cannot open rules folder '%s': %s", path, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (nx_grow((void **)&names, &cap, n + 1, sizeof *names) || !(names[n] = nx_strdup(de->d_name))) {
            rc = nx_error_nomem(err);
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    int found = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        nx_buf full = NX_BUF_INIT;
        nx_buf_printf(&full, "%s/%s", path, names[i]);
        if (full.oom) {
            rc = nx_error_nomem(err);
            break;
        }
        struct stat st;
        if (stat(full.p, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (depth < 16 && add_dir(rs, full.p, err, depth + 1))
                rc = -1;
            found = 1;
        } else {
            size_t l = strlen(names[i]);
            if (l > 6 && strcmp(names[i] + l - 6, ".rules") == 0) {
                found = 1;
                if (nx_ruleset_add_path(rs, full.p, err))
                    rc = -1;
            }
        }
        nx_buf_free(&full);
    }
    for (size_t i = 0; i < n; i++)
        nx_free(names[i]);
    nx_free(names);
    if (rc == 0 && !found && depth == 0)
        return diag(rs, err, NX_EIO, "no .rules files in '%s'", path);
    return rc;
}

int nx_ruleset_add_path(nx_ruleset *rs, const char *path, nx_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return diag(rs, err, NX_EIO, "cannot read rules '%s': %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return add_dir(rs, path, err, 0);
    size_t len;
    nx_error e2 = {0};
    char *text = nx_read_file(path, &len, &e2);
    if (!text)
        return diag(rs, err, e2.code, "%s", e2.msg);
    int rc = nx_ruleset_add_text(rs, path, text, len, err);
    nx_free(text);
    return rc;
}

/* ---- compiling ---- */

typedef struct expander {
    nx_ruleset *rs;
    nx_buf out;
    const char *stack[32];
    int depth;
    const char *bad_name; /* unknown or cyclic macro, for the message */
    size_t bad_len;
    int cyclic;
    size_t bad_pos;       /* position in the rule's source of the failing reference */
    char bad_placeholder[32];
    /* Big macros without named groups are written once, in a (?(DEFINE)...) block at the end, and
     * called as subroutines (?&_mN): inlining every use of the name-word macros makes the compiled
     * pattern too large. need[i]: 1 when macro i must be defined, 2 once written. */
    char *need;
    long *size;           /* inlined size of each macro, -1 unknown */
    signed char *named;   /* does the macro (or one it uses) hold a named group? -1 unknown */
} expander;

static const struct {
    const char *name;
    const char *re;
} PLACEHOLDERS[] = {
    {"companies", "(?:(?>\\x01C\\x02*)(?:\\s*,\\s*(?>\\x01C\\x02*))*(?:\\s*,?\\s*(?:and|&)\\s+(?>\\x01C\\x02*))?)"},
    {"company", "(?>\\x01C\\x02*)"},
    {"money", "(?>\\x01M\\x02*)"},
    {"percent", "(?>\\x01P\\x02*)"},
    {"ticker", "(?>\\x01T\\x02*)"},
    {"date", "(?>\\x01D\\x02*)"},
    {"mention", "(?>\\x01[CMPTD]\\x02*)"},
    {NULL, NULL}};

/* Size of macro i once fully inlined (its references counted in), capped; memoised. */
static long macro_size(expander *x, size_t i)
{
    if (x->size[i] >= 0)
        return x->size[i];
    x->size[i] = 1 << 20; /* guards a cycle: reported by expand() */
    const char *b = x->rs->macros[i].body ? x->rs->macros[i].body : "";
    long total = 0;
    for (const char *p = b; *p; p++) {
        if (*p == '{' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
            const char *q = p + 1;
            while (isalnum((unsigned char)*q) || *q == '_')
                q++;
            nx_macro *m = *q == '}' ? find_macro(x->rs, p + 1, (size_t)(q - p - 1)) : NULL;
            if (m) {
                total += macro_size(x, (size_t)(m - x->rs->macros)) + 4;
                p = q;
                continue;
            }
        }
        total++;
    }
    if (total > (1 << 20))
        total = 1 << 20;
    x->size[i] = total;
    return total;
}

static int macro_named(expander *x, size_t i)
{
    if (x->named[i] >= 0)
        return x->named[i];
    x->named[i] = 1; /* cycle guard: a cycle is reported by expand() */
    const char *b = x->rs->macros[i].body ? x->rs->macros[i].body : "";
    int named = strstr(b, "(?<") && !strstr(b, "(?<=") && !strstr(b, "(?<!") ? 1 : 0;
    for (const char *p = b; *p && !named; p++) {
        if (p[0] == '(' && p[1] == '?' && (p[2] == 'P' || p[2] == '\'' || (p[2] == '<' && p[3] != '=' && p[3] != '!')))
            named = 1;
        if (*p == '{' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
            const char *q = p + 1;
            while (isalnum((unsigned char)*q) || *q == '_')
                q++;
            nx_macro *m = *q == '}' ? find_macro(x->rs, p + 1, (size_t)(q - p - 1)) : NULL;
            if (m && macro_named(x, (size_t)(m - x->rs->macros)))
                named = 1;
        }
    }
    x->named[i] = (signed char)named;
    return named;
}

static int expand(expander *x, const char *text, size_t pos_base);

/* Write the (?(DEFINE)...) block of the macros called as subroutines. */
static int expand_defines(expander *x)
{
    int any = 0;
    for (;;) {
        size_t k = 0;
        while (k < x->rs->nmacros && x->need[k] != 1)
            k++;
        if (k == x->rs->nmacros)
            break;
        x->need[k] = 2;
        if (!any)
            nx_buf_adds(&x->out, "\n(?(DEFINE)"); /* on a line of its own: the pattern may end in a # comment */
        any = 1;
        nx_buf_printf(&x->out, "(?<_m%zu>", k);
        x->stack[x->depth++] = x->rs->macros[k].name;
        if (expand(x, x->rs->macros[k].body ? x->rs->macros[k].body : "", (size_t)-1))
            return -1;
        x->depth--;
        nx_buf_addc(&x->out, ')');
    }
    if (any)
        nx_buf_addc(&x->out, ')');
    return 0;
}

/* Expand text (from the rule's source when top-level). pos_base: offset of text in the rule source,
 * or (size_t)-1 inside a macro body. */
static int expand(expander *x, const char *text, size_t pos_base)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c == '\\' && i + 1 < n) {
            nx_buf_addc(&x->out, c);
            nx_buf_addc(&x->out, text[++i]);
            /* an escape's braced argument (\p{Lu}, \x{e9}, \N{U+e9}, \g{name}...) is no macro */
            if (strchr("pPxoNgk", text[i]) && i + 1 < n && text[i + 1] == '{') {
                const char *close = strchr(text + i + 1, '}');
                size_t stop = close ? (size_t)(close - text) : n - 1;
                nx_buf_add(&x->out, text + i + 1, stop - i);
                i = stop;
            }
            continue;
        }
        if (c == '{' && i + 1 < n && (isalpha((unsigned char)text[i + 1]) || text[i + 1] == '_')) {
            size_t j = i + 1;
            while (j < n && (isalnum((unsigned char)text[j]) || text[j] == '_'))
                j++;
            if (j < n && text[j] == '}') {
                const char *name = text + i + 1;
                size_t nl = j - i - 1;
                nx_macro *m = find_macro(x->rs, name, nl);
                if (!m) {
                    x->bad_name = name;
                    x->bad_len = nl;
                    x->bad_pos = pos_base == (size_t)-1 ? (size_t)-1 : pos_base + i;
                    return -1;
                }
                for (int k = 0; k < x->depth; k++)
                    if (x->stack[k] == m->name) {
                        x->cyclic = 1;
                        x->bad_name = m->name;
                        x->bad_len = strlen(m->name);
                        x->bad_pos = pos_base == (size_t)-1 ? (size_t)-1 : pos_base + i;
                        return -1;
                    }
                if (x->depth >= 32) {
                    x->cyclic = 1;
                    x->bad_name = m->name;
                    x->bad_len = strlen(m->name);
                    return -1;
                }
                size_t mi = (size_t)(m - x->rs->macros);
                if (x->need && macro_size(x, mi) > 400 && !macro_named(x, mi)) {
                    if (!x->need[mi])
                        x->need[mi] = 1;
                    nx_buf_printf(&x->out, "(?&_m%zu)", mi);
                    i = j;
                    continue;
                }
                x->stack[x->depth++] = m->name;
                nx_buf_adds(&x->out, "(?:");
                if (expand(x, m->body ? m->body : "", (size_t)-1)) {
                    if (x->bad_pos == (size_t)-1 && pos_base != (size_t)-1)
                        x->bad_pos = pos_base + i;
                    return -1;
                }
                nx_buf_adds(&x->out, ")");
                x->depth--;
                i = j;
                continue;
            }
        }
        if (c == '@' && i + 1 < n && islower((unsigned char)text[i + 1])) {
            size_t j = i + 1;
            while (j < n && (islower((unsigned char)text[j]) || text[j] == '_'))
                j++;
            int k;
            for (k = 0; PLACEHOLDERS[k].name; k++)
                if (strlen(PLACEHOLDERS[k].name) == j - i - 1 &&
                    memcmp(PLACEHOLDERS[k].name, text + i + 1, j - i - 1) == 0)
                    break;
            if (!PLACEHOLDERS[k].name) {
                snprintf(x->bad_placeholder, sizeof x->bad_placeholder, "@%.*s", (int)(j - i - 1),
                         text + i + 1);
                x->bad_pos = pos_base == (size_t)-1 ? (size_t)-1 : pos_base + i;
                return -1;
            }
            nx_buf_adds(&x->out, PLACEHOLDERS[k].re);
            i = j - 1;
            continue;
        }
        nx_buf_addc(&x->out, c);
    }
    return 0;
}

/* line:col in the file of byte `pos` of the rule's pattern source (pieces joined by newlines,
 * each piece starting on its own line; the column is approximate for continuation pieces). */
static void src_loc(const nx_rule *r, size_t pos, int *line, int *col)
{
    int l = r->pattern_line ? r->pattern_line : r->line;
    size_t ls = 0, k = 0;
    for (size_t i = 0; i < pos && r->source[i]; i++)
        if (r->source[i] == '\n') {
            l++;
            k++;
            ls = i + 1;
        }
    *line = l;
    /* where the line's text starts in the file (the key and its spaces, or the indentation) */
    *col = (int)(pos - ls) + (k < r->npcol ? r->pcol[k] : 1);
}


static int map_group(nx_rule *r, const char *name, nx_group *g, char *why, size_t whylen)
{
    size_t n = strlen(name);
    g->arg = 0;
    if (name[0] == '_') {
        g->field = NX_G_IGNORE;
        return 0;
    }
    static const struct {
        const char *n;
        nx_gfield f;
        int stages; /* bit 0 mention stages, bit 1 events */
    } T[] = {{"m", NX_G_SPAN, 3},         {"num", NX_G_NUM, 1},       {"lo", NX_G_LO, 1},
             {"hi", NX_G_HI, 1},          {"scale", NX_G_SCALE, 1},   {"scale_lo", NX_G_SCALE_LO, 1},
             {"cur", NX_G_CUR, 1},        {"cur_lo", NX_G_CUR_LO, 1}, {"approx", NX_G_APPROX, 1},
             {"bp", NX_G_BP, 1},          {"neg", NX_G_NEG, 3},       {"from", NX_G_FROM, 1},
             {"name", NX_G_NAME, 1},      {"ticker", NX_G_TICKER, 1}, {"amount", NX_G_AMOUNT, 2},
             {"change", NX_G_CHANGE, 2},  {"stake", NX_G_STAKE, 2},   {"trigger", NX_G_TRIGGER, 2},
             {"up", NX_G_UP, 2},          {"down", NX_G_DOWN, 2},     {"period", NX_G_PERIOD, 2},
             {NULL, NX_G_IGNORE, 0}};
    int ev = r->stage == NX_STAGE_EVENTS || r->stage == NX_STAGE_MODIFIERS;
    for (int i = 0; T[i].n; i++)
        if (strcmp(T[i].n, name) == 0) {
            if (!(T[i].stages & (ev ? 2 : 1))) {
                snprintf(why, whylen, "group '%s' has no meaning in stage %s", name,
                         nx_stage_names[r->stage]);
                return -1;
            }
            g->field = T[i].f;
            return 0;
        }
    if (ev && n > 7 && memcmp(name, "status_", 7) == 0) {
        int s = nx_name_index(nx_status_names, NX_NSTATUS, name + 7, n - 7);
        if (s < 0) {
            snprintf(why, whylen, "unknown status in group '%s'", name);
            return -1;
        }
        g->field = NX_G_STATUS;
        g->arg = s;
        return 0;
    }
    if (ev && n > 9 && memcmp(name, "modality_", 9) == 0) {
        int s = nx_name_index(nx_modality_names, NX_NMOD, name + 9, n - 9);
        if (s < 0) {
            snprintf(why, whylen, "unknown modality in group '%s'", name);
            return -1;
        }
        g->field = NX_G_MODALITY;
        g->arg = s;
        return 0;
    }
    if (r->stage == NX_STAGE_EVENTS) {
        size_t base = n;
        while (base > 0 && isdigit((unsigned char)name[base - 1]))
            base--;
        int role = nx_name_index(nx_role_names, NX_NROLE, name, base);
        if (role >= 0 && (nx_type_roles[r->type] & (1u << role))) {
            g->field = NX_G_ROLE;
            g->arg = role;
            return 0;
        }
        char roles[200] = "";
        for (int i = 0; i < NX_NROLE; i++)
            if (nx_type_roles[r->type] & (1u << i)) {
                if (roles[0])
                    strncat(roles, ", ", sizeof roles - strlen(roles) - 1);
                strncat(roles, nx_role_names[i], sizeof roles - strlen(roles) - 1);
            }
        snprintf(why, whylen, "group '%s' is not a role of %s (roles: %s)", name,
                 nx_type_names[r->type], roles);
        return -1;
    }
    snprintf(why, whylen, "unknown group name '%s' (start it with '_' to ignore it)", name);
    return -1;
}

static int check_sets(nx_ruleset *rs, nx_rule *r, nx_error *err)
{
    r->set_status = NX_ST_NONE;
    r->set_modality = NX_MOD_NONE;
    r->set_approx = -1;
    r->set_subject = -1;
    for (int i = 0; i < r->nsets; i++) {
        const char *k = r->sets[i].key, *v = r->sets[i].val;
        size_t vl = strlen(v);
        if (strcmp(k, "status") == 0) {
            r->set_status = nx_name_index(nx_status_names, NX_NSTATUS, v, vl);
            if (r->set_status < 0)
                return diag(rs, err, NX_ERULES, "%s:%d:1: rule '%s': unknown status '%s'", r->file,
                            r->line, r->id, v);
        } else if (strcmp(k, "modality") == 0) {
            r->set_modality = nx_name_index(nx_modality_names, NX_NMOD, v, vl);
            if (r->set_modality < 0)
                return diag(rs, err, NX_ERULES, "%s:%d:1: rule '%s': unknown modality '%s'", r->file,
                            r->line, r->id, v);
        } else if (strcmp(k, "approx") == 0) {
            r->set_approx = strcmp(v, "true") == 0;
        } else if (strcmp(k, "bare") == 0) {
            r->set_bare = strcmp(v, "true") == 0;
        } else if (strcmp(k, "subject") == 0) {
            r->set_subject = nx_name_index(nx_role_names, NX_NROLE, v, vl);
            if (r->set_subject < 0 || r->type < 0 || !(nx_type_roles[r->type] & (1u << r->set_subject)))
                return diag(rs, err, NX_ERULES, "%s:%d:1: rule '%s': subject must be a role of the rule's type, got '%s'",
                            r->file, r->line, r->id, v);
        } else if (strcmp(k, "currency") == 0) {
            if (vl != 3)
                return diag(rs, err, NX_ERULES, "%s:%d:1: rule '%s': currency must be an ISO code, got '%s'",
                            r->file, r->line, r->id, v);
            memcpy(r->set_currency, v, 4);
        } else if (strcmp(k, "amount") == 0) {
            if (strcmp(v, "0") != 0 || r->stage != NX_STAGE_EVENTS)
                return diag(rs, err, NX_ERULES, "%s:%d:1: rule '%s': only an event rule may set amount, and only to 0, got '%s'",
                            r->file, r->line, r->id, v);
            r->set_zero = 1;
        } else if (strcmp(k, "cue") == 0) {
            if (strcmp(v, "after") != 0 || r->stage != NX_STAGE_MODIFIERS)
                return diag(rs, err, NX_ERULES, "%s:%d:1: rule '%s': only a modifier may set cue, and only to 'after', got '%s'",
                            r->file, r->line, r->id, v);
            r->set_cue_after = 1;
        } else if (strcmp(k, "factor") == 0) {
            nx_free(r->set_factor); /* a later factor= replaces an earlier one */
            r->set_factor = nx_strdup(v);
            if (!r->set_factor)
                return nx_error_nomem(err);
        } else {
            return diag(rs, err, NX_ERULES,
                        "%s:%d:1: rule '%s': unknown set key '%s' (status, modality, approx, currency, "
                        "factor, bare, subject, amount, cue)",
                        r->file, r->line, r->id, k);
        }
    }
    return 0;
}

/* The options a rule's pattern is compiled with (a condition's filter: those of the condition's
 * search, nx_ruleset_compile_pattern, so that ^ and $ mean the same in both). */
static uint32_t rule_opts(const nx_rule *r)
{
    uint32_t opts = PCRE2_UTF | PCRE2_EXTENDED | PCRE2_NO_UTF_CHECK;
    if (!r->cond)
        opts |= PCRE2_DUPNAMES | PCRE2_MULTILINE;
    return r->caseless ? opts | PCRE2_CASELESS : opts;
}

/* Are patterns to be JIT-compiled? Not with NEWSFX_NO_JIT=1, which matches every pattern with PCRE2's
 * interpreter: the JIT code reads up to 16 bytes past the subject on purpose (SIMD), which valgrind
 * reports (tests/scripts/valgrind_sample.sh sets it). Returns 1 or 0. */
static int jit_wanted(void)
{
    const char *nojit = getenv("NEWSFX_NO_JIT");
    return !nojit || strcmp(nojit, "1") != 0;
}

/* The text a rule's pattern is compiled from: its expanded pattern, behind the assertion of where it
 * starts for a rule with `starts` (so that it holds however the pattern is matched). *before (may be
 * NULL) gets the length of what stands before the rule's own pattern. Returns a new string (free
 * with nx_free), or NULL when out of memory. */
static char *match_text(const nx_rule *r, size_t *before)
{
    if (before)
        *before = 0;
    if (!nx_rule_starts(r))
        return nx_strdup(r->expanded);
    nx_buf b = NX_BUF_INIT;
    nx_buf_adds(&b, "(?:");
    if (r->starts == NX_STARTS_NUMBER)
        nx_buf_adds(&b, NX_NUMBER_START);
    for (int i = 0; i < r->nswords; i++) { /* \b[bB][eE]...: any ASCII case, nothing else */
        nx_buf_adds(&b, i || r->starts == NX_STARTS_NUMBER ? "|\\b(?=" : "\\b(?=");
        for (const char *c = r->swords[i]; *c; c++)
            nx_buf_printf(&b, "[%c%c]", *c, (char)toupper((unsigned char)*c));
        nx_buf_addc(&b, ')');
    }
    nx_buf_adds(&b, ")(?:");
    if (before)
        *before = b.len;
    nx_buf_printf(&b, "%s\n)", r->expanded); /* \n ends a # comment */
    return nx_buf_take(&b);
}

/* Does PCRE2 know where a match of code can start: a first code unit or a bitmap of first bytes
 * (which its search uses to skip)? 1 or 0. */
static int knows_start(const pcre2_code *code)
{
    uint32_t type = 0;
    const uint8_t *bits = NULL;
    pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &type);
    pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bits);
    return type != 0 || bits != NULL;
}

/* pcre2_compile of text[0..len) with opts, its lists of words read a first letter at a time
 * (nx_factor_words) when it has any, unless NEWSFX_NO_FACTOR=1 (to compare). The pattern as written
 * is compiled instead when the rewrite does not compile (*ec and *eo are then its error, at offsets
 * in text), and for a search (opts without PCRE2_ANCHORED) when PCRE2 knows where a match of the
 * pattern as written can start but not of the rewrite (its search would then try every position;
 * not seen with the shipped rules, kept as a guard). Returns the code or NULL (error in *ec,
 * *eo); free with pcre2_code_free. keep (may be NULL): where the rewrite of text is kept, for another
 * compile of the same text (the caller frees *keep), or where it is taken from when set. */
static pcre2_code *compile_factored(nx_ruleset *rs, const char *text, size_t len, uint32_t opts, int *ec,
                                    PCRE2_SIZE *eo, char **keep)
{
    const char *off = getenv("NEWSFX_NO_FACTOR");
    char *t = keep && *keep ? *keep : off && strcmp(off, "1") == 0 ? NULL : nx_factor_words(text, len, NULL);
    /* kept even when the same as text (the other compile then need not rewrite it again) */
    int changed = t && (strlen(t) != len || memcmp(t, text, len) != 0);
    pcre2_code *c = changed ? pcre2_compile((PCRE2_SPTR)t, PCRE2_ZERO_TERMINATED, opts, ec, eo, rs->cctx) : NULL;
    if (keep && t)
        *keep = t;
    else
        nx_free(t);
    if (c && ((opts & PCRE2_ANCHORED) || knows_start(c)))
        return c;
    pcre2_code *w = pcre2_compile((PCRE2_SPTR)text, len, opts, ec, eo, rs->cctx);
    if (c && w && knows_start(w)) {
        pcre2_code_free(c);
        return w;
    }
    if (c) {
        pcre2_code_free(w);
        return c;
    }
    return w;
}

/* r->anchored: the rule's pattern compiled PCRE2_ANCHORED (JIT too unless NEWSFX_NO_JIT=1), to be
 * tried at chosen positions only. Returns 0, or -1 when out of memory (the same pattern compiled
 * unanchored, so nothing else can fail). */
static int compile_anchored(nx_ruleset *rs, nx_rule *r)
{
    int ec;
    PCRE2_SIZE eo;
    char *text = match_text(r, NULL);
    if (!text)
        return -1;
    r->anchored = compile_factored(rs, text, strlen(text), rule_opts(r) | PCRE2_ANCHORED, &ec, &eo, &r->factored);
    nx_free(text);
    if (!r->anchored)
        return -1;
    if (jit_wanted()) {
        nx_alloc_hold(1);
        pcre2_jit_compile(r->anchored, PCRE2_JIT_COMPLETE);
        nx_alloc_hold(0);
    }
    return 0;
}

static int expand(expander *x, const char *text, size_t pos_base);

/* Does pattern (its macros expanded) hold a \K? Returns 1 when it does or may (when it cannot be
 * expanded), else 0. */
static int has_reset(nx_ruleset *rs, const char *pattern)
{
    expander x;
    memset(&x, 0, sizeof x);
    x.rs = rs;
    int bad = expand(&x, pattern, (size_t)-1) || x.out.oom || !x.out.p;
    int k = bad || strstr(x.out.p, "\\K") != NULL;
    nx_buf_free(&x.out);
    return k;
}

/* A rule with an `anchor`: the anchor compiled, and the pattern again compiled anchored. Returns 0,
 * or -1 with err set (the codes made are freed with the rule). */
static int compile_anchor(nx_ruleset *rs, nx_rule *r, nx_error *err)
{
    /* the anchor is tried at word starts only: \G anchors it where it is tried; compiled free too,
     * for the bytes it can start with */
    nx_error e1 = {0};
    pcre2_code *free_code = nx_ruleset_compile_pattern(rs, r->anchor_src, r->caseless, &e1);
    if (!free_code) {
        if (e1.code == NX_ENOMEM)
            return nx_error_nomem(err);
        return diag(rs, err, NX_ERULES, "%s:%d: cannot compile the anchor of '%s': %s", r->file, r->anchor_line,
                    r->id, e1.msg);
    }
    const uint8_t *bm = NULL;
    uint32_t ftype = 0, cu = 0;
    pcre2_pattern_info(free_code, PCRE2_INFO_FIRSTBITMAP, &bm);
    pcre2_pattern_info(free_code, PCRE2_INFO_FIRSTCODETYPE, &ftype);
    pcre2_pattern_info(free_code, PCRE2_INFO_FIRSTCODEUNIT, &cu);
    memset(r->anchor_first, 0xff, sizeof r->anchor_first);
    if (bm) {
        memcpy(r->anchor_first, bm, 32);
    } else if (ftype == 1 && cu < 128) {
        memset(r->anchor_first, 0, sizeof r->anchor_first);
        r->anchor_first[cu / 8] |= (unsigned char)(1u << (cu % 8));
        if (isalpha((int)cu)) {
            unsigned o = (unsigned)(isupper((int)cu) ? tolower((int)cu) : toupper((int)cu));
            r->anchor_first[o / 8] |= (unsigned char)(1u << (o % 8));
        }
    }
    if (has_reset(rs, r->anchor_src))
        pcre2_code_free(free_code);
    else
        r->anchor_free = free_code;
    nx_buf g = NX_BUF_INIT;
    nx_buf_printf(&g, "\\G(?:%s\n)", r->anchor_src);
    if (g.oom)
        return nx_error_nomem(err);
    r->anchor = nx_ruleset_compile_pattern(rs, g.p, r->caseless, &e1);
    nx_buf_free(&g);
    if (!r->anchor)
        return e1.code == NX_ENOMEM ? nx_error_nomem(err)
                                    : diag(rs, err, NX_ERULES, "%s:%d: cannot compile the anchor of '%s': %s", r->file,
                                           r->anchor_line, r->id, e1.msg);
    return compile_anchored(rs, r) ? nx_error_nomem(err) : 0;
}

/* A rule's `unless` or `requires` (key) pattern src of line `line`, compiled into *code (freed with
 * the rule). Returns 0, or -1 with err set. */
static int compile_second(nx_ruleset *rs, const nx_rule *r, const char *key, const char *src, int line,
                          pcre2_code **code, nx_error *err)
{
    nx_error e1 = {0};
    *code = nx_ruleset_compile_pattern(rs, src, r->caseless, &e1);
    if (*code)
        return 0;
    return e1.code == NX_ENOMEM ? nx_error_nomem(err)
                                : diag(rs, err, NX_ERULES, "%s:%d: cannot compile the %s of '%s': %s", r->file, line,
                                       key, r->id, e1.msg);
}

/* The bytes a match of code can start with, into r->first (r->has_first set), when PCRE2 knows them. */
static void first_bytes(const pcre2_code *code, nx_rule *r)
{
    uint32_t ftype = 0;
    pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &ftype);
    const uint8_t *bm = NULL;
    pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bm);
    if (bm) {
        memcpy(r->first, bm, 32);
        r->has_first = 1;
    } else if (ftype == 1) {
        uint32_t cu = 0;
        pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODEUNIT, &cu);
        if (cu < 256) {
            memset(r->first, 0, 32);
            r->first[cu / 8] |= (unsigned char)(1u << (cu % 8));
            if (isalpha((int)cu)) { /* either case: caseless patterns report one */
                unsigned o = (unsigned)(isupper((int)cu) ? tolower((int)cu) : toupper((int)cu));
                r->first[o / 8] |= (unsigned char)(1u << (o % 8));
            }
            r->has_first = 1;
        }
    }
}

static int compile_rule(nx_ruleset *rs, nx_rule *r, nx_error *err)
{
    if (check_sets(rs, r, err))
        return -1;
    if (r->builtin)
        return 0;
    expander x;
    memset(&x, 0, sizeof x);
    x.rs = rs;
    size_t nm = rs->nmacros ? rs->nmacros : 1;
    x.need = nx_calloc(nm, 1);
    x.size = nx_malloc(nm * sizeof *x.size);
    x.named = nx_malloc(nm);
    if (!x.need || !x.size || !x.named) {
        nx_free(x.need);
        nx_free(x.size);
        nx_free(x.named);
        return nx_error_nomem(err);
    }
    for (size_t i = 0; i < nm; i++) {
        x.size[i] = -1;
        x.named[i] = -1;
    }
    int xrc = expand(&x, r->source, 0);
    if (!xrc)
        xrc = expand_defines(&x);
    nx_free(x.need);
    nx_free(x.size);
    nx_free(x.named);
    if (xrc) {
        int line, col;
        src_loc(r, x.bad_pos == (size_t)-1 ? 0 : x.bad_pos, &line, &col);
        if (x.bad_placeholder[0])
            diag(rs, err, NX_ERULES,
                 "%s:%d:%d: cannot compile '%s': unknown placeholder '%s' (@company, @companies, "
                 "@money, @percent, @ticker, @date, @mention)",
                 r->file, line, col, r->id, x.bad_placeholder);
        else if (x.cyclic)
            diag(rs, err, NX_ERULES, "%s:%d:%d: cannot compile '%s': cyclic macro '%.*s'", r->file,
                 line, col, r->id, (int)x.bad_len, x.bad_name);
        else
            diag(rs, err, NX_ERULES, "%s:%d:%d: cannot compile '%s': unknown macro '{%.*s}'", r->file,
                 line, col, r->id, (int)x.bad_len, x.bad_name);
        nx_buf_free(&x.out);
        return -1;
    }
    if (x.out.oom) {
        nx_buf_free(&x.out);
        return nx_error_nomem(err);
    }
    r->expanded = nx_buf_take(&x.out);
    if (!r->expanded)
        return nx_error_nomem(err);
    uint32_t opts = rule_opts(r);
    int ec;
    PCRE2_SIZE eo;
    size_t before;
    char *text = match_text(r, &before);
    if (!text)
        return nx_error_nomem(err);
    r->code = compile_factored(rs, text, strlen(text), opts, &ec, &eo, &r->factored);
    nx_free(text);
    if (before && eo >= before)
        eo -= before; /* the offset in the rule's own pattern */
    if (!r->code) {
        char msg[256];
        pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, sizeof msg);
        if (ec == PCRE2_ERROR_NOMEMORY || ec == PCRE2_ERROR_HEAP_FAILED)
            return nx_error_nomem(err);
        /* The offset is in the expanded pattern; when the pattern has no macros it is the source's. */
        int line, col;
        int direct = strcmp(r->expanded, r->source) == 0;
        src_loc(r, direct ? (size_t)eo : 0, &line, &col);
        return diag(rs, err, NX_ERULES, "%s:%d:%d: cannot compile '%s': %s%s", r->file, line, col,
                    r->id, msg, direct ? "" : " (in the pattern after macro expansion)");
    }
    int jrc = -1;
    if (jit_wanted()) {
        nx_alloc_hold(1); /* PCRE2's JIT compiler does not survive a failed allocation (base.h) */
        jrc = pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
        nx_alloc_hold(0);
    }
    if (jrc == 0)
        rs->jit = 1;
    if (r->anchor_src && compile_anchor(rs, r, err))
        return -1;
    if (nx_rule_starts(r) && !r->anchored && compile_anchored(rs, r))
        return nx_error_nomem(err); /* tried where it starts only (extract.c) */
    if (r->unless_src && compile_second(rs, r, "unless", r->unless_src, r->unless_line, &r->unless, err))
        return -1;
    if (r->requires_src && compile_second(rs, r, "requires", r->requires_src, r->requires_line, &r->requires, err))
        return -1;
    /* the bytes a match can start with: a cheap test before trying the rule at a position */
    first_bytes(r->code, r);
    /* and a lookahead it begins with, of a run of bytes, tested in C before it is tried at a place */
    nx_lead lead;
    if (nx_lead_run(r->expanded, strlen(r->expanded), r->caseless, &lead)) {
        if (!(r->lead = nx_malloc(sizeof lead)))
            return nx_error_nomem(err);
        *r->lead = lead;
    }
    uint32_t count = 0, esize = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
    if (count) {
        r->groups = nx_calloc(count, sizeof *r->groups);
        if (!r->groups)
            return nx_error_nomem(err);
    }
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *e = table + i * esize;
        nx_group *g = &r->groups[r->ngroups];
        g->num = (e[0] << 8) | e[1];
        g->name = nx_strdup((const char *)e + 2);
        if (!g->name)
            return nx_error_nomem(err);
        r->ngroups++;
        char why[400];
        if (map_group(r, g->name, g, why, sizeof why)) {
            int line, col;
            const char *at = strstr(r->source, g->name);
            src_loc(r, at ? (size_t)(at - r->source) : 0, &line, &col);
            return diag(rs, err, NX_ERULES, "%s:%d:%d: cannot compile '%s': %s", r->file, line, col,
                        r->id, why);
        }
    }
    int lo = 0, hi = 0;
    for (int i = 0; i < r->ngroups; i++) {
        lo |= r->groups[i].field == NX_G_LO;
        hi |= r->groups[i].field == NX_G_HI;
        r->gfields |= (uint32_t)1 << r->groups[i].field;
    }
    r->has_range = lo && hi;
    return 0;
}

/* A pattern with the rule set's macros expanded. Returns a new string (free with nx_free), or NULL
 * when it cannot be expanded or out of memory. */
static char *expand_text(nx_ruleset *rs, const char *pattern)
{
    expander x;
    memset(&x, 0, sizeof x);
    x.rs = rs;
    if (expand(&x, pattern, (size_t)-1) || x.out.oom) {
        nx_buf_free(&x.out);
        return NULL;
    }
    return nx_buf_take(&x.out);
}

pcre2_code *nx_ruleset_compile_pattern(nx_ruleset *rs, const char *pattern, int caseless, nx_error *err)
{
    expander x;
    memset(&x, 0, sizeof x);
    x.rs = rs;
    if (expand(&x, pattern, (size_t)-1)) {
        nx_buf_free(&x.out);
        nx_error_set(err, NX_ERULES, "cannot expand '%s'", pattern);
        return NULL;
    }
    if (x.out.oom) {
        nx_buf_free(&x.out);
        nx_error_nomem(err);
        return NULL;
    }
    size_t k = 0;
    while (k < x.out.len && isspace((unsigned char)x.out.p[k]))
        k++;
    if (k == x.out.len) { /* "unless" or "requires" with nothing after it: a slip, not "everywhere" */
        nx_buf_free(&x.out);
        nx_error_set(err, NX_ERULES, "an empty pattern");
        return NULL;
    }
    int ec;
    PCRE2_SIZE eo;
    uint32_t opts = PCRE2_UTF | PCRE2_EXTENDED | PCRE2_NO_UTF_CHECK | (caseless ? PCRE2_CASELESS : 0);
    pcre2_code *c = compile_factored(rs, x.out.p, x.out.len, opts, &ec, &eo, NULL);
    nx_buf_free(&x.out);
    if (!c) {
        char msg[200];
        pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, sizeof msg);
        nx_error_set(err, ec == PCRE2_ERROR_NOMEMORY ? NX_ENOMEM : NX_ERULES, "cannot compile '%s': %s", pattern, msg);
        return NULL;
    }
    if (jit_wanted()) {
        nx_alloc_hold(1); /* see base.h: PCRE2's JIT compiler and a failed allocation */
        pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
        nx_alloc_hold(0);
    }
    return c;
}

static void bit_set(unsigned char *bits, unsigned k) { bits[k / 8] |= (unsigned char)(1u << (k % 8)); }

/* The literal filter of a rule whose matches all begin with one of some literals (nx_prefix_literals,
 * ASCII letters lowercased): the literals of one byte, of two, and the first three bytes of longer
 * ones, looked up with the text's ASCII letters lowered (for a case-sensitive rule that only lets
 * more positions through). A caseless pattern may match a character other than ASCII in another
 * case, so a literal is cut before such a character, and one that begins with it lets every such
 * character begin (U+212A and U+017F, which are caselessly 'k' and 's', leave the rule without a
 * filter). With all (the word scan's words, as build_words gathers them), the literals may also
 * become words of the scan (lit_words). Returns 1 with the filter made, 0 without one, -1 when out
 * of memory. */
static int lit_words(nx_rule *r, const nx_words *lw, char ***all, size_t *nall, size_t *cap);
static int add_pword(nx_rule *r, char ***all, size_t *nall, size_t *cap, const char *word);

static int lit_filter(nx_ruleset *rs, nx_rule *r, char ***all, size_t *nall, size_t *cap)
{
    nx_words lw;
    int b = 0;
    int k = nx_prefix_literals(r->expanded, strlen(r->expanded), &lw, &b);
    if (k <= 0)
        return k;
    int placeholders = 1;
    for (int i = 0; i < lw.n; i++) {
        if (strncmp(lw.w[i], "\xe2\x84\xaa", 3) == 0 || strncmp(lw.w[i], "\xc5\xbf", 2) == 0) {
            nx_words_free(&lw);
            return 0;
        }
        placeholders &= lw.w[i][0] == '\x01';
    }
    if (placeholders) { /* every match begins at a mention ("@company"): PCRE2 finds its first byte
                         * itself, and tries there more cheaply than a call a place would */
        nx_words_free(&lw);
        return 0;
    }
    r->litpair = nx_calloc(2 * 8192, 1);
    if (!r->litpair || (!r->anchored && compile_anchored(rs, r))) {
        nx_words_free(&lw);
        return -1;
    }
    for (int i = 0; i < lw.n; i++) {
        const unsigned char *w = (const unsigned char *)lw.w[i];
        size_t n = strlen(lw.w[i]);
        if (r->caseless)
            for (size_t x = 0; x < n; x++)
                if (w[x] >= 0x80) {
                    n = x;
                    break;
                }
        if (n == 0) {
            for (unsigned c = 0xC0; c < 0x100; c++)
                bit_set(r->litsingle, c);
        } else if (n == 1) {
            bit_set(r->litsingle, w[0]);
        } else if (n == 2) {
            bit_set(r->litpair, (unsigned)w[0] << 8 | w[1]);
        } else {
            bit_set(r->litpair + 8192, (unsigned)w[0] << 8 | w[1]);
            uint32_t t = (uint32_t)w[0] << 16 | (uint32_t)w[1] << 8 | w[2];
            size_t h = (t * 2654435761u) >> 24 & (NX_LIT3 - 1);
            while (r->lit3[h] && r->lit3[h] != (t | 1u << 24))
                h = (h + 1) & (NX_LIT3 - 1);
            if (!r->lit3[h] && ++r->nlit3 >= NX_LIT3 / 2) { /* too many to be a filter */
                nx_words_free(&lw);
                nx_free(r->litpair);
                r->litpair = NULL;
                return 0;
            }
            r->lit3[h] = t | 1u << 24;
        }
    }
    for (unsigned c = 0; c < 256; c++) {
        unsigned lc = c >= 'A' && c <= 'Z' ? c + 32 : c;
        int any = r->litsingle[lc / 8] >> (lc % 8) & 1;
        for (unsigned x = 0; x < 32 && !any; x++) /* a pair or a longer literal begins with lc */
            any = r->litpair[lc * 32 + x] || r->litpair[8192 + lc * 32 + x];
        int start = (c & 0xC0) != 0x80 && (!r->has_first || (r->first[c / 8] >> (c % 8) & 1));
        r->litfirst[c] = (unsigned char)(any && start);
    }
    r->literal = 1;
    r->pword_start = b;
    /* the bytes of no word that begin literals: ASCII ones (up to four), any from 0x80; and the one
     * byte, when litfirst holds only one and it begins no word (memchr finds it) */
    r->nlitnw = r->lithigh = 0;
    int nfirst = 0, words = 0, one = -1;
    for (unsigned c = 0; c < 256; c++) {
        if (!r->litfirst[c])
            continue;
        nfirst++;
        if (nx_word_byte[c]) {
            words = 1;
            continue;
        }
        one = (int)c;
        if (c >= 0x80)
            r->lithigh = 1;
        else if (r->nlitnw >= 0 && r->nlitnw < 4)
            r->litnw[r->nlitnw++] = (unsigned char)c;
        else
            r->nlitnw = -1;
    }
    r->litone = nfirst == 1 && !words ? one : -1;
    /* a rule of the first stage (whose text is the one the word scan reads) or an event rule: its
     * literals that begin with a letter become words of the scan, and it is tried where their hits
     * are (not a rule with `starts` words, whose own words those are) */
    /* (and an anchor's literals when they all begin with a letter, tried where words begin) */
    int anchor_words = r->is_anchor && r->nlitnw == 0 && !r->lithigh && r->litone < 0;
    if (all && !r->npwords &&
        (anchor_words || r->stage == NX_STAGE_EVENTS || (r->stage == NX_STAGE_VALUES && r->pword_start)) &&
        r->nlitnw >= 0 && lit_words(r, &lw, all, nall, cap)) {
        nx_words_free(&lw);
        return -1;
    }
    nx_words_free(&lw);
    return 1;
}

/* r->pwords: the literals of lw that begin with a byte of a word, as words of the scan (interned
 * into all), when every such literal begins with an ASCII letter and holds only ASCII, and for an
 * event rule has three bytes or more (else none, and the rule reads every place where a word
 * begins). An event rule's sentences hold placeholders: where a word begins there may differ from
 * the text the scan read, so its words' hits are kept wherever they are (word_anyplace), the bytes
 * themselves then checked in the sentence. Returns 0 or -1 (out of memory). */
static int lit_words(nx_rule *r, const nx_words *lw, char ***all, size_t *nall, size_t *cap)
{
    int n = 0;
    for (int i = 0; i < lw->n; i++) {
        const unsigned char *w = (const unsigned char *)lw->w[i];
        if (!nx_word_byte[w[0]])
            continue;
        if (!isalpha(w[0]) || (r->stage == NX_STAGE_EVENTS && strlen(lw->w[i]) < 3))
            return 0;
        for (const unsigned char *q = w; *q; q++)
            if (*q >= 0x80 || *q < ' ')
                return 0;
        n++;
    }
    if (!n)
        return 0;
    r->pwords = nx_malloc((size_t)n * sizeof *r->pwords);
    if (!r->pwords)
        return -1;
    for (int i = 0; i < lw->n; i++) {
        if (!nx_word_byte[(unsigned char)lw->w[i][0]])
            continue;
        if (add_pword(r, all, nall, cap, lw->w[i]))
            return -1;
    }
    r->litwords = 1;
    return 0;
}

/* Number the literal rules whose filters are the same (money.sym and money.range_sym): the extractor
 * then finds their positions once per subject. */
static void lit_groups(nx_ruleset *rs)
{
    rs->nlitgroups = 0;
    for (size_t i = 0; i < rs->n; i++)
        rs->rules[i].litgroup = -1;
    for (size_t i = 0; i < rs->n; i++) {
        nx_rule *a = &rs->rules[i];
        if (!a->literal || a->litgroup >= 0)
            continue;
        for (size_t j = i + 1; j < rs->n; j++) {
            nx_rule *b = &rs->rules[j];
            if (!b->literal || b->litgroup >= 0 || a->pword_start != b->pword_start ||
                memcmp(a->litfirst, b->litfirst, sizeof a->litfirst) ||
                memcmp(a->litsingle, b->litsingle, sizeof a->litsingle) ||
                memcmp(a->litpair, b->litpair, 2 * 8192) || memcmp(a->lit3, b->lit3, sizeof a->lit3))
                continue;
            if (a->litgroup < 0)
                a->litgroup = rs->nlitgroups++;
            b->litgroup = a->litgroup;
        }
    }
}

/* The index of word in all[0..*nall), added (a copy) when it is not there yet. Returns the index,
 * or -1 when out of memory (all unchanged). */
static long intern_word(char ***all, size_t *nall, size_t *cap, const char *word)
{
    size_t j = 0;
    while (j < *nall && strcmp((*all)[j], word) != 0)
        j++;
    if (j == *nall) {
        if (nx_grow((void **)all, cap, *nall + 1, sizeof **all) || !((*all)[*nall] = nx_strdup(word)))
            return -1;
        (*nall)++;
    }
    return (long)j;
}

/* The literal filter of a rule's anchor (lit_filter on the anchor's pattern, with the bytes an
 * anchor match can start with): r->anchor_lit, when every anchor match begins with one of some
 * literals, which may become words of the scan (all, as lit_filter). Returns 1 with it made, 0
 * without one, -1 when out of memory. */
static int anchor_filter(nx_ruleset *rs, nx_rule *r, char ***all, size_t *nall, size_t *cap)
{
    nx_rule *al = nx_calloc(1, sizeof *al);
    if (!al)
        return -1;
    al->expanded = expand_text(rs, r->anchor_src);
    if (!al->expanded) {
        nx_free(al);
        return -1;
    }
    al->caseless = r->caseless;
    al->has_first = 1;
    memcpy(al->first, r->anchor_first, sizeof al->first);
    al->anchored = r->anchor; /* borrowed: lit_filter then compiles nothing */
    al->is_anchor = 1;
    int k = lit_filter(rs, al, all, nall, cap);
    al->anchored = NULL;
    if (k <= 0) {
        rule_clear(al);
        nx_free(al);
        return k;
    }
    r->anchor_lit = al;
    pcre2_code_free(r->anchor_free); /* found through its literals, never searched for */
    r->anchor_free = NULL;
    return 1;
}

/* The required words (nx_required_words) of an expanded pattern, interned into all: *ids (a new
 * array, freed with the rule) and *n; left NULL and 0 when no set is known. Returns 0, or -1 when out
 * of memory. */
static int required_ids(const char *pattern, int **ids, int *n, char ***all, size_t *nall, size_t *cap)
{
    nx_words ws;
    int k = nx_required_words(pattern, strlen(pattern), &ws);
    if (k <= 0)
        return k;
    *ids = nx_malloc((size_t)ws.n * sizeof **ids);
    int rc = *ids ? 0 : -1;
    for (int w = 0; w < ws.n && !rc; w++) {
        long j = intern_word(all, nall, cap, ws.w[w]);
        if (j < 0)
            rc = -1;
        else
            (*ids)[(*n)++] = (int)j;
    }
    nx_words_free(&ws);
    return rc;
}

/* The required words of a condition's pattern src (an unless or requires), interned into all.
 * Returns 0 (cw filled, or left empty when no set is known), -1 when out of memory. */
static int cond_words(nx_ruleset *rs, const char *src, struct nx_condwords *cw, char ***all, size_t *nall,
                      size_t *cap)
{
    char *x = expand_text(rs, src);
    if (!x)
        return -1;
    int rc = required_ids(x, &cw->words, &cw->n, all, nall, cap);
    nx_free(x);
    return rc;
}

/* words[0..n) (indices into the rule set's words) as bits: *mask (stride 64-bit words, NULL when n
 * is 0) and the range [*lo, *hi) of its nonzero words. Returns 0 or -1 (out of memory). */
static int word_mask(const int *words, int n, size_t stride, uint64_t **mask, size_t *lo, size_t *hi)
{
    *mask = NULL;
    *lo = *hi = 0;
    if (!n)
        return 0;
    *mask = nx_calloc(stride ? stride : 1, sizeof **mask);
    if (!*mask)
        return -1;
    for (int w = 0; w < n; w++)
        (*mask)[words[w] / 64] |= (uint64_t)1 << (words[w] % 64);
    *lo = stride;
    for (size_t k = 0; k < stride; k++)
        if ((*mask)[k]) {
            if (*lo == stride)
                *lo = k;
            *hi = k + 1;
        }
    return 0;
}

/* r->pshort sorted, and its groups of the same first letter (r->pgroups), each looked for once.
 * Returns 0 or -1 (out of memory). */
static int short_groups(nx_rule *r)
{
    if (!r->npshort)
        return 0;
    qsort(r->pshort, (size_t)r->npshort, sizeof *r->pshort, cmp_str);
    r->pgroups = nx_calloc((size_t)r->npshort, sizeof *r->pgroups);
    if (!r->pgroups)
        return -1;
    for (int i = 0; i < r->npshort; i++) {
        const char *w = r->pshort[i];
        struct nx_pgroup *g = &r->pgroups[r->npgroups - 1];
        size_t l = strlen(w);
        if (!r->npgroups || g->lo != w[0]) {
            g = &r->pgroups[r->npgroups++];
            g->from = i;
            g->lo = w[0];
            g->minl = l;
            g->nseconds = 0;
        }
        /* what stands second, for the search to test before the words: the first word of the group
         * sets it, a later one adds to it, unless one of them allows anything there */
        int any = g->from < i && g->nseconds == 0;
        if (!any && ((w[1] >= 'a' && w[1] <= 'z') || w[1] == ' ')) {
            int k = 0;
            while (k < g->nseconds && g->seconds[k] != w[1])
                k++;
            if (k == g->nseconds && k < (int)sizeof g->seconds)
                g->seconds[g->nseconds++] = w[1];
            else if (k == g->nseconds)
                g->nseconds = 0; /* too many: anything */
        } else {
            g->nseconds = 0;
        }
        g->to = i + 1;
        g->minl = l < g->minl ? l : g->minl;
    }
    return 0;
}

/* word (interned into all) added to r->pwords, which has room, unless it is there. Returns 0 or -1
 * (out of memory). */
static int add_pword(nx_rule *r, char ***all, size_t *nall, size_t *cap, const char *word)
{
    long j = intern_word(all, nall, cap, word);
    if (j < 0)
        return -1;
    int k = 0;
    while (k < r->npwords && r->pwords[k] != (int)j)
        k++;
    if (k == r->npwords)
        r->pwords[r->npwords++] = (int)j;
    return 0;
}

/* Rule r tried only where one of the words pw begins: r->pwords (interned into all: those of three
 * letters or more, for the word scan), r->pshort (the shorter ones and those with white space,
 * looked for apart), r->prefixed,
 * and r->anchored compiled when it is not yet. Returns 0 or -1 (out of memory). */
static int prefix_filter(nx_ruleset *rs, nx_rule *r, const nx_words *pw, char ***all, size_t *nall, size_t *cap)
{
    r->pwords = nx_malloc((size_t)pw->n * sizeof *r->pwords);
    r->pshort = nx_calloc((size_t)pw->n, sizeof *r->pshort);
    if (!r->pwords || !r->pshort || (!r->anchored && compile_anchored(rs, r)))
        return -1;
    r->prefixed = 1;
    for (int w = 0; w < pw->n; w++) {
        /* a word with white space: looked for apart when its first part is short ("a billion":
         * not at every "a"); else its first part only, by the scan ("merger of": "merger"), which
         * takes a space for exactly one byte and finds a word of three letters more cheaply */
        const char *sp = strchr(pw->w[w], ' ');
        size_t first = sp ? (size_t)(sp - pw->w[w]) : strlen(pw->w[w]);
        if (first < 3) {
            if (!(r->pshort[r->npshort++] = nx_strdup(pw->w[w])))
                return -1;
            continue;
        }
        char part[256];
        snprintf(part, sizeof part, "%.*s", (int)first, pw->w[w]);
        if (add_pword(r, all, nall, cap, part))
            return -1;
    }
    return short_groups(r);
}

/* The prefix-word filter of a condition of rule r (`unless` or `requires`: its pattern src, compiled
 * as code): *out, a rule holding only the condition's anchored form, the bytes it can start with and
 * its prefix words (prefix_filter), when every match of it begins with one of some words (then it
 * matches a sentence exactly when it matches where one of them begins); NULL otherwise. Owned by r
 * (rule_clear). Returns 0 or -1 (out of memory). */
static int cond_prefix(nx_ruleset *rs, const nx_rule *r, const char *src, const pcre2_code *code, nx_rule **out,
                       char ***all, size_t *nall, size_t *cap)
{
    *out = NULL;
    nx_rule *c = nx_calloc(1, sizeof *c);
    if (!c)
        return -1;
    c->caseless = r->caseless;
    c->cond = 1;
    c->expanded = expand_text(rs, src);
    nx_words pw = {{0}, 0};
    int pk = c->expanded ? nx_prefix_words(c->expanded, strlen(c->expanded), &pw, &c->pword_start) : -1;
    if (pk > 0) {
        first_bytes(code, c);
        if (prefix_filter(rs, c, &pw, all, nall, cap))
            pk = -1;
    }
    nx_words_free(&pw);
    if (pk <= 0) {
        rule_clear(c);
        nx_free(c);
        return pk;
    }
    *out = c;
    return 0;
}

/* The lead filter of a condition of rule r that cond_prefix left without prefix words (`unless` or
 * `requires`: its pattern src): *out, a rule holding only the condition's anchored form and the
 * lookahead of a run its pattern begins with (nx_lead_run: (?= C1 C2*+ C3 ...), no words), when it
 * has one; a match can then begin only at a byte of C1 where the run holds, and the condition matches
 * a sentence exactly when it matches at one of those. NULL otherwise. Owned by r (rule_clear).
 * Returns 0 or -1 (out of memory). */
static int cond_lead(nx_ruleset *rs, const nx_rule *r, const char *src, nx_rule **out)
{
    *out = NULL;
    nx_lead lead;
    nx_rule *c = nx_calloc(1, sizeof *c);
    if (!c)
        return -1;
    c->caseless = r->caseless;
    c->cond = 1;
    c->expanded = expand_text(rs, src);
    if (!c->expanded || !nx_lead_run(c->expanded, strlen(c->expanded), c->caseless, &lead) || !lead.run ||
        lead.nwords) {
        int oom = !c->expanded;
        rule_clear(c);
        nx_free(c);
        return oom ? -1 : 0;
    }
    /* anchored, with the options the condition is searched with (nx_ruleset_compile_pattern) */
    int ec;
    PCRE2_SIZE eo;
    uint32_t opts = rule_opts(c);
    c->lead = nx_malloc(sizeof lead);
    c->anchored = c->lead ? compile_factored(rs, c->expanded, strlen(c->expanded), opts | PCRE2_ANCHORED, &ec, &eo, NULL)
                          : NULL;
    if (!c->anchored) { /* (it compiled unanchored: out of memory) */
        rule_clear(c);
        nx_free(c);
        return -1;
    }
    if (jit_wanted()) {
        nx_alloc_hold(1);
        pcre2_jit_compile(c->anchored, PCRE2_JIT_COMPLETE);
        nx_alloc_hold(0);
    }
    *c->lead = lead;
    /* C1 as up to four ranges of bytes */
    for (int b = 0; b < 256;) {
        if (!lead.sets[b]) {
            b++;
            continue;
        }
        int e = b;
        while (e + 1 < 256 && lead.sets[e + 1])
            e++;
        if (c->nc1 < 4) {
            c->c1lo[c->nc1] = (unsigned char)b;
            c->c1span[c->nc1] = (unsigned char)(e - b);
        }
        c->nc1++;
        b = e + 1;
    }
    if (c->nc1 > 4)
        c->nc1 = 0;
    *out = c;
    return 0;
}

/* rs->wuser_off and rs->wusers: for each word, the rules and conditions (by puser) that have it
 * among their prefix words, each once. Returns 0 or -1 (out of memory). */
static int word_users(nx_ruleset *rs)
{
    rs->wuser_off = nx_calloc(rs->nwords + 1, sizeof *rs->wuser_off);
    if (!rs->wuser_off)
        return -1;
    for (int pass = 0; pass < 2; pass++) {
        int *fill = pass ? nx_malloc((rs->nwords + 1) * sizeof *fill) : NULL;
        if (pass) {
            for (size_t k = 0; k < rs->nwords; k++) /* counts to offsets */
                rs->wuser_off[k + 1] += rs->wuser_off[k];
            rs->wusers = nx_malloc(((size_t)rs->wuser_off[rs->nwords] + 1) * sizeof *rs->wusers);
            if (!fill || !rs->wusers) {
                nx_free(fill);
                return -1;
            }
            memcpy(fill, rs->wuser_off, (rs->nwords + 1) * sizeof *fill);
        }
        unsigned char *done = nx_calloc((size_t)rs->npusers + 1, 1); /* a shared puser counted once */
        if (!done) {
            nx_free(fill);
            return -1;
        }
        for (size_t i = 0; i < rs->n; i++) {
            nx_rule *pre[4] = {&rs->rules[i], rs->rules[i].unless_pre, rs->rules[i].requires_pre,
                               rs->rules[i].anchor_lit};
            for (int j = 0; j < 4; j++) {
                if (!pre[j] || !pre[j]->pwordmask || done[pre[j]->puser])
                    continue;
                done[pre[j]->puser] = 1;
                for (size_t k = 0; k < rs->nwords; k++) /* each word once, by the bits */
                    if (pre[j]->pwordmask[k / 64] >> (k % 64) & 1) {
                        if (pass)
                            rs->wusers[fill[k]++] = pre[j]->puser;
                        else
                            rs->wuser_off[k + 1]++;
                    }
            }
        }
        nx_free(done);
        nx_free(fill);
    }
    return 0;
}

/* The rules and conditions with a pwordmask before pre (rule i's k-th: itself, its unless, its
 * requires, its anchor's literals; as build_words numbers them), one of which has the same mask:
 * pre then shares its puser, so that the extractor lists their hits once (the deal rules' PAST
 * conditions, money.num_cur_words and percent.words). Returns the puser taken, or -1 (none). */
static int share_puser(nx_ruleset *rs, nx_rule *pre, size_t i, int k, size_t stride)
{
    for (size_t a = 0; a <= i; a++) {
        nx_rule *r = &rs->rules[a];
        nx_rule *cand[4] = {r, r->unless_pre, r->requires_pre, r->anchor_lit};
        for (int b = 0; b < 4 && (a < i || b < k); b++)
            if (cand[b] && cand[b]->pwordmask &&
                !memcmp(cand[b]->pwordmask, pre->pwordmask, stride * sizeof *pre->pwordmask))
                return pre->puser = cand[b]->puser;
    }
    return -1;
}

/* Do prefixed rules (or conditions) a and b find the same places (prefix_places in the extractor)?
 * The same prefix words of the scan (puser, shared by the same mask), the same short ones, the same
 * \b before them, the same bytes to begin with. Returns 1 or 0. */
static int same_prefix_places(const nx_rule *a, const nx_rule *b)
{
    if (!a->prefixed || !b->prefixed || !a->pwordmask != !b->pwordmask || (a->pwordmask && a->puser != b->puser) ||
        a->pword_start != b->pword_start || a->litwords != b->litwords || a->npshort != b->npshort ||
        a->has_first != b->has_first || (a->has_first && memcmp(a->first, b->first, sizeof a->first)))
        return 0;
    for (int j = 0; j < a->npshort; j++)
        if (strcmp(a->pshort[j], b->pshort[j]))
            return 0;
    return 1;
}

/* Is the k-th condition of rule i (1 its unless, 2 its requires) the same text as that of a rule
 * before it in the same stage and case? The extractor then evaluates it once per sentence for both (its
 * memo): the second finds no places of its own. Returns 1 or 0. */
static int cond_repeat(const nx_ruleset *rs, size_t i, int k)
{
    const nx_rule *r = &rs->rules[i];
    const char *t = k == 1 ? r->unless_src : k == 2 ? r->requires_src : NULL;
    for (size_t j = 0; t && j < i; j++) {
        const nx_rule *q = &rs->rules[j];
        const char *tq = k == 1 ? q->unless_src : q->requires_src;
        if (tq && q->stage == r->stage && q->caseless == r->caseless && !strcmp(tq, t))
            return 1;
    }
    return 0;
}

/* Number the prefixed rules and conditions that find the same places (same_prefix_places): the
 * extractor then finds them once per subject for all of a group. A group needs two members, a
 * condition the same as one before it (cond_repeat) not counted: keeping the places for none costs
 * a copy. */
static void prefix_groups(nx_ruleset *rs)
{
    rs->npfxgroups = 0;
    for (size_t i = 0; i < rs->n; i++) {
        nx_rule *r = &rs->rules[i];
        nx_rule *pre[3] = {r, r->unless_pre, r->requires_pre};
        for (int k = 0; k < 3; k++)
            if (pre[k])
                pre[k]->pfxgroup = -1;
    }
    for (size_t i = 0; i < rs->n; i++) {
        nx_rule *r = &rs->rules[i];
        nx_rule *pre[3] = {r, r->unless_pre, r->requires_pre};
        for (int k = 0; k < 3; k++) {
            if (!pre[k] || !pre[k]->prefixed)
                continue;
            for (size_t a = 0; a <= i && pre[k]->pfxgroup < 0; a++) {
                nx_rule *q = &rs->rules[a];
                nx_rule *cand[3] = {q, q->unless_pre, q->requires_pre};
                for (int b = 0; b < 3 && (a < i || b < k); b++)
                    if (cand[b] && cand[b]->pfxgroup >= 0 && same_prefix_places(cand[b], pre[k])) {
                        pre[k]->pfxgroup = cand[b]->pfxgroup;
                        break;
                    }
            }
            if (pre[k]->pfxgroup < 0)
                pre[k]->pfxgroup = rs->npfxgroups++;
        }
    }
    /* a group of one keeps nothing for another: -1, the others renumbered */
    int *size = nx_calloc((size_t)rs->npfxgroups + 1, sizeof *size);
    int *num = size ? nx_calloc((size_t)rs->npfxgroups + 1, sizeof *num) : NULL;
    int ng = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rs->n; i++) {
            nx_rule *r = &rs->rules[i];
            nx_rule *pre[3] = {r, r->unless_pre, r->requires_pre};
            for (int k = 0; k < 3; k++) {
                if (!pre[k] || pre[k]->pfxgroup < 0)
                    continue;
                if (!num) /* out of memory: no groups (each finds its own) */
                    pre[k]->pfxgroup = -1;
                else if (!pass)
                    size[pre[k]->pfxgroup] += !cond_repeat(rs, i, k);
                else if (size[pre[k]->pfxgroup] < 2)
                    pre[k]->pfxgroup = -1;
                else { /* num[g]: the new number plus one, 0 until the group's first rule */
                    int g = pre[k]->pfxgroup;
                    if (!num[g])
                        num[g] = ++ng;
                    pre[k]->pfxgroup = num[g] - 1;
                }
            }
        }
    rs->npfxgroups = num ? ng : 0;
    nx_free(size);
    nx_free(num);
}

/* The word prefilter: every rule's required words, then one pattern that finds them all. A word with
 * another word as its prefix is replaced by that word (at one position only one alternative of the
 * scan can match, so no word may hide another). */
static int build_words(nx_ruleset *rs, nx_error *err)
{
    char **all = NULL;
    size_t nall = 0, cap = 0;
    int rc = 0;
    for (size_t i = 0; i < rs->n && !rc; i++) {
        nx_rule *r = &rs->rules[i];
        if (!r->code || !r->expanded)
            continue;
        /* the words every match begins with: the rule is tried only where one of them begins */
        /* (a rule with `starts` words is tried where they begin: its author's words, not these) */
        nx_words pw = {{0}, 0};
        int pk = r->nswords ? 0 : nx_prefix_words(r->expanded, strlen(r->expanded), &pw, &r->pword_start);
        if (pk < 0) {
            rc = nx_error_nomem(err);
            break;
        }
        if (r->nswords) { /* `starts` words: found by the word scan, where they begin kept */
            r->pwords = nx_malloc((size_t)r->nswords * sizeof *r->pwords);
            if (!r->pwords) {
                nx_words_free(&pw);
                rc = nx_error_nomem(err);
                break;
            }
            for (int w = 0; w < r->nswords && !rc; w++) {
                long j = intern_word(&all, &nall, &cap, r->swords[w]);
                if (j < 0)
                    rc = nx_error_nomem(err);
                else
                    r->pwords[r->npwords++] = (int)j;
            }
        }
        if (pk && !r->anchor_src && prefix_filter(rs, r, &pw, &all, &nall, &cap))
            rc = nx_error_nomem(err);
        nx_words_free(&pw);
        if (rc)
            break;
        if (!r->prefixed && !r->anchor_src && lit_filter(rs, r, &all, &nall, &cap) < 0) {
            rc = nx_error_nomem(err);
            break;
        }
        if (r->anchor_src && r->anchor && anchor_filter(rs, r, &all, &nall, &cap) < 0) {
            rc = nx_error_nomem(err);
            break;
        }
        if ((r->unless_src && cond_words(rs, r->unless_src, &r->unless_words, &all, &nall, &cap)) ||
            (r->requires_src && cond_words(rs, r->requires_src, &r->requires_words, &all, &nall, &cap)) ||
            (r->unless && cond_prefix(rs, r, r->unless_src, r->unless, &r->unless_pre, &all, &nall, &cap)) ||
            (r->requires && cond_prefix(rs, r, r->requires_src, r->requires, &r->requires_pre, &all, &nall, &cap)) ||
            (r->unless && !r->unless_pre && cond_lead(rs, r, r->unless_src, &r->unless_run)) ||
            (r->requires && !r->requires_pre && cond_lead(rs, r, r->requires_src, &r->requires_run))) {
            rc = nx_error_nomem(err);
            break;
        }
        if (required_ids(r->expanded, &r->words, &r->nwords, &all, &nall, &cap)) {
            rc = nx_error_nomem(err);
            break;
        }
    }
    if (!rc)
        lit_groups(rs);
    if (rc || !nall) {
        if (!rc)
            prefix_groups(rs); /* (prefixed by short words alone) */
        for (size_t j = 0; j < nall; j++)
            nx_free(all[j]);
        nx_free(all);
        return rc;
    }
    /* every word as it is: the word scan (Aho-Corasick) reports each word wherever it ends, a word
     * inside or at the start of another too ("to" and "took"), so none stands for another (an earlier
     * scan took only one word per position and mapped each word to the shortest word beginning it:
     * "took" was looked for as "to", and a rule needing it ran in nearly every sentence) */
    rs->words = all; /* owned by the rule set from here */
    rs->nwords = nall;
    rs->wordscan = nx_ac_new(rs->words, rs->nwords);
    rs->wordlen = nx_malloc(rs->nwords * sizeof *rs->wordlen);
    rs->word_prefix = nx_calloc(rs->nwords, 1);
    rs->word_anyplace = nx_calloc(rs->nwords, 1);
    rs->word_req = nx_calloc(rs->nwords, 1);
    if (!rs->wordscan || !rs->wordlen || !rs->word_prefix || !rs->word_anyplace || !rs->word_req)
        return nx_error_nomem(err);
    for (size_t j = 0; j < rs->nwords; j++)
        rs->wordlen[j] = strlen(rs->words[j]);
    /* each rule's words as a bit set: one AND per 64 words tells whether a sentence holds one */
    size_t stride = (rs->nwords + 63) / 64;
    for (size_t i = 0; i < rs->n; i++) {
        nx_rule *r = &rs->rules[i];
        /* the rule's prefix words, and its conditions': the word scan keeps where they begin */
        nx_rule *pre[4] = {r, r->unless_pre, r->requires_pre, r->anchor_lit};
        for (int k = 0; k < 4; k++) {
            size_t lo, hi;
            if (!pre[k])
                continue;
            if (word_mask(pre[k]->pwords, pre[k]->npwords, stride, &pre[k]->pwordmask, &lo, &hi))
                return nx_error_nomem(err);
            if (pre[k]->pwordmask && share_puser(rs, pre[k], i, k, stride) < 0)
                pre[k]->puser = rs->npusers++;
            for (int w = 0; w < pre[k]->npwords; w++) {
                rs->word_prefix[pre[k]->pwords[w]] = 1;
                /* a prefix or `starts` word, or an event rule's literal: its hits kept wherever they are */
                if (!pre[k]->litwords || pre[k]->stage != NX_STAGE_VALUES)
                    rs->word_anyplace[pre[k]->pwords[w]] = 1;
            }
        }
        struct nx_condwords *u = &r->unless_words, *q = &r->requires_words;
        for (int w = 0; w < r->nwords; w++)
            rs->word_req[r->words[w]] = 1;
        for (int w = 0; w < u->n; w++)
            rs->word_req[u->words[w]] = 1;
        for (int w = 0; w < q->n; w++)
            rs->word_req[q->words[w]] = 1;
        if (word_mask(r->words, r->nwords, stride, &r->wordmask, &r->wm_lo, &r->wm_hi) ||
            word_mask(u->words, u->n, stride, &u->mask, &u->lo, &u->hi) ||
            word_mask(q->words, q->n, stride, &q->mask, &q->lo, &q->hi))
            return nx_error_nomem(err);
    }
    prefix_groups(rs);
    return word_users(rs) ? nx_error_nomem(err) : 0;
}

int nx_ruleset_compile(nx_ruleset *rs, nx_error *err)
{
    int bad = 0;
    for (size_t i = 0; i < rs->n; i++) {
        nx_error e1 = {0};
        if (compile_rule(rs, &rs->rules[i], &e1)) {
            bad = 1;
            nx_error_set(err, e1.code, "%s", e1.msg);
            if (e1.code == NX_ENOMEM)
                return -1;
        }
    }
    if (rs->n == 0 && !bad && !rs->ndiag)
        return diag(rs, err, NX_ERULES, "no rules loaded");
    int oom = !bad && build_words(rs, err);
    for (size_t i = 0; i < rs->n; i++) { /* every anchored form is compiled by now */
        nx_free(rs->rules[i].factored);
        rs->rules[i].factored = NULL;
    }
    if (oom)
        return nx_error_nomem(err);
    return bad ? -1 : 0;
}
