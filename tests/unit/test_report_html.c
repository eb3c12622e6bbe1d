/* test_report_html.c: report.html from study.json fixtures, the XML escaping and the SVG of plot.h.
 *
 * Fixtures (tests/unit/report_html/):
 *   full.json    a small real study (the data of tests/cases/study_fixture with two event types, one
 *                of them "<i>merger</i> & \"co\"", --group-by type) with a hand-made "regression",
 *                "reported_vs_realized" (names with markup) and a key the page does not know;
 *   reason.json  a hand-made study whose regression was not estimated (the shape of report.h: k,
 *                clusters, r2, adj_r2 and terms null, a reason).
 *
 * With two arguments, `test_report_html IN.json OUT.html` renders IN and writes OUT, nothing else
 * (tests/scripts/study_report.py reads the fixtures' pages with Python's html.parser).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../analysis/plot.h"
#include "../../analysis/report_html.h"
#include "unit.h"

#define FIXTURES "tests/unit/report_html/"

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

#define HAS(page, s) CHECK(count(page, s) > 0)
#define HASNT(page, s) CHECK(count(page, s) == 0)

/* the page of fixture name, or of the document doc when given (NULL on failure) */
static char *render(const char *name, json_t *doc)
{
    nx_error err = {0};
    size_t len;
    char *text;
    if (doc) {
        text = json_dumps(doc, 0);
        len = text ? strlen(text) : 0;
    } else {
        text = nx_read_file(name, &len, &err);
    }
    if (!text) {
        fprintf(stderr, "cannot read %s: %s\n", name, err.msg);
        return NULL;
    }
    nx_buf b = NX_BUF_INIT;
    int rc = nx_report_html(text, len, &b, &err);
    nx_free(text); /* json_dumps allocates through nx_malloc too (nx_alloc_init) */
    if (rc) {
        fprintf(stderr, "%s: %s\n", name, err.msg);
        nx_buf_free(&b);
        return NULL;
    }
    return nx_buf_take(&b);
}

