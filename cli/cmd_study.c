/* cmd_study.c: newsfx study: the event study of the events' firms (spec/eventstudy.md). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analysis/plot.h"
#include "../analysis/report.h"
#include "../analysis/report_html.h"
#include "../analysis/study.h"
#include "../analysis/xsect.h"
#include "cli.h"

static const char USAGE[] =
    "newsfx study --events EVENTS --prices PRICES --market TICKER|FILE [options] --output-dir DIR";
static const char SUMMARY[] =
    "Event study: how did each firm's shares react to its events? For every firm-event (one per\n"
    "company role with a ticker) day 0 is the first trading day on or after the event (the next one\n"
    "when the news came at or after the close, New York time). A model of normal returns is fitted\n"
    "on the estimation window; abnormal returns (AR), CAR, SCAR and BHAR are computed on the event\n"
    "windows, and AAR / CAAR are tested with csect_t, bw_cda_t, patell_z, bmp_t, kp_patell_z,\n"
    "kp_bmp_t, sign_z, gsign_z, rank_z, grank_t, skew_t, wilcoxon and a bootstrap, each with a\n"
    "two-sided p-value. Every firm-event keeps its row and status; N counts the `ok` ones.\n"
    "With --regress, the CARs of one window are regressed on fields of the events (log of the USD\n"
    "amount, type and role dummies, the reported move) by OLS or WLS, with classical, HC1, HC3 and\n"
    "firm-clustered standard errors.\n"
    "Writes DIR/study.json (everything), firm_events.csv, aar.csv and caar.csv (and\n"
    "group_aar.csv, group_caar.csv with --group-by, regression.csv with --regress), car.svg (the CAAR\n"
    "over event time with its 95% band, per group too) and report.html (one self-contained page:\n"
    "settings, statuses, the tables, the picture, the regression), all replacing the folder's\n"
    "earlier study together or, on an error, not at all. Exit 1 when input rows were rejected.";
static const char EXAMPLES[] =
    "  newsfx study --events events.jsonl --prices stocks.csv --market SPY -o out\n"
    "  newsfx study --events adds.csv --prices prices.csv --market sp500.csv \\\n"
    "      --estimation -130,-11 --window -2,2 --window 0,0 -o out\n"
    "  newsfx study --events splits.csv --prices returns_pct.csv --returns percent \\\n"
    "      --market other_pct.csv --market-column NiftyIndex -o out\n"
    "  newsfx study --events events.jsonl --prices stocks.csv --market GSPC.csv \\\n"
    "      --calendar nyse_days.txt --role target --group-by type --close-time 16:00 -o out\n"
    "  newsfx study --events e.csv --prices p.csv --model factors --factors ff3.csv \\\n"
    "      --factors-percent -o out\n"
    "  newsfx study --events events.jsonl --prices stocks.csv --market SPY --window -1,1 \\\n"
    "      --window 0,5 --regress --regress-window 0,5 --regressors log_amount,type --wls -o out\n"
    "  jq '.caar[] | {window, caar, p: .stats.bmp_t.p}' out/study.json\n"
    "  jq -c '.regression.terms[] | [.term, .coef, .p.cluster]' out/study.json\n";

static int parse_clock(const char *s, int *secs)
{
    char *e;
    long h = strtol(s, &e, 10);
    if (e == s || *e != ':' || h < 0 || h > 23)
        return -1;
    const char *m0 = e + 1;
    long m = strtol(m0, &e, 10);
    if (e != m0 + 2 || *e || m < 0 || m > 59)
        return -1;
    *secs = (int)(h * 3600 + m * 60);
    return 0;
}

/* mkdir -p */
static int make_dir(const char *path, nx_error *err)
{
    char *p = nx_strdup(path);
    if (!p)
        return nx_error_nomem(err);
    for (char *q = p + 1;; q++) {
        if (*q == '/' || !*q) {
            char c = *q;
            *q = 0;
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                nx_error_set(err, NX_EIO, "cannot create '%s': %s", p, strerror(errno));
                nx_free(p);
                return -1;
            }
            *q = c;
            if (!c)
                break;
        }
    }
    nx_free(p);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return nx_error_set(err, NX_EIO, "cannot write into '%s': not a directory", path);
    return 0;
}

/* study.json, and report.html from it, are built beside the CSV tables (another thread) */
typedef struct json_job {
    const nx_study *s;
    nx_buf b, html;
    int rc, html_rc;
    nx_error html_err;
} json_job;

