/* plot.c: the CAAR paths and car.svg (see plot.h). */
#include "plot.h"

#include "numfmt.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- the paths ---- */

/* One path over the ok firm-events of group (NULL: all); idx and x hold s->nfe entries each. */
static int path_for(const nx_study *s, const char *group, nx_path *p, size_t *idx, double *cum, double *x)
{
    size_t m = 0;
    for (size_t i = 0; i < s->nfe; i++) {
        const nx_fe *f = &s->fe[i];
        char buf[256];
        if (f->status != NX_FE_OK || (group && strcmp(nx_study_group_of(s, f, buf, sizeof buf), group) != 0))
            continue;
        idx[m] = i;
        cum[m++] = 0;
    }
    p->group = group ? group : "all";
    p->np = s->nd;
    p->pt = nx_malloc((s->nd ? s->nd : 1) * sizeof *p->pt);
    if (!p->pt)
        return -1;
    for (size_t j = 0; j < s->nd; j++) {
        size_t n = 0;
        for (size_t k = 0; k < m; k++) {
            cum[k] += s->fe[idx[k]].ar[j];
            if (isfinite(cum[k]))
                x[n++] = cum[k];
        }
        nx_path_pt *q = &p->pt[j];
        double mean, sd;
        nx_mean_sd(x, n, &mean, &sd);
        q->day = s->days[j];
        q->n = n;
        q->caar = mean;
        q->lo = q->hi = NAN;
        if (n >= 2 && isfinite(sd)) {
            double half = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sd / sqrt((double)n);
            q->lo = mean - half;
            q->hi = mean + half;
        }
    }
    return 0;
}

int nx_caar_paths(const nx_study *s, nx_paths *ps, nx_error *err)
{
    ps->v = NULL;
    ps->n = 0;
    size_t cap = s->nfe ? s->nfe : 1;
    size_t *idx = nx_malloc(cap * sizeof *idx);
    double *cum = nx_malloc(cap * sizeof *cum), *x = nx_malloc(cap * sizeof *x);
    nx_path *v = nx_calloc(1 + s->ngroups, sizeof *v);
    int rc = -1;
    if (!idx || !cum || !x || !v)
        goto done;
    ps->v = v;
    v = NULL;
    for (size_t k = 0; k <= s->ngroups; k++) {
        ps->n = k + 1;
        if (path_for(s, k ? s->groups[k - 1].name : NULL, &ps->v[k], idx, cum, x))
            goto done;
    }
    rc = 0;
done:
    if (rc) {
        nx_paths_free(ps);
        nx_error_nomem(err);
    }
    nx_free(v);
    nx_free(idx);
    nx_free(cum);
    nx_free(x);
    return rc;
}

void nx_paths_free(nx_paths *ps)
{
    for (size_t k = 0; k < ps->n; k++)
        nx_free(ps->v[k].pt);
    nx_free(ps->v);
    ps->v = NULL;
    ps->n = 0;
}

/* ---- XML text ---- */

/* Length of the well-formed UTF-8 sequence at s[0..n) with its code point in *cp, or 0. */
static size_t utf8_len(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    size_t len;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        *cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        *cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        *cp = c & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        *cp = *cp << 6 | (s[i] & 0x3F);
    }
    if ((len == 3 && *cp < 0x800) || (len == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)))
        return 0; /* overlong or beyond Unicode */
    if (*cp >= 0xD800 && *cp <= 0xDFFF)
        return 0; /* surrogates */
    return len;
}

/* A character XML 1.0 allows in text, and HTML too (no C1 controls). */
static int xml_allowed(unsigned cp)
{
    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\r';
    return !(cp >= 0x80 && cp <= 0x9F) && cp != 0xFFFE && cp != 0xFFFF;
}

void nx_buf_xml_text(nx_buf *b, const char *s, size_t n, size_t max_chars)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t limit = (size_t)-1;
    if (max_chars) {
        size_t total = 0;
        for (size_t i = 0; i < n; total++) {
            unsigned cp;
            size_t l = utf8_len(u + i, n - i, &cp);
            i += l ? l : 1;
        }
        if (total > max_chars)
            limit = max_chars - 1; /* and an ellipsis */
    }
    size_t chars = 0;
    for (size_t i = 0; i < n; chars++) {
        if (chars == limit) {
            nx_buf_adds(b, "\xE2\x80\xA6");
            return;
        }
        unsigned cp;
        size_t l = utf8_len(u + i, n - i, &cp);
        if (!l || !xml_allowed(cp)) {
            nx_buf_adds(b, "\xEF\xBF\xBD"); /* one for a byte that is not UTF-8, one for a character */
            i += l ? l : 1;
            continue;
        }
        switch (u[i]) {
        case '&': nx_buf_adds(b, "&amp;"); break;
        case '<': nx_buf_adds(b, "&lt;"); break;
        case '>': nx_buf_adds(b, "&gt;"); break;
        case '"': nx_buf_adds(b, "&quot;"); break;
        case '\'': nx_buf_adds(b, "&#39;"); break;
        default: nx_buf_add(b, s + i, l);
        }
        i += l;
    }
}

