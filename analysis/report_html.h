/* report_html.h: report.html, one self-contained page of a study, rendered from study.json.
 *
 * The page is built from the study.json document (the text nx_report_json writes), read back with
 * jansson, not from the study's structs: it shows what study.json says, and a key that another part
 * of newsfx adds to study.json shows up without this module knowing its C struct. Known keys get
 * their own section (settings, summary and firm_events, caar_path as the inline picture of plot.h,
 * caar and aar, groups, regression, reported_vs_realized); any other top-level key is shown as a
 * generic table. A section whose key is absent is left out.
 *
 * The page holds everything inline (CSS, the SVG); no script, no font, image or link to another
 * file or site. All text from the document is escaped (names and ids come from the news); numbers
 * are formatted for reading (CAAR in %, statistics with 3 decimals, p-values with 4), in the C
 * locale. The same document gives the same bytes.
 */
#ifndef NX_REPORT_HTML_H
#define NX_REPORT_HTML_H

#include <stddef.h>

#include "../extractor/base.h"

/* Rows of a firm-event table the page shows before "and N more" (nx_report_json_brief keeps as many). */
#define NX_HTML_MAX_ROWS 500

/* Append report.html for the study.json text json[0..len) to b. Returns 0, or -1 with err set: the
 * text is not a JSON object (NX_EDATA, with jansson's line and column), out of memory (NX_ENOMEM). */
int nx_report_html(const char *json, size_t len, nx_buf *b, nx_error *err);

#endif
