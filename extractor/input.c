/* input.c: streamed readers for text and JSON Lines inputs (see input.h). */
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "simd.h"

#include "../analysis/csv.h"
#include "../analysis/eventtime.h"
#include "html.h"
#include "text.h"

static int make_timestamp(nx_record *rec, const char *date, size_t dl, int zone);

#define CHUNK (256 * 1024)

typedef struct src {
    char *path;       /* owned */
    int is_stdin;
} src;

struct nx_reader {
    nx_reader_opts o;
    src *srcs;
    size_t nsrc, capsrc;
    size_t cur;       /* next source to open */
    /* the open source: read(2) from fd, through inflate when it holds gzip data */
    int fd;
    int gzip;         /* 1: its bytes are gzip members, inflated by zs */
    int zready;       /* zs initialised (inflateInit2) */
    int zmember_end;  /* the last member ended (Z_STREAM_END): the input may end here */
    z_stream zs;
    unsigned char *zin; /* compressed bytes read, not yet inflated: zs.next_in points into it */
    char zerr[200];   /* an error found after some bytes were given out: reported by the next fill */
    int failed;       /* a read failed while sniff_jsonl looked ahead: fill reports it next */
    int oom;          /* zlib ran out of memory: nx_reader_next returns the error */
    int zgarbage;     /* bytes after the last gzip member that are none: ignored, as gzip does */
    const char *path; /* display name */
    int jsonl;
    int open;
    long line;        /* lines read so far in this source */
    uint64_t off;     /* bytes consumed so far in this source */
    int eof;
    int line_known;   /* 0 after a seek (--byte-range) */
    int skip_partial; /* --byte-range: the line we backed into belongs to the previous split */
    char *buf;        /* read buffer */
    size_t bpos, blen;
    uint64_t total;
    uint64_t index;   /* records read so far */
    int sniffed;      /* stdin: first byte looked at */
    /* a file that failed to open is reported once as a rejected record */
    int pending_open_error;
    char open_error[300];
    /* seen ids, for the duplicate warning: a compact hash set */
    uint64_t *ids;
    size_t nids, capids;
    uint64_t fast_lines; /* JSON lines the fast reader read */
    nx_buf lbuf;      /* the JSON line read, its memory kept from line to line (up to 1 MiB) */
    nx_buf sbuf;      /* the strings the fast reader decoded from it (the same) */
};

uint64_t nx_reader_fast_lines(const nx_reader *rd) { return rd->fast_lines; }

