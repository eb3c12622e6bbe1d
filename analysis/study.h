/* study.h: the event study driver: events + prices -> firm-events with their statuses, models, ARs,
 * CARs, BHARs, and the AAR / CAAR tables of every statistic (overall and per group).
 *
 *   nx_study_opts o;  nx_study_opts_init(&o);  o.events = ...; o.prices = ...; o.market = ...;
 *   nx_diags d = {0};  nx_error err = {0};
 *   nx_study *s = nx_study_run(&o, &d, &err);   NULL on a fatal error (err set)
 *   ... s->fe[i], s->all, s->groups ...         report.h writes them
 *   nx_study_free(s);  nx_diags_free(&d);
 *
 * Every input firm-event appears in s->fe (input order) with a status; only `ok` rows enter the
 * statistics. See spec/eventstudy.md and stats.h for the definitions.
 */
#ifndef NX_STUDY_H
#define NX_STUDY_H

#include <stddef.h>

#include "csv.h"
#include "events_in.h"
#include "eventtime.h"
#include "models.h"
#include "prices.h"
#include "stats.h"

#define NX_MAXWIN 32
#define NX_MAXTHREADS 64
#define NX_MAXDAYS 30000 /* estimation + event days at most (ranks are stored doubled in 16 bits) */

typedef enum {
    NX_FE_OK = 0,
    NX_FE_NO_TICKER,
    NX_FE_UNKNOWN_TICKER,
    NX_FE_NO_PRICES,        /* no_prices_at_event: day 0 outside the calendar or the firm's series */
    NX_FE_EST_SHORT,        /* estimation_short */
    NX_FE_WINDOW_MISSING,   /* event_window_missing */
    NX_FE_EST_CONSTANT,     /* estimation_constant */
    NX_FE_OVERLAP,          /* overlap_dropped */
    NX_FE_NSTATUS
} nx_fe_status;
extern const char *const nx_fe_status_names[NX_FE_NSTATUS];

/* The regressors of the cross-section (xsect.h). */
typedef enum { NX_XR_LOG_AMOUNT = 0, NX_XR_TYPE, NX_XR_ROLE, NX_XR_REPORTED, NX_NXR } nx_xregressor;

typedef struct nx_study_opts {
    const char *events, *prices;
    const char *market;        /* a ticker of the prices file, or a file (NULL: none) */
    const char *market_column; /* the column of a market file holding several series */
    const char *calendar;      /* a file of trading dates (NULL: the market's dates) */
    const char *const *ticker_maps; /* point-in-time ticker maps (tickermap.h), read in order */
    size_t nticker_maps;
    const char *factors;       /* factors file (model factors) */
    int factors_percent;       /* the factors file holds percents */
    nx_columns cols;           /* --columns for the prices file */
    nx_ret_kind returns;       /* what the prices (and market) file holds */
    int log_returns;           /* compute log returns from prices */
    nx_model_kind model;
    nx_window est;             /* estimation window, default [-250, -11] */
    nx_window win[NX_MAXWIN];  /* event windows, default (-1, 1) */
    size_t nwin;
    long min_est;              /* least estimation returns, default 100 */
    int close_secs;            /* market close, New York, seconds after midnight (default 16:00) */
    const char *const *roles;  /* roles to study (NULL: all) */
    size_t nroles;
    int overlap_keep;          /* 0: drop the later of two overlapping firm-events of one firm */
    int overlap_shared;        /* 1 (drop-shared): two overlap when their event windows share a trading
                                * day; 0 (drop-later, the spec's): when the later one's day 0 lies inside
                                * the earlier one's event windows */
    int group_by;              /* 0 none, 't' type, 'r' role, 'b' both ("acquisition/target") */
    long bootstrap;            /* resamples, default 2000 (0: off) */
    unsigned long seed;        /* default 1 */
    int threads;               /* worker threads (default 1); the results do not depend on it */
    int regress;               /* the cross-sectional regression (xsect.h) */
    nx_window regress_window;  /* its CAR window, one of win[] (used when regress_window_set) */
    int regress_window_set;    /* 0: the first window */
    int regressors[NX_NXR];    /* nx_xregressor values in the order of the terms, each once */
    size_t nregressors;        /* default: log_amount, type, role */
    int wls;                   /* weights 1 / Var(CAR) instead of OLS */
    double mismatch_tol;       /* reported vs realized: percentage points (default 2) */
} nx_study_opts;

