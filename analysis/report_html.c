/* report_html.c: report.html from study.json (see report_html.h). */
#include "report_html.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot.h"

#define DASH "\xE2\x80\x94" /* an em dash: no value */
#define MAX_ROWS NX_HTML_MAX_ROWS

/* ---- reading the document ---- */

static json_t *get(const json_t *o, const char *k) { return json_is_object(o) ? json_object_get(o, k) : NULL; }

static double num(const json_t *o, const char *k)
{
    json_t *v = get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *str(const json_t *o, const char *k) { return json_string_value(get(o, k)); }

/* ---- text and numbers ---- */

static void esc(nx_buf *b, const char *s)
{
    if (s)
        nx_buf_xml_text(b, s, strlen(s), 0);
}

static void esc_json(nx_buf *b, const json_t *v) { nx_buf_xml_text(b, json_string_value(v), json_string_length(v), 0); }

/* "—" for a value that is not there, with the reason (if any) as a tooltip */
static void na(nx_buf *b, const char *reason)
{
    if (reason) {
        nx_buf_adds(b, "<span class=\"na\" title=\"");
        esc(b, reason);
        nx_buf_adds(b, "\">" DASH "</span>");
    } else {
        nx_buf_adds(b, "<span class=\"na\">" DASH "</span>");
    }
}

/* v with dec decimals (never "-0.000"); very large values in exponent form */
static void fixed(nx_buf *b, double v, int dec)
{
    char t[64];
    if (fabs(v) >= 1e15)
        snprintf(t, sizeof t, "%.4g", v);
    else
        snprintf(t, sizeof t, "%.*f", dec, v);
    const char *s = t;
    if (t[0] == '-' && strspn(t + 1, "0.") == strlen(t + 1))
        s++;
    nx_buf_adds(b, s);
}

/* a fraction as a percentage: 0.04994 -> 4.994% */
static void pct(nx_buf *b, double v, int dec, const char *reason)
{
    if (!isfinite(v))
        return na(b, reason);
    fixed(b, v * 100, dec);
    nx_buf_addc(b, '%');
}

static void pval(nx_buf *b, double p)
{
    if (!isfinite(p))
        return na(b, NULL);
    if (p < 0.0001)
        nx_buf_adds(b, "&lt;0.0001");
    else
        fixed(b, p, 4);
}

static const char *stars(double p) { return !(p < 0.05) ? "" : p < 0.01 ? " **" : " *"; }
static const char *sig_class(double p) { return !(p < 0.05) ? "" : p < 0.01 ? " class=\"s2\"" : " class=\"s1\""; }

/* about four significant digits, without an exponent between 1e-4 and 1e15 */
static void sig4(nx_buf *b, double v)
{
    if (!isfinite(v))
        return na(b, NULL);
    if (fabs(v) >= 1000 && fabs(v) < 1e15)
        return fixed(b, v, fabs(v) >= 1e5 ? 0 : 1);
    char t[64];
    snprintf(t, sizeof t, "%.4g", v);
    nx_buf_adds(b, strcmp(t, "-0") == 0 ? "0" : t);
}

/* a number of the document as it reads best: whole numbers as integers, else six digits */
static void gnum(nx_buf *b, double v)
{
    if (!isfinite(v))
        return na(b, NULL);
    if (v == floor(v) && fabs(v) < 1e15) {
        nx_buf_printf(b, "%.0f", v == 0 ? 0.0 : v);
        return;
    }
    char t[64];
    snprintf(t, sizeof t, "%.6g", v);
    nx_buf_adds(b, t);
}

static void day_label(nx_buf *b, double d)
{
    if (!isfinite(d))
        return na(b, NULL);
    nx_buf_printf(b, d > 0 ? "+%.0f" : "%.0f", d == 0 ? 0.0 : d);
}

/* "(-1, +1)" from [a, b] */
static void window_label(nx_buf *b, const json_t *w)
{
    if (!json_is_array(w) || json_array_size(w) != 2)
        return na(b, NULL);
    nx_buf_addc(b, '(');
    day_label(b, json_is_number(json_array_get(w, 0)) ? json_number_value(json_array_get(w, 0)) : NAN);
    nx_buf_adds(b, ", ");
    day_label(b, json_is_number(json_array_get(w, 1)) ? json_number_value(json_array_get(w, 1)) : NAN);
    nx_buf_addc(b, ')');
}

/* ---- any value, for keys this page does not know ---- */

static int scalar(const json_t *v) { return !json_is_array(v) && !json_is_object(v); }

static void gen(nx_buf *b, const json_t *v, int depth);

/* an array of objects as a table: the keys in order of first appearance (at most 24 columns) */
static void gen_table(nx_buf *b, const json_t *a, int depth)
{
    enum { MAXCOL = 24 };
    const char *cols[MAXCOL];
    size_t nc = 0, i;
    const json_t *row;
    json_array_foreach(a, i, row) {
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)row, k, x) {
            size_t c = 0;
            while (c < nc && strcmp(cols[c], k) != 0)
                c++;
            if (c == nc && nc < MAXCOL)
                cols[nc++] = k;
        }
        if (i >= MAX_ROWS)
            break;
    }
    nx_buf_adds(b, "<div class=\"wide\"><table class=\"gen\"><thead><tr>");
    for (size_t c = 0; c < nc; c++) {
        nx_buf_adds(b, "<th>");
        esc(b, cols[c]);
        nx_buf_adds(b, "</th>");
    }
    nx_buf_adds(b, "</tr></thead><tbody>\n");
    json_array_foreach(a, i, row) {
        if (i == MAX_ROWS)
            break;
        nx_buf_adds(b, "<tr>");
        for (size_t c = 0; c < nc; c++) {
            json_t *x = json_object_get(row, cols[c]);
            nx_buf_adds(b, "<td>");
            if (x)
                gen(b, x, depth + 1);
            nx_buf_adds(b, "</td>");
        }
        nx_buf_adds(b, "</tr>\n");
    }
    nx_buf_adds(b, "</tbody></table></div>\n");
    if (json_array_size(a) > MAX_ROWS)
        nx_buf_printf(b, "<p class=\"note\">and %zu more rows (in study.json)</p>\n", json_array_size(a) - MAX_ROWS);
}