int nx_path_is_jsonl(const char *p)
{
    size_t n = strlen(p);
    if (n > 3 && strcmp(p + n - 3, ".gz") == 0)
        n -= 3;
    return (n > 6 && strncmp(p + n - 6, ".jsonl", 6) == 0) || (n > 7 && strncmp(p + n - 7, ".ndjson", 7) == 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_src(nx_reader *rd, const char *path, int is_stdin)
{
    if (nx_grow((void **)&rd->srcs, &rd->capsrc, rd->nsrc + 1, sizeof *rd->srcs))
        return -1;
    char *p = nx_strdup(path);
    if (!p)
        return -1;
    rd->srcs[rd->nsrc].path = p;
    rd->srcs[rd->nsrc].is_stdin = is_stdin;
    rd->nsrc++;
    return 0;
}

/* Expand a folder into its files, sorted, recursively. Unreadable entries become sources too, so
 * that opening them reports the error. */
static int add_dir(nx_reader *rd, const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d)
        return add_src(rd, path, 0);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (nx_grow((void **)&names, &cap, n + 1, sizeof *names) || !(names[n] = nx_strdup(de->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && !rc; i++) {
        nx_buf full = NX_BUF_INIT;
        size_t pl = strlen(path);
        nx_buf_printf(&full, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", names[i]);
        if (full.oom) {
            rc = -1;
            break;
        }
        struct stat st;
        if (stat(full.p, &st) == 0 && S_ISDIR(st.st_mode) && depth < 64)
            rc = add_dir(rd, full.p, depth + 1);
        else
            rc = add_src(rd, full.p, 0);
        nx_buf_free(&full);
    }
    for (size_t i = 0; i < n; i++)
        nx_free(names[i]);
    nx_free(names);
    return rc;
}

nx_reader *nx_reader_new(const char *const *paths, size_t n, const nx_reader_opts *o, nx_error *err)
{
    nx_reader *rd = nx_calloc(1, sizeof *rd);
    if (!rd) {
        nx_error_nomem(err);
        return NULL;
    }
    rd->o = *o;
    const char *jr = getenv("NEWSFX_JSON_READER");
    if (jr && strcmp(jr, "jansson") == 0)
        rd->o.jansson_only = 1;
    if (!rd->o.id_field)
        rd->o.id_field = "id";
    if (!rd->o.text_field)
        rd->o.text_field = "text";
    if (!rd->o.title_field)
        rd->o.title_field = "title";
    if (!rd->o.date_field)
        rd->o.date_field = "date";
    if (!rd->o.time_field)
        rd->o.time_field = "time";
    if (!rd->o.max_doc_bytes)
        rd->o.max_doc_bytes = 8u << 20;
    rd->fd = -1;
    rd->buf = nx_malloc(CHUNK);
    rd->zin = nx_malloc(CHUNK);
    if (!rd->buf || !rd->zin) {
        nx_reader_free(rd);
        nx_error_nomem(err);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        int rc;
        struct stat st;
        if (strcmp(paths[i], "-") == 0)
            rc = add_src(rd, "-", 1);
        else if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = add_dir(rd, paths[i], 0);
        else
            rc = add_src(rd, paths[i], 0);
        if (rc) {
            nx_reader_free(rd);
            nx_error_nomem(err);
            return NULL;
        }
    }
    if (rd->o.has_range) {
        if (rd->nsrc != 1 || rd->srcs[0].is_stdin) {
            nx_error_set(err, NX_EUSAGE, "--byte-range needs exactly one input file (not stdin)");
            nx_reader_free(rd);
            return NULL;
        }
        if (rd->o.range_b < rd->o.range_a) {
            nx_error_set(err, NX_EUSAGE, "--byte-range A-B needs A <= B");
            nx_reader_free(rd);
            return NULL;
        }
        /* a compressed file's bytes are not its records' (whatever its name says) */
        int fd = open(rd->srcs[0].path, O_RDONLY);
        unsigned char magic[2];
        if (fd >= 0) {
            int gz = pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            close(fd);
            if (gz) {
                nx_error_set(err, NX_EUSAGE, "--byte-range cannot split '%s': it holds gzip data (decompress it first)",
                             rd->srcs[0].path);
                nx_reader_free(rd);
                return NULL;
            }
        }
    }
    return rd;
}

uint64_t nx_reader_bytes(const nx_reader *rd) { return rd->total; }

/* The doc_id of a JSON line without one: its file and the offset of its first byte ("news.jsonl@4810"),
 * the same whether the file is read whole, by shards or by byte ranges (a line number is not known
 * in a range). Returns a string the caller frees, or NULL when out of memory. */
static char *byte_id(const char *path, uint64_t start)
{
    nx_buf b = NX_BUF_INIT;
    nx_buf_printf(&b, "%s@%llu", path, (unsigned long long)start);
    return nx_buf_take(&b);
}

static void close_src(nx_reader *rd)
{
    if (rd->fd > 0)
        close(rd->fd);
    if (rd->zready)
        inflateEnd(&rd->zs);
    rd->zready = 0;
    rd->gzip = 0;
    rd->fd = -1;
    rd->open = 0;
}

/* read(2) that goes on after a signal. Returns bytes read, 0 at end, -1 with errno. */
static ssize_t read_some(int fd, void *p, size_t n)
{
    ssize_t r;
    do
        r = read(fd, p, n);
    while (r < 0 && errno == EINTR);
    return r;
}

/* Does the file at fd begin with gzip's magic bytes (1f 8b)? Reads them into rd->zin, so that a
 * stream (stdin) loses nothing: rd->zs.avail_in says how many are there. Returns 1, 0, or -1 with
 * errno on a read error. */
static int sniff_gzip(nx_reader *rd)
{
    size_t got = 0;
    while (got < 2) {
        ssize_t r = read_some(rd->fd, rd->zin + got, 2 - got);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    rd->zs.next_in = rd->zin;
    rd->zs.avail_in = (uInt)got;
    return got == 2 && rd->zin[0] == 0x1f && rd->zin[1] == 0x8b;
}

/* Open the next source. Returns 1 opened, 0 no more sources, 2 an open error is pending. */
static int open_next(nx_reader *rd)
{
    while (rd->cur < rd->nsrc) {
        src *s = &rd->srcs[rd->cur++];
        rd->path = s->path;
        rd->line = 0;
        rd->off = 0;
        rd->eof = 0;
        rd->bpos = rd->blen = 0;
        rd->line_known = 1;
        rd->skip_partial = 0;
        rd->sniffed = 0;
        if (s->is_stdin) {
            rd->fd = 0;
        } else {
            rd->fd = open(s->path, O_RDONLY);
            if (rd->fd < 0) {
                snprintf(rd->open_error, sizeof rd->open_error, "cannot read '%s': %s", s->path,
                         strerror(errno));
                rd->pending_open_error = 1;
                return 2;
            }
            struct stat st;
            if (fstat(rd->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
                close(rd->fd);
                rd->fd = -1;
                snprintf(rd->open_error, sizeof rd->open_error, "cannot read '%s': Is a directory", s->path);
                rd->pending_open_error = 1;
                return 2;
            }
        }
        rd->zerr[0] = 0;
        rd->failed = 0;
        rd->zgarbage = 0;
        rd->zmember_end = 0;
        rd->zs.avail_in = 0;
        if (rd->o.format == NX_FMT_JSONL)
            rd->jsonl = 1;
        else if (rd->o.format == NX_FMT_TEXT)
            rd->jsonl = 0;
        else if (s->is_stdin)
            rd->jsonl = -1; /* decided by the first bytes */
        else
            rd->jsonl = nx_path_is_jsonl(s->path);
        if (rd->o.has_range && !rd->jsonl && (rd->o.range_a > 0 || rd->o.range_b == 0)) {
            /* a text file is one record, which begins at byte 0: it belongs to the split that
             * holds byte 0 and to no other */
            close_src(rd);
            continue;
        }
        if (rd->o.has_range) {
            /* (gzip data was refused by nx_reader_new: a split is read as it is) */
            /* Hadoop split semantics: a split that does not start at 0 backs up one byte and skips
             * to the end of that line, so the record starting exactly at A is ours. */
            if (rd->o.range_a > 0) {
                off_t pos = (off_t)rd->o.range_a - 1;
                if (lseek(rd->fd, pos, SEEK_SET) == (off_t)-1) {
                    snprintf(rd->open_error, sizeof rd->open_error, "cannot seek in '%s': %s", s->path,
                             strerror(errno));
                    close(rd->fd);
                    rd->fd = -1;
                    rd->pending_open_error = 1;
                    return 2;
                }
                rd->off = (uint64_t)pos;
                rd->line_known = 0;
                rd->skip_partial = 1;
            }
        }
        int gz = rd->o.has_range ? 0 : sniff_gzip(rd); /* a split is read as it is */
        if (gz < 0) {
            snprintf(rd->open_error, sizeof rd->open_error, "cannot read '%s': %s", s->path, strerror(errno));
            close_src(rd);
            rd->pending_open_error = 1;
            return 2;
        }
        if (gz) {
            /* the window bits of gzip only (16 + 15): a member's header and trailer are checked */
            rd->zs.zalloc = nx_zalloc; /* newsfx's allocations (base.h) */
            rd->zs.zfree = nx_zfree;
            rd->zs.opaque = Z_NULL;
            uInt have = rd->zs.avail_in;
            if (inflateInit2(&rd->zs, 16 + MAX_WBITS) != Z_OK) { /* Z_MEM_ERROR: nothing else is possible */
                close_src(rd);
                rd->oom = 1;
                return 2;
            }
            rd->zs.next_in = rd->zin;
            rd->zs.avail_in = have;
            rd->zready = 1;
            rd->gzip = 1;
        } else if (rd->zs.avail_in) { /* the bytes looked at are the text's first */
            memcpy(rd->buf, rd->zin, rd->zs.avail_in);
            rd->blen = rd->zs.avail_in;
            rd->total += rd->blen;
            rd->zs.avail_in = 0;
        }
        rd->open = 1;
        return 1;
    }
    return 0;
}

/* The error of the open source where its data breaks off: in rd->open_error, naming the line it
 * breaks off in (a JSON Lines source) or the byte of the text. */
static void data_error(nx_reader *rd, const char *what)
{
    if (rd->jsonl > 0 && rd->line_known)
        snprintf(rd->open_error, sizeof rd->open_error, "cannot read '%s' from line %ld on: %s", rd->path,
                 rd->line + 1, what);
    else
        snprintf(rd->open_error, sizeof rd->open_error, "cannot read '%s' from byte %llu on: %s", rd->path,
                 (unsigned long long)rd->off, what);
}

/* Inflate gzip members into rd->buf (members one after another, as gzip writes them). Returns the
 * bytes given out, 0 at the end, -1 on an error (rd->open_error set). An error found after some
 * bytes were given out waits in rd->zerr for the next call: what was read whole is not lost. */
static long inflate_some(nx_reader *rd, char *out, size_t room)
{
    if (rd->zerr[0]) {
        data_error(rd, rd->zerr);
        rd->zerr[0] = 0;
        return -1;
    }
    z_stream *z = &rd->zs;
    if (rd->zgarbage)
        return 0;
    z->next_out = (Bytef *)out;
    z->avail_out = (uInt)room;
    const char *bad = NULL;
    char why[160];
    while (z->avail_out == room && !bad) {
        if (!z->avail_in) {
            ssize_t r = read_some(rd->fd, rd->zin, CHUNK);
            if (r < 0) {
                snprintf(why, sizeof why, "%s", strerror(errno));
                bad = why;
                break;
            }
            if (r == 0) {
                if (!rd->zmember_end)
                    bad = "the compressed data ends early (a truncated gzip file)";
                break;
            }
            z->next_in = rd->zin;
            z->avail_in = (uInt)r;
        }
        if (rd->zmember_end) {
            /* after a member, another one, or bytes that are none (gzip ignores them too) */
            if (z->avail_in >= 2 && (z->next_in[0] != 0x1f || z->next_in[1] != 0x8b)) {
                z->avail_in = 0;
                rd->zgarbage = 1; /* the end: what follows is not read (fill sees 0, then eof) */
                break;
            }
            if (z->avail_in < 2) { /* one byte to go: read on to see what it is */
                unsigned char b0 = z->next_in[0];
                ssize_t r = read_some(rd->fd, rd->zin + 1, CHUNK - 1);
                if (r <= 0) {
                    z->avail_in = 0;
                    break;
                }
                rd->zin[0] = b0;
                z->next_in = rd->zin;
                z->avail_in = (uInt)r + 1;
                continue;
            }
            inflateReset(z);
            rd->zmember_end = 0;
        }
        int rc = inflate(z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            rd->zmember_end = 1;
        } else if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_STREAM_ERROR) {
            snprintf(why, sizeof why, "the compressed data is damaged (%s)", z->msg ? z->msg : "bad data");
            bad = why;
        } else if (rc == Z_MEM_ERROR) {
            rd->oom = 1; /* nx_reader_next stops the run */
            bad = "out of memory";
        }
        /* Z_OK, or Z_BUF_ERROR (no progress: more input is read above) */
    }
    long n = (long)(room - z->avail_out);
    if (bad) {
        if (n) {
            snprintf(rd->zerr, sizeof rd->zerr, "%s", bad);
        } else {
            data_error(rd, bad);
            return -1;
        }
    }
    return n;
}

/* The source's next bytes into out[0..room): read, or inflated. Returns how many, 0 at the end, -1
 * on an error (rd->open_error set). */
static long more(nx_reader *rd, char *out, size_t room)
{
    if (rd->gzip)
        return inflate_some(rd, out, room);
    long n = (long)read_some(rd->fd, out, room);
    if (n < 0)
        data_error(rd, strerror(errno));
    return n;
}

/* Fill the buffer. Returns bytes available, 0 at end, -1 on a read error (rd->open_error set). */
static long fill(nx_reader *rd)
{
    if (rd->bpos < rd->blen)
        return (long)(rd->blen - rd->bpos);
    if (rd->failed) { /* an error met by sniff_jsonl, rd->open_error set */
        rd->failed = 0;
        rd->eof = 1;
        return -1;
    }
    if (rd->eof)
        return 0;
    long n = more(rd, rd->buf, CHUNK);
    if (n < 0) {
        rd->eof = 1;
        return -1;
    }
    if (n == 0) {
        rd->eof = 1;
        return 0;
    }
    rd->bpos = 0;
    rd->blen = (size_t)n;
    rd->total += (uint64_t)n;
    return n;
}

/* Read one line (without its '\n') into *out (NUL-terminated). Lines longer than max are skipped and
 * reported by *toolong with their length. The line is the caller's to change: a JSON line is parsed
 * in its buffer (parse_json_record changes its invalid bytes) and not read again after. Returns 1 a
 * line, 0 at end of source, -1 read error, -2 oom. */
static int read_line(nx_reader *rd, nx_buf *out, size_t max, int *toolong, uint64_t *len_seen)
{
    nx_buf_clear(out);
    *toolong = 0;
    *len_seen = 0;
    int any = 0;
    for (;;) {
        long avail = fill(rd);
        if (avail < 0)
            return -1;
        if (avail == 0)
            return any ? 1 : 0;
        any = 1;
        char *p = rd->buf + rd->bpos;
        char *nl = memchr(p, '\n', (size_t)avail);
        size_t take = nl ? (size_t)(nl - p) : (size_t)avail;
        *len_seen += take;
        if (!*toolong) {
            if (out->len + take > max) {
                *toolong = 1;
                nx_buf_free(out);
            } else {
                nx_buf_add(out, p, take);
                if (out->oom)
                    return -2;
            }
        }
        rd->bpos += take + (nl ? 1 : 0);
        rd->off += take + (nl ? 1 : 0);
        if (nl)
            return 1;
    }
}

void nx_record_clear(nx_record *rec)
{
    nx_free(rec->doc.text);
    nx_free(rec->id_own);
    nx_free(rec->date_own);
    nx_free(rec->time_own);
    nx_free(rec->ts_own);
    memset(rec, 0, sizeof *rec);
}

static void reject(nx_record *rec, const char *fmt, ...) NX_PRINTF(2, 3);
static void reject(nx_record *rec, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rec->reason, sizeof rec->reason, fmt, ap);
    va_end(ap);
    rec->rejected = 1;
}

/* Duplicate-id detection with a hash set of 64-bit id hashes (a collision can only cause a
 * spurious warning, never a lost record). */
static int seen_id(nx_reader *rd, const char *id)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = id; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ULL;
    }
    h |= 1; /* 0 marks an empty slot */
    if (rd->nids * 2 >= rd->capids) {
        size_t nc = rd->capids ? rd->capids * 2 : 1024;
        uint64_t *t = nx_calloc(nc, sizeof *t);
        if (!t)
            return 0;
        for (size_t i = 0; i < rd->capids; i++)
            if (rd->ids[i]) {
                size_t k = rd->ids[i] & (nc - 1);
                while (t[k])
                    k = (k + 1) & (nc - 1);
                t[k] = rd->ids[i];
            }
        nx_free(rd->ids);
        rd->ids = t;
        rd->capids = nc;
    }
    size_t k = h & (rd->capids - 1);
    while (rd->ids[k]) {
        if (rd->ids[k] == h)
            return 1;
        k = (k + 1) & (rd->capids - 1);
    }
    rd->ids[k] = h;
    rd->nids++;
    return 0;
}

/* Replace invalid UTF-8 in a raw line by U+FFFD so that the JSON parser accepts it. */
static char *repair_line(const char *p, size_t n, size_t *outlen, size_t *bad, size_t *first)
{
    char *tmp = nx_strndup(p, n);
    if (!tmp)
        return NULL;
    *bad = nx_utf8_repair(tmp, n, first);
    if (!*bad) {
        *outlen = n;
        return tmp;
    }
    nx_buf b = NX_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (tmp[i] == NX_BAD_BYTE && p[i] != NX_BAD_BYTE)
            nx_buf_add(&b, "\xEF\xBF\xBD", 3);
        else
            nx_buf_addc(&b, tmp[i]);
    }
    nx_free(tmp);
    *outlen = b.len;
    return nx_buf_take(&b);
}

/* The fields of a record newsfx reads, whichever parser read the line. */
enum { JF_ABSENT, JF_NULL, JF_STRING, JF_INT, JF_REAL, JF_BOOL, JF_OBJECT, JF_ARRAY };
enum { F_ID, F_TEXT, F_BODY, F_TITLE, F_DATE, F_TIME, F_N };

typedef struct jfield {
    int type;
    const char *s; /* JF_STRING: the value, len bytes (NUL-terminated; it may hold NULs) */
    size_t len;
    long long i;   /* JF_INT */
    double r;      /* JF_REAL */
} jfield;

/* The fast reader of a JSON Lines record: a strict parser of one object per line that keeps only the
 * fields of names[] (jansson builds a tree of every value: it took a sixth of the whole extraction
 * time on Reuters). It reads a line exactly as jansson would or not at all: anything it does not
 * take on (a real number, an integer out of range, a NUL in a key, a bad escape or surrogate, a
 * control character, deep nesting, any syntax error) hands the line to jansson, whose verdict and
 * message stand. */
typedef struct fj {
    const char *p, *end;
    char *w;       /* where the next kept string is decoded: no string is longer decoded than written,
                    * so that the line's length (and a NUL) is room for all of them */
    int depth;
    uint64_t lens; /* bit k: a name kept is k bytes long (k < 64) */
    int long_names; /* a name kept is 64 bytes or longer */
} fj;

#define FJ_MAX_DEPTH 64

static void fj_ws(fj *f)
{
    if (f->p < f->end && (unsigned char)*f->p > ' ')
        return; /* most often */
    while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r'))
        f->p++;
}

static int fj_hex4(const char *p, unsigned *v)
{
    unsigned x = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        x <<= 4;
        if (c >= '0' && c <= '9')
            x |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            x |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            x |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *v = x;
    return 1;
}

/* The first byte from p on (before end) that ends a run of plain string bytes: '"', '\\' or a control
 * character, or end. Sixteen bytes at a time where SSE2 is there: texts are long runs of plain bytes. */
static const char *json_plain_end(const char *p, const char *end)
{
#ifdef NX_SSE2
    while (end - p >= 16) {
        __m128i v = nx_load16(p);
        unsigned mask = nx_mask16(_mm_or_si128(_mm_or_si128(nx_eq16(v, '"'), nx_eq16(v, '\\')), nx_range16(v, 0, 0x1f)));
        if (mask)
            return p + nx_first16(mask);
        p += 16;
    }
#endif
    while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
        p++;
    return p;
}

/* A string at f->p ('"'), decoded into b when b is given (then NUL-terminated, *len its length; b
 * has room for the string as written). Returns 1, or 0 when the line goes to jansson; *nul is set
 * when it holds U+0000. */
static int fj_string(fj *f, char *b, size_t *len, int *nul)
{
    const char *p = f->p + 1, *end = f->end;
    char *w = b;
    *nul = 0;
    for (;;) {
        const char *q = json_plain_end(p, end);
        if (b) {
            memcpy(w, p, (size_t)(q - p));
            w += q - p;
        }
        p = q;
        if (p >= end || (unsigned char)*p < 0x20)
            return 0;
        if (*p == '"')
            break;
        /* an escape */
        if (p + 1 >= end)
            return 0;
        char e = p[1], c = 0;
        p += 2;
        switch (e) {
        case '"': c = '"'; break;
        case '\\': c = '\\'; break;
        case '/': c = '/'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u': {
            unsigned u, lo;
            if (end - p < 4 || !fj_hex4(p, &u))
                return 0;
            p += 4;
            if (u >= 0xDC00 && u <= 0xDFFF)
                return 0;
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !fj_hex4(p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return 0;
                p += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (u == 0)
                *nul = 1;
            if (b) {
                char enc[4];
                size_t k;
                if (u < 0x80) {
                    enc[0] = (char)u;
                    k = 1;
                } else if (u < 0x800) {
                    enc[0] = (char)(0xC0 | u >> 6);
                    enc[1] = (char)(0x80 | (u & 0x3F));
                    k = 2;
                } else if (u < 0x10000) {
                    enc[0] = (char)(0xE0 | u >> 12);
                    enc[1] = (char)(0x80 | (u >> 6 & 0x3F));
                    enc[2] = (char)(0x80 | (u & 0x3F));
                    k = 3;
                } else {
                    enc[0] = (char)(0xF0 | u >> 18);
                    enc[1] = (char)(0x80 | (u >> 12 & 0x3F));
                    enc[2] = (char)(0x80 | (u >> 6 & 0x3F));
                    enc[3] = (char)(0x80 | (u & 0x3F));
                    k = 4;
                }
                memcpy(w, enc, k);
                w += k;
            }
            continue;
        }
        default:
            return 0;
        }
        if (b)
            *w++ = c;
    }
    f->p = p + 1;
    if (b) {
        *len = (size_t)(w - b);
        *w = 0;
    }
    return 1;
}

/* An integer (the only numbers taken on here) into *v. Returns 1 or 0. */
static int fj_number(fj *f, long long *v)
{
    const char *p = f->p, *end = f->end;
    if (p < end && *p == '-')
        p++;
    if (p >= end || *p < '0' || *p > '9')
        return 0;
    if (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9')
        return 0; /* a leading zero: jansson's error */
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
        return 0; /* a real: jansson's strtod decides */
    /* strtoll's value, and 0 where it says ERANGE (beyond a long long) */
    const char *q = f->p;
    int neg = *q == '-';
    q += neg;
    unsigned long long x = 0;
    for (; q < p; q++) {
        unsigned d = (unsigned)(*q - '0');
        if (x > (ULLONG_MAX - d) / 10)
            return 0;
        x = x * 10 + d;
    }
    if (x > (neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX))
        return 0;
    *v = !neg ? (long long)x : x == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)x;
    f->p = p;
    return 1;
}

static int fj_value(fj *f, jfield *keep);

static int fj_word(fj *f, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(f->end - f->p) < n || memcmp(f->p, w, n) != 0)
        return 0;
    f->p += n;
    return 1;
}

