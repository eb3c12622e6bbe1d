/* model.c: loading what extraction runs on: rules, gazetteer, currency table (see extract.h). */
#include "extract.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef NX_PREFIX
#define NX_PREFIX "/usr/local"
#endif

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *nx_find_shipped(const char *what)
{
    nx_buf b = NX_BUF_INIT;
    const char *home = getenv("NEWSFX_HOME");
    if (home && *home) {
        nx_buf_printf(&b, "%s/%s", home, what);
        if (!b.oom && is_dir(b.p))
            return nx_buf_take(&b);
        nx_buf_clear(&b);
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            nx_buf_printf(&b, "%s/%s", exe, what);
            if (!b.oom && is_dir(b.p))
                return nx_buf_take(&b);
            nx_buf_clear(&b);
            nx_buf_printf(&b, "%s/../share/newsfx/%s", exe, what);
            if (!b.oom && is_dir(b.p))
                return nx_buf_take(&b);
            nx_buf_clear(&b);
        }
    }
    nx_buf_printf(&b, "%s/share/newsfx/%s", NX_PREFIX, what);
    if (!b.oom && is_dir(b.p))
        return nx_buf_take(&b);
    int oom = b.oom; /* sticky across nx_buf_clear: any step above */
    nx_buf_free(&b);
    errno = oom ? ENOMEM : ENOENT;
    return NULL;
}

/* Regex-escape a currency form; spaces become \s+ (newswire line breaks). */
static void re_escape(nx_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ') {
            nx_buf_adds(b, "\\s+");
        } else if (strchr("\\^$.|?*+()[]{}#-", c)) {
            nx_buf_addc(b, '\\');
            nx_buf_addc(b, (char)c);
        } else {
            nx_buf_addc(b, (char)c);
        }
    }
}

static int cmp_form_len(const void *a, const void *b)
{
    const nx_currency *x = a, *y = b;
    size_t lx = strlen(x->form), ly = strlen(y->form);
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return strcmp(x->form, y->form);
}

/* The next line of text split in place at rest (its '\n', and a '\r' before it, made a NUL: CRLF
 * files read as LF ones), or NULL after the last; *rest moves past it. Unlike strtok_r, a blank line
 * is a line: error messages count it. */
static char *next_line(char **rest)
{
    char *line = *rest;
    if (!line)
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = 0;
    *rest = nl ? nl + 1 : NULL;
    size_t ll = nl ? (size_t)(nl - line) : strlen(line);
    if (ll && line[ll - 1] == '\r')
        line[ll - 1] = 0;
    return line;
}

