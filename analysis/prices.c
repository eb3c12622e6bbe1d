/* prices.c: price and return files, return series on a calendar (see prices.h). */
#include "prices.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int nx_columns_parse(const char *spec, nx_columns *c, char **cols_text, nx_error *err)
{
    memset(c, 0, sizeof *c);
    char *t = nx_strdup(spec);
    *cols_text = t;
    if (!t)
        return nx_error_nomem(err);
    for (char *p = t; p && *p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = 0;
        char *eq = strchr(p, '=');
        if (!eq || eq == p || !eq[1])
            return nx_error_set(err, NX_EUSAGE, "--columns needs KEY=NAME pairs (date, ticker, close), got '%s'", p);
        *eq = 0;
        const char *name = eq + 1;
        if (strcmp(p, "date") == 0)
            c->date = name;
        else if (strcmp(p, "ticker") == 0 || strcmp(p, "symbol") == 0)
            c->ticker = name;
        else if (strcmp(p, "close") == 0 || strcmp(p, "value") == 0 || strcmp(p, "price") == 0 ||
                 strcmp(p, "return") == 0)
            c->value = name;
        else
            return nx_error_set(err, NX_EUSAGE, "--columns: unknown key '%s' (date, ticker, close)", p);
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

static const char *const TICKER_NAMES[] = {"ticker", "symbol", "tic", "permno", "firm", NULL};
static int find_any(const nx_csv *c, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        int k = nx_csv_find(c, names[i]);
        if (k >= 0)
            return k;
    }
    return -1;
}

/* the value column's names: prices, either, returns */
static const char *const PRICE_NAMES[] = {"adj_close", "adj close", "adjclose", "adjusted", "close", "price", "prc", NULL};
static const char *const VALUE_NAMES[] = {"value", NULL};
static const char *const RETURN_NAMES[] = {"return", "ret", "returns", NULL};

/* The value column when none is named: of prices, a price column first, a return column never (its
 * returns would be read as prices: an error that says so); of returns, a return column first, a
 * price column last (a note says which is read as returns). Returns the column, -1 when there is
 * none, -2 with err set. */
static int value_column(const nx_csv *c, const char *path, nx_ret_kind kind, nx_diags *d, nx_error *err)
{
    int k;
    if (kind == NX_RET_PRICES) {
        if ((k = find_any(c, PRICE_NAMES)) >= 0 || (k = find_any(c, VALUE_NAMES)) >= 0)
            return k;
        if ((k = find_any(c, RETURN_NAMES)) >= 0) {
            nx_error_set(err, NX_EUSAGE,
                         "%s: column '%s' holds returns, not prices: say so with --returns simple|log|percent "
                         "(or name a price column with --columns close=NAME)", path, c->f[k]);
            return -2;
        }
        return -1;
    }
    if ((k = find_any(c, RETURN_NAMES)) >= 0 || (k = find_any(c, VALUE_NAMES)) >= 0)
        return k;
    if ((k = find_any(c, PRICE_NAMES)) >= 0)
        nx_diags_add(d, 0, "%s: no return column: column '%s' is read as returns (--returns)", path, c->f[k]);
    return k;
}

static int find_named(const nx_csv *c, const char *path, const char *what, const char *name, nx_error *err)
{
    int k = nx_csv_find(c, name);
    if (k < 0)
        nx_error_set(err, NX_EDATA, "%s: no %s column '%s' in the header", path, what, name);
    return k;
}

void nx_rawset_free(nx_rawset *r)
{
    /* names.n may exceed the series allocated when growing them ran out of memory */
    for (size_t i = 0; r->s && i < r->names.n && i < r->cap; i++) {
        nx_free(r->s[i].date);
        nx_free(r->s[i].v);
        nx_free(r->s[i].line);
    }
    nx_free(r->s);
    nx_names_free(&r->names);
    memset(r, 0, sizeof *r);
}

/* the series named name (added when new); -1 when out of memory */
static int series_of(nx_rawset *r, const char *name, size_t len)
{
    size_t before = r->names.n;
    int i = nx_names_add(&r->names, name, len);
    if (i < 0)
        return -1;
    if (r->names.n > before) {
        if (nx_grow((void **)&r->s, &r->cap, r->names.n, sizeof *r->s))
            return -1;
        memset(&r->s[i], 0, sizeof r->s[i]);
    }
    return i;
}

static int raw_reserve(nx_raw *s, size_t nc)
{
    int *d = nx_realloc(s->date, nc * sizeof *d);
    if (!d)
        return -1;
    s->date = d;
    double *vv = nx_realloc(s->v, nc * sizeof *vv);
    if (!vv)
        return -1;
    s->v = vv;
    size_t *ll = nx_realloc(s->line, nc * sizeof *ll);
    if (!ll)
        return -1;
    s->line = ll;
    s->cap = nc;
    return 0;
}

static inline int raw_push(nx_raw *s, int date, double v, size_t line)
{
    if (s->n == s->cap && raw_reserve(s, s->cap ? s->cap * 2 : 256))
        return -1;
    s->date[s->n] = date;
    s->v[s->n] = v;
    s->line[s->n] = line;
    s->last_line = line;
    s->n++;
    return 0;
}

/* Check and convert one value cell: 0 stored in *v (NAN = missing), -1 rejected (reported). */
static int value_cell(const nx_csv *c, const char *path, const char *col, size_t k, nx_ret_kind kind, nx_raw *s,
                      double *v, nx_diags *d)
{
    const char *cell = c->f[k];
    int r = nx_parse_num_n(cell, c->fl[k], v);
    if (r < 0) {
        nx_diags_add(d, 1, "%s:%zu: expected a number in column '%s', got '%s'", path, c->line, col, cell);
        return -1;
    }
    if (r == 0 && kind == NX_RET_PRICES) {
        if (*v < 0) {
            *v = -*v; /* CRSP: a bid/ask midpoint */
            s->nneg++;
        } else if (*v == 0) {
            nx_diags_add(d, 1, "%s:%zu: price 0 in column '%s' gives no return; treated as missing", path,
                         c->line, col);
            *v = NAN;
        }
    }
    return 0;
}

static void date_msg(const nx_csv *c, const char *path, const char *name, const nx_raw *s, int date, nx_diags *d)
{
    char a[11];
    nx_format_date(date, a);
    nx_diags_add(d, 1, "%s:%zu: duplicate date '%s' for '%s' (first on line %zu)", path, c->line, a, name,
                 s->last_line);
}

/* ---- rows in any order ---- */

typedef struct obs {
    int date;
    size_t line;
    double v;
} obs;

static int cmp_obs(const void *a, const void *b)
{
    const obs *x = a, *y = b;
    if (x->date != y->date)
        return (x->date > y->date) - (x->date < y->date);
    return (x->line > y->line) - (x->line < y->line);
}

typedef struct dup {
    size_t line, first;
    int date;
    size_t series;
} dup;

static int cmp_dup(const void *a, const void *b)
{
    const dup *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

/* Rows that came out of date order (a newest-first file, a row put at the top): each series sorted
 * by date, a date given twice kept from its first line and the later lines reported (once a line in
 * a wide file), a note that the rows were sorted. Returns 0 or -1 (memory). */
static int sort_series(nx_rawset *out, const char *path, nx_diags *d)
{
    dup *dups = NULL;
    size_t ndup = 0, capdup = 0, nsorted = 0;
    for (size_t i = 0; i < out->names.n; i++) {
        nx_raw *s = &out->s[i];
        size_t k = 1;
        while (k < s->n && s->date[k] > s->date[k - 1])
            k++;
        if (k >= s->n)
            continue;
        nsorted++;
        obs *t = nx_malloc(s->n * sizeof *t);
        if (!t) {
            nx_free(dups);
            return -1;
        }
        for (size_t j = 0; j < s->n; j++)
            t[j] = (obs){s->date[j], s->line[j], s->v[j]};
        qsort(t, s->n, sizeof *t, cmp_obs);
        size_t w = 0;
        for (size_t j = 0; j < s->n; j++) {
            if (w && t[j].date == s->date[w - 1]) {
                if (nx_grow((void **)&dups, &capdup, ndup + 1, sizeof *dups)) {
                    nx_free(t);
                    nx_free(dups);
                    return -1;
                }
                dups[ndup++] = (dup){t[j].line, s->line[w - 1], t[j].date, i};
                continue;
            }
            s->date[w] = t[j].date;
            s->line[w] = t[j].line;
            s->v[w] = t[j].v;
            w++;
        }
        s->n = w;
        s->last_line = 0;
        for (size_t j = 0; j < w; j++)
            if (s->line[j] > s->last_line)
                s->last_line = s->line[j];
        nx_free(t);
    }
    if (ndup)
        qsort(dups, ndup, sizeof *dups, cmp_dup);
    for (size_t j = 0; j < ndup; j++) {
        if (j && dups[j].line == dups[j - 1].line)
            continue; /* a row of a wide file: once */
        char a[11];
        nx_format_date(dups[j].date, a);
        if (out->format == 'l')
            nx_diags_add(d, 1, "%s:%zu: duplicate date '%s' for '%s' (first on line %zu)", path, dups[j].line, a,
                         out->names.s[dups[j].series], dups[j].first);
        else
            nx_diags_add(d, 1, "%s:%zu: duplicate date '%s' (first on line %zu)", path, dups[j].line, a,
                         dups[j].first);
    }
    nx_free(dups);
    if (nsorted)
        nx_diags_add(d, 0, "%s: the rows of %zu series were not in date order: sorted by date", path, nsorted);
    return 0;
}

static int read_long(nx_csv *c, const char *path, const nx_price_opts *o, int dc, int tc, int vc, size_t nf,
                     nx_rawset *out, nx_diags *d, nx_error *err)
{
    char *vname = nx_strdup(c->f[vc]);
    char *dname = nx_strdup(c->f[dc]);
    int r;
    if (!vname || !dname) {
        r = nx_error_nomem(err);
        goto done;
    }
    while ((r = nx_csv_next(c, err)) > 0) {
        out->rows++;
        if (nx_csv_bad_record(c, path, nf, d))
            continue;
        const char *tk = c->f[tc];
        while (*tk == ' ')
            tk++;
        size_t tl = strlen(tk);
        while (tl && tk[tl - 1] == ' ')
            tl--;
        if (o->want && nx_names_find(o->want, tk, tl) < 0)
            continue;
        if (!tl) {
            nx_diags_add(d, 1, "%s:%zu: empty ticker", path, c->line);
            continue;
        }
        int date;
        if (nx_parse_date(c->f[dc], &date)) {
            nx_diags_add(d, 1, "%s:%zu: expected a date in column '%s', got '%s'", path, c->line, dname, c->f[dc]);
            continue;
        }
        int si = series_of(out, tk, tl);
        if (si < 0) {
            r = nx_error_nomem(err);
            break;
        }
        nx_raw *s = &out->s[si];
        if (s->n && date == s->date[s->n - 1]) {
            date_msg(c, path, out->names.s[si], s, date, d);
            continue;
        }
        if (s->n && date < s->date[s->n - 1])
            out->unsorted = 1; /* sorted at the end (sort_series) */
        double v;
        if (value_cell(c, path, vname, (size_t)vc, o->kind, s, &v, d))
            continue;
        if (raw_push(s, date, v, c->line)) {
            r = nx_error_nomem(err);
            break;
        }
    }
done:
    nx_free(vname);
    nx_free(dname);
    return r < 0 ? -1 : 0;
}

static int read_wide(nx_csv *c, const char *path, const nx_price_opts *o, int dc, int only, size_t nf,
                     nx_rawset *out, nx_diags *d, nx_error *err)
{
    int r = 0;
    int *map = nx_malloc(nf * sizeof *map);
    char **colname = nx_calloc(nf, sizeof *colname);
    if (!map || !colname) {
        r = nx_error_nomem(err);
        goto done;
    }
    for (size_t j = 0; j < nf; j++) {
        map[j] = -1;
        if ((int)j == dc || (only >= 0 && (int)j != only))
            continue;
        const char *h = c->f[j];
        while (*h == ' ')
            h++;
        size_t hl = strlen(h);
        while (hl && h[hl - 1] == ' ')
            hl--;
        if (!hl)
            continue;
        colname[j] = nx_strndup(h, hl);
        if (!colname[j]) {
            r = nx_error_nomem(err);
            goto done;
        }
        const char *name = only >= 0 && o->series_name ? o->series_name : colname[j];
        size_t nl = only >= 0 && o->series_name ? strlen(name) : hl;
        if (o->want && only < 0 && nx_names_find(o->want, name, nl) < 0)
            continue;
        if (nx_names_find(&out->names, name, nl) >= 0) {
            nx_diags_add(d, 0, "%s:%zu: column '%s' appears twice; the later one is ignored", path, c->line, name);
            continue;
        }
        map[j] = series_of(out, name, nl);
        if (map[j] < 0) {
            r = nx_error_nomem(err);
            goto done;
        }
    }
    /* every kept column gets at most one value per remaining line: size them once */
    size_t rows = 1;
    for (const char *q = c->data + c->pos; (q = memchr(q, '\n', (size_t)(c->data + c->len - q))) != NULL; q++)
        rows++;
    for (size_t j = 0; j < nf; j++)
        if (map[j] >= 0 && out->s[map[j]].cap < rows && raw_reserve(&out->s[map[j]], rows)) {
            r = nx_error_nomem(err);
            goto done;
        }
    int have_prev = 0, prev = 0;
    size_t prev_line = 0;
    while ((r = nx_csv_next(c, err)) > 0) {
        out->rows++;
        if (nx_csv_bad_record(c, path, nf, d))
            continue;
        int date;
        if (nx_parse_date(c->f[dc], &date)) {
            nx_diags_add(d, 1, "%s:%zu: expected a date in column '%s', got '%s'", path, c->line,
                         colname[dc] ? colname[dc] : "date", c->f[dc]);
            continue;
        }
        if (have_prev && date == prev) {
            char a[11];
            nx_format_date(date, a);
            nx_diags_add(d, 1, "%s:%zu: duplicate date '%s' (first on line %zu)", path, c->line, a, prev_line);
            continue;
        }
        if (have_prev && date < prev)
            out->unsorted = 1; /* sorted at the end (sort_series) */
        have_prev = 1;
        prev = date;
        prev_line = c->line;
        for (size_t j = 0; j < nf; j++) {
            if (map[j] < 0)
                continue;
            nx_raw *s = &out->s[map[j]];
            double v;
            if (value_cell(c, path, colname[j], j, o->kind, s, &v, d))
                v = NAN; /* the cell is dropped, the row is kept */
            if (raw_push(s, date, v, c->line)) {
                r = nx_error_nomem(err);
                goto done;
            }
        }
    }
done:
    if (colname)
        for (size_t j = 0; j < nf; j++)
            nx_free(colname[j]);
    nx_free(colname);
    nx_free(map);
    return r < 0 ? -1 : 0;
}

int nx_rawset_read(const char *path, const nx_price_opts *o, nx_rawset *out, nx_diags *d, nx_error *err)
{
    memset(out, 0, sizeof *out);
    nx_csv c;
    if (nx_csv_open(&c, path, 0, err))
        return -1;
    int r = nx_csv_next(&c, err);
    if (r <= 0) {
        nx_csv_close(&c);
        if (r == 0)
            nx_error_set(err, NX_EDATA, "%s: empty file (a header line is needed)", path);
        return -1;
    }
    size_t nf = c.nf;
    /* a binary file, or a file without its header line (its first row would name the columns) */
    if (c.nul_field) {
        nx_error_set(err, NX_EDATA, "%s:1: a NUL byte in the header line: a binary file, not CSV", path);
        goto fail;
    }
    for (size_t k = 0; k < nf; k++) {
        int day;
        if (nx_parse_date(c.f[k], &day) == 0) {
            nx_error_set(err, NX_EDATA,
                         "%s:1: the first line holds data ('%s'), not the names of the columns: a header line "
                         "is needed (date,ticker,close or date,T1,T2,...)", path, c.f[k]);
            goto fail;
        }
    }
    int dc = o->cols.date ? find_named(&c, path, "date", o->cols.date, err) : nx_csv_find(&c, "date");
    int tc = o->cols.ticker ? find_named(&c, path, "ticker", o->cols.ticker, err) : find_any(&c, TICKER_NAMES);
    int vc = o->cols.value ? find_named(&c, path, "value", o->cols.value, err) : value_column(&c, path, o->kind, d, err);
    if (err->set)
        goto fail;
    if (dc < 0)
        dc = 0;
    if (o->column) {
        int k = nx_csv_find(&c, o->column);
        if (k < 0) {
            nx_error_set(err, NX_EDATA, "%s: no column '%s' in the header", path, o->column);
            goto fail;
        }
        out->format = 'w';
        r = read_wide(&c, path, o, dc, k, nf, out, d, err);
    } else if (tc >= 0) {
        if (vc < 0) {
            nx_error_set(err, NX_EDATA,
                         "%s: no price column (adj_close, close, price, return...); name it with --columns close=NAME",
                         path);
            goto fail;
        }
        out->format = 'l';
        r = read_long(&c, path, o, dc, tc, vc, nf, out, d, err);
    } else if (o->series_name && vc >= 0) {
        out->format = 's';
        r = read_wide(&c, path, o, dc, vc, nf, out, d, err);
    } else {
        if (nf < 2) {
            nx_error_set(err, NX_EDATA, "%s: a date column and at least one series are needed", path);
            goto fail;
        }
        out->format = 'w';
        r = read_wide(&c, path, o, dc, -1, nf, out, d, err);
    }
    if (r)
        goto fail;
    if (out->unsorted && sort_series(out, path, d)) {
        nx_error_nomem(err);
        goto fail;
    }
    if (!out->rows) {
        nx_error_set(err, NX_EDATA, "%s: no rows of %s under its header", path,
                     o->kind == NX_RET_PRICES ? "prices" : "returns");
        goto fail;
    }
    nx_csv_close(&c);
    return 0;
fail:
    nx_csv_close(&c);
    nx_rawset_free(out);
    return -1;
}

/* ---- series on a calendar ---- */

void nx_series_free(nx_series *s)
{
    nx_free(s->r);
    memset(s, 0, sizeof *s);
}

int nx_series_build(const nx_raw *raw, const nx_calendar *cal, nx_ret_kind kind, int log_returns, nx_series *out,
                    nx_error *err)
{
    memset(out, 0, sizeof *out);
    out->first = out->last = -1;
    out->r = nx_malloc((cal->n ? cal->n : 1) * sizeof *out->r);
    if (!out->r)
        return nx_error_nomem(err);
    for (size_t k = 0; k < cal->n; k++)
        out->r[k] = NAN;
    /* both sorted: merge; a price's return needs the price of the calendar day before */
    size_t k = 0;
    long prevk = -2;
    double prevp = 0;
    for (size_t i = 0; i < raw->n; i++) {
        while (k < cal->n && cal->d[k] < raw->date[i])
            k++;
        if (k >= cal->n || cal->d[k] != raw->date[i]) {
            out->off_calendar++;
            continue;
        }
        double v = raw->v[i];
        if (isnan(v))
            continue;
        if (out->first < 0)
            out->first = (long)k;
        out->last = (long)k;
        if (kind == NX_RET_PRICES) {
            if (prevk == (long)k - 1)
                out->r[k] = log_returns ? log(v / prevp) : v / prevp - 1;
            prevk = (long)k;
            prevp = v;
        } else {
            out->r[k] = kind == NX_RET_PERCENT ? v / 100 : v;
        }
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double nx_series_median_abs(const nx_series *s, size_t n, size_t *count)
{
    *count = 0;
    double *a = nx_malloc((n ? n : 1) * sizeof *a);
    if (!a)
        return NAN;
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (isfinite(s->r[k]))
            a[m++] = fabs(s->r[k]);
        else if (!isnan(s->r[k]))
            a[m++] = INFINITY; /* a price of 0 before a price */
    *count = m;
    double med = NAN;
    if (m) {
        qsort(a, m, sizeof *a, cmp_double);
        med = m % 2 ? a[m / 2] : (a[m / 2 - 1] + a[m / 2]) / 2;
    }
    nx_free(a);
    return med;
}

int nx_series_plausible(const nx_series *s, size_t n, nx_ret_kind kind, const char *name, const char *path,
                        nx_error *err)
{
    size_t count;
    double med = nx_series_median_abs(s, n, &count);
    if (count < 10 || !(med > 0.25))
        return 0;
    if (kind == NX_RET_PRICES)
        return nx_error_set(err, NX_EUSAGE,
                            "%s: the prices of '%s' move by a median %.0f %% a day: they look like returns, not "
                            "prices; say which with --returns simple|log|percent",
                            path, name, med * 100);
    return nx_error_set(err, NX_EUSAGE,
                        "%s: the returns of '%s' have a median size of %.0f %% a day: they look like prices%s; "
                        "leave out --returns to read prices%s",
                        path, name, med * 100, kind == NX_RET_PERCENT ? "" : " or percentages",
                        kind == NX_RET_PERCENT ? "" : " (--returns percent for returns in percent)");
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int nx_calendar_from_raw(const nx_raw *raw, int with_missing, nx_calendar *cal, size_t *missing, nx_error *err)
{
    memset(cal, 0, sizeof *cal);
    cal->d = nx_malloc((raw->n ? raw->n : 1) * sizeof *cal->d);
    if (!cal->d)
        return nx_error_nomem(err);
    size_t nan = 0;
    for (size_t i = 0; i < raw->n; i++) {
        nan += isnan(raw->v[i]) != 0;
        if (with_missing || !isnan(raw->v[i]))
            cal->d[cal->n++] = raw->date[i];
    }
    if (missing)
        *missing = nan;
    return 0;
}

int nx_calendar_union(const nx_rawset *set, nx_calendar *cal, nx_error *err)
{
    memset(cal, 0, sizeof *cal);
    size_t tot = 0;
    for (size_t i = 0; i < set->names.n; i++)
        tot += set->s[i].n;
    cal->d = nx_malloc((tot ? tot : 1) * sizeof *cal->d);
    if (!cal->d)
        return nx_error_nomem(err);
    for (size_t i = 0; i < set->names.n; i++)
        for (size_t j = 0; j < set->s[i].n; j++)
            if (!isnan(set->s[i].v[j]))
                cal->d[cal->n++] = set->s[i].date[j];
    qsort(cal->d, cal->n, sizeof *cal->d, cmp_int);
    size_t w = 0;
    for (size_t i = 0; i < cal->n; i++)
        if (!w || cal->d[i] != cal->d[w - 1])
            cal->d[w++] = cal->d[i];
    cal->n = w;
    return 0;
}