/* An object or array at f->p. Members of an object whose name is in names (F_N of them, NULL
 * where unused) are kept in fields when fields is given (the top level). Returns 1 or 0. */
static int fj_container(fj *f, const char *const *names, const size_t *nlen, jfield *fields)
{
    char open = *f->p;
    if (++f->depth > FJ_MAX_DEPTH)
        return 0;
    f->p++;
    fj_ws(f);
    char close = open == '{' ? '}' : ']';
    if (f->p < f->end && *f->p == close) {
        f->p++;
        f->depth--;
        return 1;
    }
    for (;;) {
        jfield tmp = {0}, *slot = NULL;
        if (open == '{') {
            if (f->p >= f->end || *f->p != '"')
                return 0;
            /* a key without escapes is compared where it lies; one with them is decoded first */
            const char *kp = f->p + 1;
            const char *kq = json_plain_end(kp, f->end);
            size_t kl = 0;
            if (kq < f->end && *kq == '"') {
                kl = (size_t)(kq - kp);
                f->p = kq + 1;
            } else {
                /* decoded where the next kept string goes (it is not kept there) */
                int nul = 0;
                if (!fj_string(f, fields ? f->w : NULL, &kl, &nul) || nul)
                    return 0; /* jansson: "NUL byte in object key not supported" */
                kp = fields ? f->w : "";
            }
            int which[F_N], nw = 0;
            if (fields && (kl < 64 ? (f->lens >> kl) & 1 : (uint64_t)f->long_names))
                for (int k = 0; k < F_N; k++)
                    if (names[k] && nlen[k] == kl && (!kl || (names[k][0] == kp[0] && memcmp(names[k], kp, kl) == 0)))
                        which[nw++] = k;
            fj_ws(f);
            if (f->p >= f->end || *f->p != ':')
                return 0;
            f->p++;
            fj_ws(f);
            if (nw) {
                if (!fj_value(f, &tmp))
                    return 0;
                for (int k = 0; k < nw; k++)
                    fields[which[k]] = tmp; /* a repeated name: the last one, as jansson */
                slot = &tmp;
            }
        }
        if (!slot && !fj_value(f, NULL))
            return 0;
        fj_ws(f);
        if (f->p >= f->end)
            return 0;
        if (*f->p == close) {
            f->p++;
            f->depth--;
            return 1;
        }
        if (*f->p != ',')
            return 0;
        f->p++;
        fj_ws(f);
    }
}

