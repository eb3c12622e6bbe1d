/* prices.h: price and return files, and return series aligned on a trading calendar.
 *
 * Formats (detected from the header; the separator from the first line):
 *   long    date,ticker,close[,adj_close,volume,...]   one row per series and date
 *   wide    date,T1,T2,...                              one column per series
 *   single  Date,Open,High,Low,Close,Adj Close,Volume   one series (a market file): no ticker column
 *           but a price column
 * Columns are found by name (case-insensitive): the date is `date` (else the first column); the
 * ticker `ticker`, `symbol`, `tic`, `permno`, `firm`; the value the first of `adj_close`,
 * `adj close`, `adjclose`, `adjusted`, `close`, `price`, `prc`, `value`, `return`, `ret`,
 * `returns`. nx_columns overrides each (--columns date=Date,ticker=Symbol,close=Adj Close).
 *
 *   nx_rawset raw;  nx_rawset_read("prices.csv", &o, &raw, &diags, &err);   observations as read
 *   nx_series s;    nx_series_build(&raw.s[i], &cal, NX_RET_PRICES, 0, &s, &err);  returns on cal
 *
 * A malformed row (a bad date, text in a number column, a wrong number of fields, a duplicate date,
 * a date out of order) is reported in the diagnostics (file:line, the column and the value) and
 * skipped; the run continues. Negative prices are CRSP bid/ask midpoints: their absolute value is
 * used. A zero price is reported and treated as missing.
 */
#ifndef NX_PRICES_H
#define NX_PRICES_H

#include <stddef.h>

#include "csv.h"
#include "eventtime.h"

/* What a file holds. */
typedef enum {
    NX_RET_PRICES = 0, /* prices (adjusted closes): returns are computed */
    NX_RET_SIMPLE,     /* simple returns, R = P_t / P_{t-1} - 1 */
    NX_RET_LOG,        /* log returns, ln(P_t / P_{t-1}) */
    NX_RET_PERCENT     /* simple returns in percent (2.5 = 2.5%) */
} nx_ret_kind;

typedef struct nx_columns {
    const char *date, *ticker, *value; /* NULL: found by name */
} nx_columns;

/* Parse "--columns" text: comma-separated KEY=NAME with KEY one of date, ticker, close (or value,
 * price, return). The names point into a copy owned by *cols_text (free with nx_free). 0 or -1. */
int nx_columns_parse(const char *spec, nx_columns *c, char **cols_text, nx_error *err);

/* One series as read: observations in increasing date order (v is NAN when the cell was empty). */
typedef struct nx_raw {
    int *date;
    double *v;
    size_t *line;     /* the line of each observation */
    size_t n, cap;
    size_t last_line; /* the line of the last observation (for messages) */
    size_t nneg; /* negative prices replaced by their absolute value */
} nx_raw;

typedef struct nx_rawset {
    nx_names names; /* series names, in order of first appearance */
    nx_raw *s;      /* s[i] belongs to names.s[i] */
    size_t cap;
    int format;     /* 'l' long, 'w' wide, 's' single series */
    int unsorted;   /* some rows came before a later date (sorted when the file is read) */
    size_t rows;    /* records under the header, kept or not */
} nx_rawset;

typedef struct nx_price_opts {
    nx_columns cols;
    nx_ret_kind kind;
    const nx_names *want;     /* keep only these series (NULL: all) */
    const char *series_name;  /* the name of a single-series file's series (NULL: no such format) */
    const char *column;       /* keep only this column of a wide file (then named series_name) */
} nx_price_opts;

/* Read a price or return file. Returns 0, or -1 with err set (cannot read, no header, no date or
 * value column, a wanted column missing, out of memory); on failure *out holds nothing. Rows are
 * reported in *d as described above. Free with nx_rawset_free. */
int nx_rawset_read(const char *path, const nx_price_opts *o, nx_rawset *out, nx_diags *d, nx_error *err);
void nx_rawset_free(nx_rawset *r);

/* A return series on a calendar. */
typedef struct nx_series {
    double *r;         /* r[k]: the return of calendar day k (from day k-1 to k), NAN when missing */
    long first, last;  /* calendar indexes of the first and last observation; -1 when none */
    size_t off_calendar; /* observations on dates that are not trading days (ignored) */
} nx_series;

/* Build the return series of raw on cal. Prices: R_k = P_k / P_{k-1} - 1 (ln(P_k / P_{k-1}) with
 * log_returns) when both prices exist, else missing: a return never spans a missing price. Returns
 * files: the value (percent / 100). Returns 0, or -1 (out of memory, err set). Free with
 * nx_series_free. */
int nx_series_build(const nx_raw *raw, const nx_calendar *cal, nx_ret_kind kind, int log_returns,
                    nx_series *out, nx_error *err);
void nx_series_free(nx_series *s);

/* The median size |R| of the returns of s (n calendar days), over those that exist; *count gets
 * their number. NAN when there are none or memory runs out. A typical day of a real share moves
 * about 1 %: a median above 25 % means the values were read as the wrong kind (returns as prices,
 * prices as returns), which the study refuses (nx_series_plausible). */
double nx_series_median_abs(const nx_series *s, size_t n, size_t *count);

/* The check above for series `name` of file `path` read as `kind`: 0 when it has fewer than 10
 * returns or their median size is at most 25 %, else -1 with err set (NX_EUSAGE, naming the series,
 * the file, the median and the flag to use). */
int nx_series_plausible(const nx_series *s, size_t n, nx_ret_kind kind, const char *name, const char *path,
                        nx_error *err);

/* The calendar of raw's dates (the spec's "union of dates in the market series"). With prices
 * (with_missing), the dates whose value is missing too: a return next to a missing price is then
 * missing, never one that spans two days. With returns, only the dates that have one (a day
 * without the market's return is no trading day of the study). *missing (may be NULL) gets the
 * number of dates without a value. Returns 0 or -1 (memory). */
int nx_calendar_from_raw(const nx_raw *raw, int with_missing, nx_calendar *cal, size_t *missing, nx_error *err);
/* The union of the dates with a value in every series of set. Returns 0 or -1 (memory). */
int nx_calendar_union(const nx_rawset *set, nx_calendar *cal, nx_error *err);

#endif