static void gen(nx_buf *b, const json_t *v, int depth)
{
    size_t i;
    const json_t *x;
    switch (json_typeof(v)) {
    case JSON_NULL:
        na(b, NULL);
        break;
    case JSON_TRUE:
        nx_buf_adds(b, "yes");
        break;
    case JSON_FALSE:
        nx_buf_adds(b, "no");
        break;
    case JSON_INTEGER:
        nx_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        gnum(b, json_real_value(v));
        break;
    case JSON_STRING:
        esc_json(b, v);
        break;
    case JSON_ARRAY: {
        if (!json_array_size(v)) {
            nx_buf_adds(b, "<span class=\"na\">none</span>");
            break;
        }
        int scalars = 1, objects = 1;
        json_array_foreach(v, i, x) {
            scalars &= scalar(x);
            objects &= json_is_object(x);
        }
        if (scalars) {
            json_array_foreach(v, i, x) {
                if (i == 50) {
                    nx_buf_printf(b, ", &#8230; (%zu values)", json_array_size(v));
                    break;
                }
                if (i)
                    nx_buf_adds(b, ", ");
                gen(b, x, depth + 1);
            }
        } else if (objects && depth < 3) {
            gen_table(b, v, depth);
        } else if (depth >= 4) {
            nx_buf_printf(b, "[%zu values]", json_array_size(v));
        } else {
            nx_buf_adds(b, "<ol>");
            json_array_foreach(v, i, x) {
                if (i == MAX_ROWS)
                    break;
                nx_buf_adds(b, "<li>");
                gen(b, x, depth + 1);
                nx_buf_adds(b, "</li>");
            }
            nx_buf_adds(b, "</ol>");
        }
        break;
    }
    case JSON_OBJECT: {
        if (!json_object_size(v)) {
            nx_buf_adds(b, "<span class=\"na\">none</span>");
            break;
        }
        if (depth >= 4) {
            nx_buf_printf(b, "{%zu keys}", json_object_size(v));
            break;
        }
        const char *k;
        nx_buf_adds(b, "<dl class=\"kv\">");
        json_object_foreach((json_t *)v, k, x) {
            nx_buf_adds(b, "<dt>");
            esc(b, k);
            nx_buf_adds(b, "</dt><dd>");
            gen(b, x, depth + 1);
            nx_buf_adds(b, "</dd>");
        }
        nx_buf_adds(b, "</dl>");
        break;
    }
    }
}

/* ---- the page ---- */

static const char CSS[] =
    "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",Arial,sans-serif;"
    "color:#1d1d1f;background:#fff;margin:0 auto;max-width:1180px;padding:12px 24px 48px}\n"
    "h1{font-size:26px;margin:10px 0 2px}\n"
    "h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;border-bottom:1px solid #d8d8d8}\n"
    "h3{font-size:16px;margin:22px 0 6px}\n"
    "p.lead{color:#444;margin:2px 0 10px}\n"
    "nav{margin:10px 0 0;padding:6px 0;border-top:1px solid #eee;border-bottom:1px solid #eee}\n"
    "nav a{margin-right:14px;color:#2a5db0;text-decoration:none}\n"
    "table{border-collapse:collapse;margin:6px 0 10px;font-variant-numeric:tabular-nums}\n"
    "th,td{padding:4px 9px;border-bottom:1px solid #e6e6e6;text-align:right;vertical-align:top}\n"
    "th{background:#f3f4f6;font-weight:600;white-space:nowrap}\n"
    "th:first-child,td:first-child,td.t,th.t{text-align:left}\nth[colspan]{text-align:center}\n"
    "table.kv th{text-align:left;background:none;color:#444;font-weight:600}\n"
    "table.kv td{text-align:left}\n"
    ".wide{overflow-x:auto}\n"
    "span.p{display:block;color:#666;font-size:12px;white-space:nowrap}\n"
    "table.notok td:nth-child(5),table.cars td:nth-child(5){white-space:nowrap}\n"
    "td.s1{background:#eef6ee}\ntd.s2{background:#dcefdc}\n"
    ".na{color:#999}\n"
    "tr.mismatch td{background:#fdecea}\n"
    ".zero{color:#aaa}\n"
    "dl.settings{display:grid;grid-template-columns:max-content minmax(0,1fr) max-content minmax(0,1fr);"
    "gap:3px 14px;margin:4px 0}\n"
    "dl.settings dt{font-weight:600;color:#444}\ndl.settings dd{margin:0;overflow-wrap:anywhere}\n"
    "table.stats td{white-space:nowrap}\ntable.status thead th{white-space:normal}\n"
    ".note{color:#555;font-size:12.5px}\n"
    "dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:4px 0}\n"
    "dl.kv dt{font-weight:600;color:#444}\ndl.kv dd{margin:0}\n"
    "figure{margin:8px 0}\nfigcaption{color:#555;font-size:12.5px;max-width:800px}\n"
    "svg.car{max-width:100%;height:auto;border:1px solid #e4e4e4}\n"
    "details{margin:6px 0}\nsummary{cursor:pointer;color:#2a5db0}\n"
    "footer{margin-top:40px;color:#777;font-size:12px}\n";