/* A value at f->p; its type (and, for a string or an integer, its value) into *keep when given. */
static int fj_value(fj *f, jfield *keep)
{
    if (f->p >= f->end)
        return 0;
    char c = *f->p;
    jfield v = {0};
    int nul;
    if (c == '"') {
        v.type = JF_STRING;
        if (!fj_string(f, keep ? f->w : NULL, &v.len, &nul))
            return 0;
        if (keep) {
            v.s = f->w;
            f->w += v.len + 1;
        }
    } else if (c == '{' || c == '[') {
        v.type = c == '{' ? JF_OBJECT : JF_ARRAY;
        if (!fj_container(f, NULL, NULL, NULL))
            return 0;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        v.type = JF_INT;
        if (!fj_number(f, &v.i))
            return 0;
    } else if (fj_word(f, "true") || fj_word(f, "false")) {
        v.type = JF_BOOL;
    } else if (fj_word(f, "null")) {
        v.type = JF_NULL;
    } else {
        return 0;
    }
    if (keep)
        *keep = v;
    return 1;
}

/* Read line[0..n) (valid UTF-8) into fields[] by the fast parser. Returns 1 (read; the strings are
 * decoded into *store, whose memory the caller keeps while it reads them) or 0 (the line goes to
 * jansson), or -1 (out of memory). */