/* data/currencies.tsv: form <TAB> code <TAB> factor <TAB> pre|post|both */
static int load_currencies(nx_model *m, const char *path, nx_error *err)
{
    size_t len;
    char *text = nx_read_file(path, &len, err);
    if (!text)
        return -1;
    long lineno = 0;
    int rc = 0;
    for (char *rest = text, *line; (line = next_line(&rest)) != NULL;) {
        lineno++;
        if (!*line || *line == '#')
            continue;
        char *col[4];
        int nc = 0;
        char *p = line;
        col[nc++] = p;
        while ((p = strchr(p, '\t')) && nc < 4) {
            *p++ = 0;
            col[nc++] = p;
        }
        if (nc != 4 || strlen(col[1]) > 3 || !*col[0]) {
            rc = nx_error_set(err, NX_EDATA, "%s:%ld: expected form<TAB>code<TAB>factor<TAB>pre|post|both",
                              path, lineno);
            break;
        }
        if (nx_grow((void **)&m->cur, &m->capcur, m->ncur + 1, sizeof *m->cur)) {
            rc = nx_error_nomem(err);
            break;
        }
        nx_currency *c = &m->cur[m->ncur];
        memset(c, 0, sizeof *c);
        /* lowercase, single spaces */
        nx_buf f = NX_BUF_INIT;
        for (const char *q = col[0]; *q; q++) {
            if (isspace((unsigned char)*q)) {
                if (f.len && f.p[f.len - 1] != ' ')
                    nx_buf_addc(&f, ' ');
            } else {
                nx_buf_addc(&f, (char)tolower((unsigned char)*q));
            }
        }
        c->form = nx_buf_take(&f);
        if (!c->form) {
            rc = nx_error_nomem(err);
            break;
        }
        memcpy(c->code, col[1], strlen(col[1]) + 1);
        c->factor = nx_dec_parse(col[2], strlen(col[2]));
        if (!c->factor.ok) {
            nx_free(c->form);
            rc = nx_error_set(err, NX_EDATA, "%s:%ld: bad factor '%s'", path, lineno, col[2]);
            break;
        }
        c->pre = strcmp(col[3], "pre") == 0 || strcmp(col[3], "both") == 0;
        c->post = strcmp(col[3], "post") == 0 || strcmp(col[3], "both") == 0;
        if (!c->pre && !c->post) {
            nx_free(c->form);
            rc = nx_error_set(err, NX_EDATA, "%s:%ld: position must be pre, post or both, got '%s'", path,
                              lineno, col[3]);
            break;
        }
        m->ncur++;
    }
    nx_free(text);
    if (rc)
        return rc;
    qsort(m->cur, m->ncur, sizeof *m->cur, cmp_form_len);
    if (nx_strindex_init(&m->curindex, m->ncur ? (const void *)&m->cur[0].form : NULL, sizeof *m->cur, m->ncur))
        return nx_error_nomem(err);
    return 0;
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* data/stopnames.txt: one name a line, '#' comments. Kept in lowercase (ASCII) and sorted, since
 * they are compared without case: one binary search answers. */
static int load_stopnames(nx_model *m, const char *path, nx_error *err)
{
    size_t len, cap = 0;
    char *text = nx_read_file(path, &len, err);
    if (!text)
        return -1;
    int rc = 0;
    for (char *rest = text, *line; (line = next_line(&rest)) != NULL;) {
        if (!*line || line[0] == '#')
            continue;
        if (nx_grow((void **)&m->stopnames, &cap, m->nstop + 1, sizeof *m->stopnames) ||
            !(m->stopnames[m->nstop] = nx_strdup(line))) {
            rc = nx_error_nomem(err);
            break;
        }
        for (char *p = m->stopnames[m->nstop]; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);
        m->nstop++;
    }
    nx_free(text);
    if (!rc && m->nstop)
        qsort(m->stopnames, m->nstop, sizeof *m->stopnames, cmp_cstr);
    if (!rc && nx_strindex_init(&m->stopindex, m->stopnames, sizeof *m->stopnames, m->nstop))
        rc = nx_error_nomem(err);
    return rc;
}

/* data/exchanges.tsv: ticker suffix <TAB> currency [<TAB> years: "-1999", "2000-", "1990-1999"] */
static int load_exchanges(nx_model *m, const char *path, nx_error *err)
{
    size_t len;
    char *text = nx_read_file(path, &len, err);
    if (!text)
        return -1;
    size_t cap1 = 0, cap2 = 0, cap3 = 0;
    long lineno = 0;
    int rc = 0;
    for (char *rest = text, *line; (line = next_line(&rest)) != NULL;) {
        lineno++;
        if (!*line || *line == '#')
            continue;
        char *tab = strchr(line, '\t');
        char *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
        if (!tab || (tab2 ? (size_t)(tab2 - tab - 1) : strlen(tab + 1)) != 3) {
            rc = nx_error_set(err, NX_EDATA, "%s:%ld: expected suffix<TAB>currency (a three-letter code)", path,
                              lineno);
            break;
        }
        int from = 0, to = 0;
        if (tab2) { /* years: "-1999", "2000-", "1990-1999" */
            char *p = tab2 + 1, *e;
            if (isdigit((unsigned char)*p)) {
                from = (int)strtol(p, &e, 10);
                p = e;
            }
            int ok = *p == '-' && (from || isdigit((unsigned char)p[1]));
            if (ok && isdigit((unsigned char)*++p)) {
                to = (int)strtol(p, &e, 10);
                p = e;
            }
            if (!ok || *p || (from && to && from > to)) {
                rc = nx_error_set(err, NX_EDATA, "%s:%ld: expected years as -YYYY, YYYY- or YYYY-YYYY (the first not after "
                                  "the last), not '%s'", path, lineno, tab2 + 1);
                break;
            }
        }
        *tab = 0;
        if (nx_grow((void **)&m->exch_suffix, &cap1, m->nexch + 1, sizeof *m->exch_suffix) ||
            nx_grow((void **)&m->exch_code, &cap2, m->nexch + 1, sizeof *m->exch_code) ||
            nx_grow((void **)&m->exch_years, &cap3, m->nexch + 1, sizeof *m->exch_years) ||
            !(m->exch_suffix[m->nexch] = nx_strdup(line))) {
            rc = nx_error_nomem(err);
            break;
        }
        memcpy(m->exch_code[m->nexch], tab + 1, 3);
        m->exch_code[m->nexch][3] = 0;
        m->exch_years[m->nexch][0] = from;
        m->exch_years[m->nexch][1] = to;
        m->nexch++;
    }
    nx_free(text);
    return rc;
}

/* The key a currency form is grouped by: its first byte without case (ASCII), 0x80 for any other
 * first byte (UTF-8, grouped together). */
static unsigned form_key(const char *f)
{
    unsigned char c0 = (unsigned char)f[0];
    return c0 >= 0x80 ? 0x80 : (unsigned)tolower(c0);
}

/* A character class holding the first characters of the groups keys[0..n). */
static void key_class(nx_buf *b, const unsigned *keys, size_t n)
{
    nx_buf_addc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (keys[i] == 0x80)
            nx_buf_adds(b, "\\x{80}-\\x{10ffff}");
        else if (isalpha((int)keys[i]))
            nx_buf_printf(b, "%c%c", (char)keys[i], (char)toupper((int)keys[i]));
        else
            nx_buf_printf(b, "\\x{%02x}", keys[i]);
    }
    nx_buf_addc(b, ']');
}

