/* realized.c: reported moves against realized returns (see realized.h). */
#include "realized.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* the raw return of calendar day k in percent, NAN when missing or outside the calendar */
static double ret_pct(const nx_study *s, const nx_series *r, long k, int log_returns)
{
    if (k < 0 || (size_t)k >= s->cal.n || k < r->first || k > r->last)
        return NAN;
    double v = r->r[k];
    if (isnan(v))
        return NAN;
    return 100.0 * (log_returns ? expm1(v) : v);
}

static int sign(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

int nx_rvr_run(const nx_study *s, double tolerance, nx_rvr *out, nx_error *err)
{
    memset(out, 0, sizeof *out);
    out->tolerance = tolerance;
    out->correlation = out->mean_abs_diff = out->direction_agreement = NAN;
    size_t cap = 0;
    double sx = 0, sy = 0, sad = 0;
    size_t agree = 0;
    for (size_t i = 0; i < s->nfe; i++) {
        const nx_fe *f = &s->fe[i];
        if (isnan(f->ev.change) || (f->ev.type && strcmp(f->ev.type, "stock_move") != 0))
            continue;
        if (f->series < 0 || f->t0.index < 0)
            continue;
        if (nx_grow((void **)&out->rows, &cap, out->n + 1, sizeof *out->rows))
            return nx_error_nomem(err);
        nx_rvr_row *w = &out->rows[out->n++];
        memset(w, 0, sizeof *w);
        w->fe = i;
        const nx_series *r = &s->series[f->series];
        long d0 = f->t0.index;
        w->r_m1 = ret_pct(s, r, d0 - 1, s->log_returns);
        w->r_0 = ret_pct(s, r, d0, s->log_returns);
        w->r_p1 = ret_pct(s, r, d0 + 1, s->log_returns);
        w->day = f->t0.after_close || f->t0.shift_days > 0 ? -1 : 0;
        w->realized = w->day ? w->r_m1 : w->r_0;
        w->percent = f->ev.change_unit && strcmp(f->ev.change_unit, "percent") == 0;
        w->diff = NAN;
        double rep = f->ev.change;
        if (isnan(w->realized)) {
            snprintf(w->reason, sizeof w->reason, "no return on day %d", w->day);
            continue;
        }
        out->n_realized++;
        if (w->percent) {
            w->diff = rep - w->realized;
            out->n_percent++;
            sx += rep;
            sy += w->realized;
            sad += fabs(w->diff);
        }
        int a = sign(rep), b = sign(w->realized);
        if (a && b) {
            out->n_direction++;
            agree += a == b;
        }
        if (a && b && a != b) {
            w->mismatch = 1;
            snprintf(w->reason, sizeof w->reason, "the news says %s, the shares went %s %.2f%% on day %d",
                     a > 0 ? "up" : "down", b > 0 ? "up" : "down", fabs(w->realized), w->day);
        } else if (w->percent && fabs(w->diff) > tolerance) {
            w->mismatch = 1;
            snprintf(w->reason, sizeof w->reason, "reported %+.2f%%, realized %+.2f%% on day %d (%.2f points apart)",
                     rep, w->realized, w->day, fabs(w->diff));
        }
        out->mismatches += w->mismatch;
    }
    size_t n = out->n_percent;
    if (n) {
        out->mean_abs_diff = sad / (double)n;
        if (n >= 3) {
            /* two passes: deviations from the means */
            double mx = sx / (double)n, my = sy / (double)n, vx = 0, vy = 0, cxy = 0;
            for (size_t i = 0; i < out->n; i++) {
                const nx_rvr_row *w = &out->rows[i];
                if (!w->percent || isnan(w->realized))
                    continue;
                double dx = s->fe[w->fe].ev.change - mx, dy = w->realized - my;
                vx += dx * dx;
                vy += dy * dy;
                cxy += dx * dy;
            }
            if (vx > 0 && vy > 0)
                out->correlation = cxy / sqrt(vx * vy);
        }
    }
    if (out->n_direction)
        out->direction_agreement = (double)agree / (double)out->n_direction;
    return 0;
}

void nx_rvr_free(nx_rvr *r)
{
    nx_free(r->rows);
    memset(r, 0, sizeof *r);
}
