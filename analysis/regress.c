/* regress.c: OLS / WLS with classical, HC1, HC3 and cluster-robust errors (see regress.h). */
#include "regress.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

const char *const nx_se_names[NX_NSE] = {"ols", "hc1", "hc3", "cluster"};

#define RANK_TOL 1e-10     /* a column is dropped when its residual on the kept ones is this small */
#define LEVERAGE_TOL 1e-10 /* h_i >= 1 - this: HC3 is not computed */

void nx_reg_free(nx_reg *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nnotes; i++)
        nx_free(r->notes[i]);
    nx_free(r->notes);
    nx_free(r->kept);
    nx_free(r->coef); /* the block holding coef, se, t and p */
    nx_free(r);
}

static int note(nx_reg *r, nx_error *err, const char *fmt, ...) NX_PRINTF(3, 4);
static int note(nx_reg *r, nx_error *err, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **v = nx_realloc(r->notes, (r->nnotes + 1) * sizeof *v);
    if (!v)
        return nx_error_nomem(err);
    r->notes = v;
    if (!(v[r->nnotes] = nx_strdup(buf)))
        return nx_error_nomem(err);
    r->nnotes++;
    return 0;
}

static void not_estimated(nx_reg *r, const char *fmt, ...) NX_PRINTF(2, 3);
static void not_estimated(nx_reg *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reason, sizeof r->reason, fmt, ap);
    va_end(ap);
    r->ok = 0;
}

typedef struct clrow {
    long label;
    size_t i; /* position among the rows used */
} clrow;

