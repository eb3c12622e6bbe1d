/* models.h: models of normal returns, estimated on an estimation window by OLS (GSL).
 *
 *   market           R_t = a + b Rm_t + e_t                 df = L1 - 2
 *   market-adjusted  AR_t = R_t - Rm_t (nothing estimated)  df = L1 - 1, s^2 from the window's ARs
 *   mean             R_t = mu + e_t                         df = L1 - 1
 *   factors          R_t - rf_t = a + sum_k b_k F_kt + e_t  df = L1 - K - 1
 *
 * Every model is a regression on an intercept and K regressors f_t (market: K = 1, f = Rm; mean:
 * K = 0; factors: the K factors). The fit keeps what the prediction-error variance needs, with the
 * regressors centred on their estimation-window means fbar, where (X'X)^-1 is block diagonal:
 *   x_t' (X'X)^-1 x_t = 1/L1 + (f_t - fbar)' M (f_t - fbar),   M = (F~'F~)^-1, F~ the centred F.
 * For the market model this is 1/L1 + (Rm_t - m)^2 / sum_E (Rm_u - m)^2, MacKinlay (1997) eq. (7).
 * The market-adjusted model has no estimation error: its variance factor is 0.
 */
#ifndef NX_MODELS_H
#define NX_MODELS_H

#include <stddef.h>

#include "../extractor/base.h"

#define NX_MAXK 8 /* most regressors a model may have (factors) */

typedef enum { NX_MODEL_MARKET = 0, NX_MODEL_MARKET_ADJ, NX_MODEL_MEAN, NX_MODEL_FACTORS } nx_model_kind;

extern const char *const nx_model_names[4]; /* "market", "market-adjusted", "mean", "factors" */

typedef struct nx_fit {
    int kind;                 /* nx_model_kind */
    int k;                    /* regressors besides the intercept */
    size_t l1;                /* estimation days used */
    int df;                   /* residual degrees of freedom */
    double alpha;             /* intercept (market-adjusted: 0) */
    double b[NX_MAXK];        /* slopes (market: beta; market-adjusted: b[0] = 1, not estimated) */
    double fbar[NX_MAXK];     /* estimation-window means of the regressors */
    double m[NX_MAXK * NX_MAXK]; /* M = (F~'F~)^-1, row-major k x k */
    double s2;                /* residual variance SSR / df */
    double r2;                /* R^2 of the estimation regression (NAN when not defined) */
} nx_fit;

/* Why a model could not be estimated. */
enum { NX_FIT_OK = 0, NX_FIT_SHORT = 1, NX_FIT_CONSTANT = 2 };

/* Estimate the model on n days: y[t] the returns (for factors: excess returns), f[t*k + j] the j-th
 * regressor on day t (market: Rm; factors: F; unused for mean; market-adjusted: Rm). No value may be
 * missing (the caller drops such days). Returns NX_FIT_OK, NX_FIT_SHORT (n <= parameters: df < 1),
 * NX_FIT_CONSTANT (returns without variance, a regressor without variance or collinear regressors,
 * or a perfect fit: s^2 = 0), or -1 with err set (a GSL failure). work must hold n * (k + 2)
 * doubles. When the model is estimated and resid is not NULL, resid[t] = y[t] - expected return
 * (market-adjusted: y - Rm, the AR). why (whylen bytes, may be NULL) says why it was not. */
int nx_fit_model(nx_model_kind kind, int k, const double *y, const double *f, size_t n, double *work, nx_fit *fit,
                 double *resid, char *why, size_t whylen, nx_error *err);

/* The expected return on a day with regressors f (k values; market-adjusted: f[0] = Rm). */
double nx_fit_expected(const nx_fit *fit, const double *f);
/* The prediction-error factor x'(X'X)^-1 x of one day (so Var(AR) = s^2 (1 + factor)). */
double nx_fit_var_factor(const nx_fit *fit, const double *f);
/* The full-form CAR factor over L2 days, given dsum = sum over the window's days of (f_t - fbar):
 * 1'X*(X'X)^-1 X*'1 = L2^2 / L1 + dsum' M dsum  (market-adjusted: 0), so Var(CAR) = s^2 (L2 + factor).
 * Summing the daily factors instead would miss the covariance of the days' prediction errors. */
double nx_fit_car_factor(const nx_fit *fit, const double *dsum, int l2);

#endif
