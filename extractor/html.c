/* html.c: HTML to plain text (see html.h). A small tolerant scanner, not a parser: broken HTML
 * (an unclosed tag, a stray '<', a truncated file) still gives text, never an error. */
#include "html.h"

#include <ctype.h>
#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

int nx_html_detect(const char *text, size_t n)
{
    size_t i = 0;
    /* a UTF-8 byte-order mark, then whitespace */
    if (n >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
        i = 3;
    while (i < n && isspace((unsigned char)text[i]))
        i++;
    if (i + 1 >= n || text[i] != '<')
        return 0;
    unsigned char c = (unsigned char)text[i + 1];
    if (!isalpha(c) && c != '!' && c != '?')
        return 0;
    /* a closing tag somewhere: "<ACME> said" (a Reuters ticker tag) is not HTML */
    for (size_t k = i; k + 1 < n; k++)
        if (text[k] == '<' && text[k + 1] == '/')
            return 1;
    return 0;
}

int nx_html_path(const char *p)
{
    size_t n = strlen(p);
    if (n > 3 && strcmp(p + n - 3, ".gz") == 0)
        n -= 3;
    return (n > 5 && nx_strncaseeq(p + n - 5, ".html", 5)) || (n > 4 && nx_strncaseeq(p + n - 4, ".htm", 4));
}

/* ---- character references ---- */

static const struct {
    const char *name;
    unsigned cp;
} ENT[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"sbquo", 0x201A}, {"bdquo", 0x201E}, {"laquo", 0xAB},
    {"raquo", 0xBB}, {"bull", 0x2022}, {"middot", 0xB7}, {"euro", 0x20AC}, {"pound", 0xA3},
    {"yen", 0xA5}, {"cent", 0xA2}, {"curren", 0xA4}, {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122},
    {"deg", 0xB0}, {"plusmn", 0xB1}, {"times", 0xD7}, {"divide", 0xF7}, {"frac12", 0xBD},
    {"frac14", 0xBC}, {"frac34", 0xBE}, {"percnt", '%'}, {"dollar", '$'}, {"shy", 0xAD},
    {"thinsp", 0x2009}, {"ensp", 0x2002}, {"emsp", 0x2003}, {"zwj", 0x200D}, {"zwnj", 0x200C},
    {"eacute", 0xE9}, {"Eacute", 0xC9}, {"egrave", 0xE8}, {"aacute", 0xE1}, {"agrave", 0xE0},
    {"acirc", 0xE2}, {"auml", 0xE4}, {"Auml", 0xC4}, {"ouml", 0xF6}, {"Ouml", 0xD6}, {"uuml", 0xFC},
    {"Uuml", 0xDC}, {"szlig", 0xDF}, {"ccedil", 0xE7}, {"ntilde", 0xF1}, {"oacute", 0xF3},
    {"iacute", 0xED}, {"uacute", 0xFA}, {"oslash", 0xF8}, {"aring", 0xE5}, {NULL, 0}};

static void put_cp(nx_buf *b, unsigned cp)
{
    char u[4];
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        nx_buf_addc(b, (char)cp);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        nx_buf_add(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        nx_buf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        nx_buf_add(b, u, 4);
    }
}

/* A character reference at s[0] == '&'. Returns its length and sets *cp, or 0 when none. */
static size_t entity(const char *s, size_t n, unsigned *cp)
{
    size_t i = 1;
    if (i < n && s[i] == '#') {
        i++;
        int hex = i < n && (s[i] == 'x' || s[i] == 'X');
        i += (size_t)hex;
        size_t d0 = i;
        unsigned long v = 0;
        while (i < n && i - d0 < 8 && (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i]))) {
            int c = (unsigned char)s[i];
            v = v * (hex ? 16 : 10) + (unsigned long)(isdigit(c) ? c - '0' : lower(c) - 'a' + 10);
            i++;
        }
        if (i == d0)
            return 0;
        if (i < n && s[i] == ';')
            i++;
        *cp = v > 0x10FFFF ? 0xFFFD : (unsigned)v;
        return i;
    }
    size_t j = i;
    while (j < n && j - i < 10 && isalnum((unsigned char)s[j]))
        j++;
    if (j == i || j >= n || s[j] != ';')
        return 0;
    for (int k = 0; ENT[k].name; k++)
        if (strlen(ENT[k].name) == j - i && memcmp(ENT[k].name, s + i, j - i) == 0) {
            *cp = ENT[k].cp;
            return j + 1;
        }
    return 0;
}

/* ---- tags ---- */

/* Elements whose end (and start) breaks the line; `para` ones leave a blank line. */
static int block_kind(const char *name, size_t n)
{
    static const char *const PARA[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "title", "blockquote",
                                       "article", "section", "header", "footer", "table", "ul", "ol",
                                       "figure", "pre", "hr", "main", "aside", "nav", "dl", NULL};
    static const char *const LINE[] = {"br", "div", "li", "tr", "dt", "dd", "td", "th", "caption",
                                       "figcaption", "address", "option", NULL};
    for (int k = 0; PARA[k]; k++)
        if (strlen(PARA[k]) == n && nx_strncaseeq(PARA[k], name, n))
            return 2;
    for (int k = 0; LINE[k]; k++)
        if (strlen(LINE[k]) == n && nx_strncaseeq(LINE[k], name, n))
            return 1;
    return 0;
}

/* Elements whose content is not text. */
static int skip_content(const char *name, size_t n)
{
    static const char *const S[] = {"script", "style", "noscript", "template", "svg", "iframe", "object",
                                    NULL};
    for (int k = 0; S[k]; k++)
        if (strlen(S[k]) == n && nx_strncaseeq(S[k], name, n))
            return 1;
    return 0;
}

