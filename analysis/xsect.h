/* xsect.h: the cross-section of an event study (spec/eventstudy.md, `newsfx study --regress`):
 * the CARs of one window regressed on fields of the events,
 *     CAR_i = g0 + g' x_i + u_i,
 * by OLS, or by WLS with weights 1 / Var(CAR_i) (the full-form variance of study.c), with the
 * classical, HC1, HC3 and firm-clustered (by ticker) errors of regress.h.
 *
 * Rows: the firm-events with status `ok`, in input order. A row that lacks what a regressor needs is
 * dropped and counted under the first regressor (in the order given) that it fails:
 *   log_amount  term "log_amount_usd": the natural log of the amount, for a positive amount in USD
 *               (currency "USD"); another currency, no amount or no currency: "no_usd_amount".
 *   reported    term "reported_pct": the move the news reported, in percent (change_unit "percent";
 *               -2.3 for "fell 2.3%"); anything else: "no_reported_percent".
 *   type, role  dummies "type=<name>", "role=<name>" (a missing type or role is the level "(none)"),
 *               one per level but the base level, in byte order of the names; the base level is the
 *               most frequent among the rows used (ties: the first in byte order), named in a note.
 * Terms in this order: "const", then each regressor's in the order the regressors were given. A term
 * that is constant or collinear with those before it is dropped with a note (regress.h); so is a
 * factor with a single level (a note says so). Clusters: one per ticker.
 */
#ifndef NX_XSECT_H
#define NX_XSECT_H

#include "regress.h"
#include "study.h"

typedef struct nx_xsect {
    size_t window;            /* index of the window in s->o.win */
    int wls;                  /* weights 1 / var_car */
    size_t n_ok;              /* firm-events with status ok */
    size_t n;                 /* rows that have every regressor (N before regress.h leaves any out) */
    size_t dropped[NX_NXR];   /* ok firm-events dropped, by the regressor that lacked its value */
    size_t nterms;            /* terms built (columns, the intercept included) */
    char **terms;             /* their names */
    nx_reg *reg;              /* the fit (NULL when no row is left) */
    char reason[200];         /* why it was not estimated, "" when it was */
    char **notes;             /* the study's notes (bases, single levels), then the fit's */
    size_t nnotes;
} nx_xsect;

/* The names of the regressors as --regressors takes them ("log_amount", "type", "role", "reported")
 * and of the drop reasons ("no_usd_amount", NULL, NULL, "no_reported_percent"). */
extern const char *const nx_xregressor_names[NX_NXR];
extern const char *const nx_xdrop_names[NX_NXR];

/* Run the cross-section of study s with its options (o.regress_window, o.regressors, o.wls). Returns
 * it (free with nx_xsect_free) estimated or with a reason, or NULL with err set (out of memory, a
 * GSL failure). */
nx_xsect *nx_xsect_run(const nx_study *s, nx_error *err);
/* Free x and all it holds; NULL is a no-op. */
void nx_xsect_free(nx_xsect *x);

#endif