/* the statistics of the CAAR table, with what they are */
static const struct {
    const char *key, *title;
} STATS[] = {
    {"csect_t", "cross-sectional t: mean / (sd / sqrt N); t(N-1)"},
    {"patell_z", "Patell z: sum of standardised ARs (CARs) / sqrt(sum of their variances); N(0,1)"},
    {"bmp_t", "Boehmer-Musumeci-Poulsen: cross-sectional t of the standardised ARs (CARs); t(N-1)"},
    {"kp_bmp_t", "Kolari-Pynnonen: BMP adjusted for the cross-correlation of the residuals; t(N-1)"},
    {"sign_z", "sign test: share of positive ARs (CARs) against 1/2; N(0,1)"},
    {"rank_z", "Corrado rank test (Corrado-Zivney form); N(0,1)"},
    {"grank_t", "Kolari-Pynnonen generalised rank test; t(T-2)"},
    {"wilcoxon", "Wilcoxon signed-rank test: W+ (exact p for up to 50 non-zero values)"},
    {"bootstrap", "bootstrap of the mean: percentile 95% interval and p"},
};
#define NSTATS (sizeof STATS / sizeof STATS[0])

static void stat_cell(nx_buf *b, const json_t *st, const char *key)
{
    double v = num(st, "value"), p = num(st, "p");
    if (!isfinite(v)) {
        nx_buf_adds(b, "<td>");
        na(b, str(st, "reason") ? str(st, "reason") : "not computed");
        nx_buf_adds(b, "</td>");
        return;
    }
    nx_buf_printf(b, "<td%s>", sig_class(p));
    if (strcmp(key, "bootstrap") == 0) {
        nx_buf_addc(b, '[');
        pct(b, num(st, "lo"), 3, NULL);
        nx_buf_adds(b, ", ");
        pct(b, num(st, "hi"), 3, NULL);
        nx_buf_addc(b, ']');
    } else if (strcmp(key, "wilcoxon") == 0) {
        nx_buf_adds(b, "W+ ");
        gnum(b, v);
    } else {
        fixed(b, v, 3);
    }
    nx_buf_adds(b, "<span class=\"p\">p ");
    pval(b, p);
    nx_buf_printf(b, "%s</span></td>", stars(p));
}

/* the AAR (window = 0) or CAAR table of rows [{day|window, aar|caar, abhar, n, stats}] */
static void stats_table(nx_buf *b, const json_t *rows, int window)
{
    if (!json_is_array(rows) || !json_array_size(rows)) {
        nx_buf_adds(b, "<p class=\"note\">No rows.</p>\n");
        return;
    }
    nx_buf_printf(b, "<div class=\"wide\"><table class=\"stats %s\"><thead><tr><th>%s</th><th>N</th><th>%s</th>",
                  window ? "caar" : "aar", window ? "Window" : "Day", window ? "CAAR" : "AAR");
    if (window)
        nx_buf_adds(b, "<th title=\"mean buy-and-hold abnormal return\">mean BHAR</th>");
    for (size_t k = 0; k < NSTATS; k++)
        nx_buf_printf(b, "<th title=\"%s\">%s</th>", STATS[k].title, STATS[k].key);
    nx_buf_adds(b, "</tr></thead><tbody>\n");
    size_t i;
    const json_t *r;
    json_array_foreach(rows, i, r) {
        nx_buf_adds(b, "<tr><td>");
        if (window)
            window_label(b, get(r, "window"));
        else
            day_label(b, num(r, "day"));
        nx_buf_adds(b, "</td><td>");
        gnum(b, num(r, "n"));
        nx_buf_adds(b, "</td><td>");
        pct(b, num(r, window ? "caar" : "aar"), 3, "no firm-event");
        nx_buf_adds(b, "</td>");
        if (window) {
            nx_buf_adds(b, "<td>");
            pct(b, num(r, "abhar"), 3, NULL);
            nx_buf_adds(b, "</td>");
        }
        const json_t *stats = get(r, "stats");
        for (size_t k = 0; k < NSTATS; k++)
            stat_cell(b, get(stats, STATS[k].key), STATS[k].key);
        nx_buf_adds(b, "</tr>\n");
    }
    nx_buf_adds(b, "</tbody></table></div>\n");
}

static void key_row(nx_buf *b, const char *label)
{
    nx_buf_adds(b, "<tr><th>");
    esc(b, label);
    nx_buf_adds(b, "</th><td>");
}

static const struct {
    const char *key, *label;
} SETTING_LABELS[] = {
    {"events", "events"},
    {"prices", "prices"},
    {"market", "market"},
    {"model", "model of normal returns"},
    {"factors", "factors"},
    {"returns", "the prices file holds"},
    {"log_returns", "log returns"},
    {"estimation", "estimation window"},
    {"windows", "event windows"},
    {"days", "event days"},
    {"min_estimation", "least estimation returns"},
    {"close_time", "market close (New York)"},
    {"overlap", "overlapping events of a firm"},
    {"roles", "roles studied"},
    {"group_by", "groups by"},
    {"bootstrap", "bootstrap resamples"},
    {"seed", "seed"},
    {"calendar", "trading calendar"},
};

static void setting_value(nx_buf *b, const char *k, const json_t *v)
{
    if (json_is_null(v) && (strcmp(k, "roles") == 0 || strcmp(k, "group_by") == 0 || strcmp(k, "factors") == 0)) {
        nx_buf_adds(b, strcmp(k, "roles") == 0 ? "all" : "none");
    } else if (strcmp(k, "estimation") == 0 && json_is_array(v) && json_array_size(v) == 2) {
        nx_buf_adds(b, "days ");
        gen(b, json_array_get(v, 0), 9);
        nx_buf_adds(b, " to ");
        gen(b, json_array_get(v, 1), 9);
        nx_buf_adds(b, " relative to day 0");
    } else if (strcmp(k, "windows") == 0 && json_is_array(v)) {
        size_t i;
        const json_t *w;
        json_array_foreach(v, i, w) {
            if (i)
                nx_buf_adds(b, ", ");
            window_label(b, w);
        }
    } else if (strcmp(k, "days") == 0 && json_is_array(v) && json_array_size(v) > 12) {
        size_t n = json_array_size(v);
        day_label(b, json_number_value(json_array_get(v, 0)));
        nx_buf_adds(b, " &#8230; ");
        day_label(b, json_number_value(json_array_get(v, n - 1)));
        nx_buf_printf(b, " (%zu days)", n);
    } else if (strcmp(k, "bootstrap") == 0 && json_is_number(v) && json_number_value(v) == 0) {
        nx_buf_adds(b, "0 (off)");
    } else if (strcmp(k, "calendar") == 0 && json_is_object(v) && str(v, "source")) {
        esc(b, str(v, "source"));
        nx_buf_adds(b, ": ");
        gen(b, get(v, "first"), 9);
        nx_buf_adds(b, " to ");
        gen(b, get(v, "last"), 9);
        nx_buf_adds(b, ", ");
        gnum(b, num(v, "days"));
        nx_buf_adds(b, " trading days");
    } else {
        gen(b, v, 1);
    }
}

