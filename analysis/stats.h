/* stats.h: the test statistics of an event study (spec/eventstudy.md), each with a two-sided p-value.
 *
 * Two layers:
 *   - small tests on an array (t, sign, Wilcoxon, skewness-adjusted t, ranks, p-values from GSL);
 *   - nx_table_compute: every statistic of the spec for each event day (AAR) and each window (CAAR)
 *     over a panel of N firm-events (all `ok` rows, or one group).
 *
 * A statistic that cannot be computed (N too small, zero variance, ...) has value = p = NAN and a
 * reason; report writers print it as null with the reason, never NaN.
 *
 * Conventions (N firm-events; L1_i estimation days of firm-event i; L2 days in a window):
 *   csect_t      mean / (sd / sqrt N), sd with N - 1; t(N - 1).
 *   bw_cda_t     Brown-Warner (1985) crude dependence adjustment: A_t = mean over firm-events of the
 *                estimation residuals on relative day t (the firm-events observed that day);
 *                S_A = sd of A_t over the T_A estimation days with an observation (T_A - 1);
 *                t = AAR / S_A, CAAR / (sqrt(L2) S_A); t(T_A - 1).
 *   patell_z     sum SAR / sqrt(sum df_i / (df_i - 2)) (df_i = L1_i - 2 for the market model, the
 *                variance of a t(df_i) variable); CAAR: the SCARs. N(0,1).
 *   bmp_t        Boehmer-Musumeci-Poulsen (1991): csect_t of the SARs (SCARs); t(N - 1).
 *   kp_patell_z  Kolari-Pynnonen (2010): patell_z / sqrt(1 + (N - 1) r); N(0,1).
 *   kp_bmp_t     bmp_t * sqrt((1 - r) / (1 + (N - 1) r)); t(N - 1).
 *                r is the mean pairwise correlation of the estimation residuals, aligned by relative
 *                day (firm-events sharing day 0 are compared on the same calendar days; for
 *                firm-events far apart the lagged correlation is ~0, which is what the covariance of
 *                their event-day SARs is). Computed pooled, in O(N L1): each firm-event's residuals
 *                standardised over its own window, z = (e - mean) / sd (sd with L1_i), and
 *                r = sum_t sum_{i != j} z_it z_jt / sum_t n_t (n_t - 1), n_t the firm-events observed
 *                on day t. Without missing days this equals the mean of the N(N - 1)/2 Pearson
 *                correlations exactly; with missing days each pair is weighted by its common days.
 *   sign_z       (w - N/2) / sqrt(N/4), w = number of ARs (CARs) > 0. N(0,1).
 *   gsign_z      Cowan (1992): p = mean over firm-events of the share of positive estimation ARs;
 *                (w - N p) / sqrt(N p (1 - p)). N(0,1).
 *   rank_z       Corrado (1989) in the Corrado-Zivney (1992) form for missing data: for each
 *                firm-event the ARs of the estimation window and the event days are ranked together
 *                (ties: mean rank), U_it = K_it / (1 + M_i) - 1/2, M_i = its number of ARs;
 *                Z_t = sum_i U_it / sqrt(N_t) over the firm-events observed on day t;
 *                S_U = sqrt(mean of Z_t^2 over the T days with an observation);
 *                day: Z_0 / S_U; window: sum of Z_t over its days / (sqrt(L2) S_U) (Cowan 1992,
 *                Campbell-Wasley 1993). N(0,1).
 *   grank_t      Kolari-Pynnonen (2011) GRANK-T: the window collapsed to SCAR_i, re-standardised by
 *                the cross-sectional sd of the SCARs (N - 1): GSAR_i0 = SCAR_i / S_SCAR; estimation
 *                days: GSAR_it = AR_it / s_i. U_it = rank(GSAR_it) / (T_i + 1) - 1/2 among firm-event
 *                i's T_i = L1_i + 1 values; Ubar_t = mean over the firm-events observed on day t;
 *                S = sqrt(1/T sum_t (N_t / N) Ubar_t^2) over the T = (estimation days observed) + 1
 *                days (day 0 included); Z = Ubar_0 / S; t = Z sqrt((T - 2) / (T - 1 - Z^2)); t(T - 2).
 *                For a single day the collapsed value is the day's SAR.
 *   skew_t       Hall (1992) skewness-adjusted t in the form of Lyon, Barber and Tsai (1999):
 *                S = mean / sd (N - 1), g = sum (x - mean)^3 / (N sd^3),
 *                t = sqrt(N) (S + g S^2 / 3 + g^2 S^3 / 27 + g / (6 N)); N(0,1). On ARs (day),
 *                CARs (window) and, as skew_t_bhar, BHARs.
 *   wilcoxon     signed-rank statistic W+ (sum of the ranks of |x| of the positive values; zeros
 *                dropped, ties: mean ranks). n <= 50 non-zero values: exact p from the permutation
 *                distribution (with the mean ranks, so exact with ties too); else the normal
 *                approximation with the tie correction and no continuity correction.
 *   bootstrap    resample the N firm-events B times with replacement, the mean of each resample
 *                (the same resamples for every day and window); resample b = 0..B-1 draws its N
 *                indices with gsl_rng_uniform_int from GSL's taus2 (L'Ecuyer's maximally
 *                equidistributed combined Tausworthe generator, period 2^88) seeded with
 *                nx_boot_seed(--seed, b) = low 32 bits of splitmix64(splitmix64(seed) + b), so the
 *                resamples are independent of each other and of the number of threads; percentile
 *                95% interval (quantiles 0.025 and 0.975 with linear interpolation at (B - 1) f);
 *                p = min(1, 2 (min(#{mean* <= 0}, #{mean* >= 0}) + 1) / (B + 1)).
 * p-values: t from the regularised incomplete beta function (gsl_sf_beta_inc), N(0,1) from
 * gsl_cdf_ugaussian_Q, both two-sided.
 */