/* Defaults: market model, [-250,-11], one window (-1,1), min 100, close 16:00, bootstrap 2000, seed 1;
 * no regression (when on: the first window, log_amount, type, role, OLS). */
void nx_study_opts_init(nx_study_opts *o);

/* One firm-event. The arrays are views into the study's storage. */
typedef struct nx_fe {
    nx_fevent ev;              /* the input: ids, ticker, role, type, amount, change, date, time */
    int status;                /* nx_fe_status */
    char reason[200];          /* why it is not ok ("" when ok) */
    nx_day0 t0;                /* day 0 (t0.index -1 when unknown) */
    int series;                /* the firm's return series, -1 when none */
    const char *overlap_with;  /* the earlier firm-event's id this one overlaps (both kept or dropped) */
    size_t overlap_index;
    nx_fit fit;                /* the model (when estimated) */
    double *ar, *sar, *var_ar, *t_p;          /* [nd] per event day; t_p: p of the AR's t */
    double *car, *scar, *var_car, *bhar, *car_p; /* [nw] per window; car_p: p of the CAR's t */
    double *est;               /* [le] estimation residuals (NAN missing) */
    double *er;                /* [nd] expected returns on the event days */
    uint16_t *krank_est, *krank_evt, *grank; /* ranks, doubled (see nx_panel_fe) */
    nx_panel_fe pf;            /* what the statistics read */
} nx_fe;

typedef struct nx_study_group {
    char *name;                /* the type or role; "(none)" when the firm-event has none */
    size_t nfe;                /* firm-events of the group, any status */
    size_t count[NX_FE_NSTATUS];
    nx_table table;            /* over its ok rows */
} nx_study_group;

typedef struct nx_study {
    nx_study_opts o;
    nx_calendar cal;
    char cal_source[256];      /* "market 'SP500'", "calendar 'x.txt'", ... */
    int *days;                 /* relative event days: the union of the windows, increasing */
    size_t nd, le;
    nx_fe *fe;
    size_t nfe;
    size_t count[NX_FE_NSTATUS];
    int log_returns;           /* the returns are log returns (BHAR compounds with exp) */
    char *market_name;
    size_t nfactors;
    char **factor_names;
    nx_table all;
    nx_study_group *groups;
    size_t ngroups;
    struct nx_xsect *xsect;    /* the cross-section (o.regress), else NULL */
    struct nx_rvr *rvr;        /* reported vs realized moves (realized.h); never NULL after a run */
    /* storage */
    nx_rawset prices, market_raw, factors_raw;
    nx_series *series;         /* one per prices series (names as in prices.names) */
    nx_series market, rf, *fac;
    double *dstore;
    uint16_t *rstore;
    nx_fevents events;
} nx_study;

/* Run the study. Returns the study (free with nx_study_free), or NULL with err set: a usage error
 * (NX_EUSAGE: bad windows, a regression window that is not one of them, a model without what it
 * needs), an unreadable file, a file without the
 * needed columns, out of memory. Rejected input rows are reported in *d and the run goes on. */
nx_study *nx_study_run(const nx_study_opts *o, nx_diags *d, nx_error *err);
void nx_study_free(nx_study *s);
/* The name of f's group under s->o.group_by (as in s->groups): its type, its role, or "type/role";
 * "(none)" for a missing one. May be written into buf[0..cap). */
const char *nx_study_group_of(const nx_study *s, const nx_fe *f, char *buf, size_t cap);

#endif
