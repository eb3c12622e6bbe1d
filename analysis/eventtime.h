/* eventtime.h: trading calendars, timestamps and New York time, day 0 of an event, windows.
 *
 * Dates are days since 1970-01-01 (int); instants are seconds since 1970-01-01T00:00:00Z (long long).
 * A calendar is the sorted list of trading dates; relative day t of an event is calendar index
 * day0 + t.
 */
#ifndef NX_EVENTTIME_H
#define NX_EVENTTIME_H

#include <stddef.h>

#include "../extractor/base.h"

typedef struct nx_calendar {
    int *d;   /* trading dates, strictly increasing */
    size_t n;
} nx_calendar;

/* Index of date in the calendar, or -1. */
long nx_cal_index(const nx_calendar *c, int date);
/* Index of the first trading date on or after date, or -1 when date is after the last one. */
long nx_cal_on_or_after(const nx_calendar *c, int date);
void nx_cal_free(nx_calendar *c);
/* Read a calendar file: one date per line (the first field of a CSV line; a header line and blank
 * lines are skipped). Dates must increase; a bad or out-of-order line is reported in *d and skipped.
 * Returns 0, or -1 with err set (I/O, memory, no dates at all). */
struct nx_diags;
int nx_cal_read(const char *path, nx_calendar *out, struct nx_diags *d, nx_error *err);

/* Parse a timestamp: "YYYY-MM-DDTHH:MM[:SS[.fff]]" (or a space instead of T) followed by "Z", an
 * offset "+HH:MM" / "-HHMM", or nothing (UTC). Returns 0 with *utc set, or -1. */
int nx_parse_timestamp(const char *s, long long *utc);
/* Parse a time of day "HH:MM[:SS[.fff]]" into seconds after midnight; 0 or -1. */
int nx_parse_clock(const char *s, int *secs);

/* New York's offset from UTC at the instant utc, in seconds (-4 h in daylight saving time, -5 h
 * otherwise). The rule (US federal law as it applied in each year, New York City's before 1967; the
 * tz database's America/New_York, which the unit test compares hour by hour from 1900 on):
 *   2007-      second Sunday of March 02:00 EST  -> first Sunday of November 02:00 EDT
 *   1987-2006  first Sunday of April              -> last Sunday of October
 *   1976-1986  last Sunday of April               -> last Sunday of October
 *   1975       23 February; 1974: 6 January (energy crisis) -> last Sunday of October
 *   1955-1973  last Sunday of April               -> last Sunday of October
 *   1946-1954, 1921-1941  last Sunday of April    -> last Sunday of September
 *   1942-02-09 -> 1945-09-30  War Time (all year)
 *   1918-1920  last Sunday of March               -> last Sunday of October
 *   before 1918  EST */
int nx_ny_offset(long long utc);

/* Where an event falls in trading time. */
typedef struct nx_day0 {
    long index;        /* calendar index of day 0, -1 when outside the calendar */
    int local_date;    /* the event's date in New York (the given date when there is no time) */
    int local_secs;    /* seconds after midnight, New York; -1 when there is no time */
    int after_close;   /* the time is at or after the close: day 0 is the next trading day */
    int shift_days;    /* calendar days from local_date to day 0 (0 when day 0 is that date) */
    int before_first;  /* the date is before the calendar's first day (day 0 unknown) */
} nx_day0;

/* Day 0: the first trading day on or after the event's New York date, or after it when has_time and
 * the New York time is at or after close_secs. An event dated before the calendar's first day has
 * no day 0 (there may have been trading days in between that the calendar does not know). */
void nx_find_day0(const nx_calendar *c, int date, int has_time, long long utc, int close_secs, nx_day0 *out);

/* A window of relative trading days [a, b], a <= b. */
typedef struct nx_window {
    int a, b;
} nx_window;
/* Parse "A,B" (or "A:B"), integers, A <= B. Returns 0 or -1. */
int nx_parse_window(const char *s, nx_window *w);

#endif