/* the settings in two columns of label and value */
static void sec_settings(nx_buf *b, const json_t *settings)
{
    nx_buf_adds(b, "<section id=\"settings\">\n<h2>Settings</h2>\n<dl class=\"settings\">\n");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)settings, k, v) {
        const char *label = k;
        for (size_t i = 0; i < sizeof SETTING_LABELS / sizeof SETTING_LABELS[0]; i++)
            if (strcmp(SETTING_LABELS[i].key, k) == 0)
                label = SETTING_LABELS[i].label;
        nx_buf_adds(b, "<dt>");
        esc(b, label);
        nx_buf_adds(b, "</dt><dd>");
        setting_value(b, k, v);
        nx_buf_adds(b, "</dd>\n");
    }
    nx_buf_adds(b, "</dl>\n</section>\n");
}

/* the statuses' counts: a column per status (zero ones greyed), the count and the share */
static void status_table(nx_buf *b, const json_t *by, double total)
{
    nx_buf_adds(b, "<div class=\"wide\"><table class=\"status\"><thead><tr><th>Status</th>");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)by, k, v) {
        nx_buf_printf(b, "<th%s>", json_is_number(v) && json_number_value(v) == 0 ? " class=\"zero\"" : "");
        for (const char *p = k, *u; *p; p = u + 1) { /* a line may break after an underscore */
            u = strchr(p, '_');
            nx_buf_xml_text(b, p, u ? (size_t)(u - p) : strlen(p), 0);
            if (!u)
                break;
            nx_buf_adds(b, "_<wbr>");
        }
        nx_buf_adds(b, "</th>");
    }
    nx_buf_adds(b, "</tr></thead><tbody>\n<tr><th>Firm-events</th>");
    json_object_foreach((json_t *)by, k, v) {
        double c = json_is_number(v) ? json_number_value(v) : NAN;
        nx_buf_printf(b, "<td%s>", c == 0 ? " class=\"zero\"" : "");
        gnum(b, c);
        nx_buf_adds(b, "</td>");
    }
    nx_buf_adds(b, "</tr>\n<tr><th>Share</th>");
    json_object_foreach((json_t *)by, k, v) {
        double c = json_is_number(v) ? json_number_value(v) : NAN;
        nx_buf_printf(b, "<td%s>", c == 0 ? " class=\"zero\"" : "");
        if (total > 0 && c > 0 && c / total < 0.0005)
            nx_buf_adds(b, "&lt;0.1%");
        else if (total > 0)
            pct(b, c / total, 1, NULL);
        else
            na(b, NULL);
        nx_buf_adds(b, "</td>");
    }
    nx_buf_adds(b, "</tr>\n</tbody></table></div>\n");
}

static void td_str(nx_buf *b, const json_t *o, const char *k)
{
    nx_buf_adds(b, "<td class=\"t\">");
    if (str(o, k))
        esc(b, str(o, k));
    else
        na(b, NULL);
    nx_buf_adds(b, "</td>");
}