/* End a line (kind 1) or a paragraph (kind 2): drop trailing spaces, at most two newlines. */
static void brk(nx_buf *b, int kind)
{
    while (b->len && b->p[b->len - 1] == ' ')
        b->len--;
    if (!b->len)
        return;
    size_t nl = 0;
    while (nl < b->len && nl < 2 && b->p[b->len - 1 - nl] == '\n')
        nl++;
    for (size_t k = nl; k < (size_t)kind; k++)
        nx_buf_addc(b, '\n');
    if (b->p)
        b->p[b->len] = 0;
}

/* Find the case-insensitive end tag "</name" from s[i]; returns its position or n. */
static size_t find_end_tag(const char *s, size_t n, size_t i, const char *name, size_t nl)
{
    for (; i + 2 + nl <= n; i++)
        if (s[i] == '<' && s[i + 1] == '/' && nx_strncaseeq(s + i + 2, name, nl) &&
            (i + 2 + nl == n || !isalnum((unsigned char)s[i + 2 + nl])))
            return i;
    return n;
}

char *nx_html_to_text(const char *s, size_t n, size_t *outlen)
{
    nx_buf b = NX_BUF_INIT;
    nx_buf_reserve(&b, n / 2 + 16);
    int pre = 0;
    size_t i = 0;
    while (i < n && !b.oom) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<') {
            /* comment, doctype, processing instruction, CDATA */
            if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
                const char *e = NULL;
                for (size_t k = i + 4; k + 2 < n + 0 && !e; k++)
                    if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>')
                        e = s + k;
                i = e ? (size_t)(e - s) + 3 : n;
                continue;
            }
            if (i + 8 < n && memcmp(s + i, "<![CDATA[", 9) == 0) {
                size_t k = i + 9, e = n;
                for (; k + 2 < n; k++)
                    if (s[k] == ']' && s[k + 1] == ']' && s[k + 2] == '>') {
                        e = k;
                        break;
                    }
                for (size_t k2 = i + 9; k2 < e; k2++)
                    nx_buf_addc(&b, s[k2] ? s[k2] : ' '); /* no NUL in the text, as elsewhere */
                i = e < n ? e + 3 : n;
                continue;
            }
            size_t j = i + 1;
            int end = 0;
            if (j < n && s[j] == '/') {
                end = 1;
                j++;
            }
            if (j >= n || !(isalpha((unsigned char)s[j]) || (!end && (s[j] == '!' || s[j] == '?')))) {
                nx_buf_addc(&b, '<'); /* a stray '<' ("a < b") is text */
                i++;
                continue;
            }
            size_t ns = j;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == ':'))
                j++;
            size_t nlen = j - ns;
            /* the end of the tag: '>' outside quotes */
            char q = 0;
            while (j < n && (q || s[j] != '>')) {
                if (q && s[j] == q)
                    q = 0;
                else if (!q && (s[j] == '"' || s[j] == '\''))
                    q = s[j];
                j++;
            }
            size_t after = j < n ? j + 1 : n;
            const char *name = s + ns;
            if (!end && skip_content(name, nlen)) {
                size_t e = find_end_tag(s, n, after, name, nlen);
                while (e < n && s[e] != '>')
                    e++;
                i = e < n ? e + 1 : n;
                continue;
            }
            if (nlen == 3 && nx_strncaseeq(name, "pre", 3))
                pre = !end;
            int k = block_kind(name, nlen);
            if (k)
                brk(&b, k);
            else if (nlen == 3 && nx_strncaseeq(name, "img", 3) && b.len && b.p[b.len - 1] != ' ' &&
                     b.p[b.len - 1] != '\n')
                nx_buf_addc(&b, ' '); /* an image between two words separates them */
            i = after;
            continue;
        }
        if (c == '&') {
            unsigned cp;
            size_t k = entity(s + i, n - i, &cp);
            if (k) {
                if (cp == ' ' || cp == 0xA0) {
                    if (b.len && b.p[b.len - 1] != ' ' && b.p[b.len - 1] != '\n')
                        nx_buf_addc(&b, ' ');
                } else {
                    put_cp(&b, cp);
                }
                i += k;
                continue;
            }
            nx_buf_addc(&b, '&');
            i++;
            continue;
        }
        if (c == 0 || (!pre && isspace(c))) {
            if (pre && c == 0) {
                nx_buf_addc(&b, ' ');
            } else if (b.len && b.p[b.len - 1] != ' ' && b.p[b.len - 1] != '\n') {
                nx_buf_addc(&b, ' ');
            }
            i++;
            continue;
        }
        /* a run of ordinary bytes */
        size_t j = i + 1;
        while (j < n && s[j] != '<' && s[j] != '&' && s[j] != 0 && (pre || !isspace((unsigned char)s[j])))
            j++;
        nx_buf_add(&b, s + i, j - i);
        i = j;
    }
    while (!b.oom && b.len && (b.p[b.len - 1] == ' ' || b.p[b.len - 1] == '\n'))
        b.len--;
    if (!b.oom) {
        nx_buf_addc(&b, '\n');
        if (b.len == 1)
            b.len = 0;
        if (b.p)
            b.p[b.len] = 0;
    }
    if (b.oom) {
        nx_buf_free(&b);
        return NULL;
    }
    *outlen = b.len;
    if (!b.p) {
        char *e = nx_malloc(1);
        if (e)
            e[0] = 0;
        return e;
    }
    return nx_buf_take(&b);
}
