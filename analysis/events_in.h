/* events_in.h: the events a study reads, as firm-events (one per company role filler).
 *
 * Inputs (the format is found from the content: a first character '{' means JSON Lines):
 *   JSON Lines  the extractor's event records (spec/events.md): each filler of a role (acquirer,
 *               target, ...) becomes a firm-event; a filler without a ticker gives a firm-event that
 *               cannot be studied (status no_ticker). Flat records with a top-level "ticker" (and
 *               optionally "role") are accepted too. The date is "doc_date" (or "date",
 *               "event_date"); a time of day comes from "timestamp" (ISO 8601, UTC unless an offset
 *               is given) or "time" / "doc_time" ("HH:MM[:SS]", UTC).
 *   CSV         columns event_id,ticker,date[,time][,type][,amount][,currency][,role][,name]; the
 *               date cell may hold a whole timestamp.
 * Type, role, amount (value and currency), the reported change (value and unit) and the document id
 * are kept on every firm-event for the cross-section and the reported-vs-realized comparison.
 */
#ifndef NX_EVENTS_IN_H
#define NX_EVENTS_IN_H

#include <stddef.h>

#include "csv.h"

typedef struct nx_fevent {
    char *event_id;    /* never NULL */
    char *ticker;      /* NULL: the filler has no ticker */
    char *role;        /* NULL: none given */
    char *name;        /* company name, NULL if none */
    char *type;        /* event type, NULL if none */
    char *doc_id;      /* NULL if none */
    char *currency;    /* of the amount, NULL if none */
    char *change_unit; /* "percent" or a currency code, NULL if no change */
    char *change_text; /* the words of the reported change ("fell 2.3 pct"), NULL if none */
    char *time_text;   /* the timestamp or time as given, NULL if none */
    char *map_reason;  /* why a ticker map does not vouch for the ticker (NULL: it does, or no map) */
    int ticker_from_map; /* the ticker is the ticker map's for the company's name */
    double amount;     /* NAN when none */
    double change;     /* the reported move (signed), NAN when none */
    int date;          /* the event's date (days since 1970-01-01) */
    int has_time;      /* utc is set */
    long long utc;     /* the instant (seconds since the epoch, UTC) */
    size_t line;       /* line in the events file */
} nx_fevent;

typedef struct nx_fevents {
    nx_fevent *v;
    size_t n, cap;
} nx_fevents;

typedef struct nx_events_opts {
    const char *const *roles; /* keep only fillers of these roles (NULL: all); then events without any
                                 such role give no firm-event */
    size_t nroles;
} nx_events_opts;

/* Read the events of path ("-" is stdin) and append their firm-events to *out, in input order
 * (within an event: roles in the record's order, fillers in list order). A malformed line (invalid
 * JSON, no event id, no or bad date, a bad time) is reported in *d (file:line: message) and
 * skipped. Returns 0, or -1 with err set (I/O, memory, a CSV without a date column); *out keeps what
 * was appended and is freed with nx_fevents_free in any case. */
int nx_events_read(const char *path, const nx_events_opts *o, nx_fevents *out, nx_diags *d, nx_error *err);
void nx_fevents_free(nx_fevents *e);

#endif