static void sec_firm_events(nx_buf *b, const json_t *summary, const json_t *fes, const json_t *settings)
{
    nx_buf_adds(b, "<section id=\"firm-events\">\n<h2>Firm-events by status</h2>\n");
    double total = num(summary, "firm_events"), ok = num(summary, "ok");
    nx_buf_adds(b, "<p>");
    gnum(b, total);
    nx_buf_adds(b, " firm-events (one per company role with a ticker), ");
    gnum(b, ok);
    nx_buf_adds(b, " with status <b>ok</b>: these enter the statistics.</p>\n");
    if (json_is_object(get(summary, "by_status")))
        status_table(b, get(summary, "by_status"), total);
    if (!json_is_array(fes)) {
        nx_buf_adds(b, "</section>\n");
        return;
    }
    /* the ones not studied, with the reason (open when there are few) */
    size_t i, shown = 0, more = 0, notok = 0;
    const json_t *f;
    json_array_foreach(fes, i, f) {
        notok += !str(f, "status") || strcmp(str(f, "status"), "ok") != 0;
    }
    /* the document may list only some firm-events (nx_report_json_brief): the summary counts them all */
    size_t listed_ok = json_array_size(fes) - notok;
    if (total >= (double)json_array_size(fes) && ok >= (double)listed_ok && total - ok >= (double)notok)
        notok = (size_t)(total - ok);
    json_array_foreach(fes, i, f) {
        if (str(f, "status") && strcmp(str(f, "status"), "ok") == 0)
            continue;
        if (shown == MAX_ROWS)
            continue;
        if (!shown++)
            nx_buf_printf(b, "<details%s><summary>%zu firm-event%s not studied, with the reason</summary>\n"
                             "<div class=\"wide\"><table class=\"notok\"><thead><tr><th>Event</th>"
                             "<th class=\"t\">Ticker</th><th class=\"t\">Name</th><th class=\"t\">Type</th>"
                             "<th class=\"t\">Date</th><th class=\"t\">Status</th><th class=\"t\">Reason</th></tr>"
                             "</thead><tbody>\n",
                          notok <= 10 ? " open" : "", notok, notok == 1 ? "" : "s");
        nx_buf_adds(b, "<tr>");
        td_str(b, f, "event_id");
        td_str(b, f, "ticker");
        td_str(b, f, "name");
        td_str(b, f, "type");
        td_str(b, f, "event_date");
        td_str(b, f, "status");
        td_str(b, f, "reason");
        nx_buf_adds(b, "</tr>\n");
    }
    more = notok - shown;
    if (shown)
        nx_buf_adds(b, "</tbody></table></div>\n");
    if (more)
        nx_buf_printf(b, "<p class=\"note\">and %zu more (all in firm_events.csv)</p>\n", more);
    if (shown)
        nx_buf_adds(b, "</details>\n");

    /* the ok ones with their CARs */
    const json_t *wins = get(settings, "windows");
    size_t nw = json_is_array(wins) ? json_array_size(wins) : 0;
    shown = more = 0;
    json_array_foreach(fes, i, f) {
        if (!str(f, "status") || strcmp(str(f, "status"), "ok") != 0)
            continue;
        if (shown == MAX_ROWS)
            continue;
        if (!shown++) {
            nx_buf_adds(b, "<details><summary>the CAR of each studied firm-event</summary>\n<div class=\"wide\"><table "
                           "class=\"cars\"><thead><tr><th>Event</th><th class=\"t\">Ticker</th><th class=\"t\">Name"
                           "</th><th class=\"t\">Type</th><th class=\"t\">Day 0</th>");
            for (size_t w = 0; w < nw; w++) {
                nx_buf_adds(b, "<th>CAR");
                window_label(b, json_array_get(wins, w));
                nx_buf_adds(b, "</th>");
            }
            nx_buf_adds(b, "</tr></thead><tbody>\n");
        }
        nx_buf_adds(b, "<tr>");
        td_str(b, f, "event_id");
        td_str(b, f, "ticker");
        td_str(b, f, "name");
        td_str(b, f, "type");
        td_str(b, f, "day0");
        const json_t *fw = get(f, "windows");
        for (size_t w = 0; w < nw; w++) {
            const json_t *x = json_array_get(fw, w);
            double p = num(x, "p");
            nx_buf_printf(b, "<td%s>", sig_class(p));
            pct(b, num(x, "car"), 2, NULL);
            nx_buf_adds(b, "<span class=\"p\">p ");
            pval(b, p);
            nx_buf_printf(b, "%s</span></td>", stars(p));
        }
        nx_buf_adds(b, "</tr>\n");
    }
    size_t nok = ok >= (double)listed_ok ? (size_t)ok : listed_ok;
    more = nok - shown;
    if (shown)
        nx_buf_adds(b, "</tbody></table></div>\n");
    if (more)
        nx_buf_printf(b, "<p class=\"note\">and %zu more (all in firm_events.csv)</p>\n", more);
    if (shown)
        nx_buf_adds(b, "</details>\n");
    nx_buf_adds(b, "</section>\n");
}

static const char STATS_NOTE[] =
    "<p class=\"note\">Each statistic with its two-sided p-value; * p &lt; 0.05, ** p &lt; 0.01 (shaded). "
    "Hover a column's name for its definition; spec/eventstudy.md and study.json have them all "
    "(also bw_cda_t, kp_patell_z, gsign_z, skew_t and the BHAR tests).</p>\n";

static void sec_caar(nx_buf *b, const json_t *caar, const json_t *aar)
{
    nx_buf_adds(b, "<section id=\"caar\">\n<h2>CAAR by event window</h2>\n");
    stats_table(b, caar, 1);
    nx_buf_adds(b, STATS_NOTE);
    if (json_is_array(aar) && json_array_size(aar)) {
        nx_buf_printf(b, "<details%s><summary>AAR by event day</summary>\n", json_array_size(aar) <= 21 ? " open" : "");
        stats_table(b, aar, 0);
        nx_buf_adds(b, "</details>\n");
    }
    nx_buf_adds(b, "</section>\n");
}

/* the picture of caar_path (plot.h), drawn as car.svg is */
static int sec_plot(nx_buf *b, const json_t *paths, const json_t *settings)
{
    size_t n = json_array_size(paths), i;
    nx_path *p = nx_calloc(n ? n : 1, sizeof *p);
    int rc = -1;
    if (!p)
        goto done;
    const json_t *g;
    json_array_foreach(paths, i, g) {
        const json_t *pts = get(g, "points");
        size_t np = json_array_size(pts), j;
        p[i].group = str(g, "group") ? str(g, "group") : "?";
        p[i].np = np;
        p[i].pt = nx_malloc((np ? np : 1) * sizeof *p[i].pt);
        if (!p[i].pt)
            goto done;
        const json_t *q;
        json_array_foreach(pts, j, q) {
            double d = num(q, "day"), nn = num(q, "n");
            p[i].pt[j].day = isfinite(d) ? (int)d : 0;
            p[i].pt[j].n = nn >= 0 ? (size_t)nn : 0;
            p[i].pt[j].caar = num(q, "caar");
            p[i].pt[j].lo = num(q, "lo");
            p[i].pt[j].hi = num(q, "hi");
        }
    }
    char sub[200];
    const json_t *est = get(settings, "estimation");
    nx_plot_subtitle(sub, sizeof sub, str(settings, "model"), (int)json_number_value(json_array_get(est, 0)),
                     (int)json_number_value(json_array_get(est, 1)));
    nx_buf_adds(b, "<section id=\"plot\">\n<h2>CAAR over event time</h2>\n<figure>\n");
    nx_svg_caar(p, n, sub, 0, b);
    nx_buf_adds(b, "<figcaption>The cumulative average abnormal return from the first event day to each day, for "
                   "all studied firm-events and for each group, with its 95% confidence band: CAAR &#177; "
                   "t<sub>0.975, N&#8722;1</sub> &#215; sd(CAR) / &#8730;N (the cross-sectional standard deviation, "
                   "N&#8722;1). The numbers are <code>caar_path</code> in study.json; the picture is car.svg."
                   "</figcaption>\n</figure>\n</section>\n");
    rc = 0;
done:
    for (size_t k = 0; p && k < n; k++)
        nx_free(p[k].pt);
    nx_free(p);
    return rc;
}