static void *json_thread(void *arg)
{
    json_job *j = arg;
    j->rc = nx_report_json(j->s, &j->b);
    if (j->rc) {
        j->html_rc = -1;
        return NULL;
    }
    /* the page shows at most NX_HTML_MAX_ROWS firm-events of a kind: it reads a document of only those */
    nx_buf brief = NX_BUF_INIT;
    const nx_buf *src = &j->b;
    if (j->s->nfe > NX_HTML_MAX_ROWS) {
        if (nx_report_json_brief(j->s, NX_HTML_MAX_ROWS, &brief)) {
            nx_buf_free(&brief);
            j->html_rc = -1;
            nx_error_nomem(&j->html_err);
            return NULL;
        }
        src = &brief;
    }
    j->html_rc = nx_report_html(src->p, src->len, &j->html, &j->html_err);
    nx_buf_free(&brief);
    return NULL;
}

/* car.svg: the CAAR paths of the study */
static int report_svg(const nx_study *s, nx_buf *b, nx_error *err)
{
    nx_paths ps;
    if (nx_caar_paths(s, &ps, err))
        return -1;
    char sub[200];
    nx_plot_subtitle(sub, sizeof sub, nx_model_names[s->o.model], s->o.est.a, s->o.est.b);
    int r = nx_svg_caar(ps.v, ps.n, sub, 1, b);
    nx_paths_free(&ps);
    return r ? nx_error_nomem(err) : 0;
}

/* The files of a study, staged (written whole to temporary files) and then renamed into place
 * together, so that a failure halfway leaves the folder's previous study whole; files of an
 * earlier study that this one does not write (its groups, its regression) are removed. */
#define NX_STUDY_FILES 16
typedef struct staged {
    nx_out o[NX_STUDY_FILES];
    const char *name[NX_STUDY_FILES];
    int n;
} staged;

static int write_file(staged *st, const char *dir, const char *name, const nx_buf *b, nx_error *err)
{
    if (st->n == NX_STUDY_FILES)
        return nx_error_set(err, NX_EIO, "too many output files for one study");
    nx_buf path = NX_BUF_INIT;
    nx_buf_printf(&path, "%s/%s", dir, name);
    if (path.oom) {
        nx_buf_free(&path);
        return nx_error_nomem(err);
    }
    nx_out *o = &st->o[st->n];
    int r = nx_out_open(o, path.p, err);
    if (!r) {
        nx_out_write(o, b->p ? b->p : "", b->len);
        r = nx_out_stage(o, err);
    }
    if (!r)
        st->name[st->n++] = name;
    nx_buf_free(&path);
    return r;
}

/* Rename every staged file into place and remove the known files of a study that this one did not
 * write. Returns 0 or -1 with err set. */
static int commit_files(staged *st, const char *dir, nx_error *err)
{
    static const char *const KNOWN[] = {"study.json", "firm_events.csv", "aar.csv", "caar.csv", "car.svg",
                                        "group_aar.csv", "group_caar.csv", "reported_vs_realized.csv",
                                        "regression.csv", "report.html", NULL};
    int rc = 0;
    /* what would stop a rename halfway (a folder in a file's place) stops the study before any */
    for (int i = 0; i < st->n; i++) {
        struct stat sb;
        if (st->o[i].path && stat(st->o[i].path, &sb) == 0 && S_ISDIR(sb.st_mode))
            return nx_error_set(err, NX_EIO, "cannot write '%s': Is a directory", st->o[i].path);
    }
    for (int i = 0; i < st->n; i++)
        if (nx_out_commit(&st->o[i], err))
            rc = -1;
    for (int k = 0; KNOWN[k] && !rc; k++) {
        int written = 0;
        for (int i = 0; i < st->n; i++)
            written |= strcmp(st->name[i], KNOWN[k]) == 0;
        if (written)
            continue;
        nx_buf path = NX_BUF_INIT;
        nx_buf_printf(&path, "%s/%s", dir, KNOWN[k]);
        if (path.oom) {
            nx_buf_free(&path);
            return nx_error_nomem(err);
        }
        if (unlink(path.p) != 0 && errno != ENOENT)
            rc = nx_error_set(err, NX_EIO, "cannot remove the earlier study's '%s': %s", path.p, strerror(errno));
        nx_buf_free(&path);
    }
    st->n = 0;
    return rc;
}