/* The forms of side k whose key is key, longest first: a letter's written "d(?:lrs|lr|...)" (the
 * letter once: PCRE2 tries each branch of an alternation in turn, even those that cannot begin at the
 * byte), any other "(?:...)". */
static void key_forms(const nx_model *m, int k, unsigned key, nx_buf *b)
{
    int factor = isalpha((int)key) ? 1 : 0;
    if (factor)
        nx_buf_addc(b, (char)key);
    nx_buf_adds(b, "(?:");
    int n = 0;
    for (size_t j = 0; j < m->ncur; j++) {
        if (!(k == 0 ? m->cur[j].pre : m->cur[j].post) || form_key(m->cur[j].form) != key)
            continue;
        if (n++)
            nx_buf_addc(b, '|');
        re_escape(b, m->cur[j].form + factor); /* forms are lowercase: the letter is key */
    }
    nx_buf_addc(b, ')');
}

/* The forms of side k (0: before the number, 1: after) as a plain alternation "f1|f2|...", in the
 * order of m->cur (longest first); nothing when there are none. */
static void plain_alternation(const nx_model *m, int k, nx_buf *b)
{
    int n = 0;
    for (size_t i = 0; i < m->ncur; i++)
        if (k == 0 ? m->cur[i].pre : m->cur[i].post) {
            if (n++)
                nx_buf_addc(b, '|');
            re_escape(b, m->cur[i].form);
        }
}

/* The groups keys[0..n) as a balanced tree of conditionals on the first character:
 * "(?(?=[a-l])LEFT|RIGHT)", so that a position is tested against about log2(n) classes and then the
 * few forms that begin with its character. */
static void key_tree(const nx_model *m, int k, const unsigned *keys, size_t n, nx_buf *b)
{
    if (n == 1) {
        key_forms(m, k, keys[0], b);
        return;
    }
    size_t h = n / 2;
    nx_buf_adds(b, "(?(?=");
    key_class(b, keys, h);
    nx_buf_addc(b, ')');
    key_tree(m, k, keys, h, b);
    nx_buf_addc(b, '|');
    key_tree(m, k, keys + h, n - h, b);
    nx_buf_addc(b, ')');
}

