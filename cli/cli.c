/* cli.c: shared command-line helpers (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void nx_cli_error(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("newsfx: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int nx_cli_fail(const nx_error *err)
{
    nx_cli_error("%s", err->set ? err->msg : "unknown error");
    return err->code == NX_ERULES ? NX_EXIT_RULES : NX_EXIT_FATAL;
}

int nx_cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("newsfx: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: see 'newsfx %s --help'\n", cmd);
    return NX_EXIT_FATAL;
}

nx_model *nx_cli_load_model(const nx_cli_model *mo, int lenient, int *rules_ok, int *exit_code)
{
    nx_model_opts o;
    memset(&o, 0, sizeof o);
    o.rule_paths = mo->rules.v;
    o.nrule_paths = mo->rules.n;
    o.add_rule_paths = mo->add_rules.v;
    o.nadd_rule_paths = mo->add_rules.n;
    o.gazetteers = mo->gazetteers.v;
    o.ngazetteers = mo->gazetteers.n;
    /* not given: 0, the defaults */
    o.match_limit = mo->match_limit.given ? (unsigned long)mo->match_limit.value : 0;
    o.depth_limit = mo->depth_limit.given ? (unsigned long)mo->depth_limit.value : 0;
    if (!mo->doc_timeout_ms.given)
        o.doc_time_budget_ms = 0;
    else if (mo->doc_timeout_ms.value == 0)
        o.doc_time_budget_ms = -1; /* 0: no budget */
    else
        o.doc_time_budget_ms = (double)mo->doc_timeout_ms.value;
    nx_error err = {0};
    int ok = 1;
    nx_model *m = lenient ? nx_model_load_lenient(&o, &ok, &err) : nx_model_load(&o, &err);
    if (rules_ok)
        *rules_ok = ok;
    /* 3 only for rules that do not compile: a rules path that cannot be read is 2 (README) */
    if (!m || !ok)
        *exit_code = err.code == NX_ERULES ? NX_EXIT_RULES : NX_EXIT_FATAL;
    if (!m) {
        nx_cli_error("%s", err.set ? err.msg : "unknown error");
        return NULL;
    }
    return m;
}

void nx_cli_rule_diags(const nx_model *m)
{
    fflush(stdout);
    for (const char *p = m->rules->diag.p ? m->rules->diag.p : ""; *p;) {
        const char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(stderr, "newsfx: %.*s\n", (int)l, p);
        p += l + (nl ? 1 : 0);
    }
}

void nx_cli_model_init(nx_cli_model *mo)
{
    memset(mo, 0, sizeof *mo);
    mo->match_limit.min = mo->depth_limit.min = 1;
    mo->match_limit.max = mo->depth_limit.max = 4294967295L;
    mo->doc_timeout_ms.min = 0;
    mo->doc_timeout_ms.max = NX_CLI_MAX_DOC_TIMEOUT;
}

void nx_cli_model_free(nx_cli_model *mo)
{
    nx_strlist_free(&mo->rules);
    nx_strlist_free(&mo->add_rules);
    nx_strlist_free(&mo->gazetteers);
}

/* ---- atomic output files ---- */

#define MAX_TMP 24 /* a study stages a dozen files at once */
static char *tmp_files[MAX_TMP];
static volatile sig_atomic_t handlers_set;

