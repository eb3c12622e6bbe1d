/* models.c: normal-return models by OLS with GSL (see models.h). */
#include "models.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const nx_model_names[4] = {"market", "market-adjusted", "mean", "factors"};

static double mean_of(const double *v, size_t n, size_t stride)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i * stride];
    return s / (double)n;
}

#define WHY(...) (why ? snprintf(why, whylen, __VA_ARGS__) : 0)

int nx_fit_model(nx_model_kind kind, int k, const double *y, const double *f, size_t n, double *work, nx_fit *fit,
                 double *resid, char *why, size_t whylen, nx_error *err)
{
    memset(fit, 0, sizeof *fit);
    fit->kind = kind;
    fit->k = kind == NX_MODEL_MEAN ? 0 : kind == NX_MODEL_FACTORS ? k : 1;
    fit->l1 = n;
    fit->r2 = NAN;
    int p = kind == NX_MODEL_MARKET_ADJ ? 0 : fit->k + 1; /* estimated parameters */
    fit->df = (int)n - p;
    if (fit->df < 1 || (kind == NX_MODEL_MARKET_ADJ && n < 2)) {
        WHY("%zu estimation days leave no degree of freedom", n);
        return NX_FIT_SHORT;
    }
    if (kind == NX_MODEL_MARKET_ADJ)
        fit->df = (int)n - 1;
    /* one pass for the sums and the constancy tests, one for the centred squares */
    double sy = 0, sf = 0;
    int yvar = 0, fvar = 0;
    int market = kind == NX_MODEL_MARKET;
    for (size_t t = 0; t < n; t++) {
        sy += y[t];
        yvar |= y[t] != y[0];
        if (market) {
            sf += f[t];
            fvar |= f[t] != f[0];
        }
    }
    if (!yvar) {
        WHY("the returns are constant over the estimation window (stale prices)");
        return NX_FIT_CONSTANT;
    }
    double ybar = sy / (double)n, fbar = sf / (double)n, sst = 0, sxx = 0;
    for (size_t t = 0; t < n; t++) {
        sst += (y[t] - ybar) * (y[t] - ybar);
        if (market)
            sxx += (f[t] - fbar) * (f[t] - fbar);
    }
    switch (kind) {
    case NX_MODEL_MEAN:
        fit->alpha = ybar;
        break;
    case NX_MODEL_MARKET_ADJ:
        fit->b[0] = 1;
        break;
    case NX_MODEL_MARKET: {
        if (!fvar) {
            WHY("the market returns are constant over the estimation window");
            return NX_FIT_CONSTANT;
        }
        double c0, c1, c00, c01, c11, ss;
        int st = gsl_fit_linear(f, 1, y, 1, n, &c0, &c1, &c00, &c01, &c11, &ss);
        if (st)
            return nx_error_set(err, NX_EDATA, "gsl_fit_linear: %s", gsl_strerror(st));
        fit->alpha = c0;
        fit->b[0] = c1;
        fit->fbar[0] = fbar;
        fit->m[0] = 1 / sxx;
        break;
    }
    case NX_MODEL_FACTORS: {
        if (k < 1 || k > NX_MAXK)
            return nx_error_set(err, NX_EUSAGE, "a factor model needs 1 to %d factors, got %d", NX_MAXK, k);
        /* centred design: F~ (n x k), y~ (n); QR of F~ gives the slopes and R^-1 */
        double *a = work, *yc = work + n * (size_t)k, *res = yc + n;
        for (int j = 0; j < k; j++) {
            fit->fbar[j] = mean_of(f + j, n, (size_t)k);
            for (size_t t = 0; t < n; t++)
                a[t * (size_t)k + (size_t)j] = f[t * (size_t)k + (size_t)j] - fit->fbar[j];
        }
        for (size_t t = 0; t < n; t++)
            yc[t] = y[t] - ybar;
        double tau[NX_MAXK], bx[NX_MAXK], rinv[NX_MAXK * NX_MAXK];
        gsl_matrix_view A = gsl_matrix_view_array(a, n, (size_t)k);
        gsl_vector_view T = gsl_vector_view_array(tau, (size_t)k), B = gsl_vector_view_array(bx, (size_t)k);
        gsl_vector_view Y = gsl_vector_view_array(yc, n), RES = gsl_vector_view_array(res, n);
        int st = gsl_linalg_QR_decomp(&A.matrix, &T.vector);
        if (st)
            return nx_error_set(err, NX_EDATA, "gsl_linalg_QR_decomp: %s", gsl_strerror(st));
        double rmax = 0;
        for (int j = 0; j < k; j++)
            rmax = fmax(rmax, fabs(a[(size_t)j * (size_t)k + (size_t)j]));
        for (int j = 0; j < k; j++)
            if (!(fabs(a[(size_t)j * (size_t)k + (size_t)j]) > 1e-12 * rmax)) {
                WHY("a factor is constant over the estimation window, or the factors are collinear");
                return NX_FIT_CONSTANT;
            }
        st = gsl_linalg_QR_lssolve(&A.matrix, &T.vector, &Y.vector, &B.vector, &RES.vector);
        if (st)
            return nx_error_set(err, NX_EDATA, "gsl_linalg_QR_lssolve: %s", gsl_strerror(st));
        memset(rinv, 0, sizeof rinv);
        for (int i = 0; i < k; i++)
            for (int j = i; j < k; j++)
                rinv[i * k + j] = a[(size_t)i * (size_t)k + (size_t)j];
        gsl_matrix_view R = gsl_matrix_view_array(rinv, (size_t)k, (size_t)k);
        st = gsl_linalg_tri_upper_invert(&R.matrix);
        if (st)
            return nx_error_set(err, NX_EDATA, "gsl_linalg_tri_upper_invert: %s", gsl_strerror(st));
        /* M = R^-1 R^-T */
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int l = i > j ? i : j; l < k; l++)
                    s += rinv[i * k + l] * rinv[j * k + l];
                fit->m[i * k + j] = s;
            }
        fit->alpha = ybar;
        for (int j = 0; j < k; j++) {
            fit->b[j] = bx[j];
            fit->alpha -= bx[j] * fit->fbar[j];
        }
        break;
    }
    }
    /* the residuals (market-adjusted: the ARs, whose variance is taken about their mean) */
    double ssr = 0, arbar = 0;
    for (size_t t = 0; t < n; t++) {
        double e;
        switch (kind) {
        case NX_MODEL_MEAN: e = y[t] - fit->alpha; break;
        case NX_MODEL_MARKET: e = y[t] - (fit->alpha + fit->b[0] * f[t]); break;
        case NX_MODEL_MARKET_ADJ: e = y[t] - f[t]; break;
        default: e = y[t] - nx_fit_expected(fit, f + t * (size_t)fit->k); break;
        }
        if (resid)
            resid[t] = e;
        if (kind == NX_MODEL_MARKET_ADJ)
            arbar += e;
        else
            ssr += e * e;
    }
    if (kind == NX_MODEL_MARKET_ADJ) {
        arbar /= (double)n;
        for (size_t t = 0; t < n; t++) {
            double e = y[t] - f[t] - arbar;
            ssr += e * e;
        }
    }
    fit->s2 = ssr / fit->df;
    if (kind != NX_MODEL_MARKET_ADJ)
        fit->r2 = 1 - ssr / sst;
    if (!(ssr > 1e-20 * sst)) {
        WHY("the model fits the estimation window exactly (zero residual variance)");
        return NX_FIT_CONSTANT;
    }
    return NX_FIT_OK;
}