/* On a failure: every staged file removed, the folder as it was. */
static void abort_files(staged *st)
{
    for (int i = 0; i < st->n; i++)
        nx_out_abort(&st->o[i]);
    st->n = 0;
}

int nx_cmd_study(int argc, char **argv)
{
    nx_study_opts so;
    nx_study_opts_init(&so);
    const char *events = NULL, *prices = NULL, *market = NULL, *market_column = NULL, *columns = NULL;
    const char *returns = NULL, *calendar = NULL, *model = NULL, *factors = NULL, *estimation = NULL;
    const char *close_time = NULL, *overlap = NULL, *group_by = NULL, *outdir = NULL;
    const char *mismatch_tol = NULL;
    const char *regress_window = NULL, *regressors = NULL;
    int log_returns = 0, factors_percent = 0, quiet = 0, help = 0, regress = 0, wls = 0;
    long min_est = so.min_est, bootstrap = so.bootstrap, seed = (long)so.seed;
    nx_range threads = {1, NX_MAXTHREADS, 0, 0}; /* not given: the number of cores */
    nx_strlist windows = {0}, roles = {0}, pos = {0}, tmaps = {0};
    staged st;
    st.n = 0;
    const nx_opt opts[] = {
        {0, NULL, NX_OPT_GROUP, NULL, NULL, "inputs:"},
        {'e', "events", NX_OPT_STRING, &events, "FILE",
         "the extractor's JSONL, or CSV event_id,ticker,date[,time][,type][,amount] ('-': stdin)"},
        {'p', "prices", NX_OPT_STRING, &prices, "FILE", "prices CSV: long (date,ticker,close,...) or wide (date,T1,T2,...)"},
        {'m', "market", NX_OPT_STRING, &market, "TICKER|FILE", "the market index: a ticker of PRICES or a file"},
        {0, "market-column", NX_OPT_STRING, &market_column, "NAME", "the column of a market file with several series"},
        {0, "columns", NX_OPT_STRING, &columns, "SPEC", "name PRICES' columns: date=Date,ticker=Symbol,close=Adj Close"},
        {0, "returns", NX_OPT_STRING, &returns, "KIND",
         "what PRICES and the market hold: prices (default), simple, log or percent returns"},
        {0, "log-returns", NX_OPT_FLAG, &log_returns, NULL, "compute log instead of simple returns from prices"},
        {0, "calendar", NX_OPT_STRING, &calendar, "FILE", "trading days, one date a line (default: the market's dates)"},
        {0, "ticker-map", NX_OPT_LIST, &tmaps, "FILE",
         "point-in-time tickers: ticker,name[,reviewed] (only same_entity rows join news to prices; repeatable)"},
        {0, NULL, NX_OPT_GROUP, NULL, NULL, "model:"},
        {0, "model", NX_OPT_STRING, &model, "MODEL", "market (default), market-adjusted, mean or factors"},
        {0, "factors", NX_OPT_STRING, &factors, "FILE", "factors for --model factors: date,Mkt-RF,SMB,HML[,Mom][,RF]"},
        {0, "factors-percent", NX_OPT_FLAG, &factors_percent, NULL, "the factors file holds percents (as Ken French's)"},
        {0, "estimation", NX_OPT_STRING, &estimation, "A,B", "estimation window, trading days (default -250,-11)"},
        {0, "min-estimation", NX_OPT_INT, &min_est, "N", "least returns in the estimation window (default 100)"},
        {0, NULL, NX_OPT_GROUP, NULL, NULL, "event time:"},
        {'w', "window", NX_OPT_LIST, &windows, "A,B", "event window (repeatable; default -1,1)"},
        {0, "close-time", NX_OPT_STRING, &close_time, "HH:MM",
         "market close in New York (default 16:00): later news moves day 0 on"},
        {0, "role", NX_OPT_LIST, &roles, "ROLE", "study these company roles only (repeatable, or target,acquirer)"},
        {0, "overlap", NX_OPT_STRING, &overlap, "HOW",
         "drop-later (default: a firm's event whose day 0 lies inside an earlier one's windows), drop-shared (whose windows share a day with it) or keep"},
        {0, NULL, NX_OPT_GROUP, NULL, NULL, "statistics:"},
        {0, "group-by", NX_OPT_STRING, &group_by, "KEY", "tables per group too: type, role, or type-role (acquisition/target)"},
        {0, "mismatch-tol", NX_OPT_STRING, &mismatch_tol, "PTS",
         "reported vs realized moves: flag differences above PTS percentage points (default 2)"},
        {0, "bootstrap", NX_OPT_INT, &bootstrap, "B", "bootstrap resamples (default 2000; 0: none)"},
        {0, "seed", NX_OPT_INT, &seed, "N", "seed of the bootstrap's generator (default 1)"},
        {'j', "threads", NX_OPT_RANGE, &threads, "N", "worker threads (default: number of cores; same results)"},
        {0, NULL, NX_OPT_GROUP, NULL, NULL, "cross-section:"},
        {0, "regress", NX_OPT_FLAG, &regress, NULL,
         "regress the CARs on event fields: OLS with classical, HC1, HC3 and firm-clustered errors"},
        {0, "regress-window", NX_OPT_STRING, &regress_window, "A,B",
         "the window whose CARs are regressed (one of --window; default: the first)"},
        {0, "regressors", NX_OPT_STRING, &regressors, "LIST",
         "terms from log_amount, type, role, reported (default log_amount,type,role)"},
        {0, "wls", NX_OPT_FLAG, &wls, NULL, "weighted least squares, weights 1/Var(CAR)"},
        {0, NULL, NX_OPT_GROUP, NULL, NULL, "output:"},
        {'o', "output-dir", NX_OPT_STRING, &outdir, "DIR",
         "where study.json, the CSV tables, car.svg and report.html go (created)"},
        {'q', "quiet", NX_OPT_FLAG, &quiet, NULL, "no diagnostics summary on stderr"},
        {0}};
    nx_error err = {0};
    nx_diags d;
    memset(&d, 0, sizeof d);
    char *cols_text = NULL, **role_copies = NULL;
    const char **role_v = NULL;
    size_t nrole_copies = 0;
    nx_study *s = NULL;
    nx_buf b = NX_BUF_INIT;
    json_job jj = {NULL, NX_BUF_INIT, NX_BUF_INIT, 0, 0, {0}};
    int rc = NX_EXIT_OK;
    if (nx_opts_parse(opts, argc, argv, &pos, &help, &err)) {
        rc = nx_cli_usage("study", "%s", err.msg);
        goto done;
    }
    if (help) {
        nx_opts_usage(stdout, USAGE, SUMMARY, opts, EXAMPLES);
        goto done;
    }
#define USAGE_ERR(...)                                                                                 \
    do {                                                                                               \
        rc = nx_cli_usage("study", __VA_ARGS__);                                                       \
        goto done;                                                                                     \
    } while (0)
    if (pos.n)
        USAGE_ERR("unexpected argument '%s'", pos.v[0]);
    if (!events || !prices || !outdir)
        USAGE_ERR("--events, --prices and --output-dir are needed");
    if (strcmp(outdir, "-") == 0)
        USAGE_ERR("--output-dir '-' is stdout, but a study writes a folder of files: give a folder name");
    if (strcmp(events, "-") == 0 && isatty(0))
        USAGE_ERR("--events -: no input on stdin (a terminal)");
    so.events = events;
    so.prices = prices;
    so.market = market;
    so.market_column = market_column;
    so.calendar = calendar;
    so.ticker_maps = tmaps.v;
    so.nticker_maps = tmaps.n;
    so.factors = factors;
    so.factors_percent = factors_percent;
    so.log_returns = log_returns;
    if (columns && nx_columns_parse(columns, &so.cols, &cols_text, &err))
        USAGE_ERR("%s", err.msg);
    if (returns) {
        static const char *const kinds[] = {"prices", "simple", "log", "percent"};
        int k = 0;
        while (k < 4 && strcmp(kinds[k], returns) != 0)
            k++;
        if (k == 4)
            USAGE_ERR("unknown --returns '%s' (prices, simple, log, percent)", returns);
        so.returns = (nx_ret_kind)k;
    }
    if (model) {
        int k = 0;
        while (k < 4 && strcmp(nx_model_names[k], model) != 0)
            k++;
        if (k == 4)
            USAGE_ERR("unknown --model '%s' (market, market-adjusted, mean, factors)", model);
        so.model = (nx_model_kind)k;
    }
    if ((factors || factors_percent) && so.model != NX_MODEL_FACTORS)
        USAGE_ERR("--%s needs --model factors", factors ? "factors" : "factors-percent");
    if (estimation && nx_parse_window(estimation, &so.est))
        USAGE_ERR("--estimation needs A,B with A <= B (trading days), got '%s'", estimation);
    if (windows.n) {
        if (windows.n > NX_MAXWIN)
            USAGE_ERR("at most %d --window options", NX_MAXWIN);
        so.nwin = windows.n;
        for (size_t i = 0; i < windows.n; i++)
            if (nx_parse_window(windows.v[i], &so.win[i]))
                USAGE_ERR("--window needs A,B with A <= B (trading days), got '%s'", windows.v[i]);
    }
    so.min_est = min_est;
    if (close_time && parse_clock(close_time, &so.close_secs))
        USAGE_ERR("--close-time needs HH:MM, got '%s'", close_time);
    if (overlap) {
        if (strcmp(overlap, "keep") == 0)
            so.overlap_keep = 1;
        else if (strcmp(overlap, "drop-shared") == 0)
            so.overlap_shared = 1;
        else if (strcmp(overlap, "drop-later") != 0)
            USAGE_ERR("unknown --overlap '%s' (drop-later, drop-shared, keep)", overlap);
    }
    if (group_by) {
        if (strcmp(group_by, "type") == 0)
            so.group_by = 't';
        else if (strcmp(group_by, "role") == 0)
            so.group_by = 'r';
        else if (strcmp(group_by, "type-role") == 0)
            so.group_by = 'b';
        else
            USAGE_ERR("unknown --group-by '%s' (type, role, type-role)", group_by);
    }
    if (mismatch_tol) {
        char *end;
        so.mismatch_tol = strtod(mismatch_tol, &end);
        if (end == mismatch_tol || *end || !(so.mismatch_tol > 0) || so.mismatch_tol > 1e6)
            USAGE_ERR("--mismatch-tol needs a positive number of percentage points, got '%s'", mismatch_tol);
    }
    if (bootstrap < 0 || bootstrap > 1000000)
        USAGE_ERR("--bootstrap must be between 0 and 1000000");
    so.bootstrap = bootstrap;
    if (seed < 0)
        USAGE_ERR("--seed must not be negative");
    so.seed = (unsigned long)seed;
    so.threads = threads.given ? (int)threads.value : nx_cli_ncpu();
    if (roles.n) {
        /* each --role may hold a comma-separated list */
        role_copies = nx_calloc(roles.n, sizeof *role_copies);
        size_t cap = 0, n = 0;
        if (!role_copies)
            goto oom;
        for (size_t i = 0; i < roles.n; i++) {
            char *c = role_copies[nrole_copies++] = nx_strdup(roles.v[i]);
            if (!c)
                goto oom;
            for (char *tok = c; tok;) {
                char *comma = strchr(tok, ',');
                if (comma)
                    *comma = 0;
                if (*tok) {
                    if (nx_grow((void **)&role_v, &cap, n + 1, sizeof *role_v))
                        goto oom;
                    role_v[n++] = tok;
                }
                tok = comma ? comma + 1 : NULL;
            }
        }
        if (!n)
            USAGE_ERR("--role needs a role name");
        so.roles = role_v;
        so.nroles = n;
    }
    if (!regress && (regress_window || regressors || wls))
        USAGE_ERR("--%s needs --regress", regress_window ? "regress-window" : regressors ? "regressors" : "wls");
    so.regress = regress;
    so.wls = wls;
    if (regress_window) {
        if (nx_parse_window(regress_window, &so.regress_window))
            USAGE_ERR("--regress-window needs A,B with A <= B (trading days), got '%s'", regress_window);
        so.regress_window_set = 1;
    }
    if (regressors) {
        so.nregressors = 0;
        for (const char *p = regressors;;) {
            size_t len = strcspn(p, ",");
            int q = 0;
            while (q < NX_NXR && (strlen(nx_xregressor_names[q]) != len || strncmp(nx_xregressor_names[q], p, len)))
                q++;
            if (q == NX_NXR)
                USAGE_ERR("unknown regressor '%.*s' in --regressors (log_amount, type, role, reported)", (int)len, p);
            for (size_t i = 0; i < so.nregressors; i++)
                if (so.regressors[i] == q)
                    USAGE_ERR("regressor '%s' given twice in --regressors", nx_xregressor_names[q]);
            so.regressors[so.nregressors++] = q;
            if (!p[len])
                break;
            p += len + 1;
        }
    }
    s = nx_study_run(&so, &d, &err);
    for (size_t i = 0; i < d.n; i++)
        nx_cli_error("%s", d.msg[i]);
    if (d.oom)
        nx_cli_error("(some diagnostics were lost: out of memory)");
    if (!s) {
        rc = err.code == NX_EUSAGE ? nx_cli_usage("study", "%s", err.msg) : nx_cli_fail(&err);
        goto done;
    }
    if (make_dir(outdir, &err))
        goto fail;
    jj.s = s;
    pthread_t jt;
    int threaded = so.threads > 1 && pthread_create(&jt, NULL, json_thread, &jj) == 0;
    if (!threaded)
        json_thread(&jj);
    int frc = nx_report_firm_csv(s, &b);
    if (threaded)
        pthread_join(jt, NULL);
    int jrc = jj.rc || write_file(&st, outdir, "study.json", &jj.b, &err);
    nx_buf_free(&jj.b);
    if (jrc || frc || write_file(&st, outdir, "firm_events.csv", &b, &err))
        goto fail;
    nx_buf_clear(&b);
    if (nx_report_aar_csv(s, &s->all, NULL, 1, &b) || write_file(&st, outdir, "aar.csv", &b, &err))
        goto fail;
    nx_buf_clear(&b);
    if (nx_report_caar_csv(s, &s->all, NULL, 1, &b) || write_file(&st, outdir, "caar.csv", &b, &err))
        goto fail;
    nx_buf_clear(&b);
    if (report_svg(s, &b, &err) || write_file(&st, outdir, "car.svg", &b, &err))
        goto fail;
    if (s->o.group_by) {
        nx_buf_clear(&b);
        for (size_t k = 0; k < s->ngroups; k++)
            if (nx_report_aar_csv(s, &s->groups[k].table, s->groups[k].name, k == 0, &b))
                goto fail;
        if (write_file(&st, outdir, "group_aar.csv", &b, &err))
            goto fail;
        nx_buf_clear(&b);
        for (size_t k = 0; k < s->ngroups; k++)
            if (nx_report_caar_csv(s, &s->groups[k].table, s->groups[k].name, k == 0, &b))
                goto fail;
        if (write_file(&st, outdir, "group_caar.csv", &b, &err))
            goto fail;
    }
    nx_buf_clear(&b);
    if (nx_report_rvr_csv(s, &b) || write_file(&st, outdir, "reported_vs_realized.csv", &b, &err))
        goto fail;
    if (s->xsect) {
        nx_buf_clear(&b);
        if (nx_report_regression_csv(s, &b) || write_file(&st, outdir, "regression.csv", &b, &err))
            goto fail;
    }
    if (jj.html_rc) {
        err = jj.html_err;
        goto fail;
    }
    if (write_file(&st, outdir, "report.html", &jj.html, &err) || commit_files(&st, outdir, &err))
        goto fail;
    if (!quiet) {
        nx_buf m = NX_BUF_INIT;
        nx_buf_printf(&m, "%zu firm-events, %zu ok", s->nfe, s->count[NX_FE_OK]);
        for (int k = 1; k < NX_FE_NSTATUS; k++)
            if (s->count[k])
                nx_buf_printf(&m, ", %zu %s", s->count[k], nx_fe_status_names[k]);
        nx_buf_printf(&m, "; %zu rows rejected; wrote %s/study.json", d.rejected, outdir);
        nx_cli_error("%s", m.p ? m.p : "");
        nx_buf_free(&m);
    }
    rc = d.rejected ? NX_EXIT_REJECTED : NX_EXIT_OK;
    goto done;
oom:
    nx_error_nomem(&err);
fail:
    abort_files(&st);
    if (!err.set)
        nx_error_nomem(&err);
    rc = nx_cli_fail(&err);
done:
    nx_buf_free(&jj.html);
    nx_study_free(s);
    nx_buf_free(&b);
    nx_diags_free(&d);
    nx_free(cols_text);
    for (size_t i = 0; i < nrole_copies; i++)
        nx_free(role_copies[i]);
    nx_free(role_copies);
    nx_free(role_v);
    nx_strlist_free(&windows);
    nx_strlist_free(&roles);
    nx_strlist_free(&pos);
    nx_strlist_free(&tmaps);
    return rc;
}