static void xtext(nx_buf *b, const char *s, size_t max_chars)
{
    nx_buf_xml_text(b, s, strlen(s), max_chars);
}

/* ---- the picture ---- */

enum { W = 800, H = 500, PL = 76, PR = 566, PT = 66, PB = 436, LEGX = 582 };

static const char *const COLORS[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                     "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
#define NCOLORS (sizeof COLORS / sizeof COLORS[0])
static const char *const DASHES[] = {NULL, "6 3", "2 2", "8 3 2 3"};

static const char *color_of(size_t k) { return k == 0 ? "#222222" : COLORS[(k - 1) % NCOLORS]; }
static const char *dash_of(size_t k) { return k == 0 ? NULL : DASHES[(k - 1) / NCOLORS % 4]; }

typedef struct scale {
    double d0, d1;  /* days */
    double y0, y1;  /* CAAR, as fractions */
    double off;     /* a series' horizontal offset in pixels (a single day: series side by side) */
} scale;

static double X(const scale *sc, double d) { return PL + (d - sc->d0) / (sc->d1 - sc->d0) * (PR - PL) + sc->off; }
static double Y(const scale *sc, double v) { return PB - (v - sc->y0) / (sc->y1 - sc->y0) * (PB - PT); }

/* a number with 2 decimals; never "-0.00" */
static void coord(nx_buf *b, double v)
{
    char t[40];
    snprintf(t, sizeof t, "%.2f", v);
    nx_buf_adds(b, strcmp(t, "-0.00") == 0 ? "0.00" : t);
}

static void pt(nx_buf *b, char cmd, double x, double y)
{
    nx_buf_addc(b, cmd);
    coord(b, x);
    nx_buf_addc(b, ',');
    coord(b, y);
}

/* A step of 1, 2, 2.5 or 5 times a power of ten, about range / want. */
static double nice_step(double range, double want)
{
    double raw = range / want, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

/* The tick label of v (a fraction) in percent with the decimals the step needs; "−" for minus. */
static void pct_label(nx_buf *b, double v, double step)
{
    int dec = 0;
    double sp = step * 100;
    while (dec < 8 && fabs(sp * pow(10, dec) - nearbyint(sp * pow(10, dec))) > 1e-6)
        dec++;
    char t[64];
    snprintf(t, sizeof t, "%.*f", dec, fabs(v * 100));
    int zero = strspn(t, "0.") == strlen(t);
    if (v < 0 && !zero)
        nx_buf_adds(b, "\xE2\x88\x92");
    nx_buf_adds(b, t);
}

static void int_label(nx_buf *b, long v)
{
    if (v < 0)
        nx_buf_adds(b, "\xE2\x88\x92");
    nx_buf_printf(b, "%ld", v < 0 ? -v : v);
}

/* data-NAME="v v v" with each value's shortest exact text, null where not finite */
static void data_nums(nx_buf *b, const char *name, const nx_path *p, int which)
{
    nx_buf_printf(b, " data-%s=\"", name);
    for (size_t j = 0; j < p->np; j++) {
        const nx_path_pt *q = &p->pt[j];
        if (j)
            nx_buf_addc(b, ' ');
        if (which == 'd') {
            nx_buf_printf(b, "%d", q->day);
        } else if (which == 'n') {
            nx_buf_printf(b, "%zu", q->n);
        } else {
            double v = which == 'c' ? q->caar : which == 'l' ? q->lo : q->hi;
            char t[32];
            nx_buf_adds(b, nx_fmt_double(v, t) ? t : "null");
        }
    }
    nx_buf_addc(b, '"');
}

static size_t path_n(const nx_path *p)
{
    size_t n = 0;
    for (size_t j = 0; j < p->np; j++)
        if (p->pt[j].n > n)
            n = p->pt[j].n;
    return n;
}

/* Points j and j + 1 are on consecutive days (not two windows apart). */
static int next_day(const nx_path *p, size_t j) { return j + 1 < p->np && p->pt[j + 1].day == p->pt[j].day + 1; }

/* The fill opacity of path k's band among n: lighter as the groups get many. */
static double band_opacity(size_t k, size_t n)
{
    if (k == 0)
        return 0.14;
    return n <= 4 ? 0.18 : 0.18 * 3 / (double)(n - 1) < 0.05 ? 0.05 : 0.18 * 3 / (double)(n - 1);
}

/* The band of p: one polygon per run of consecutive days with lo and hi; a lone point gets a narrow
 * bar. */
static void band(nx_buf *b, const scale *sc, const nx_path *p, size_t k, size_t n)
{
    nx_buf_adds(b, "<path class=\"band\" data-group=\"");
    xtext(b, p->group, 0);
    nx_buf_printf(b, "\" fill=\"%s\" fill-opacity=\"%.3f\" stroke=\"none\" d=\"", color_of(k), band_opacity(k, n));
    int first = 1;
    for (size_t j = 0; j < p->np;) {
        if (!isfinite(p->pt[j].lo) || !isfinite(p->pt[j].hi)) {
            j++;
            continue;
        }
        size_t e = j;
        while (next_day(p, e) && isfinite(p->pt[e + 1].lo) && isfinite(p->pt[e + 1].hi))
            e++;
        if (!first)
            nx_buf_addc(b, ' ');
        first = 0;
        if (e == j) {
            double x = X(sc, p->pt[j].day);
            pt(b, 'M', x - 3, Y(sc, p->pt[j].hi));
            pt(b, 'L', x + 3, Y(sc, p->pt[j].hi));
            pt(b, 'L', x + 3, Y(sc, p->pt[j].lo));
            pt(b, 'L', x - 3, Y(sc, p->pt[j].lo));
        } else {
            for (size_t i = j; i <= e; i++)
                pt(b, i == j ? 'M' : 'L', X(sc, p->pt[i].day), Y(sc, p->pt[i].hi));
            for (size_t i = e + 1; i-- > j;)
                pt(b, 'L', X(sc, p->pt[i].day), Y(sc, p->pt[i].lo));
        }
        nx_buf_addc(b, 'Z');
        j = e + 1;
    }
    nx_buf_adds(b, "\"/>\n");
}

static void line(nx_buf *b, const scale *sc, const nx_path *p, size_t k)
{
    nx_buf_adds(b, "<path class=\"caar\" data-group=\"");
    xtext(b, p->group, 0);
    nx_buf_addc(b, '"');
    data_nums(b, "day", p, 'd');
    data_nums(b, "caar", p, 'c');
    data_nums(b, "lo", p, 'l');
    data_nums(b, "hi", p, 'h');
    data_nums(b, "n", p, 'n');
    nx_buf_printf(b, " fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-linejoin=\"round\"", color_of(k),
                  k ? "2" : "2.5");
    if (dash_of(k))
        nx_buf_printf(b, " stroke-dasharray=\"%s\"", dash_of(k));
    nx_buf_adds(b, " d=\"");
    int pen = 0, any = 0, gaps = 0;
    for (size_t j = 0; j < p->np; j++) {
        if (!isfinite(p->pt[j].caar)) {
            pen = 0;
            continue;
        }
        if (any)
            nx_buf_addc(b, ' ');
        pt(b, pen ? 'L' : 'M', X(sc, p->pt[j].day), Y(sc, p->pt[j].caar));
        pen = any = 1;
        if (!next_day(p, j)) {
            pen = 0;
            gaps |= j + 1 < p->np && isfinite(p->pt[j + 1].caar);
        }
    }
    nx_buf_adds(b, "\"><title>");
    xtext(b, p->group, 0);
    nx_buf_printf(b, " (N = %zu)</title></path>\n", path_n(p));
    if (gaps) {
        /* across the days between two windows (not summed): a dotted line */
        nx_buf_printf(b, "<path class=\"gap\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\" stroke-opacity=\"0.7\""
                         " stroke-dasharray=\"1 3\" d=\"",
                      color_of(k));
        int first = 1;
        for (size_t j = 0; j + 1 < p->np; j++) {
            if (next_day(p, j) || !isfinite(p->pt[j].caar) || !isfinite(p->pt[j + 1].caar))
                continue;
            if (!first)
                nx_buf_addc(b, ' ');
            first = 0;
            pt(b, 'M', X(sc, p->pt[j].day), Y(sc, p->pt[j].caar));
            pt(b, 'L', X(sc, p->pt[j + 1].day), Y(sc, p->pt[j + 1].caar));
        }
        nx_buf_adds(b, "\"/>\n");
    }
    if (p->np > 60)
        return;
    for (size_t j = 0; j < p->np; j++) {
        if (!isfinite(p->pt[j].caar))
            continue;
        nx_buf_adds(b, "<circle class=\"point\" cx=\"");
        coord(b, X(sc, p->pt[j].day));
        nx_buf_adds(b, "\" cy=\"");
        coord(b, Y(sc, p->pt[j].caar));
        nx_buf_printf(b, "\" r=\"%s\" fill=\"%s\"/>\n", k ? "2.5" : "3", color_of(k));
    }
}

void nx_plot_subtitle(char *out, size_t size, const char *model, int est_a, int est_b)
{
    snprintf(out, size, "%s model, estimation window [%d, %d]", model ? model : "?", est_a, est_b);
}

int nx_svg_caar(const nx_path *p, size_t n, const char *subtitle, int standalone, nx_buf *b)
{
    /* the scales: the days of the paths; the values, 0 included */
    scale sc = {0, 0, 0, 0, 0};
    int have_day = 0, have_val = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t j = 0; j < p[k].np; j++) {
            const nx_path_pt *q = &p[k].pt[j];
            if (!have_day || q->day < sc.d0)
                sc.d0 = q->day;
            if (!have_day || q->day > sc.d1)
                sc.d1 = q->day;
            have_day = 1;
            const double v[3] = {q->caar, q->lo, q->hi};
            for (int i = 0; i < 3; i++)
                if (isfinite(v[i])) {
                    sc.y0 = v[i] < sc.y0 ? v[i] : sc.y0;
                    sc.y1 = v[i] > sc.y1 ? v[i] : sc.y1;
                    have_val = 1;
                }
        }
    int single = sc.d1 == sc.d0;
    if (single) {
        sc.d0 -= 1;
        sc.d1 += 1;
    }
    if (!(sc.y1 - sc.y0 > 1e-12)) {
        sc.y0 = -0.01;
        sc.y1 = 0.01;
    }
    double ystep = nice_step(sc.y1 - sc.y0, 6);
    sc.y0 = floor(sc.y0 / ystep + 1e-9) * ystep;
    sc.y1 = ceil(sc.y1 / ystep - 1e-9) * ystep;
    /* day ticks: every day up to 12 days, else a round step */
    static const double XSTEPS[] = {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000};
    double xstep = XSTEPS[0];
    for (size_t i = 0; i < sizeof XSTEPS / sizeof XSTEPS[0] && (sc.d1 - sc.d0) / XSTEPS[i] > 12; i++)
        xstep = i + 1 < sizeof XSTEPS / sizeof XSTEPS[0] ? XSTEPS[i + 1] : XSTEPS[i];

    if (standalone)
        nx_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"");
    else
        nx_buf_adds(b, "<svg class=\"car\"");
    nx_buf_printf(b, " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
                     " font-family=\"DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif\" font-size=\"12\">\n",
                  W, H, W, H);
    nx_buf_adds(b, "<title>CAAR over event time with 95% confidence bands</title>\n"
                   "<desc>Cumulative average abnormal return from the first event day to each day, for all firm-events "
                   "and per group; shaded: CAAR plus or minus t(0.975, N-1) times the cross-sectional standard "
                   "deviation of the CARs over the square root of N.</desc>\n");
    nx_buf_printf(b, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", W, H);
    nx_buf_printf(b, "<text class=\"title\" x=\"%d\" y=\"26\" font-size=\"17\" font-weight=\"bold\" fill=\"#111111\">"
                     "Cumulative average abnormal return (CAAR), 95%% band</text>\n",
                  PL);
    if (subtitle && *subtitle) {
        nx_buf_printf(b, "<text class=\"subtitle\" x=\"%d\" y=\"46\" fill=\"#555555\">", PL);
        xtext(b, subtitle, 110);
        nx_buf_adds(b, "</text>\n");
    }

    /* grid, ticks and labels */
    nx_buf_adds(b, "<g class=\"axes\" stroke=\"none\" fill=\"#333333\">\n");
    long ny = lround((sc.y1 - sc.y0) / ystep);
    for (long i = 0; i <= ny; i++) {
        double v = sc.y0 + (double)i * ystep, y = Y(&sc, v);
        nx_buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"", PL, PR);
        coord(b, y);
        nx_buf_adds(b, "\" y2=\"");
        coord(b, y);
        nx_buf_adds(b, "\" stroke=\"#e4e4e4\" stroke-width=\"1\"/>\n");
        nx_buf_printf(b, "<text class=\"ytick\" x=\"%d\" y=\"", PL - 8);
        coord(b, y + 4);
        nx_buf_adds(b, "\" text-anchor=\"end\">");
        pct_label(b, v, ystep);
        nx_buf_adds(b, "</text>\n");
    }
    for (double d = ceil(sc.d0 / xstep) * xstep; d <= sc.d1 + 1e-9; d += xstep) {
        double x = X(&sc, d);
        nx_buf_adds(b, "<line x1=\"");
        coord(b, x);
        nx_buf_adds(b, "\" x2=\"");
        coord(b, x);
        nx_buf_printf(b, "\" y1=\"%d\" y2=\"%d\" stroke=\"#555555\" stroke-width=\"1\"/>\n", PB, PB + 5);
        nx_buf_adds(b, "<text class=\"xtick\" x=\"");
        coord(b, x);
        nx_buf_printf(b, "\" y=\"%d\" text-anchor=\"middle\">", PB + 19);
        int_label(b, lround(d));
        nx_buf_adds(b, "</text>\n");
    }
    nx_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888888\"/>\n", PL, PT,
                  PR - PL, PB - PT);
    nx_buf_printf(b, "<text class=\"xlabel\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                     "Event day (trading days relative to day 0)</text>\n",
                  (PL + PR) / 2, H - 22);
    nx_buf_printf(b, "<text class=\"ylabel\" x=\"0\" y=\"0\" transform=\"translate(20 %d) rotate(-90)\""
                     " text-anchor=\"middle\">CAAR (%%)</text>\n",
                  (PT + PB) / 2);
    nx_buf_adds(b, "</g>\n");

    /* the zero line and day 0 */
    nx_buf_printf(b, "<line class=\"zero\" x1=\"%d\" x2=\"%d\" y1=\"", PL, PR);
    coord(b, Y(&sc, 0));
    nx_buf_adds(b, "\" y2=\"");
    coord(b, Y(&sc, 0));
    nx_buf_adds(b, "\" stroke=\"#333333\" stroke-width=\"1.2\"/>\n");
    if (sc.d0 <= 0 && sc.d1 >= 0) {
        nx_buf_adds(b, "<line class=\"day0\" x1=\"");
        coord(b, X(&sc, 0));
        nx_buf_adds(b, "\" x2=\"");
        coord(b, X(&sc, 0));
        nx_buf_printf(b, "\" y1=\"%d\" y2=\"%d\" stroke=\"#777777\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>\n",
                      PT, PB);
    }

    /* bands under lines */
    scale ss = sc;
    nx_buf_adds(b, "<g class=\"bands\">\n");
    for (size_t k = 0; k < n; k++) {
        ss.off = single ? ((double)k - (double)(n - 1) / 2) * 10 : 0;
        band(b, &ss, &p[k], k, n);
    }
    nx_buf_adds(b, "</g>\n<g class=\"lines\">\n");
    for (size_t k = n; k-- > 0;) { /* "all" last, on top */
        ss.off = single ? ((double)k - (double)(n - 1) / 2) * 10 : 0;
        line(b, &ss, &p[k], k);
    }
    nx_buf_adds(b, "</g>\n");
    if (!have_val)
        nx_buf_printf(b, "<text class=\"empty\" x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"15\" "
                         "fill=\"#555555\">no firm-event with status ok</text>\n",
                      (PL + PR) / 2, (PT + PB) / 2 - 24);

    /* legend */
    nx_buf_printf(b, "<g class=\"legend\" font-size=\"11\">\n"
                     "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">Group (N)</text>\n",
                  LEGX, PT + 4);
    size_t room = (size_t)(PB - PT - 20) / 20;
    for (size_t k = 0; k < n; k++) {
        int y = PT + 24 + 20 * (int)k;
        if (k + 1 == room && n > room) {
            nx_buf_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"#555555\">and %zu more</text>\n", LEGX, y + 4, n - k);
            break;
        }
        nx_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"24\" height=\"12\" fill=\"%s\" fill-opacity=\"%s\"/>\n",
                      LEGX, y - 6, color_of(k), k ? "0.18" : "0.14");
        nx_buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"", LEGX,
                      LEGX + 24, y, y, color_of(k), k ? "2" : "2.5");
        if (dash_of(k))
            nx_buf_printf(b, " stroke-dasharray=\"%s\"", dash_of(k));
        nx_buf_printf(b, "/>\n<text class=\"entry\" x=\"%d\" y=\"%d\">", LEGX + 32, y + 4);
        xtext(b, p[k].group, 22);
        nx_buf_printf(b, " (%zu)</text>\n", path_n(&p[k]));
    }
    nx_buf_adds(b, "</g>\n</svg>\n");
    return b->oom ? -1 : 0;
}