static int cmp_clrow(const void *a, const void *b)
{
    const clrow *x = a, *y = b;
    if (x->label != y->label)
        return x->label < y->label ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* diag(Rinv Mu Rinv') into v (k values); Rinv upper triangular k x k */
static void sandwich_diag(const double *rinv, const double *mu, size_t k, double scale, double *v)
{
    for (size_t j = 0; j < k; j++) {
        double s = 0;
        for (size_t a = j; a < k; a++)
            for (size_t b = j; b < k; b++)
                s += rinv[j * k + a] * mu[a * k + b] * rinv[j * k + b];
        v[j] = scale * s;
    }
}

/* t and p of every kept column for one kind of error, from the variances var[0..k) */
static void finish_kind(nx_reg *r, int kind, const size_t *col, const double *var, double df)
{
    r->df[kind] = df;
    for (size_t j = 0; j < r->k; j++) {
        size_t c = col[j];
        double se = var[j] >= 0 ? sqrt(var[j]) : NAN;
        r->se[kind][c] = se;
        r->t[kind][c] = r->coef[c] / se;
        r->p[kind][c] = nx_p_t(r->t[kind][c], df);
    }
}

static const char *col_name(const nx_reg_in *in, size_t j, char buf[32])
{
    if (in->names && in->names[j])
        return in->names[j];
    snprintf(buf, 32, "x%zu", j + 1);
    return buf;
}

nx_reg *nx_reg_fit(const nx_reg_in *in, nx_error *err)
{
    gsl_set_error_handler_off();
    size_t kin = in->k, nin = in->n;
    nx_reg *r = nx_calloc(1, sizeof *r);
    if (!r) {
        nx_error_nomem(err);
        return NULL;
    }
    r->n_in = nin;
    r->k_in = kin;
    r->r2 = r->adj_r2 = r->ssr = r->s2 = NAN;
    for (int q = 0; q < NX_NSE; q++)
        r->df[q] = NAN;
    size_t k1 = kin ? kin : 1;
    r->kept = nx_calloc(k1, sizeof *r->kept);
    r->coef = nx_malloc((1 + 3 * NX_NSE) * k1 * sizeof *r->coef);
    size_t *rows = nx_malloc((nin ? nin : 1) * sizeof *rows);
    size_t *col = nx_malloc(k1 * sizeof *col);
    double *scratch = NULL;
    clrow *cl = NULL;
    if (!r->kept || !r->coef || !rows || !col)
        goto oom;
    for (size_t j = 0; j < (1 + 3 * NX_NSE) * k1; j++)
        r->coef[j] = NAN;
    for (int q = 0; q < NX_NSE; q++) {
        r->se[q] = r->coef + (1 + 3 * (size_t)q) * k1;
        r->t[q] = r->se[q] + k1;
        r->p[q] = r->t[q] + k1;
    }
    /* the rows that enter */
    size_t n = 0;
    for (size_t i = 0; i < nin; i++) {
        int fin = isfinite(in->y[i]);
        for (size_t j = 0; j < kin && fin; j++)
            fin = isfinite(in->x[i * kin + j]);
        if (!fin) {
            r->n_missing++;
            continue;
        }
        if (in->w && !(isfinite(in->w[i]) && in->w[i] > 0)) {
            r->n_noweight++;
            continue;
        }
        rows[n++] = i;
    }
    r->n = n;
    if (r->n_missing && note(r, err, "%zu rows left out: a value is missing or not finite", r->n_missing))
        goto fail;
    if (r->n_noweight &&
        note(r, err, "%zu rows left out: a weight that is zero, negative or not finite (an infinite variance)",
             r->n_noweight))
        goto fail;
    if (kin == 0) {
        not_estimated(r, "no terms");
        goto done;
    }
    if (n <= kin) {
        not_estimated(r, "N = %zu observations for K = %zu terms: N must exceed K", n, kin);
        goto done;
    }
    /* scratch: whitened columns for the rank test (n * kin), the kept design for the QR (n * kin),
     * y*, the residuals, tau, b, R^-1, Mu (3 of them), u, s_g, variances */
    size_t nsc = 2 * n * kin + 2 * n + 2 * kin + kin * kin + 3 * kin * kin + 3 * kin;
    scratch = nx_malloc(nsc * sizeof *scratch);
    if (!scratch)
        goto oom;
    double *qcol = scratch, *a = qcol + n * kin, *yw = a + n * kin, *res = yw + n, *tau = res + n, *b = tau + kin;
    double *rinv = b + kin, *mu0 = rinv + kin * kin, *mu3 = mu0 + kin * kin, *muc = mu3 + kin * kin;
    double *u = muc + kin * kin, *sg = u + kin, *var = sg + kin;
    /* the rank test: Gram-Schmidt (two passes) on the whitened columns, in order */
    size_t k = 0;
    for (size_t j = 0; j < kin; j++) {
        double *v = qcol + k * n, nrm0 = 0, nrm = 0;
        int constant = 1, zero = 1;
        double x0 = in->x[rows[0] * kin + j];
        for (size_t i = 0; i < n; i++) {
            double xv = in->x[rows[i] * kin + j], sw = in->w ? sqrt(in->w[rows[i]]) : 1;
            v[i] = sw * xv;
            nrm0 += v[i] * v[i];
            constant &= xv == x0;
            zero &= xv == 0;
        }
        for (int pass = 0; pass < 2; pass++)
            for (size_t c = 0; c < k; c++) {
                const double *qc = qcol + c * n;
                double d = 0;
                for (size_t i = 0; i < n; i++)
                    d += qc[i] * v[i];
                for (size_t i = 0; i < n; i++)
                    v[i] -= d * qc[i];
            }
        for (size_t i = 0; i < n; i++)
            nrm += v[i] * v[i];
        char nb[32];
        const char *name = col_name(in, j, nb);
        if (zero || !(sqrt(nrm) > RANK_TOL * sqrt(nrm0))) {
            int bad = zero ? note(r, err, "'%s' dropped: zero in every row used", name)
                      : constant ? note(r, err, "'%s' dropped: the same value in all %zu rows used (as the intercept)",
                                        name, n)
                                 : note(r, err, "'%s' dropped: collinear with the terms before it", name);
            if (bad)
                goto fail;
            continue;
        }
        for (size_t i = 0; i < n; i++)
            v[i] /= sqrt(nrm);
        r->kept[j] = 1;
        col[k++] = j;
        if (constant)
            r->has_const = 1;
    }
    r->k = k;
    /* the fit: QR of the kept whitened columns */
    for (size_t i = 0; i < n; i++) {
        double sw = in->w ? sqrt(in->w[rows[i]]) : 1;
        for (size_t c = 0; c < k; c++)
            a[i * k + c] = sw * in->x[rows[i] * kin + col[c]];
        yw[i] = sw * in->y[rows[i]];
    }
    gsl_matrix_view A = gsl_matrix_view_array(a, n, k);
    gsl_vector_view T = gsl_vector_view_array(tau, k), B = gsl_vector_view_array(b, k);
    gsl_vector_view Y = gsl_vector_view_array(yw, n), RES = gsl_vector_view_array(res, n);
    int st = gsl_linalg_QR_decomp(&A.matrix, &T.vector);
    if (st) {
        nx_error_set(err, NX_EDATA, "regression: gsl_linalg_QR_decomp: %s", gsl_strerror(st));
        goto fail;
    }
    for (size_t c = 0; c < k; c++)
        if (!(a[c * k + c] != 0)) {
            nx_error_set(err, NX_EDATA, "regression: the design is singular after the rank test");
            goto fail;
        }
    st = gsl_linalg_QR_lssolve(&A.matrix, &T.vector, &Y.vector, &B.vector, &RES.vector);
    if (st) {
        nx_error_set(err, NX_EDATA, "regression: gsl_linalg_QR_lssolve: %s", gsl_strerror(st));
        goto fail;
    }
    memset(rinv, 0, k * k * sizeof *rinv);
    for (size_t i = 0; i < k; i++)
        for (size_t j = i; j < k; j++)
            rinv[i * k + j] = a[i * k + j];
    gsl_matrix_view RI = gsl_matrix_view_array(rinv, k, k);
    st = gsl_linalg_tri_upper_invert(&RI.matrix);
    if (st) {
        nx_error_set(err, NX_EDATA, "regression: gsl_linalg_tri_upper_invert: %s", gsl_strerror(st));
        goto fail;
    }
    for (size_t c = 0; c < k; c++)
        r->coef[col[c]] = b[c];
    /* residuals, leverages and the meats in the coordinates u_i = R^-T x*_i (so that
     * (X*'X*)^-1 M (X*'X*)^-1 = R^-1 Mu R^-T and h_i = |u_i|^2) */
    double ssr = 0;
    int lev1 = 0;
    memset(mu0, 0, k * k * sizeof *mu0);
    memset(mu3, 0, k * k * sizeof *mu3);
    for (size_t i = 0; i < n; i++) {
        double sw = in->w ? sqrt(in->w[rows[i]]) : 1, h = 0, e = res[i];
        for (size_t c = 0; c < k; c++) {
            double s = 0;
            for (size_t d = 0; d <= c; d++)
                s += rinv[d * k + c] * sw * in->x[rows[i] * kin + col[d]];
            u[c] = s;
            h += s * s;
        }
        ssr += e * e;
        double e3 = 1 - h >= LEVERAGE_TOL ? e / (1 - h) : NAN;
        lev1 |= isnan(e3);
        for (size_t c = 0; c < k; c++)
            for (size_t d = 0; d < k; d++) {
                mu0[c * k + d] += e * e * u[c] * u[d];
                mu3[c * k + d] += e3 * e3 * u[c] * u[d];
            }
    }
    r->ssr = ssr;
    double dfr = (double)(n - k);
    r->s2 = ssr / dfr;
    /* classical */
    for (size_t j = 0; j < k; j++) {
        double s = 0;
        for (size_t c = j; c < k; c++)
            s += rinv[j * k + c] * rinv[j * k + c];
        var[j] = r->s2 * s;
    }
    finish_kind(r, NX_SE_OLS, col, var, dfr);
    sandwich_diag(rinv, mu0, k, (double)n / dfr, var);
    finish_kind(r, NX_SE_HC1, col, var, dfr);
    if (lev1) {
        r->se_reason[NX_SE_HC3] = "an observation has leverage 1 (a term fitted by that one observation)";
    } else {
        sandwich_diag(rinv, mu3, k, 1, var);
        finish_kind(r, NX_SE_HC3, col, var, dfr);
    }
    /* clusters */
    if (!in->cluster) {
        r->se_reason[NX_SE_CLUSTER] = "no cluster labels";
    } else {
        cl = nx_malloc(n * sizeof *cl);
        if (!cl)
            goto oom;
        for (size_t i = 0; i < n; i++) {
            cl[i].label = in->cluster[rows[i]];
            cl[i].i = i;
        }
        qsort(cl, n, sizeof *cl, cmp_clrow);
        memset(muc, 0, k * k * sizeof *muc);
        size_t g = 0;
        for (size_t q = 0; q < n;) {
            memset(sg, 0, k * sizeof *sg);
            size_t q2 = q;
            for (; q2 < n && cl[q2].label == cl[q].label; q2++) {
                size_t i = cl[q2].i;
                double sw = in->w ? sqrt(in->w[rows[i]]) : 1;
                for (size_t c = 0; c < k; c++) {
                    double s = 0;
                    for (size_t d = 0; d <= c; d++)
                        s += rinv[d * k + c] * sw * in->x[rows[i] * kin + col[d]];
                    sg[c] += res[i] * s;
                }
            }
            for (size_t c = 0; c < k; c++)
                for (size_t d = 0; d < k; d++)
                    muc[c * k + d] += sg[c] * sg[d];
            g++;
            q = q2;
        }
        r->g = g;
        if (g < 2) {
            r->se_reason[NX_SE_CLUSTER] = "one cluster: cluster-robust errors need at least 2";
        } else {
            double c = (double)g / (double)(g - 1) * (double)(n - 1) / dfr;
            sandwich_diag(rinv, muc, k, c, var);
            finish_kind(r, NX_SE_CLUSTER, col, var, (double)(g - 1));
        }
    }
    for (int q = 0; q < NX_NSE; q++)
        if (r->se_reason[q] && q != NX_SE_CLUSTER && note(r, err, "%s errors not computed: %s", nx_se_names[q],
                                                           r->se_reason[q]))
            goto fail;
    if (r->se_reason[NX_SE_CLUSTER] && in->cluster &&
        note(r, err, "cluster errors not computed: %s", r->se_reason[NX_SE_CLUSTER]))
        goto fail;
    /* R^2 */
    double sw = 0, swy = 0, tss = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = in->w ? in->w[rows[i]] : 1;
        sw += wi;
        swy += wi * in->y[rows[i]];
    }
    double ybar = r->has_const ? swy / sw : 0;
    for (size_t i = 0; i < n; i++) {
        double wi = in->w ? in->w[rows[i]] : 1, d = in->y[rows[i]] - ybar;
        tss += wi * d * d;
    }
    if (tss > 0) {
        r->r2 = 1 - ssr / tss;
        r->adj_r2 = 1 - (double)(n - (size_t)r->has_const) / dfr * (1 - r->r2);
    } else if (note(r, err, "R^2 not defined: the dependent variable does not vary")) {
        goto fail;
    }
    r->ok = 1;
done:
    nx_free(rows);
    nx_free(col);
    nx_free(scratch);
    nx_free(cl);
    return r;
oom:
    nx_error_nomem(err);
fail:
    nx_free(rows);
    nx_free(col);
    nx_free(scratch);
    nx_free(cl);
    nx_reg_free(r);
    return NULL;
}