static int fast_record(const char *line, size_t n, const char *const *names, jfield *fields, nx_buf *store)
{
    nx_buf_clear(store);
    if (nx_buf_reserve(store, n + 1))
        return -1;
    fj f = {line, line + n, store->p, 0, 0, 0};
    size_t nlen[F_N];
    for (int k = 0; k < F_N; k++) {
        fields[k].type = JF_ABSENT;
        nlen[k] = names[k] ? strlen(names[k]) : 0;
        if (names[k] && nlen[k] < 64)
            f.lens |= (uint64_t)1 << nlen[k];
        else if (names[k])
            f.long_names = 1;
    }
    fj_ws(&f);
    int ok = f.p < f.end && *f.p == '{' && fj_container(&f, names, nlen, fields);
    if (ok) {
        fj_ws(&f);
        ok = f.p == f.end;
    }
    return ok;
}

/* The same fields out of jansson's object (the strings stay in it). */
static void tree_record(json_t *obj, const char *const *names, jfield *fields)
{
    for (int k = 0; k < F_N; k++) {
        jfield *x = &fields[k];
        memset(x, 0, sizeof *x);
        json_t *v = names[k] ? json_object_get(obj, names[k]) : NULL;
        if (!v)
            x->type = JF_ABSENT;
        else if (json_is_null(v))
            x->type = JF_NULL;
        else if (json_is_string(v)) {
            x->type = JF_STRING;
            x->s = json_string_value(v);
            x->len = json_string_length(v);
        } else if (json_is_integer(v)) {
            x->type = JF_INT;
            x->i = json_integer_value(v);
        } else if (json_is_real(v)) {
            x->type = JF_REAL;
            x->r = json_real_value(v);
        } else
            x->type = json_is_object(v) ? JF_OBJECT : json_is_array(v) ? JF_ARRAY : JF_BOOL;
    }
}

/* A string field of the record: NULL when absent or null; *bad set when of the wrong type. */
static const char *str_field(const jfield *x, size_t *len, const char **bad)
{
    if (x->type == JF_ABSENT || x->type == JF_NULL)
        return NULL;
    if (x->type != JF_STRING) {
        *bad = x->type == JF_INT || x->type == JF_REAL ? "a number"
               : x->type == JF_OBJECT                  ? "an object"
               : x->type == JF_ARRAY                   ? "an array"
                                                       : "a boolean";
        return NULL;
    }
    *len = x->len;
    return x->s;
}

static int record_fields(nx_reader *rd, nx_record *rec, const jfield *fields);

/* The record of the JSON line line[0..n), which is the caller's to change (read_line's buffer, not
 * read again after this): its invalid UTF-8 is marked in place (nx_utf8_repair) before a copy with
 * U+FFFD for it is made; a line without any is read where it lies, not copied. Returns 0 (rec
 * filled or rejected) or -2 (out of memory). */