static void on_signal(int sig)
{
    for (int i = 0; i < MAX_TMP; i++)
        if (tmp_files[i])
            unlink(tmp_files[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void track(char *tmp, int add)
{
    for (int i = 0; i < MAX_TMP; i++) {
        if (add && !tmp_files[i]) {
            tmp_files[i] = tmp;
            break;
        }
        if (!add && tmp_files[i] == tmp) {
            tmp_files[i] = NULL;
            break;
        }
    }
    if (add && !handlers_set) {
        handlers_set = 1;
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGHUP, on_signal);
    }
}

/* When path's folder does not exist: err set to what to do, returns -1; else 0. */
static int folder_missing(const char *path, nx_error *err)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return 0;
    nx_buf d = NX_BUF_INIT;
    nx_buf_add(&d, path, (size_t)(slash - path));
    struct stat st;
    int missing = !d.oom && d.p && stat(d.p, &st) != 0 && errno == ENOENT;
    if (missing)
        nx_error_set(err, NX_EIO, "cannot write '%s': the folder '%s' does not exist; create it first (mkdir -p '%s')",
                     path, d.p, d.p);
    nx_buf_free(&d);
    return missing ? -1 : 0;
}

int nx_cli_check_out(const char *cmd, const char *opt, const char *path)
{
    if (!path || strcmp(path, "-") == 0 || strncmp(path, "/dev/", 5) == 0)
        return 0;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return nx_cli_usage(cmd, "%s '%s' is a folder: give a file name", opt, path);
    nx_error err = {0};
    if (folder_missing(path, &err))
        return nx_cli_fail(&err);
    return 0;
}

int nx_out_open(nx_out *o, const char *path, nx_error *err)
{
    memset(o, 0, sizeof o[0]);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    /* character devices (/dev/null, /dev/full, a terminal) are written directly */
    if (strncmp(path, "/dev/", 5) == 0) {
        o->f = fopen(path, "w");
        if (!o->f)
            return nx_error_set(err, NX_EIO, "cannot write '%s': %s", path, strerror(errno));
        o->path = nx_strdup(path);
        return 0;
    }
    nx_buf t = NX_BUF_INIT;
    nx_buf_printf(&t, "%s.tmp-%ld", path, (long)getpid());
    o->tmp = nx_buf_take(&t);
    o->path = nx_strdup(path);
    if (!o->tmp || !o->path) {
        nx_free(o->tmp);
        nx_free(o->path);
        o->tmp = o->path = NULL; /* nx_out_abort frees them too */
        return nx_error_nomem(err);
    }
    o->f = fopen(o->tmp, "w");
    if (!o->f) {
        int e = errno;
        if (e != ENOENT || !folder_missing(path, err))
            nx_error_set(err, NX_EIO, "cannot write '%s': %s", path, strerror(e));
        nx_free(o->tmp);
        nx_free(o->path);
        o->tmp = o->path = NULL;
        return -1;
    }
    track(o->tmp, 1);
    return 0;
}

int nx_out_write(nx_out *o, const char *data, size_t n)
{
    if (o->failed)
        return -1;
    if (fwrite(data, 1, n, o->f) != n) {
        o->failed = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

int nx_out_close(nx_out *o, nx_error *err)
{
    if (nx_out_stage(o, err))
        return -1;
    return nx_out_commit(o, err);
}

int nx_out_stage(nx_out *o, nx_error *err)
{
    const char *name = o->path ? o->path : "stdout";
    if (!o->f)
        return 0;
    if (fflush(o->f) != 0 && !o->failed)
        o->failed = errno ? errno : EIO;
    if (o->f != stdout) {
        if (fclose(o->f) != 0 && !o->failed)
            o->failed = errno ? errno : EIO;
    } else if (ferror(stdout) && !o->failed) {
        o->failed = EIO;
    }
    o->f = NULL;
    if (o->failed) {
        int rc = nx_error_set(err, NX_EIO, "cannot write '%s': %s", name, strerror(o->failed));
        nx_out_abort(o);
        return rc;
    }
    return 0;
}

int nx_out_commit(nx_out *o, nx_error *err)
{
    int rc = 0;
    if (o->tmp && rename(o->tmp, o->path) != 0) {
        rc = nx_error_set(err, NX_EIO, "cannot rename '%s' to '%s': %s", o->tmp, o->path, strerror(errno));
        unlink(o->tmp);
    }
    if (o->tmp)
        track(o->tmp, 0);
    nx_free(o->tmp);
    nx_free(o->path);
    o->tmp = o->path = NULL;
    return rc;
}

void nx_out_abort(nx_out *o)
{
    if (o->f && o->f != stdout)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp) {
        unlink(o->tmp);
        track(o->tmp, 0);
    }
    nx_free(o->tmp);
    nx_free(o->path);
    o->tmp = o->path = NULL;
}

/* path with its folder resolved (realpath of the part before the last '/', then the last name),
 * appended to out; the path as given when the folder cannot be resolved */
static void resolve_out(const char *path, nx_buf *out)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX], real[PATH_MAX];
    size_t dl = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path); /* "name": "."; "/name": "/" */
    if (dl >= sizeof dir) {
        nx_buf_adds(out, path);
        return;
    }
    memcpy(dir, slash ? path : ".", dl);
    dir[dl] = 0;
    if (!realpath(dir, real)) {
        nx_buf_adds(out, path);
        return;
    }
    nx_buf_printf(out, "%s/%s", strcmp(real, "/") == 0 ? "" : real, slash ? slash + 1 : path);
}

int nx_cli_same_file(const char *a, const char *b)
{
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return strcmp(a, b) == 0;
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino && !S_ISCHR(sa.st_mode);
    if (ea || eb)
        return 0;
    nx_buf ra = NX_BUF_INIT, rb = NX_BUF_INIT;
    resolve_out(a, &ra);
    resolve_out(b, &rb);
    /* out of memory: the paths as given */
    int same = ra.oom || rb.oom ? strcmp(a, b) == 0 : strcmp(ra.p ? ra.p : "", rb.p ? rb.p : "") == 0;
    nx_buf_free(&ra);
    nx_buf_free(&rb);
    return same;
}

int nx_cli_ncpu(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}
