/* xsect.c: the study's cross-sectional regression (see xsect.h). */
#include "xsect.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const nx_xregressor_names[NX_NXR] = {"log_amount", "type", "role", "reported"};
const char *const nx_xdrop_names[NX_NXR] = {"no_usd_amount", NULL, NULL, "no_reported_percent"};

void nx_xsect_free(nx_xsect *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->nterms; i++)
        nx_free(x->terms[i]);
    nx_free(x->terms);
    for (size_t i = 0; i < x->nnotes; i++)
        nx_free(x->notes[i]);
    nx_free(x->notes);
    nx_reg_free(x->reg);
    nx_free(x);
}

static int xnote(nx_xsect *x, nx_error *err, const char *fmt, ...) NX_PRINTF(3, 4);
static int xnote(nx_xsect *x, nx_error *err, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **v = nx_realloc(x->notes, (x->nnotes + 1) * sizeof *v);
    if (!v)
        return nx_error_nomem(err);
    x->notes = v;
    if (!(v[x->nnotes] = nx_strdup(buf)))
        return nx_error_nomem(err);
    x->nnotes++;
    return 0;
}

static int add_term(nx_xsect *x, size_t *cap, nx_error *err, const char *prefix, const char *name)
{
    if (nx_grow((void **)&x->terms, cap, x->nterms + 1, sizeof *x->terms))
        return nx_error_nomem(err);
    size_t lp = strlen(prefix), ln = name ? strlen(name) : 0;
    char *t = nx_malloc(lp + ln + 1);
    if (!t)
        return nx_error_nomem(err);
    memcpy(t, prefix, lp);
    if (name)
        memcpy(t + lp, name, ln);
    t[lp + ln] = 0;
    x->terms[x->nterms++] = t;
    return 0;
}

/* the value a row has for a numeric regressor, or NAN when it lacks it */
static double numeric(const nx_fevent *e, int which)
{
    if (which == NX_XR_LOG_AMOUNT)
        return !isnan(e->amount) && e->amount > 0 && e->currency && strcmp(e->currency, "USD") == 0 ? log(e->amount)
                                                                                                     : NAN;
    return !isnan(e->change) && e->change_unit && strcmp(e->change_unit, "percent") == 0 ? e->change : NAN;
}

static const char *level_of(const nx_fevent *e, int which)
{
    const char *v = which == NX_XR_TYPE ? e->type : e->role;
    return v ? v : "(none)";
}

typedef struct level {
    const char *name; /* points into a firm-event */
    size_t count;
} level;

static int cmp_level_name(const void *a, const void *b)
{
    return strcmp(((const level *)a)->name, ((const level *)b)->name);
}

/* The levels of a factor over the rows used, in byte order; *base the index of the base level. */
static level *levels_of(const nx_study *s, const size_t *rows, size_t n, int which, size_t *nlev, size_t *base)
{
    level *lv = nx_malloc((n ? n : 1) * sizeof *lv);
    if (!lv)
        return NULL;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v = level_of(&s->fe[rows[i]].ev, which);
        size_t j = 0;
        while (j < m && strcmp(lv[j].name, v) != 0)
            j++;
        if (j == m) {
            lv[m].name = v;
            lv[m++].count = 0;
        }
        lv[j].count++;
    }
    qsort(lv, m, sizeof *lv, cmp_level_name);
    size_t b = 0;
    for (size_t j = 1; j < m; j++)
        if (lv[j].count > lv[b].count)
            b = j;
    *nlev = m;
    *base = b;
    return lv;
}