static void sec_groups(nx_buf *b, const json_t *groups, const json_t *settings)
{
    nx_buf_adds(b, "<section id=\"groups\">\n<h2>Groups");
    if (str(settings, "group_by")) {
        nx_buf_adds(b, " by ");
        esc(b, str(settings, "group_by"));
    }
    nx_buf_adds(b, "</h2>\n");
    const char *k;
    json_t *g;
    json_object_foreach((json_t *)groups, k, g) {
        nx_buf_adds(b, "<h3>");
        esc(b, k);
        nx_buf_adds(b, "</h3>\n<p>");
        gnum(b, num(g, "firm_events"));
        nx_buf_adds(b, " firm-events, ");
        gnum(b, num(g, "ok"));
        nx_buf_adds(b, " ok");
        const char *s;
        json_t *c;
        json_object_foreach(get(g, "by_status"), s, c) {
            if (strcmp(s, "ok") == 0 || !json_is_number(c) || json_number_value(c) == 0)
                continue;
            nx_buf_adds(b, ", ");
            gnum(b, json_number_value(c));
            nx_buf_addc(b, ' ');
            esc(b, s);
        }
        nx_buf_adds(b, "</p>\n");
        stats_table(b, get(g, "caar"), 1);
    }
    nx_buf_adds(b, "</section>\n");
}

/* the keys of an object other than those listed, as rows of a key-value table */
static void other_rows(nx_buf *b, const json_t *o, const char *const *skip)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v) {
        int known = 0;
        for (const char *const *s = skip; *s; s++)
            known |= strcmp(*s, k) == 0;
        if (known)
            continue;
        key_row(b, k);
        gen(b, v, 1);
        nx_buf_adds(b, "</td></tr>\n");
    }
}

static void num_row(nx_buf *b, const json_t *o, const char *k, const char *label, int how)
{
    const json_t *v = get(o, k);
    if (!v || json_is_null(v))
        return;
    key_row(b, label);
    if (!json_is_number(v))
        gen(b, v, 1);
    else if (how == 'f')
        fixed(b, json_number_value(v), 3);
    else
        gnum(b, json_number_value(v));
    nx_buf_adds(b, "</td></tr>\n");
}

static void sec_regression(nx_buf *b, const json_t *r)
{
    nx_buf_adds(b, "<section id=\"regression\">\n<h2>Cross-section regression</h2>\n");
    if (!json_is_object(r)) {
        gen(b, r, 1);
        nx_buf_adds(b, "</section>\n");
        return;
    }
    const json_t *reason = get(r, "reason"); /* null when estimated */
    if (reason && !json_is_null(reason)) {
        nx_buf_adds(b, "<p>Not estimated: ");
        gen(b, reason, 1);
        nx_buf_adds(b, ".</p>\n");
    }
    static const char *const known[] = {"window", "y", "weights", "n", "k", "clusters", "r2", "adj_r2", "terms",
                                        "notes", "reason", NULL};
    nx_buf_adds(b, "<table class=\"kv\"><tbody>\n");
    if (get(r, "window")) {
        key_row(b, "event window");
        int wa, wb, used = 0;
        const char *ws = str(r, "window");
        if (ws && sscanf(ws, "%d,%d%n", &wa, &wb, &used) == 2 && !ws[used]) {
            nx_buf_addc(b, '(');
            day_label(b, wa);
            nx_buf_adds(b, ", ");
            day_label(b, wb);
            nx_buf_addc(b, ')');
        } else if (ws) {
            esc(b, ws);
        } else if (json_is_array(get(r, "window"))) {
            window_label(b, get(r, "window"));
        } else {
            gen(b, get(r, "window"), 1);
        }
        nx_buf_adds(b, "</td></tr>\n");
    }
    if (get(r, "y")) {
        key_row(b, "dependent variable");
        gen(b, get(r, "y"), 1);
        nx_buf_adds(b, "</td></tr>\n");
    }
    if (get(r, "weights")) {
        key_row(b, "weights");
        gen(b, get(r, "weights"), 1);
        nx_buf_adds(b, "</td></tr>\n");
    }
    num_row(b, r, "n", "observations (N)", 'g');
    num_row(b, r, "k", "regressors (K)", 'g');
    num_row(b, r, "clusters", "clusters (firms)", 'g');
    num_row(b, r, "r2", "R\xC2\xB2", 'f');
    num_row(b, r, "adj_r2", "adjusted R\xC2\xB2", 'f');
    other_rows(b, r, known);
    nx_buf_adds(b, "</tbody></table>\n");

    const json_t *terms = get(r, "terms");
    if (json_is_array(terms) && json_array_size(terms)) {
        /* the kinds of standard error, in the order of the first term's "se" */
        enum { MAXK = 8 };
        const char *kinds[MAXK];
        size_t nk = 0, i;
        const char *k;
        json_t *v;
        json_object_foreach(get(json_array_get(terms, 0), "se"), k, v) {
            if (nk < MAXK)
                kinds[nk++] = k;
        }
        nx_buf_adds(b, "<div class=\"wide\"><table class=\"terms\"><thead><tr><th rowspan=\"2\">Term</th>"
                       "<th rowspan=\"2\">Coefficient</th>");
        for (size_t q = 0; q < nk; q++) {
            nx_buf_adds(b, "<th colspan=\"3\">");
            esc(b, kinds[q]);
            nx_buf_adds(b, "</th>");
        }
        nx_buf_adds(b, "</tr><tr>");
        for (size_t q = 0; q < nk; q++)
            nx_buf_adds(b, "<th>SE</th><th>t</th><th>p</th>");
        nx_buf_adds(b, "</tr></thead><tbody>\n");
        const json_t *t;
        json_array_foreach(terms, i, t) {
            nx_buf_adds(b, "<tr><td>");
            if (get(t, "term"))
                gen(b, get(t, "term"), 1);
            nx_buf_adds(b, "</td><td>");
            sig4(b, num(t, "coef"));
            nx_buf_adds(b, "</td>");
            for (size_t q = 0; q < nk; q++) {
                double p = num(get(t, "p"), kinds[q]), tv = num(get(t, "t"), kinds[q]);
                nx_buf_adds(b, "<td>");
                sig4(b, num(get(t, "se"), kinds[q]));
                nx_buf_adds(b, "</td><td>");
                if (isfinite(tv))
                    fixed(b, tv, 3);
                else
                    na(b, NULL);
                nx_buf_printf(b, "</td><td%s>", sig_class(p));
                pval(b, p);
                nx_buf_printf(b, "%s</td>", stars(p));
            }
            nx_buf_adds(b, "</tr>\n");
        }
        nx_buf_adds(b, "</tbody></table></div>\n");
    }
    const json_t *notes = get(r, "notes");
    if (json_is_array(notes) && json_array_size(notes)) {
        size_t i;
        const json_t *x;
        nx_buf_adds(b, "<ul class=\"notes\">\n");
        json_array_foreach(notes, i, x) {
            nx_buf_adds(b, "<li>");
            gen(b, x, 1);
            nx_buf_adds(b, "</li>\n");
        }
        nx_buf_adds(b, "</ul>\n");
    }
    nx_buf_adds(b, "</section>\n");
}