double nx_fit_expected(const nx_fit *fit, const double *f)
{
    switch (fit->kind) {
    case NX_MODEL_MEAN: return fit->alpha;
    case NX_MODEL_MARKET_ADJ: return f[0];
    default: {
        double e = fit->alpha;
        for (int j = 0; j < fit->k; j++)
            e += fit->b[j] * f[j];
        return e;
    }
    }
}

static double quad(const nx_fit *fit, const double *d)
{
    double q = 0;
    for (int i = 0; i < fit->k; i++)
        for (int j = 0; j < fit->k; j++)
            q += d[i] * fit->m[i * fit->k + j] * d[j];
    return q;
}

double nx_fit_var_factor(const nx_fit *fit, const double *f)
{
    if (fit->kind == NX_MODEL_MARKET_ADJ)
        return 0;
    double d[NX_MAXK];
    for (int j = 0; j < fit->k; j++)
        d[j] = f[j] - fit->fbar[j];
    return 1.0 / (double)fit->l1 + quad(fit, d);
}

double nx_fit_car_factor(const nx_fit *fit, const double *dsum, int l2)
{
    if (fit->kind == NX_MODEL_MARKET_ADJ)
        return 0;
    return (double)l2 * l2 / (double)fit->l1 + quad(fit, dsum);
}