#ifndef NX_STATS_H
#define NX_STATS_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "../extractor/base.h"
#include "eventtime.h"

/* ---- p-values ---- */

/* Two-sided p-value of t under t(df), df > 0 (NAN otherwise). */
double nx_p_t(double t, double df);
/* Two-sided p-value of z under N(0,1). */
double nx_p_z(double z);

/* ---- one statistic ---- */

#define NX_STAT_MAXX 3

typedef struct nx_stat {
    double value;            /* NAN: not computed, see reason */
    double p;                /* two-sided p-value (NAN with value) */
    double df;               /* degrees of freedom of a t statistic, else NAN */
    const char *reason;      /* static text, set when value is NAN */
    const char *method;      /* wilcoxon: "exact" or "normal"; else NULL */
    int nx;                  /* extra numbers, written beside value and p */
    const char *xname[NX_STAT_MAXX];
    double x[NX_STAT_MAXX];
} nx_stat;

/* Mark s as not computed, with a reason (a static string). */
void nx_stat_null(nx_stat *s, const char *reason);

/* ---- tests on an array ---- */

/* mean and sample standard deviation (N - 1; NAN when n < 2) */
void nx_mean_sd(const double *x, size_t n, double *mean, double *sd);
/* cross-sectional t: mean / (sd / sqrt n), t(n - 1) */
void nx_test_csect(const double *x, size_t n, nx_stat *s);
/* sign test: w = #(x > 0) */
void nx_test_sign(const double *x, size_t n, nx_stat *s);
/* generalized sign test with share p of positive values under the null */
void nx_test_gsign(const double *x, size_t n, double p, nx_stat *s);
/* skewness-adjusted t (Hall 1992 / Lyon-Barber-Tsai 1999) */
void nx_test_skew(const double *x, size_t n, nx_stat *s);
/* Wilcoxon signed-rank; scratch holds 5 n doubles. */
void nx_test_wilcoxon(const double *x, size_t n, double *scratch, nx_stat *s);
/* Average ranks (1-based, ties share the mean rank) of v[0..n) into rank; scratch holds 4 n
 * doubles. */
