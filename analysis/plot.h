/* plot.h: the CAAR path over event time with its 95% band, and its picture (car.svg).
 *
 *   nx_paths ps;
 *   if (nx_caar_paths(s, &ps, &err)) ...          ps.v[0] is "all", then one per group (s->groups)
 *   nx_svg_caar(ps.v, ps.n, subtitle, 1, &b);     a standalone SVG document into b
 *   nx_paths_free(&ps);
 *
 * The path of a set of N firm-events (the `ok` ones of the study or of a group), over the relative
 * event days d_0 < d_1 < ... of s->days (the union of the event windows):
 *   CAR_i(t) = the sum of AR_i over the days d_0..t of s->days (a day between two windows that is
 *              not an event day is not summed);
 *   CAAR(t)  = mean over i of CAR_i(t);
 *   lo, hi   = CAAR(t) -/+ t_{0.975, N-1} * sd_i(CAR_i(t)) / sqrt(N), sd with the divisor N - 1
 *              (the t quantile from GSL's gsl_cdf_tdist_Pinv).
 * A firm-event whose CAR_i(t) is not finite is left out from t on (n counts the rest; an `ok`
 * firm-event has every event-day AR, so n is N throughout). CAAR is NAN when n = 0, lo and hi are NAN
 * when n < 2; writers print them as null.
 *
 * The SVG is written by hand: a fixed 800 x 500 viewBox, a line per path and its band shaded, axes
 * with ticks (event day; CAAR in %), the zero line, a legend and a title. Every number is printed
 * with a fixed format in the C locale, so the same paths give the same bytes. Each path's line
 * carries its exact numbers in data-* attributes (data-day, data-caar, data-lo, data-hi, data-n: one
 * value per day, separated by spaces, `null` where undefined; the shortest text that reads back to
 * the same double), so that a reader need not invert the pixel coordinates.
 */
#ifndef NX_PLOT_H
#define NX_PLOT_H

#include <stddef.h>

#include "../extractor/base.h"
#include "study.h"

typedef struct nx_path_pt {
    int day;            /* relative event day */
    size_t n;           /* firm-events behind the point */
    double caar, lo, hi;
} nx_path_pt;

typedef struct nx_path {
    const char *group;  /* "all" or the group's name (not owned: the study's or the caller's) */
    nx_path_pt *pt;     /* [np], owned */
    size_t np;
} nx_path;

typedef struct nx_paths {
    nx_path *v;         /* [n], owned */
    size_t n;
} nx_paths;

/* The CAAR paths of the study: v[0] over every `ok` firm-event ("all"), then one per group in the
 * order of s->groups (the group's `ok` firm-events). Returns 0, or -1 with err set (out of memory;
 * *ps is then empty). Free with nx_paths_free in any case. */
int nx_caar_paths(const nx_study *s, nx_paths *ps, nx_error *err);
/* Release the points and the array; ps is left empty. nx_paths_free on an empty set is a no-op. */
void nx_paths_free(nx_paths *ps);

/* Append the picture of the paths p[0..n) to b (p[0] drawn in black, the others in a palette of
 * colours). subtitle (may be NULL) is a line under the title. standalone: an SVG document (XML
 * declaration, the SVG namespace) for a file; else an <svg> element to inline in HTML. Returns 0, or
 * -1 when out of memory (b->oom). */
int nx_svg_caar(const nx_path *p, size_t n, const char *subtitle, int standalone, nx_buf *b);

/* The line under the picture's title: "<model> model, estimation window [a, b]" into out[0..size). */
void nx_plot_subtitle(char *out, size_t size, const char *model, int est_a, int est_b);

/* Append s[0..n) as XML/HTML text, fit for element content and for quoted attribute values: & < > "
 * and ' escaped; a byte that is not part of valid UTF-8, a control character other than tab, line
 * feed and carriage return, and U+FFFE/U+FFFF (none of them allowed in XML 1.0) each become U+FFFD.
 * max_chars > 0: at most that many characters, the rest replaced by an ellipsis. */
void nx_buf_xml_text(nx_buf *b, const char *s, size_t n, size_t max_chars);

#endif