/* The alternation of the currency forms of one side (k 0: before the number, 1: after), in the
 * order of m->cur (longest first) within the forms of each first character, the characters in a
 * decision tree (key_tree): money rules try CURWORD after every number, and most often no form
 * matches. Two forms of different groups never match at the same position (ASCII first characters
 * are grouped without case, the others together), so the first form to match is the same as in the
 * plain alternation. A form beginning with U+017F or U+212A (which match s and k without case) keeps
 * the plain alternation. */
static void currency_alternation(const nx_model *m, int k, nx_buf *b)
{
    int plain = 0;
    unsigned char seen[257] = {0};
    unsigned keys[257];
    size_t nkeys = 0;
    for (size_t i = 0; i < m->ncur; i++) {
        const char *f = m->cur[i].form;
        if (!(k == 0 ? m->cur[i].pre : m->cur[i].post))
            continue;
        if (strncmp(f, "\xc5\xbf", 2) == 0 || strncmp(f, "\xe2\x84\xaa", 3) == 0)
            plain = 1;
        unsigned key = form_key(f);
        if (!seen[key]) {
            seen[key] = 1;
            keys[nkeys++] = key;
        }
    }
    if (plain) {
        plain_alternation(m, k, b);
        return;
    }
    if (!nkeys)
        return;
    /* keys in byte order: the classes of the tree's halves are then ranges of letters */
    for (size_t i = 1; i < nkeys; i++)
        for (size_t j = i; j > 0 && keys[j - 1] > keys[j]; j--) {
            unsigned t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
        }
    key_tree(m, k, keys, nkeys, b);
}

static int define_currency_macros(nx_model *m)
{
    nx_buf pre = NX_BUF_INIT, post = NX_BUF_INIT;
    plain_alternation(m, 0, &pre);
    currency_alternation(m, 1, &post);
    int rc = 0;
    if (pre.oom || post.oom)
        rc = -1;
    else {
        rc |= nx_ruleset_define(m->rules, "CURSYM", pre.p ? pre.p : "(?!)");
        rc |= nx_ruleset_define(m->rules, "CURWORD", post.p ? post.p : "(?!)");
        /* a year before the document's (undated: none): the callout (extract.c, year_callout)
         * compares the four digits it follows */
        char py[64];
        snprintf(py, sizeof py, "(?:1[89]|20)\\d\\d\\b(?C%d)", NX_PASTYEAR_CALLOUT);
        rc |= nx_ruleset_define(m->rules, "PASTYEAR", py);
    }
    nx_buf_free(&pre);
    nx_buf_free(&post);
    return rc ? -1 : 0;
}

static int add_paths(nx_model *m, const char *const *p, size_t n, nx_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (nx_ruleset_add_path(m->rules, p[i], err))
            rc = -1;
    return rc;
}

/* m->ev_word_off and ev_word_rules (extract.h) from the event rules' words: two passes, the counts
 * then the places, each word's rules in stage order. Returns 0 or -1 (out of memory). */
static int ev_word_index(nx_model *m)
{
    const nx_ruleset *rs = m->rules;
    if (!rs->nwords)
        return 0;
    m->ev_word_off = nx_calloc(rs->nwords + 1, sizeof *m->ev_word_off);
    if (!m->ev_word_off)
        return -1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < m->nstage[NX_STAGE_EVENTS]; k++) {
            const nx_rule *r = &rs->rules[m->stage_rules[NX_STAGE_EVENTS][k]];
            if (r->doc_window || !r->wordmask)
                continue;
            for (int j = 0; j < r->nwords; j++) {
                int wd = r->words[j];
                if (pass)
                    m->ev_word_rules[m->ev_word_off[wd]++] = (int)k;
                else
                    m->ev_word_off[wd + 1]++;
            }
        }
        if (pass) { /* each offset went on to the next word's: back one */
            for (size_t wd = rs->nwords; wd > 0; wd--)
                m->ev_word_off[wd] = m->ev_word_off[wd - 1];
            m->ev_word_off[0] = 0;
        } else {
            for (size_t wd = 0; wd < rs->nwords; wd++)
                m->ev_word_off[wd + 1] += m->ev_word_off[wd];
            m->ev_word_rules = nx_malloc(((size_t)m->ev_word_off[rs->nwords] + 1) * sizeof *m->ev_word_rules);
            if (!m->ev_word_rules)
                return -1;
        }
    }
    return 0;
}