static int parse_json_record(nx_reader *rd, nx_record *rec, char *line, size_t n)
{
    size_t fixedlen = n, bad = 0;
    char *fixed = NULL, *text = line;
    if (memchr(line, NX_BAD_BYTE, n)) {
        /* the byte that stands for an invalid one is there itself: a copy tells them apart */
        fixed = repair_line(line, n, &fixedlen, &bad, &rec->first_bad);
        if (!fixed)
            return -2;
        text = fixed;
    } else if ((bad = nx_utf8_repair(line, n, &rec->first_bad))) {
        /* each byte replaced becomes U+FFFD (the line has no NX_BAD_BYTE of its own) */
        nx_buf b = NX_BUF_INIT;
        nx_buf_reserve(&b, n + 2 * bad);
        for (size_t i = 0; i < n; i++) {
            if (line[i] == NX_BAD_BYTE)
                nx_buf_add(&b, "\xEF\xBF\xBD", 3);
            else
                nx_buf_addc(&b, line[i]);
        }
        fixedlen = b.len;
        if (!(fixed = nx_buf_take(&b)))
            return -2;
        text = fixed;
    }
    rec->bad_utf8 = bad;
    const char *names[F_N] = {rd->o.id_field, rd->o.text_field,
                              strcmp(rd->o.text_field, "text") == 0 ? "body" : NULL, rd->o.title_field,
                              rd->o.date_field, rd->o.time_field};
    jfield fields[F_N];
    int fr = rd->o.jansson_only ? 0 : fast_record(text, fixedlen, names, fields, &rd->sbuf);
    if (fr < 0) {
        nx_free(fixed);
        return -2;
    }
    if (fr) {
        rd->fast_lines++;
        int rc = record_fields(rd, rec, fields);
        nx_free(fixed);
        return rc;
    }
    json_error_t je;
    /* DECODE_ANY: a scalar line ("42", "\"text\"") is JSON, only not an object */
    json_t *obj = json_loadb(text, fixedlen, JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
    nx_free(fixed);
    if (!obj) {
        /* jansson leaves the text empty when an allocation failed inside its lexer */
        if (json_error_code(&je) == json_error_out_of_memory || strstr(je.text, "out of memory") || !je.text[0])
            return -2;
        reject(rec, "broken JSON at column %d: %s", je.column, je.text);
        return 0;
    }
    if (!json_is_object(obj)) {
        reject(rec, "the line is JSON but not an object");
        json_decref(obj);
        return 0;
    }
    tree_record(obj, names, fields);
    int rc = record_fields(rd, rec, fields);
    json_decref(obj);
    return rc;
}

/* The record out of its fields. Returns 0 (rec filled, or rejected with its reason) or -2 (out of
 * memory). */
static int record_fields(nx_reader *rd, nx_record *rec, const jfield *fields)
{
    int rc = 0;
    /* id */
    const jfield *idv = &fields[F_ID];
    char idbuf[64];
    const char *id = NULL;
    if (idv->type == JF_STRING && idv->s[0]) /* an empty id is none: file@byte */
        id = idv->s;
    else if (idv->type == JF_INT) {
        idbuf[nx_fmt_ll(idbuf, idv->i)] = 0; /* as "%" JSON_INTEGER_FORMAT */
        id = idbuf;
    } else if (idv->type == JF_REAL) {
        snprintf(idbuf, sizeof idbuf, "%.17g", idv->r);
        id = idbuf;
    }
    rec->id_own = id ? nx_strdup(id) : byte_id(rd->path, rec->offset);
    if (!rec->id_own)
        return -2;
    rec->doc.id = rec->id_own;
    const char *bad_type = NULL;
    size_t tl = 0, bl = 0, dl = 0, hl = 0;
    const char *body = str_field(&fields[F_TEXT], &bl, &bad_type);
    const char *which = rd->o.text_field;
    if (!body && !bad_type && strcmp(rd->o.text_field, "text") == 0) {
        body = str_field(&fields[F_BODY], &bl, &bad_type);
        which = "body";
    }
    if (bad_type) {
        reject(rec, "field '%s' is %s, expected a string", which, bad_type);
        return 0;
    }
    if (!body) {
        /* a headline whose text field is there but null ("body": null) is a document of its headline;
         * a text field that is not there at all stays an error (a wrong --text-field, not a headline) */
        const char *bt0 = NULL;
        size_t tl0 = 0;
        const char *t0 = str_field(&fields[F_TITLE], &tl0, &bt0);
        int null_text = fields[F_TEXT].type == JF_NULL ||
                        (fields[F_TEXT].type == JF_ABSENT && strcmp(rd->o.text_field, "text") == 0 &&
                         fields[F_BODY].type == JF_NULL);
        if (t0 && tl0 && null_text) {
            body = "";
            bl = 0;
        }
    }
    if (!body) {
        if (strcmp(rd->o.text_field, "text") == 0)
            reject(rec, "record has no 'text' or 'body' field");
        else
            reject(rec, "record has no '%s' field", rd->o.text_field);
        return 0;
    }
    const char *bt = NULL;
    const char *title = str_field(&fields[F_TITLE], &tl, &bt);
    const char *date = str_field(&fields[F_DATE], &dl, &bt);
    const char *tim = str_field(&fields[F_TIME], &hl, &bt);
    nx_buf t = NX_BUF_INIT;
    int html = nx_html_detect(body, bl);
    if (!html && nx_buf_reserve(&t, (title ? tl + 1 : 0) + bl)) /* the text's bytes, at once */
        return -2;
    if (title && tl && html && (memchr(title, '&', tl) || memchr(title, '<', tl))) {
        /* the title of a scraped page carries entities too: its text, on one line */
        size_t hlen;
        char *h = nx_html_to_text(title, tl, &hlen);
        if (!h) {
            return -2;
        }
        for (size_t k = 0; k < hlen; k++)
            if (h[k] == '\n')
                h[k] = ' ';
        while (hlen && h[hlen - 1] == ' ')
            hlen--;
        nx_buf_add(&t, h, hlen);
        nx_buf_addc(&t, '\n');
        rec->doc.title_len = hlen;
        nx_free(h);
    } else if (title && tl) {
        nx_buf_add(&t, title, tl);
        nx_buf_addc(&t, '\n');
        rec->doc.title_len = tl;
    }
    if (html) {
        /* scraped HTML in the text field: its text, see html.h */
        size_t hlen;
        char *h = nx_html_to_text(body, bl, &hlen);
        if (!h) {
            nx_buf_free(&t);
            return -2;
        }
        nx_buf_add(&t, h, hlen);
        nx_free(h);
    } else {
        nx_buf_add(&t, body, bl);
    }
    if (!t.p && !t.oom)
        nx_buf_adds(&t, "");
    if (t.oom) {
        nx_buf_free(&t);
        return -2;
    }
    rec->doc.len = t.len;
    rec->doc.text = nx_buf_take(&t);
    int days;
    if (date && dl >= 10 && date[4] == '-' && date[7] == '-' && nx_parse_date_prefix(date, &days) == 10 &&
        (dl == 10 || date[10] == 'T' || date[10] == 't' || date[10] == ' ' || date[10] == 'Z' || date[10] == 'z')) {
        if (!(rec->date_own = nx_strndup(date, 10)))
            return -2;
        if (!tim && dl > 11 && (date[10] == 'T' || date[10] == 't' || date[10] == ' ') &&
            !(rec->time_own = nx_strndup(date + 11, dl - 11 > 8 ? 8 : dl - 11)))
            return -2;
    }
    else if (date && dl)
        snprintf(rec->when_warn, sizeof rec->when_warn,
                 "field '%s' \"%.*s\" is not a date (YYYY-MM-DD, then maybe THH:MM:SS and a zone): doc_date "
                 "and timestamp are null",
                 rd->o.date_field, dl > 40 ? 40 : (int)dl, date);
    if (tim && hl) {
        nx_free(rec->time_own);
        if (!(rec->time_own = nx_strndup(tim, hl > 8 ? 8 : hl)))
            return -2;
    }
    rec->doc.date = rec->date_own;
    rec->doc.time = rec->time_own;
    if (rec->date_own && (rec->time_own || dl > 10) && make_timestamp(rec, date, dl, rd->o.time_zone)) {
        return -2;
    }
    return rc;
}

/* The document's instant in UTC from its date and time: a date field that is a whole timestamp
 * with "Z" or an offset says it itself; otherwise the date and time are read in the zone given
 * (New York: EST or EDT by the US rule of the year, see eventtime.h). A time that does not parse
 * leaves no timestamp. Returns 0, or -1 when out of memory. */
static int make_timestamp(nx_record *rec, const char *date, size_t dl, int zone)
{
    long long utc;
    int ok = 0;
    if (dl > 16 && dl < 40) { /* "1987-03-02T16:30Z" and longer */
        char full[40];
        memcpy(full, date, dl);
        full[dl] = 0;
        char last = full[dl - 1];
        int has_zone = last == 'Z' || last == 'z' || strchr(full + 13, '+') || strchr(full + 13, '-');
        if (has_zone && nx_parse_timestamp(full, &utc) == 0)
            ok = 1;
    }
    int days, secs;
    if (!ok && rec->time_own && nx_parse_date_prefix(rec->date_own, &days) == 10 &&
        nx_parse_clock(rec->time_own, &secs) == 0) {
        long long local = (long long)days * 86400 + secs;
        utc = local;
        if (zone == NX_TZ_NEW_YORK) {
            /* the offset at the instant local + 5 h, then again at the instant found (it differs
             * only within the hour of a change) */
            utc = local - nx_ny_offset(local + 5 * 3600);
            utc = local - nx_ny_offset(utc);
        }
        ok = 1;
    }
    if (!ok) {
        if (rec->time_own && !rec->when_warn[0])
            snprintf(rec->when_warn, sizeof rec->when_warn,
                     "time \"%s\" is not HH:MM or HH:MM:SS (a 24-hour clock): the timestamp is null", rec->time_own);
        return 0;
    }
    rec->ts_own = nx_malloc(24);
    if (!rec->ts_own)
        return -1;
    nx_format_utc(utc, rec->ts_own);
    rec->doc.timestamp = rec->ts_own;
    return 0;
}


/* Stdin: JSON Lines when its first byte after white space (blank lines) and a byte-order mark is
 * '{'. Reads on (into the buffer, nothing consumed) until such a byte, the end, or a full buffer.
 * Returns 1 or 0. */
static int sniff_jsonl(nx_reader *rd)
{
    if (fill(rd) <= 0)
        return 0;
    for (;;) {
        size_t k = rd->bpos, e = rd->blen;
        int part_bom = 0;
        if (k == 0) {
            size_t m = e < 3 ? e : 3;
            if (memcmp(rd->buf, "\xEF\xBB\xBF", m) == 0) {
                if (m == 3)
                    k = 3;
                else
                    part_bom = 1; /* its first bytes: read on */
            }
        }
        if (!part_bom) {
            while (k < e && (rd->buf[k] == ' ' || rd->buf[k] == '\t' || rd->buf[k] == '\r' || rd->buf[k] == '\n'))
                k++;
            if (k < e)
                return rd->buf[k] == '{';
        }
        if (rd->blen == CHUNK)
            return 0;
        long n = more(rd, rd->buf + rd->blen, CHUNK - rd->blen);
        if (n < 0)
            rd->failed = 1; /* fill reports it once the bytes read are taken */
        if (n <= 0) {
            rd->eof = n == 0;
            return 0;
        }
        rd->blen += (size_t)n;
        rd->total += (uint64_t)n;
    }
}

/* After a JSON line is read: its buffer's memory is kept for the next, unless it is large. */
static void jsonl_line_done(nx_reader *rd)
{
    if (rd->lbuf.cap > ((size_t)1 << 20))
        nx_buf_free(&rd->lbuf);
    else
        nx_buf_clear(&rd->lbuf);
    if (rd->sbuf.cap > ((size_t)1 << 20))
        nx_buf_free(&rd->sbuf);
}

int nx_reader_next(nx_reader *rd, nx_record *rec, nx_error *err)
{
    nx_record_clear(rec);
    nx_buf line = NX_BUF_INIT;
    for (;;) {
        if (rd->oom) {
            nx_buf_free(&line);
            return nx_error_nomem(err);
        }
        if (rd->pending_open_error) {
            nx_buf_free(&line); /* what a line had when its data broke off */
            rd->pending_open_error = 0;
            rec->source = rd->path;
            rec->line = 0;
            rec->index = rd->index++;
            rec->id_own = nx_strdup(rd->path);
            if (!rec->id_own)
                return nx_error_nomem(err);
            rec->doc.id = rec->id_own;
            reject(rec, "%s", rd->open_error);
            if (rd->o.shard_n && (long)(rec->index % (uint64_t)rd->o.shard_n) != rd->o.shard_k - 1) {
                nx_record_clear(rec);
                continue;
            }
            return 1;
        }
        if (!rd->open) {
            int r = open_next(rd);
            if (r == 0) {
                nx_buf_free(&line);
                return 0;
            }
            if (r == 2)
                continue;
        }
        if (rd->jsonl < 0) {
            rd->jsonl = sniff_jsonl(rd);
        }
        if (!rd->jsonl) {
            /* a whole file is one document */
            uint64_t start = rd->off;
            int toolong = 0;
            nx_buf_clear(&line);
            for (;;) {
                long a = fill(rd);
                if (a < 0) {
                    close_src(rd);
                    rd->pending_open_error = 1;
                    break;
                }
                if (a == 0)
                    break;
                if (!toolong && line.len + (size_t)a > rd->o.max_doc_bytes) {
                    toolong = 1;
                    nx_buf_free(&line);
                }
                if (!toolong)
                    nx_buf_add(&line, rd->buf + rd->bpos, (size_t)a);
                rd->bpos += (size_t)a;
                rd->off += (uint64_t)a;
                if (line.oom) {
                    nx_buf_free(&line);
                    return nx_error_nomem(err);
                }
            }
            if (rd->pending_open_error) {
                nx_buf_free(&line);
                continue;
            }
            close_src(rd);
            rec->source = rd->path;
            rec->line = 0;
            rec->offset = start;
            rec->index = rd->index++;
            rec->id_own = nx_strdup(rd->path);
            if (!rec->id_own) {
                nx_buf_free(&line);
                return nx_error_nomem(err);
            }
            rec->doc.id = rec->id_own;
            if (rd->o.shard_n && (long)(rec->index % (uint64_t)rd->o.shard_n) != rd->o.shard_k - 1) {
                nx_record_clear(rec);
                continue;
            }
            if (toolong) {
                reject(rec, "document is larger than --max-doc-bytes (%zu)", rd->o.max_doc_bytes);
            } else {
                if (!line.p)
                    nx_buf_adds(&line, "");
                if (line.oom) {
                    nx_buf_free(&line);
                    return nx_error_nomem(err);
                }
                rec->doc.len = line.len;
                rec->doc.text = nx_buf_take(&line);
                if (memchr(rec->doc.text, 0, rec->doc.len) &&
                    (rec->doc.len < 8 || memchr(rec->doc.text, 0, rec->doc.len < 4096 ? rec->doc.len : 4096))) {
                    reject(rec, "binary file (NUL bytes), not text");
                    nx_free(rec->doc.text);
                    rec->doc.text = NULL;
                    rec->doc.len = 0;
                } else {
                    /* HTML (by name, or a text that starts with a tag): its text, see html.h */
                    if (nx_html_path(rd->path) || nx_html_detect(rec->doc.text, rec->doc.len)) {
                        size_t hl;
                        char *h = nx_html_to_text(rec->doc.text, rec->doc.len, &hl);
                        if (!h) {
                            nx_buf_free(&line);
                            nx_record_clear(rec);
                            return nx_error_nomem(err);
                        }
                        nx_free(rec->doc.text);
                        rec->doc.text = h;
                        rec->doc.len = hl;
                    }
                    rec->bad_utf8 = nx_utf8_repair(rec->doc.text, rec->doc.len, &rec->first_bad);
                }
            }
            nx_buf_free(&line);
            return 1;
        }
        /* JSON Lines */
        if (rd->skip_partial) {
            int tl;
            uint64_t seen;
            rd->skip_partial = 0;
            int r = read_line(rd, &rd->lbuf, rd->o.max_doc_bytes, &tl, &seen);
            if (r == -2) {
                jsonl_line_done(rd);
                return nx_error_nomem(err);
            }
            if (r <= 0) {
                close_src(rd);
                continue;
            }
        }
        uint64_t start = rd->off;
        if (rd->o.has_range && start >= rd->o.range_b) {
            close_src(rd);
            continue;
        }
        int toolong;
        uint64_t seen;
        /* a line ending in CR LF: the CR is no part of the document (one byte more is read) */
        size_t max = rd->o.max_doc_bytes;
        int r = read_line(rd, &rd->lbuf, max < SIZE_MAX ? max + 1 : max, &toolong, &seen);
        if (r == 1 && !toolong && rd->lbuf.len > max && rd->lbuf.p[rd->lbuf.len - 1] != '\r') {
            toolong = 1;
            jsonl_line_done(rd);
        }
        if (r == -2) {
            jsonl_line_done(rd);
            return nx_error_nomem(err);
        }
        if (r == -1) {
            close_src(rd);
            rd->pending_open_error = 1;
            continue;
        }
        if (r == 0) {
            close_src(rd);
            continue;
        }
        if (rd->line >= 0)
            rd->line++;
        /* a byte-order mark before the first line (Windows editors write one) */
        size_t bom = start == 0 && rd->lbuf.len >= 3 && memcmp(rd->lbuf.p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        /* blank lines are not records */
        size_t k = bom;
        while (k < rd->lbuf.len && (rd->lbuf.p[k] == ' ' || rd->lbuf.p[k] == '\t' || rd->lbuf.p[k] == '\r'))
            k++;
        if (!toolong && k == rd->lbuf.len)
            continue;
        rec->source = rd->path;
        rec->line = rd->line_known ? rd->line : -1;
        rec->offset = start;
        rec->index = rd->index++;
        if (rd->o.shard_n && (long)(rec->index % (uint64_t)rd->o.shard_n) != rd->o.shard_k - 1)
            continue;
        if (toolong) {
            rec->id_own = byte_id(rd->path, start);
            if (!rec->id_own) {
                jsonl_line_done(rd);
                return nx_error_nomem(err);
            }
            rec->doc.id = rec->id_own;
            reject(rec, "line of %llu bytes is larger than --max-doc-bytes (%zu)", (unsigned long long)seen,
                   rd->o.max_doc_bytes);
            jsonl_line_done(rd);
            return 1;
        }
        int pr = parse_json_record(rd, rec, rd->lbuf.p + bom, rd->lbuf.len - bom);
        jsonl_line_done(rd);
        if (pr == -2) {
            nx_record_clear(rec); /* the id may have been copied already */
            return nx_error_nomem(err);
        }
        if (!rec->doc.id) {
            rec->id_own = byte_id(rd->path, start);
            if (!rec->id_own)
                return nx_error_nomem(err);
            rec->doc.id = rec->id_own;
        }
        if (!rec->rejected) {
            rec->bad_utf8 += nx_utf8_repair(rec->doc.text, rec->doc.len, &rec->first_bad);
            rec->dup_id = seen_id(rd, rec->doc.id);
        }
        return 1;
    }
}

void nx_reader_free(nx_reader *rd)
{
    if (!rd)
        return;
    close_src(rd);
    for (size_t i = 0; i < rd->nsrc; i++)
        nx_free(rd->srcs[i].path);
    nx_free(rd->srcs);
    nx_free(rd->buf);
    nx_free(rd->zin);
    nx_free(rd->ids);
    nx_buf_free(&rd->lbuf);
    nx_buf_free(&rd->sbuf);
    nx_free(rd);
}
