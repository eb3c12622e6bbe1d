/* html.h: HTML to plain text, for scraped articles.
 *
 * newsfx reads an .html/.htm file, and a text (file or JSON field) that starts with a tag and has
 * a closing tag, as HTML: tags are dropped, the contents of script, style, head-only and template
 * elements and comments too; block elements (p, div, h1-h6, li, tr, br, ...) end a line, paragraphs
 * and headings a paragraph (a blank line, as the sentence splitter expects); runs of whitespace
 * collapse to one space as a browser shows them (except inside pre); character references
 * (&amp; &#8364; &#x20AC; and the common named ones) are decoded to UTF-8, an unknown one is kept
 * as written. The <title> becomes the first line.
 *
 * Offsets: every offset newsfx writes for such a document (start, end, byte_start, byte_end)
 * refers to the extracted text, not to the HTML. The extracted text is what --explain quotes
 * and what `text` fields hold, so a span is always text[start:end] of that text.
 *
 * Plain text never goes through here: the check (nx_html_detect) looks at the first bytes only.
 */
#ifndef NX_HTML_H
#define NX_HTML_H

#include <stddef.h>

#include "base.h"

/* Does text[0..n) look like HTML: after leading whitespace a '<' followed by a letter, '!' or '?',
 * and somewhere a closing tag ("</") ? */
int nx_html_detect(const char *text, size_t n);

/* Is path an HTML file by its name (.html, .htm, also before .gz), case-insensitive? */
int nx_html_path(const char *path);

/* Convert html[0..n) to text. Returns a new NUL-terminated string (*outlen bytes, without the NUL;
 * free with nx_free), or NULL when out of memory. Invalid UTF-8 passes through unchanged (the
 * reader repairs it afterwards), NUL bytes become spaces. */
char *nx_html_to_text(const char *html, size_t n, size_t *outlen);

#endif