static nx_model *load(const nx_model_opts *o, int lenient, int *rules_ok, nx_error *err)
{
    nx_model *m = nx_calloc(1, sizeof *m);
    if (!m) {
        nx_error_nomem(err);
        return NULL;
    }
    if (rules_ok)
        *rules_ok = 0;
    m->match_limit = o->match_limit ? o->match_limit : 2000000;
    m->depth_limit = o->depth_limit ? o->depth_limit : 5000;
    m->heap_limit_kb = o->heap_limit_kb ? o->heap_limit_kb : 20000;
    m->time_budget_ms = o->doc_time_budget_ms == 0 ? 2000 : o->doc_time_budget_ms;
    if (o->data_dir)
        m->data_dir = o->data_dir;
    else {
        m->data_dir = m->data_dir_own = nx_find_shipped("data");
        if (!m->data_dir && errno == ENOMEM) {
            nx_error_nomem(err);
            goto fail;
        }
        if (!m->data_dir) {
            nx_error_set(err, NX_EIO,
                         "cannot find the shipped data folder (set NEWSFX_HOME to the newsfx folder)");
            goto fail;
        }
    }
    nx_buf path = NX_BUF_INIT;
    nx_buf_printf(&path, "%s/currencies.tsv", m->data_dir);
    if (path.oom || load_currencies(m, path.p, err)) {
        if (path.oom)
            nx_error_nomem(err);
        nx_buf_free(&path);
        goto fail;
    }
    nx_buf_clear(&path);
    nx_buf_printf(&path, "%s/exchanges.tsv", m->data_dir);
    if (path.oom || load_exchanges(m, path.p, err)) {
        if (path.oom)
            nx_error_nomem(err);
        nx_buf_free(&path);
        goto fail;
    }
    nx_buf_clear(&path);
    nx_buf_printf(&path, "%s/stopnames.txt", m->data_dir);
    if (path.oom || load_stopnames(m, path.p, err)) {
        nx_buf_free(&path);
        goto fail;
    }
    m->gaz = nx_gaz_new();
    if (!m->gaz) {
        nx_buf_free(&path);
        nx_error_nomem(err);
        goto fail;
    }
    /* user gazetteers first: their entries win a shared name */
    for (size_t i = 0; i < o->ngazetteers; i++)
        if (nx_gaz_load(m->gaz, o->gazetteers[i], err)) {
            nx_buf_free(&path);
            goto fail;
        }
    static const char *const GAZ[] = {"companies_private.tsv", "gazetteer.tsv", NULL};
    for (int i = 0; GAZ[i]; i++) {
        nx_buf_clear(&path);
        nx_buf_printf(&path, "%s/%s", m->data_dir, GAZ[i]);
        if (path.oom || nx_gaz_load(m->gaz, path.p, err)) {
            if (path.oom)
                nx_error_nomem(err);
            nx_buf_free(&path);
            goto fail;
        }
    }
    nx_buf_free(&path);

    m->rules = nx_ruleset_new();
    if (!m->rules || define_currency_macros(m)) {
        nx_error_nomem(err);
        goto fail;
    }
    int bad = 0;
    if (o->nrule_paths) {
        bad |= add_paths(m, o->rule_paths, o->nrule_paths, err);
    } else {
        if (o->rules_dir)
            m->rules_dir = o->rules_dir;
        else
            m->rules_dir = m->rules_dir_own = nx_find_shipped("rules");
        if (!m->rules_dir && errno == ENOMEM) {
            nx_error_nomem(err);
            goto fail;
        }
        if (!m->rules_dir) {
            nx_error_set(err, NX_EIO,
                         "cannot find the shipped rules folder (set NEWSFX_HOME or give --rules PATH)");
            goto fail;
        }
        bad |= nx_ruleset_add_path(m->rules, m->rules_dir, err);
    }
    bad |= add_paths(m, o->add_rule_paths, o->nadd_rule_paths, err);
    if (err && err->set && err->code == NX_ENOMEM)
        goto fail;
    if (!bad)
        bad |= nx_ruleset_compile(m->rules, err);
    else {
        nx_error e2 = {0};
        nx_ruleset_compile(m->rules, &e2); /* collect the compile diagnostics too */
    }
    if (err && err->set && err->code == NX_ENOMEM)
        goto fail;
    if (bad && !lenient)
        goto fail;
    if (rules_ok)
        *rules_ok = !bad;
    for (int s = 0; s < NX_NSTAGE; s++) {
        m->stage_rules[s] = nx_calloc(m->rules->n + 1, sizeof(int));
        if (!m->stage_rules[s]) {
            nx_error_nomem(err);
            goto fail;
        }
    }
    /* hedge words, when the rules define them */
    for (size_t i = 0; i < m->rules->nmacros; i++) {
        if (strcmp(m->rules->macros[i].name, "HEDGE") == 0 && !m->hedge) {
            m->hedge = nx_ruleset_compile_pattern(m->rules, "(?:{HEDGE}) \\s+ \\z", 1, err);
            if (!m->hedge)
                goto fail;
        }
        if (strcmp(m->rules->macros[i].name, "NOTSTART") == 0 && !m->notstart) {
            m->notstart = nx_ruleset_compile_pattern(m->rules, "\\A (?:{NOTSTART}) [\\s\\-]+", 0, err);
            if (!m->notstart)
                goto fail;
        }
    }
    for (size_t i = 0; i < m->rules->n; i++) {
        const nx_rule *r = &m->rules->rules[i];
        if ((int)r->stage < 0 || r->stage >= NX_NSTAGE || (!r->code && !r->builtin))
            continue;
        m->stage_rules[r->stage][m->nstage[r->stage]++] = (int)i;
        for (int k = 0; k < r->ngroups; k++)
            m->stage_from[r->stage] |= r->groups[k].field == NX_G_FROM;
    }
    if (ev_word_index(m)) {
        nx_error_nomem(err);
        goto fail;
    }
    return m;
fail:
    nx_model_free(m);
    return NULL;
}