/* a number in percent as given (not a fraction): 2.37 -> 2.37% */
static void pct_given(nx_buf *b, double v)
{
    if (!isfinite(v))
        return na(b, NULL);
    fixed(b, v, 2);
    nx_buf_addc(b, '%');
}

static void sec_rvr(nx_buf *b, const json_t *r)
{
    nx_buf_adds(b, "<section id=\"reported-vs-realized\">\n<h2>Reported move vs realized return</h2>\n");
    if (!json_is_object(r)) {
        gen(b, r, 1);
        nx_buf_adds(b, "</section>\n");
        return;
    }
    nx_buf_adds(b, "<p>Stories that report the move of a company's shares (&#8220;shares fell 2.3%&#8221;) against "
                   "the raw return of the session the story reports (returns in percent).</p>\n"
                   "<table class=\"kv\"><tbody>\n");
    static const char *const known[] = {"tolerance_pct", "n", "n_realized", "n_percent", "n_direction",
                                        "correlation", "mean_abs_diff", "direction_agreement", "mismatches", "rows",
                                        NULL};
    num_row(b, r, "n", "reported moves", 'g');
    num_row(b, r, "n_realized", "with a realized return", 'g');
    num_row(b, r, "n_percent", "of them in percent", 'g');
    num_row(b, r, "n_direction", "of them with both moves non-zero", 'g');
    num_row(b, r, "correlation", "correlation, reported and realized (percent moves)", 'f');
    if (json_is_number(get(r, "mean_abs_diff"))) {
        key_row(b, "mean absolute difference (percent moves)");
        fixed(b, num(r, "mean_abs_diff"), 2);
        nx_buf_adds(b, " points</td></tr>\n");
    }
    if (json_is_number(get(r, "direction_agreement"))) {
        key_row(b, "directions that agree");
        pct(b, num(r, "direction_agreement"), 1, NULL);
        nx_buf_adds(b, "</td></tr>\n");
    }
    num_row(b, r, "mismatches", "mismatches", 'g');
    num_row(b, r, "tolerance_pct", "mismatch beyond (percentage points)", 'g');
    other_rows(b, r, known);
    nx_buf_adds(b, "</tbody></table>\n");
    const json_t *rows = get(r, "rows");
    if (!json_is_array(rows) || !json_array_size(rows)) {
        nx_buf_adds(b, "</section>\n");
        return;
    }
    nx_buf_adds(b, "<div class=\"wide\"><table class=\"rvr\"><thead><tr><th>Event</th><th class=\"t\">Ticker</th>"
                   "<th class=\"t\">Name</th><th class=\"t\">Day 0</th><th class=\"t\">Reported</th>"
                   "<th title=\"the session the story reports\">Day</th><th>Realized</th><th>R(-1)</th><th>R(0)</th>"
                   "<th>R(+1)</th><th title=\"reported - realized, percentage points\">Difference</th>"
                   "<th class=\"t\">Mismatch</th><th class=\"t\">Reason</th></tr></thead><tbody>\n");
    size_t i;
    const json_t *x;
    json_array_foreach(rows, i, x) {
        if (i == MAX_ROWS)
            break;
        int mis = json_is_true(get(x, "mismatch"));
        nx_buf_adds(b, mis ? "<tr class=\"mismatch\">" : "<tr>");
        nx_buf_adds(b, "<td>");
        if (get(x, "event_id"))
            gen(b, get(x, "event_id"), 1);
        nx_buf_adds(b, "</td>");
        td_str(b, x, "ticker");
        td_str(b, x, "name");
        td_str(b, x, "day0");
        const json_t *rep = get(x, "reported");
        nx_buf_adds(b, "<td class=\"t\">");
        if (json_is_object(rep)) {
            if (str(rep, "text")) {
                nx_buf_adds(b, "&#8220;");
                esc(b, str(rep, "text"));
                nx_buf_adds(b, "&#8221;");
            }
            nx_buf_adds(b, "<span class=\"p\">");
            gnum(b, num(rep, "value"));
            if (str(rep, "unit")) {
                nx_buf_addc(b, ' ');
                esc(b, str(rep, "unit"));
            }
            nx_buf_adds(b, "</span>");
        } else if (rep) {
            gen(b, rep, 1);
        }
        nx_buf_adds(b, "</td><td>");
        day_label(b, num(x, "day"));
        static const char *const rk[] = {"realized_pct", "r_m1", "r_0", "r_p1"};
        for (int q = 0; q < 4; q++) {
            nx_buf_adds(b, "</td><td>");
            pct_given(b, num(x, rk[q]));
        }
        nx_buf_adds(b, "</td><td>");
        if (isfinite(num(x, "diff")))
            fixed(b, num(x, "diff"), 2);
        else
            na(b, NULL);
        nx_buf_printf(b, "</td><td class=\"t\">%s</td>", mis ? "<b>yes</b>" : "no");
        td_str(b, x, "reason");
        nx_buf_adds(b, "</tr>\n");
    }
    nx_buf_adds(b, "</tbody></table></div>\n");
    if (json_array_size(rows) > MAX_ROWS)
        nx_buf_printf(b, "<p class=\"note\">and %zu more rows (in reported_vs_realized.csv)</p>\n",
                      json_array_size(rows) - MAX_ROWS);
    nx_buf_adds(b, "</section>\n");
}

