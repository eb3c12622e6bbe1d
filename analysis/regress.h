/* regress.h: linear regression by least squares (OLS, or WLS with given weights) with GSL, and the
 * standard errors of the coefficients: classical, HC1, HC3 and cluster-robust (CR1).
 *
 *   nx_reg_in in = {n, k, x, y, w, cluster, names};   x: n rows of k values, the intercept a column
 *   nx_error err = {0};
 *   nx_reg *r = nx_reg_fit(&in, &err);   NULL only on a failure (out of memory, GSL): err set
 *   if (r->ok) ... r->coef[j], r->se[NX_SE_HC1][j], r->p[NX_SE_CLUSTER][j] ...
 *   else ... r->reason ...
 *   nx_reg_free(r);
 *
 * Conventions (they are statsmodels' OLS / WLS, so its results can be compared number for number):
 *   rows      a row enters when y and its x are finite and, with weights, its weight is finite and
 *             > 0 (a weight 1/Var of an infinite variance is 0: the row carries no information and is
 *             left out, not counted in N). N = rows that enter.
 *   WLS       every row multiplied by sqrt(w_i) (x*_i = sqrt(w_i) x_i, y*_i = sqrt(w_i) y_i), then
 *             OLS on the whitened rows; e*_i = y*_i - x*_i'b are the whitened residuals. OLS is WLS
 *             with w = 1.
 *   columns   taken in their order; a column that is (numerically) a linear combination of the
 *             columns kept before it (zero, constant beside an intercept, a dummy that duplicates
 *             others, ...) is dropped with a note: |residual of x*_j on the kept columns| <= 1e-10
 *             |x*_j| (two passes of Gram-Schmidt). K = columns kept.
 *   fit       QR of the kept whitened design (gsl_linalg_QR_decomp, _lssolve); (X*'X*)^-1 =
 *             R^-1 R^-T from the triangular inverse of R.
 *   ols       classical: s^2 (X*'X*)^-1, s^2 = SSR / (N - K), SSR = sum e*_i^2.
 *   hc1       (N / (N - K)) (X*'X*)^-1 (sum e*_i^2 x*_i x*_i') (X*'X*)^-1.
 *   hc3       (X*'X*)^-1 (sum (e*_i / (1 - h_i))^2 x*_i x*_i') (X*'X*)^-1, h_i = x*_i'(X*'X*)^-1 x*_i.
 *             Not computed (NAN, se_reason set) when some h_i >= 1 - 1e-10: a row fitted exactly by
 *             a term of its own (a dummy level with one row).
 *   cluster   CR1: c (X*'X*)^-1 (sum_g s_g s_g') (X*'X*)^-1, s_g = sum over the rows of cluster g of
 *             e*_i x*_i, c = G/(G - 1) (N - 1)/(N - K) (statsmodels' cov_type='cluster' with its
 *             default correction). Needs cluster labels and G >= 2 clusters among the rows used.
 *   t, p      t = coef / se; two-sided p from t(N - K) for ols, hc1 and hc3, from t(G - 1) for
 *             cluster (statsmodels with use_t=True: df_resid_inference = G - 1).
 *   R^2       1 - SSR / TSS; with an intercept (a kept column that is the same non-zero value in
 *             every row) TSS = sum w_i (y_i - ybar_w)^2 around the weighted mean ybar_w = sum w_i y_i /
 *             sum w_i, else the uncentred sum w_i y_i^2. Adjusted: 1 - (N - c)/(N - K) (1 - R^2),
 *             c = 1 with an intercept, else 0. NAN when TSS = 0.
 *   not estimated   N <= K given columns (no degree of freedom left; checked before dropping
 *             columns, since with N <= K columns would look collinear only for lack of rows), or
 *             no column kept: ok = 0 and reason says why.
 */
#ifndef NX_REGRESS_H
#define NX_REGRESS_H

#include <stddef.h>

#include "../extractor/base.h"

typedef enum { NX_SE_OLS = 0, NX_SE_HC1, NX_SE_HC3, NX_SE_CLUSTER, NX_NSE } nx_se_kind;

/* "ols", "hc1", "hc3", "cluster": the names used in study.json and regression.csv */
extern const char *const nx_se_names[NX_NSE];

/* The data of a regression; nothing is copied, the arrays must outlive nx_reg_fit only. */
typedef struct nx_reg_in {
    size_t n, k;              /* rows and columns */
    const double *x;          /* n * k, row-major: x[i * k + j]; the caller adds the intercept column */
    const double *y;          /* n */
    const double *w;          /* n weights (WLS), or NULL (OLS) */
    const long *cluster;      /* n cluster labels (equal labels, same cluster), or NULL: no cluster errors */
    const char *const *names; /* k column names for the notes, or NULL ("x1", "x2", ...) */
} nx_reg_in;

typedef struct nx_reg {
    int ok;                   /* 1 estimated, 0 not (reason) */
    char reason[200];         /* why it was not estimated ("" when ok) */
    size_t n_in;              /* rows given */
    size_t n;                 /* rows used (N) */
    size_t n_missing;         /* rows left out: y or an x not finite */
    size_t n_noweight;        /* rows left out: weight zero, negative or not finite */
    size_t k_in;              /* columns given */
    size_t k;                 /* columns kept (K) */
    size_t g;                 /* clusters among the rows used (0 without labels) */
    int has_const;            /* an intercept among the kept columns */
    int *kept;                /* [k_in] 1 kept, 0 dropped */
    double *coef;             /* [k_in] coefficients, NAN for a dropped column */
    double *se[NX_NSE];       /* [k_in] standard errors of each kind, NAN when not computed */
    double *t[NX_NSE];        /* [k_in] */
    double *p[NX_NSE];        /* [k_in] two-sided p-values */
    double df[NX_NSE];        /* degrees of freedom of the t distribution of each kind (NAN if none) */
    const char *se_reason[NX_NSE]; /* static text: why that kind is not computed, NULL when it is */
    double ssr;               /* sum of squared (whitened) residuals */
    double s2;                /* SSR / (N - K) */
    double r2, adj_r2;        /* NAN when not defined */
    char **notes;             /* what was dropped and why, in order; nnotes strings */
    size_t nnotes;
} nx_reg;

/* Fit the regression. Returns a new nx_reg (free with nx_reg_free) whether or not it could be
 * estimated (ok, reason); NULL only when out of memory or when GSL fails, with err set (nothing is
 * left to free). Every allocation goes through nx_malloc. */
nx_reg *nx_reg_fit(const nx_reg_in *in, nx_error *err);
/* Free r and everything it holds; nx_reg_free(NULL) is a no-op. */
void nx_reg_free(nx_reg *r);

#endif
