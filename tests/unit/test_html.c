/* test_html.c: HTML to text (extractor/html.c). */
#include "../../extractor/html.h"
#include "unit.h"

static char got[4096];

static const char *conv(const char *html)
{
    size_t n = 0;
    char *t = nx_html_to_text(html, strlen(html), &n);
    if (!t)
        return "(oom)";
    snprintf(got, sizeof got, "%s", t);
    if (strlen(t) != n)
        snprintf(got, sizeof got, "(length %zu, strlen %zu)", n, strlen(t));
    nx_free(t);
    return got;
}

int main(void)
{
    /* detection looks at the start and wants a closing tag */
    CHECK(nx_html_detect("<html><body>x</body></html>", 27));
    CHECK(nx_html_detect("  \n<!DOCTYPE html><p>x</p>", 26));
    CHECK(nx_html_detect("\xEF\xBB\xBF<p>x</p>", 11));
    CHECK(!nx_html_detect("<ACME> said it agreed", 21));
    CHECK(!nx_html_detect("Microsoft <b>agreed</b>", 23));
    CHECK(!nx_html_detect("", 0));
    CHECK(!nx_html_detect("<", 1));
    CHECK(nx_html_path("a/b.html") && nx_html_path("x.HTM") && nx_html_path("x.html.gz"));
    CHECK(!nx_html_path("x.txt") && !nx_html_path("html") && !nx_html_path("x.jsonl"));

    /* tags, blocks, whitespace */
    CHECK_STR(conv("<p>Microsoft   Corp\n agreed</p><p>Second</p>"), "Microsoft Corp agreed\n\nSecond\n");
    CHECK_STR(conv("a<br>b<br/>c<div>d</div>e"), "a\nb\nc\nd\ne\n");
    CHECK_STR(conv("<ul><li>one</li><li>two</li></ul>"), "one\ntwo\n");
    CHECK_STR(conv("<b>bold</b> and <i>it</i>alic"), "bold and italic\n");
    CHECK_STR(conv("<html><head><title>MSFT TO BUY ATVI</title><style>p{x:1}</style>"
                   "<script>var a = '<p>no</p>';</script></head><body><h1>Deal</h1>"
                   "<!-- a <p>comment</p> --><p>Text.</p></body></html>"),
              "MSFT TO BUY ATVI\n\nDeal\n\nText.\n");
    CHECK_STR(conv("<pre>a  b\n  c</pre>"), "a  b\n  c\n");
    CHECK_STR(conv("<a href=\"x>y\" title='>'>link</a>"), "link\n");
    /* character references */
    CHECK_STR(conv("AT&amp;T &lt;T&gt; &quot;q&quot; &#39;s &#x41;&#66;"), "AT&T <T> \"q\" 's AB\n");
    CHECK_STR(conv("&euro;5&nbsp;bn &mdash; &pound;3 &copy;"), "\xE2\x82\xAC" "5 bn \xE2\x80\x94 \xC2\xA3" "3 \xC2\xA9\n");
    CHECK_STR(conv("&unknown; &amp &#; &#xD800; &#0; &#1114112;"),
              "&unknown; &amp &#; \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD\n");
    /* broken HTML still gives text */
    /* "<d" opens a tag, as in a browser: what follows up to a ">" (here: the end) is no text */
    CHECK_STR(conv("a < b and c<d"), "a < b and c\n");
    CHECK_STR(conv("<p>truncated <b"), "truncated\n");
    CHECK_STR(conv("<p>x<!-- never closed"), "x\n");
    CHECK_STR(conv("<script>never closed"), "");
    CHECK_STR(conv(""), "");
    /* NUL bytes become spaces */
    {
        size_t n;
        char *t = nx_html_to_text("<p>a\0b</p>", 10, &n);
        CHECK(t && n == 4 && memcmp(t, "a b\n", 4) == 0);
        nx_free(t);
    }
    /* found by fuzz_html: an unterminated CDATA section copied its NUL bytes into the text */
    {
        size_t n;
        char *t = nx_html_to_text("<p>a</p><![CDATA[x]]\0\0y", 23, &n);
        CHECK(t && !memchr(t, 0, n) && strcmp(t, "a\n\nx]]  y\n") == 0);
        nx_free(t);
    }
    /* found by fuzz_html: a one-letter tag name at the very end was compared with "img" (3 bytes) */
    {
        size_t n;
        char *in = nx_malloc(4);
        memcpy(in, "x<b>", 4);
        char *t = nx_html_to_text(in, 2, &n); /* "x<": a stray '<' at the end */
        CHECK(t && strcmp(t, "x<\n") == 0);
        nx_free(t);
        t = nx_html_to_text(in, 3, &n); /* "x<b": a tag cut at the end of the input */
        CHECK(t && strcmp(t, "x\n") == 0);
        nx_free(t);
        nx_free(in);
        CHECK_STR(conv("a<img src=x>b <tdx>c"), "a b c\n");
    }
    UNIT_DONE();
}