/* top-level keys with a section of their own (or shown inside one) */
static const char *const KNOWN[] = {"v",    "settings",  "summary",   "firm_events",          "panel",
                                    "aar",  "caar",      "caar_path", "groups",               "regression",
                                    "reported_vs_realized", NULL};

static int known_key(const char *k)
{
    for (const char *const *s = KNOWN; *s; s++)
        if (strcmp(*s, k) == 0)
            return 1;
    return 0;
}

static void nav(nx_buf *b, const json_t *doc)
{
    nx_buf_adds(b, "<nav><a href=\"#settings\">Settings</a><a href=\"#firm-events\">Firm-events</a>");
    if (json_is_array(get(doc, "caar_path")))
        nx_buf_adds(b, "<a href=\"#plot\">Plot</a>");
    nx_buf_adds(b, "<a href=\"#caar\">CAAR</a>");
    if (json_object_size(get(doc, "groups")))
        nx_buf_adds(b, "<a href=\"#groups\">Groups</a>");
    if (get(doc, "regression"))
        nx_buf_adds(b, "<a href=\"#regression\">Regression</a>");
    if (get(doc, "reported_vs_realized"))
        nx_buf_adds(b, "<a href=\"#reported-vs-realized\">Reported vs realized</a>");
    nx_buf_adds(b, "</nav>\n");
}

static void head(nx_buf *b, const json_t *doc)
{
    const json_t *set = get(doc, "settings"), *sum = get(doc, "summary");
    nx_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"newsfx " NX_VERSION "\">\n<title>Event study");
    if (str(set, "events")) {
        nx_buf_adds(b, ": ");
        esc(b, str(set, "events"));
    }
    nx_buf_adds(b, "</title>\n<style>\n");
    nx_buf_adds(b, CSS);
    nx_buf_adds(b, "</style>\n</head>\n<body>\n<header>\n<h1>Event study</h1>\n<p class=\"lead\">");
    if (str(set, "events")) {
        nx_buf_adds(b, "Events <b>");
        esc(b, str(set, "events"));
        nx_buf_adds(b, "</b>, prices <b>");
        esc(b, str(set, "prices") ? str(set, "prices") : "?");
        nx_buf_adds(b, "</b>");
        if (str(set, "market")) {
            nx_buf_adds(b, ", market <b>");
            esc(b, str(set, "market"));
            nx_buf_adds(b, "</b>");
        }
        nx_buf_adds(b, "; ");
    }
    if (str(set, "model")) {
        esc(b, str(set, "model"));
        nx_buf_adds(b, " model; ");
    }
    if (json_is_number(get(sum, "firm_events"))) {
        gnum(b, num(sum, "firm_events"));
        nx_buf_adds(b, " firm-events, ");
        gnum(b, num(sum, "ok"));
        nx_buf_adds(b, " studied.");
    }
    nx_buf_adds(b, "</p>\n");
    nav(b, doc);
    nx_buf_adds(b, "</header>\n<main>\n");
}

int nx_report_html(const char *json, size_t len, nx_buf *b, nx_error *err)
{
    json_error_t je;
    /* jansson 2.14's lexer ignores a failed append to its token buffer (lex_save) and then reads
     * and writes past it: injected allocation failures are held back while it parses (base.h) */
    nx_alloc_hold(1);
    json_t *doc = json_loadb(json, len, 0, &je);
    nx_alloc_hold(0);
    if (!doc) {
        if (json_error_code(&je) == json_error_out_of_memory)
            return nx_error_nomem(err);
        return nx_error_set(err, NX_EDATA, "cannot read the study document: %d:%d: %s", je.line, je.column,
                            je.text);
    }
    if (!json_is_object(doc)) {
        json_decref(doc);
        return nx_error_set(err, NX_EDATA, "cannot read the study document: not a JSON object");
    }
    const json_t *set = get(doc, "settings");
    head(b, doc);
    if (json_is_object(set))
        sec_settings(b, set);
    sec_firm_events(b, get(doc, "summary"), get(doc, "firm_events"), set);
    int rc = 0;
    if (json_is_array(get(doc, "caar_path")))
        rc = sec_plot(b, get(doc, "caar_path"), set);
    sec_caar(b, get(doc, "caar"), get(doc, "aar"));
    if (json_object_size(get(doc, "groups")))
        sec_groups(b, get(doc, "groups"), set);
    if (get(doc, "regression"))
        sec_regression(b, get(doc, "regression"));
    if (get(doc, "reported_vs_realized"))
        sec_rvr(b, get(doc, "reported_vs_realized"));
    const char *k;
    json_t *v;
    size_t other = 0;
    json_object_foreach(doc, k, v) {
        if (known_key(k))
            continue;
        nx_buf_printf(b, "<section class=\"other\" id=\"other-%zu\">\n<h2>", ++other);
        esc(b, k);
        nx_buf_adds(b, "</h2>\n");
        gen(b, v, 0);
        nx_buf_adds(b, "\n</section>\n");
    }
    nx_buf_adds(b, "</main>\n<footer>Written by newsfx " NX_VERSION " from study.json");
    if (json_is_number(get(doc, "v"))) {
        nx_buf_adds(b, " (format v");
        gnum(b, num(doc, "v"));
        nx_buf_addc(b, ')');
    }
    nx_buf_adds(b, "; the tables are also in firm_events.csv, aar.csv and caar.csv.</footer>\n</body>\n</html>\n");
    json_decref(doc);
    if (rc || b->oom)
        return nx_error_nomem(err);
    return 0;
}
