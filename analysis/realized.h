/* realized.h: the moves the news reported against the moves the prices made (spec/eventstudy.md,
 * "Announcement effect vs reported move").
 *
 * Rows: the firm-events of stock_move events (or of events without a type) that carry a reported
 * change, whose ticker has prices and whose day 0 is in the calendar, whatever their status
 * otherwise (a stock move needs no estimation window). For each:
 *   r_m1, r_0, r_p1  the raw returns (not abnormal) of days -1, 0, +1 in percent; log returns are
 *                    turned into simple ones (exp(r) - 1)
 *   day              the session the story reports: 0, or -1 when the story came after the close or
 *                    on a day without trading (day 0 is then the next session, which the story
 *                    cannot have seen)
 *   realized         the return of that day in percent
 *   diff             reported - realized, for a change in percent (a change in a currency is a price
 *                    change on an unadjusted price, which split-adjusted series cannot check: only its
 *                    direction is compared)
 *   mismatch         the directions differ (both non-zero), or |diff| > tolerance percentage points
 * Summary over the rows with a realized return: correlation (Pearson, percent rows, at least 3),
 * mean absolute difference (percent rows), the share of rows whose directions agree (both non-zero),
 * the number of mismatches.
 */
#ifndef NX_REALIZED_H
#define NX_REALIZED_H

#include "study.h"

typedef struct nx_rvr_row {
    size_t fe;               /* index into s->fe */
    int day;                 /* -1 or 0 */
    double r_m1, r_0, r_p1;  /* percent; NAN when missing */
    double realized;         /* percent; NAN when missing */
    double diff;             /* percent rows only; NAN otherwise */
    int percent;             /* the change is in percent */
    int mismatch;
    char reason[160];        /* why a mismatch, or why there is nothing to compare; "" otherwise */
} nx_rvr_row;

typedef struct nx_rvr {
    nx_rvr_row *rows;
    size_t n;                /* rows */
    size_t n_realized;       /* rows with a realized return */
    size_t n_percent;        /* of those, changes in percent */
    size_t n_direction;      /* of those with a realized return, both moves non-zero */
    size_t mismatches;
    double correlation, mean_abs_diff, direction_agreement; /* NAN when undefined */
    double tolerance;        /* percentage points */
} nx_rvr;

/* Compare the study's reported moves with its prices; tolerance in percentage points (> 0). Returns
 * 0 with *out filled (free with nx_rvr_free), or -1 when out of memory (err set). */
int nx_rvr_run(const nx_study *s, double tolerance, nx_rvr *out, nx_error *err);
void nx_rvr_free(nx_rvr *r);

#endif
