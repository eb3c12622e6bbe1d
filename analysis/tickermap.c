/* tickermap.c: a point-in-time ticker map (see tickermap.h). */
#include "tickermap.h"

#include <stdio.h>
#include <string.h>

#include "../extractor/gazetteer.h"

static int add_key(nx_tickermap *m, const char *name, size_t row)
{
    char *key = nx_company_key(name, strlen(name));
    if (!key)
        return -1;
    size_t kl = strlen(key);
    int rc = 0;
    if (kl && nx_names_find(&m->keys, key, kl) < 0) { /* the first row that gives a name keeps it */
        int k = nx_names_add(&m->keys, key, kl);
        if (k < 0 || nx_grow((void **)&m->key_row, &m->cap_key_row, (size_t)k + 1, sizeof *m->key_row))
            rc = -1;
        else
            m->key_row[k] = row;
    }
    nx_free(key);
    return rc;
}

int nx_tickermap_read(const char *path, nx_tickermap *m, nx_diags *d, nx_error *err)
{
    size_t had = m->files ? strlen(m->files) : 0;
    const char *base = nx_basename(path);
    char *files = nx_realloc(m->files, had + strlen(base) + 5);
    if (!files)
        return nx_error_nomem(err);
    m->files = files;
    snprintf(files + had, strlen(base) + 5, "%s%s", had ? "', '" : "", base);
    nx_csv c;
    if (nx_csv_open(&c, path, 0, err))
        return -1;
    int r = nx_csv_next(&c, err);
    if (r <= 0) {
        nx_csv_close(&c);
        return r < 0 ? -1 : nx_error_set(err, NX_EDATA, "'%s': empty ticker map", path);
    }
    int ct = nx_csv_find(&c, "ticker"), cn = nx_csv_find(&c, "name"), cr = nx_csv_find(&c, "reviewed");
    int ca = nx_csv_find(&c, "aliases");
    if (cn < 0)
        cn = nx_csv_find(&c, "reuters1987_name");
    if (ct < 0) {
        nx_error_set(err, NX_EDATA, "%s:%zu: the ticker map has no 'ticker' column", c.name, c.line);
        nx_csv_close(&c);
        return -1;
    }
    if (cn < 0)
        cn = ct == 0 ? 1 : 0;
    while ((r = nx_csv_next(&c, err)) > 0) {
        if (nx_csv_bad_record(&c, c.name, 0, d))
            continue;
        if ((size_t)ct >= c.nf || !c.fl[ct]) {
            nx_diags_add(d, 1, "%s:%zu: no ticker in this row", c.name, c.line);
            continue;
        }
        const char *t = c.f[ct];
        const char *why = cr >= 0 && (size_t)cr < c.nf ? c.f[cr] : "same_entity";
        if (strcmp(why, "same_entity") != 0) {
            int k = nx_names_add(&m->other, t, strlen(t));
            if (k < 0 || nx_grow((void **)&m->other_why, &m->cap_other_why, (size_t)k + 1, sizeof *m->other_why))
                goto oom;
            if ((size_t)k + 1 == m->other.n) {
                m->other_why[k] = nx_strdup(*why ? why : "not reviewed");
                if (!m->other_why[k])
                    goto oom;
            }
            continue;
        }
        int row = nx_names_add(&m->tickers, t, strlen(t));
        if (row < 0)
            goto oom;
        if ((size_t)cn < c.nf && c.fl[cn] && add_key(m, c.f[cn], (size_t)row))
            goto oom;
        if (ca >= 0 && (size_t)ca < c.nf) {
            char *a = c.f[ca];
            while (a && *a) {
                char *bar = strchr(a, '|');
                if (bar)
                    *bar = 0;
                if (add_key(m, a, (size_t)row))
                    goto oom;
                a = bar ? bar + 1 : NULL;
            }
        }
    }
    nx_csv_close(&c);
    return r < 0 ? -1 : 0;
oom:
    nx_csv_close(&c);
    return nx_error_nomem(err);
}

void nx_tickermap_free(nx_tickermap *m)
{
    for (size_t i = 0; i < m->other.n; i++)
        nx_free(m->other_why[i]);
    nx_free(m->other_why);
    nx_free(m->key_row);
    nx_names_free(&m->keys);
    nx_names_free(&m->tickers);
    nx_names_free(&m->other);
    nx_free(m->files);
    memset(m, 0, sizeof *m);
}

int nx_tickermap_apply(const nx_tickermap *m, nx_fevents *ev, nx_error *err)
{
    char msg[256];
    for (size_t i = 0; i < ev->n; i++) {
        nx_fevent *f = &ev->v[i];
        int row = -1;
        if (f->name) {
            char *key = nx_company_key(f->name, strlen(f->name));
            if (!key)
                return nx_error_nomem(err);
            int k = *key ? nx_names_find(&m->keys, key, strlen(key)) : -1;
            nx_free(key);
            if (k >= 0)
                row = (int)m->key_row[k];
        }
        if (row >= 0) {
            const char *t = m->tickers.s[row];
            if (!f->ticker || strcmp(f->ticker, t) != 0) {
                char *c = nx_strdup(t);
                if (!c)
                    return nx_error_nomem(err);
                nx_free(f->ticker);
                f->ticker = c;
                f->ticker_from_map = 1;
            }
            continue;
        }
        if (!f->ticker || nx_names_find(&m->tickers, f->ticker, strlen(f->ticker)) >= 0)
            continue;
        int many = strstr(m->files, "', '") != NULL;
        int o = nx_names_find(&m->other, f->ticker, strlen(f->ticker));
        if (o >= 0)
            snprintf(msg, sizeof msg, "the ticker map%s '%s' do%s not vouch for '%s' as this company (%s)",
                     many ? "s" : "", m->files, many ? "" : "es", f->ticker, m->other_why[o]);
        else
            snprintf(msg, sizeof msg, "'%s' is not in the ticker map%s '%s'", f->ticker, many ? "s" : "", m->files);
        f->map_reason = nx_strdup(msg);
        if (!f->map_reason)
            return nx_error_nomem(err);
    }
    return 0;
}
