/* csv.h: what the analysis readers share: a CSV record reader, cell parsers (numbers, dates), a
 * diagnostics list and a string-to-index map.
 *
 *   nx_csv c;
 *   if (nx_csv_open(&c, "prices.csv", 0, &err)) ...        whole file read, separator detected
 *   while (nx_csv_next(&c) > 0)                             c.f[0..c.nf) are the unquoted fields
 *       ... c.line is the record's first line (1-based)
 *   nx_csv_close(&c);
 *
 * The readers report a malformed record in the diagnostics list (git-style message naming the file,
 * the line and the column) and go on; only I/O and memory failures stop them.
 */
#ifndef NX_CSV_H
#define NX_CSV_H

#include <stddef.h>

#include "../extractor/base.h"

/* ---- diagnostics ---- */

/* Messages for the user, in the order they were found. `rejected` counts the records (or cells) that
 * were dropped; warnings that drop nothing do not count. Initialise with memset 0. */
typedef struct nx_diags {
    char **msg;
    size_t n, cap;
    size_t rejected;
    int oom; /* a message could not be stored */
} nx_diags;

/* Append a message; rejected = 1 counts it as a rejected record. Never fails loudly (sets oom). */
void nx_diags_add(nx_diags *d, int rejected, const char *fmt, ...) NX_PRINTF(3, 4);
void nx_diags_free(nx_diags *d);

/* ---- CSV records ---- */

typedef struct nx_csv {
    const char *path; /* as given, for messages (not owned) */
    const char *name; /* the path's last component, for messages */
    char *data;       /* the whole file */
    size_t len, pos;
    char sep;         /* ',', ';' or '\t' */
    size_t line;      /* first line of the current record, 1-based */
    size_t next_line;
    char **f;         /* the current record's fields, NUL-terminated, unquoted, inside data: they
                         stay valid (and unchanged) until nx_csv_close */
    size_t *fl;       /* their lengths */
    size_t nf, capf, capfl;
    size_t nul_field; /* the first field of the record holding a NUL byte (1-based), or 0 */
    int has_nul;      /* the file holds a NUL byte somewhere */
} nx_csv;

/* Read path ("-" is stdin) and detect the separator from the first line (the most frequent of ',',
 * ';' and TAB outside quotes) unless sep is given. A UTF-8 BOM is skipped. Returns 0, or -1 with err
 * set ("cannot read 'x': ...") and nothing to free. Close with nx_csv_close. */
int nx_csv_open(nx_csv *c, const char *path, char sep, nx_error *err);
/* Like nx_csv_open on text already in memory (copied). */
int nx_csv_open_mem(nx_csv *c, const char *name, const char *text, size_t len, char sep, nx_error *err);
/* Read the next record: returns 1 (fields in c->f), 0 at the end, -1 when out of memory (err set).
 * Blank lines are skipped; "\r\n" line ends are accepted; quoted fields may hold separators, quotes
 * ("") and line breaks. */
int nx_csv_next(nx_csv *c, nx_error *err);
/* Is the current record unusable? A record with a NUL byte in a field, or (when nf > 0) with other
 * than nf fields, is reported in d as rejected ("path:line: ...") and 1 is returned; else 0. */
int nx_csv_bad_record(const nx_csv *c, const char *path, size_t nf, nx_diags *d);
/* Release everything; the struct may be reused. nx_csv_close on a zeroed struct is a no-op. */
void nx_csv_close(nx_csv *c);
/* Index of the column named `name` (ASCII case-insensitive, surrounding blanks ignored) among the
 * current record's fields, or -1. */
int nx_csv_find(const nx_csv *c, const char *name);

/* Read a whole file or stdin ("-"). Returns a NUL-terminated buffer (free with nx_free) or NULL with
 * err set. */
char *nx_read_input(const char *path, size_t *len, nx_error *err);
/* The last path component of path (a pointer into it). */
const char *nx_basename(const char *path);

/* ---- cells ---- */

/* Parse a number cell. Returns 0 with *v set; 1 when the cell means "missing" (empty, NA, N/A, NaN,
 * null, ".", "-"), with *v = NAN; -1 when it is not a number (text, inf, trailing garbage). Blanks
 * around the number are ignored. */
int nx_parse_num(const char *s, double *v);
/* The same on s[0..n) (no NUL needed). */
int nx_parse_num_n(const char *s, size_t n, double *v);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int nx_days_from_civil(int y, int m, int d);
void nx_civil_from_days(int days, int *y, int *m, int *d);
/* Parse a date at the start of s: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or DD.MM.YYYY (checked: month
 * 1-12, day within the month). Returns the number of bytes used (> 0) with *days set, or 0. */
size_t nx_parse_date_prefix(const char *s, int *days);
/* A whole cell that is a date, optionally followed by a time ("1997-01-02 00:00:00", "...T..."),
 * which is ignored. Returns 0 or -1. */
int nx_parse_date(const char *s, int *days);
/* Write "YYYY-MM-DD" (11 bytes with the NUL) into out. */
void nx_format_date(int days, char out[11]);
/* Write the instant utc (seconds since 1970-01-01T00:00:00Z) as "YYYY-MM-DDTHH:MM:SSZ" into out
 * (21 bytes with the NUL), as printf's "%04d-%02d-%02dT%02d:%02d:%02dZ" writes it, also for a year
 * outside 0-9999 (cut to 23 bytes). */
void nx_format_utc(long long utc, char out[24]);

/* ---- names ---- */

/* A map from strings to 0..n-1 in insertion order (an open-addressing hash table). The strings are
 * copied. Initialise with memset 0; release with nx_names_free. */
typedef struct nx_names {
    char **s;       /* s[i] is the i-th name */
    size_t n, cap;
    int *slot;      /* hash slots: index + 1, 0 = empty */
    size_t nslot;
} nx_names;

/* Index of name, or -1. */
int nx_names_find(const nx_names *m, const char *name, size_t len);
/* Index of name, added when missing. Returns -1 when out of memory. */
int nx_names_add(nx_names *m, const char *name, size_t len);
void nx_names_free(nx_names *m);

#endif