static void test_full(void)
{
    char *page = render(FIXTURES "full.json", NULL);
    CHECK(page != NULL);
    if (!page)
        return;
    /* one page, everything inline */
    CHECK(strncmp(page, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
    HAS(page, "<meta charset=\"utf-8\">");
    HAS(page, "<style>");
    HASNT(page, "<script");
    HASNT(page, "<link");
    HASNT(page, "<img");
    HASNT(page, " src=");
    HASNT(page, "http");
    HASNT(page, "url(");
    /* the sections */
    const char *ids[] = {"settings", "firm-events", "caar", "plot", "groups", "regression", "reported-vs-realized"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "<section id=\"%s\">", ids[i]);
        CHECK(count(page, want) == 1);
        snprintf(want, sizeof want, "<a href=\"#%s\">", ids[i]);
        CHECK(count(page, want) == 1);
    }
    CHECK(count(page, "<svg class=\"car\"") == 1);
    CHECK(count(page, "<path class=\"caar\"") == 3); /* all and the two groups */
    /* the unknown key, generically */
    HAS(page, "<section class=\"other\" id=\"other-1\">\n<h2>cross_listing</h2>");
    HAS(page, "a key this page does not know &lt;u&gt;");
    HAS(page, "<td>x&lt;y</td>");
    /* text from the news is escaped everywhere */
    HAS(page, "<h3>&lt;i&gt;merger&lt;/i&gt; &amp; &quot;co&quot;</h3>");
    HASNT(page, "<i>merger");
    HAS(page, "log_amount_usd &lt;&amp;&gt;");
    HAS(page, "&lt;script&gt;alert(1)&lt;/script&gt;");
    HAS(page, "Microsoft &lt;Corp&gt; &amp; &quot;Partners&quot;");
    HAS(page, "directions differ &lt;b&gt;bold&lt;/b&gt;");
    /* the regression: four kinds of standard error, each with SE, t, p */
    CHECK(count(page, "<th colspan=\"3\">") == 4);
    HAS(page, "<th colspan=\"3\">cluster</th>");
    HAS(page, "<td>0.0123</td>");
    HAS(page, "<td>-0.00042</td>");
    HAS(page, "<td class=\"s2\">&lt;0.0001 **</td>");
    HAS(page, "<tr><th>R\xC2\xB2</th><td>0.412</td></tr>");
    HAS(page, "<tr><th>adjusted R\xC2\xB2</th><td>-0.175</td></tr>");
    HAS(page, "<dt>no_usd_amount</dt><dd>1</dd><dt>no_reported_percent</dt><dd>0</dd>");
    HASNT(page, "Not estimated"); /* "reason": null */
    /* reported vs realized: one mismatch, money kept whole */
    CHECK(count(page, "<tr class=\"mismatch\">") == 1);
    HAS(page, "&#8220;declined 2.3%&#8221;<span class=\"p\">-2.3 percent</span>");
    HAS(page, "&#8220;climbed 7/8&#8221;<span class=\"p\">0.875 USD</span>");
    HAS(page, "<td>0</td><td>-2.10%</td><td>0.10%</td><td>-2.10%</td><td>0.40%</td><td>-0.20</td>");
    HAS(page, "<td>-1</td><td>-0.90%</td>");
    HAS(page, "<tr><th>directions that agree</th><td>66.7%</td></tr>");
    HAS(page, "<tr><th>mean absolute difference (percent moves)</th><td>1.45 points</td></tr>");
    HAS(page, "<tr><th>mismatch beyond (percentage points)</th><td>2</td></tr>");
    /* the CAAR table: percent with 3 decimals, p with 4, a statistic that was not computed shows its
     * reason */
    HAS(page, "<table class=\"stats caar\">");
    HAS(page, "<span class=\"na\" title=\"needs at least 2 firm-events\">");
    /* the same document, the same bytes */
    char *again = render(FIXTURES "full.json", NULL);
    CHECK(again && strcmp(page, again) == 0);
    nx_free(again);
    nx_free(page);
}

/* without the keys others add, their sections are not there */
static void test_absent(void)
{
    json_error_t je;
    json_t *doc = json_load_file(FIXTURES "full.json", 0, &je);
    CHECK(doc != NULL);
    if (!doc)
        return;
    json_object_del(doc, "regression");
    json_object_del(doc, "reported_vs_realized");
    json_object_del(doc, "cross_listing");
    char *page = render("full.json without regression", doc);
    CHECK(page != NULL);
    if (page) {
        HASNT(page, "regression");
        HASNT(page, "Regression");
        HASNT(page, "reported-vs-realized");
        HASNT(page, "Reported");
        HASNT(page, "class=\"other\"");
        HAS(page, "<section id=\"plot\">");
    }
    nx_free(page);
    /* no caar_path, no groups: no plot, no groups section */
    json_object_del(doc, "caar_path");
    json_object_set_new(doc, "groups", json_object());
    page = render("full.json without caar_path and groups", doc);
    CHECK(page != NULL);
    if (page) {
        HASNT(page, "<svg");
        HASNT(page, "id=\"plot\"");
        HASNT(page, "id=\"groups\"");
        HAS(page, "<section id=\"caar\">");
    }
    nx_free(page);
    json_decref(doc);
}

static void test_reason(void)
{
    char *page = render(FIXTURES "reason.json", NULL);
    CHECK(page != NULL);
    if (!page)
        return;
    HAS(page, "<section id=\"regression\">");
    HAS(page, "<p>Not estimated: too few firm-events (1) for 2 regressors.</p>");
    HAS(page, "<tr><th>event window</th><td>(-1, +1)</td></tr>");
    HAS(page, "<tr><th>observations (N)</th><td>1</td></tr>");
    HASNT(page, "class=\"terms\"");
    HASNT(page, "regressors (K)"); /* k, clusters, r2 are null: no rows */
    HASNT(page, "R\xC2\xB2");
    HAS(page, "<li>type: base level &#39;acquisition&#39; (the most frequent, 1 of 1 firm-events)</li>");
    HASNT(page, "reported-vs-realized");
    HAS(page, "<p class=\"note\">No rows.</p>");
    nx_free(page);
}

static void test_bad_documents(void)
{
    const char *bad[] = {"", "{", "[1,2]", "\"study\"", "{\"v\":1,}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nx_buf b = NX_BUF_INIT;
        nx_error err = {0};
        CHECK(nx_report_html(bad[i], strlen(bad[i]), &b, &err) == -1);
        CHECK(err.set && err.code == NX_EDATA && strstr(err.msg, "cannot read the study document") == err.msg);
        nx_buf_free(&b);
    }
    /* the smallest document: an empty object gives a page with its frame and empty sections */
    nx_buf b = NX_BUF_INIT;
    nx_error err = {0};
    CHECK(nx_report_html("{}", 2, &b, &err) == 0);
    CHECK(b.p && strstr(b.p, "</html>\n") && !strstr(b.p, "<svg"));
    nx_buf_free(&b);
}

static char *xml(const char *s, size_t n, size_t max)
{
    nx_buf b = NX_BUF_INIT;
    nx_buf_xml_text(&b, s, n, max);
    return b.p ? nx_buf_take(&b) : nx_strdup("");
}

#define XML(in, max, want)                                                                         \
    do {                                                                                           \
        char *got_ = xml(in, sizeof in - 1, max);                                                  \
        CHECK_STR(got_, want);                                                                     \
        nx_free(got_);                                                                             \
    } while (0)

static void test_xml_text(void)
{
    XML("a&<>\"'b", 0, "a&amp;&lt;&gt;&quot;&#39;b");
    XML("tab\tnl\ncr\r", 0, "tab\tnl\ncr\r");
    XML("\x01\x1A\x7F", 0, "\xEF\xBF\xBD\xEF\xBF\xBD\x7F");                 /* C0 controls */
    XML("\xC2\x85", 0, "\xEF\xBF\xBD");                                     /* a C1 control */
    XML("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 0, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    XML("\xFF", 0, "\xEF\xBF\xBD");                                         /* not UTF-8 */
    XML("\xC0\xAF", 0, "\xEF\xBF\xBD\xEF\xBF\xBD");                         /* overlong */
    XML("\xED\xA0\x80", 0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");         /* a surrogate */
    XML("\xEF\xBF\xBE", 0, "\xEF\xBF\xBD");                                 /* U+FFFE */
    XML("\xE2\x82", 0, "\xEF\xBF\xBD\xEF\xBF\xBD");                         /* cut short */
    XML("a\0b", 0, "a\xEF\xBF\xBD" "b");
    XML("abcdef", 4, "abc\xE2\x80\xA6");
    XML("abcd", 4, "abcd");
    XML("\xC3\xA9\xC3\xA9\xC3\xA9", 2, "\xC3\xA9\xE2\x80\xA6");
    XML("<<<<", 3, "&lt;&lt;\xE2\x80\xA6");
}

static void test_svg(void)
{
    nx_path_pt a[4] = {
        {-1, 3, 0.01, -0.02, 0.04}, {0, 3, NAN, NAN, NAN}, {1, 3, 0.03, 0.01, 0.05}, {2, 1, 0.5, NAN, NAN}};
    nx_path_pt e[4] = {{-1, 0, NAN, NAN, NAN}, {0, 0, NAN, NAN, NAN}, {1, 0, NAN, NAN, NAN}, {2, 0, NAN, NAN, NAN}};
    nx_path p[2] = {{"all", a, 4}, {"<none> & \"x\"", e, 4}};
    nx_buf b = NX_BUF_INIT;
    CHECK(nx_svg_caar(p, 2, "market model, estimation window [-250, -11]", 1, &b) == 0);
    const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" ";
    CHECK(b.p && strncmp(b.p, head, strlen(head)) == 0);
    if (b.p) {
        HAS(b.p, " viewBox=\"0 0 800 500\"");
        HAS(b.p, " data-day=\"-1 0 1 2\" data-caar=\"0.01 null 0.03 0.5\" data-lo=\"-0.02 null 0.01 null\""
                 " data-hi=\"0.04 null 0.05 null\" data-n=\"3 3 3 1\"");
        HAS(b.p, "data-group=\"&lt;none&gt; &amp; &quot;x&quot;\"");
        HASNT(b.p, "no firm-event");
        CHECK(count(b.p, "<path class=\"caar\"") == 2 && count(b.p, "<path class=\"band\"") == 2);
        CHECK(count(b.p, "<circle") == 3);
        HASNT(b.p, "nan");
        HASNT(b.p, "inf");
        CHECK(strcmp(b.p + b.len - 7, "</svg>\n") == 0);
    }
    /* nothing to draw */
    nx_buf_clear(&b);
    CHECK(nx_svg_caar(p + 1, 1, NULL, 0, &b) == 0);
    CHECK(b.p && strncmp(b.p, "<svg class=\"car\"", 16) == 0 && strstr(b.p, "no firm-event with status ok"));
    if (b.p)
        HASNT(b.p, "http");
    nx_buf_free(&b);
}

int main(int argc, char **argv)
{
    nx_alloc_init();
    if (argc == 3) {
        char *page = render(argv[1], NULL);
        FILE *f = page ? fopen(argv[2], "wb") : NULL;
        int ok = f && fputs(page, f) >= 0;
        ok &= f && fclose(f) == 0;
        nx_free(page);
        return ok ? 0 : 1;
    }
    test_full();
    test_absent();
    test_reason();
    test_bad_documents();
    test_xml_text();
    test_svg();
    UNIT_DONE();
}