nx_xsect *nx_xsect_run(const nx_study *s, nx_error *err)
{
    const nx_study_opts *o = &s->o;
    nx_xsect *x = nx_calloc(1, sizeof *x);
    size_t *rows = nx_malloc((s->nfe ? s->nfe : 1) * sizeof *rows);
    double *xm = NULL, *y = NULL, *w = NULL;
    long *cl = NULL;
    level *lev[NX_NXR] = {NULL};
    size_t nlev[NX_NXR] = {0}, base[NX_NXR] = {0}, tcap = 0;
    if (!x || !rows)
        goto oom;
    x->wls = o->wls;
    for (size_t v = 0; v < o->nwin; v++)
        if (!o->regress_window_set || (o->win[v].a == o->regress_window.a && o->win[v].b == o->regress_window.b)) {
            x->window = v;
            break;
        }
    /* the rows: ok firm-events with every numeric regressor */
    size_t n = 0;
    for (size_t i = 0; i < s->nfe; i++) {
        const nx_fe *f = &s->fe[i];
        if (f->status != NX_FE_OK)
            continue;
        x->n_ok++;
        int lacks = -1;
        for (size_t r = 0; r < o->nregressors && lacks < 0; r++) {
            int q = o->regressors[r];
            if ((q == NX_XR_LOG_AMOUNT || q == NX_XR_REPORTED) && isnan(numeric(&f->ev, q)))
                lacks = q;
        }
        if (lacks >= 0)
            x->dropped[lacks]++;
        else
            rows[n++] = i;
    }
    x->n = n;
    if (add_term(x, &tcap, err, "const", NULL))
        goto fail;
    for (size_t r = 0; r < o->nregressors; r++) {
        int q = o->regressors[r];
        if (q == NX_XR_LOG_AMOUNT || q == NX_XR_REPORTED) {
            if (add_term(x, &tcap, err, q == NX_XR_LOG_AMOUNT ? "log_amount_usd" : "reported_pct", NULL))
                goto fail;
            continue;
        }
        const char *prefix = q == NX_XR_TYPE ? "type=" : "role=";
        if (!(lev[q] = levels_of(s, rows, n, q, &nlev[q], &base[q])))
            goto oom;
        if (nlev[q] == 1 && xnote(x, err, "%s: every firm-event has the level '%s': no dummy", nx_xregressor_names[q],
                                  lev[q][0].name))
            goto fail;
        if (nlev[q] > 1 && xnote(x, err, "%s: base level '%s' (the most frequent, %zu of %zu firm-events)",
                                 nx_xregressor_names[q], lev[q][base[q]].name, lev[q][base[q]].count, n))
            goto fail;
        for (size_t j = 0; j < nlev[q]; j++)
            if (j != base[q] && add_term(x, &tcap, err, prefix, lev[q][j].name))
                goto fail;
    }
    if (x->n_ok == 0) {
        snprintf(x->reason, sizeof x->reason, "no firm-event has status ok");
        goto done;
    }
    if (n == 0) {
        snprintf(x->reason, sizeof x->reason, "none of the %zu ok firm-events has every regressor", x->n_ok);
        goto done;
    }
    /* the design */
    size_t k = x->nterms;
    xm = nx_malloc(n * k * sizeof *xm);
    y = nx_malloc(n * sizeof *y);
    w = o->wls ? nx_malloc(n * sizeof *w) : NULL;
    cl = nx_malloc(n * sizeof *cl);
    if (!xm || !y || (o->wls && !w) || !cl)
        goto oom;
    for (size_t i = 0; i < n; i++) {
        const nx_fe *f = &s->fe[rows[i]];
        double *xr = xm + i * k;
        size_t c = 0;
        xr[c++] = 1;
        for (size_t r = 0; r < o->nregressors; r++) {
            int q = o->regressors[r];
            if (q == NX_XR_LOG_AMOUNT || q == NX_XR_REPORTED) {
                xr[c++] = numeric(&f->ev, q);
                continue;
            }
            const char *v = level_of(&f->ev, q);
            for (size_t j = 0; j < nlev[q]; j++)
                if (j != base[q])
                    xr[c++] = strcmp(lev[q][j].name, v) == 0;
        }
        y[i] = f->car[x->window];
        if (w)
            w[i] = 1 / f->var_car[x->window];
        cl[i] = f->series; /* one series per ticker */
    }
    nx_reg_in in = {n, k, xm, y, w, cl, (const char *const *)x->terms};
    if (!(x->reg = nx_reg_fit(&in, err)))
        goto fail;
    for (size_t i = 0; i < x->reg->nnotes; i++)
        if (xnote(x, err, "%s", x->reg->notes[i]))
            goto fail;
    if (!x->reg->ok)
        snprintf(x->reason, sizeof x->reason, "%s", x->reg->reason);
    else if (x->reg->g >= 2 && x->reg->g == x->reg->n &&
             xnote(x, err, "every firm has one firm-event: the cluster errors are the HC1 errors (p from t(G - 1))"))
        goto fail;
done:
    for (int q = 0; q < NX_NXR; q++)
        nx_free(lev[q]);
    nx_free(rows);
    nx_free(xm);
    nx_free(y);
    nx_free(w);
    nx_free(cl);
    return x;
oom:
    nx_error_nomem(err);
fail:
    nx_xsect_free(x);
    x = NULL;
    goto done;
}