void nx_avg_ranks(const double *v, size_t n, double *rank, double *scratch);
/* Sort pairs (key, payload) by key ascending, stable (payload an index, stored as a double); tmp
 * holds 2 n doubles. */
void nx_sort_pairs(double *pairs, size_t n, double *tmp);

/* ---- the tables of an event study ---- */

/* What the statistics need of one firm-event (all arrays owned by the caller). */
typedef struct nx_panel_fe {
    const double *ar, *sar;          /* [nd] abnormal returns and standardised ARs on the event days */
    const double *car, *scar, *bhar; /* [nw] per window */
    const double *est;               /* [le] estimation residuals by relative day, NAN when missing */
    /* ranks are stored doubled (ranks are whole or half numbers): 2 K, 0 where no AR */
    const uint16_t *krank_est;       /* [le] Corrado ranks K of the estimation ARs (est + event days
                                        ranked together) */
    const uint16_t *krank_evt;       /* [nd] Corrado ranks of the event-day ARs */
    const uint16_t *grank;           /* [le] ranks among the estimation ARs only (GRANK) */
    size_t l1;                       /* estimation residuals observed */
    double s;                        /* residual standard deviation (sqrt s^2) */
    double df;                       /* residual degrees of freedom */
    double est_mean, est_sd;         /* mean and sd (divisor l1) of the residuals: KP's z */
    double ppos;                     /* share of positive estimation residuals (Cowan) */
} nx_panel_fe;

typedef struct nx_panel {
    const nx_panel_fe *const *fe;    /* the N firm-events */
    size_t n;
    size_t le;                       /* relative estimation days e1..e2 */
    size_t nd;                       /* event days: days[0..nd), increasing */
    const int *days;
    size_t nw;                       /* windows, each a run of event days */
    const nx_window *win;
} nx_panel;

enum {
    NX_ST_CSECT, NX_ST_BWCDA, NX_ST_PATELL, NX_ST_BMP, NX_ST_KP_PATELL, NX_ST_KP_BMP, NX_ST_SIGN,
    NX_ST_GSIGN, NX_ST_RANK, NX_ST_GRANK, NX_ST_SKEW, NX_ST_WILCOXON, NX_ST_BOOT, NX_NSTAT
};
extern const char *const nx_stat_names[NX_NSTAT];

/* One AAR day or CAAR window. */
typedef struct nx_row {
    double mean;          /* AAR or CAAR */
    double abhar;         /* windows: mean BHAR */
    size_t n;
    nx_stat st[NX_NSTAT];
    nx_stat csect_bhar, skew_bhar; /* windows only */
} nx_row;

typedef struct nx_table {
    nx_row *aar;          /* [nd] */
    nx_row *caar;         /* [nw] */
    size_t nd, nw, n;
    double kp_r;          /* KP's mean residual correlation (NAN when N < 2) */
    double kp_weight;     /* sum over days of n_t (n_t - 1): the pairs-days behind kp_r */
    double bw_sa;         /* Brown-Warner S_A */
    double bw_df;
    double rank_su;       /* Corrado-Zivney S_U */
    double gsign_p;       /* Cowan's share of positive estimation ARs */
} nx_table;

typedef struct nx_table_opts {
    long bootstrap;       /* resamples (0: no bootstrap) */
    unsigned long seed;
    int threads;          /* > 1: the bootstrap may run in a thread of its own */
} nx_table_opts;

/* Compute every statistic of the panel. Returns 0, or -1 with err set (out of memory, a GSL
 * failure); free *out with nx_table_free in any case. */
int nx_table_compute(const nx_panel *p, const nx_table_opts *o, nx_table *out, nx_error *err);
void nx_table_free(nx_table *t);

#define NX_BOOT_MAXPARTS 64

/* The seed of bootstrap resample b (see above). */
unsigned long nx_boot_seed(unsigned long seed, size_t b);
/* For the tests: count draws as the bootstrap makes them (gsl_rng_uniform_int(r, n) without its
 * division) into out; returns GSL's scale. */
unsigned long nx_boot_draw_test(gsl_rng *r, unsigned long n, size_t count, unsigned long *out);

#endif