nx_model *nx_model_load(const nx_model_opts *o, nx_error *err) { return load(o, 0, NULL, err); }

nx_model *nx_model_load_lenient(const nx_model_opts *o, int *rules_ok, nx_error *err)
{
    return load(o, 1, rules_ok, err);
}

void nx_model_free(nx_model *m)
{
    if (!m)
        return;
    pcre2_code_free(m->hedge);
    pcre2_code_free(m->notstart);
    nx_ruleset_free(m->rules);
    nx_gaz_free(m->gaz);
    for (size_t i = 0; i < m->ncur; i++)
        nx_free(m->cur[i].form);
    nx_free(m->cur);
    nx_strindex_free(&m->curindex);
    for (size_t i = 0; i < m->nstop; i++)
        nx_free(m->stopnames[i]);
    nx_free(m->stopnames);
    nx_strindex_free(&m->stopindex);
    for (size_t i = 0; i < m->nexch; i++)
        nx_free(m->exch_suffix[i]);
    nx_free(m->exch_suffix);
    nx_free(m->exch_code);
    nx_free(m->exch_years);
    for (int s = 0; s < NX_NSTAGE; s++)
        nx_free(m->stage_rules[s]);
    nx_free(m->ev_word_off);
    nx_free(m->ev_word_rules);
    nx_free(m->data_dir_own);
    nx_free(m->rules_dir_own);
    nx_free(m);
}
