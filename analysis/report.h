/* report.h: a study's outputs as text: study.json and the CSV tables.
 *
 * Numbers are written in the C locale with the shortest form that reads back exactly; a value that
 * is not defined is null in JSON (with a "reason" beside it for statistics, the status and reason
 * for firm-events) and an empty cell in CSV, never NaN.
 *
 * CSV column names of event days and windows: day -1 is m1, day +1 is p1, day 0 is 0; so the AR of
 * day -1 is ar_m1, its p-value p_ar_m1, and the CAR of the window (-1,+1) is car_m1_p1 (p_car_m1_p1).
 *
 * Each function appends to b and returns 0, or -1 when out of memory (b->oom).
 */
#ifndef NX_REPORT_H
#define NX_REPORT_H

#include "study.h"

/* The whole study as one JSON document: settings, summary, firm_events, aar, caar, panel, groups, and
 * with a cross-section (s->xsect, xsect.h) "regression":
 *   {"window":"A,B","y":"car","weights":"ols"|"wls","n":N,"k":K,"clusters":G,
 *    "dropped":{"no_usd_amount":..,"no_reported_percent":..},"r2":..,"adj_r2":..,
 *    "terms":[{"term":"const","coef":..,"se":{"ols":..,"hc1":..,"hc3":..,"cluster":..},"t":{..},"p":{..}},..],
 *    "notes":["..."],"reason":null}
 * terms lists the kept terms only (a dropped one is named in notes); an error kind that could not be
 * computed is null there (its reason in notes). When the regression could not be estimated, reason
 * says why and k, clusters, r2, adj_r2 and terms are null; n is then the rows that had every
 * regressor. */
int nx_report_json(const nx_study *s, nx_buf *b);
/* The same document with only the first max_rows firm-events of status ok and the first max_rows of
 * the others (the summary still counts them all): what report.html shows of a large study. */
int nx_report_json_brief(const nx_study *s, size_t max_rows, nx_buf *b);
/* firm_events.csv: one row per firm-event with its status, model, ARs by day and the windows. */
int nx_report_firm_csv(const nx_study *s, nx_buf *b);
/* aar.csv / caar.csv for a table; with group != NULL a leading `group` column (group_aar.csv ...),
 * header only when header is set. */
int nx_report_aar_csv(const nx_study *s, const nx_table *t, const char *group, int header, nx_buf *b);
int nx_report_caar_csv(const nx_study *s, const nx_table *t, const char *group, int header, nx_buf *b);
/* regression.csv: one row per kept term: term,coef,se_ols,t_ols,p_ols,se_hc1,...,p_cluster,n,k,r2,
 * adj_r2,weights (the last five repeated on every row); the header only when the regression was not
 * estimated (or s->xsect is NULL). */
int nx_report_regression_csv(const nx_study *s, nx_buf *b);

/* reported_vs_realized.csv: one row per stock move the news reported (realized.h). */
int nx_report_rvr_csv(const nx_study *s, nx_buf *b);

#endif
