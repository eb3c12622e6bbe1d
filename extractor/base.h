/* base.h: what every newsfx module stands on: one allocator, the error struct, a growable buffer.
 *
 * Allocation: every allocation in newsfx goes through nx_malloc/nx_realloc/nx_free, and jansson and
 * PCRE2 are wired to the same functions (nx_alloc_init, nx_pcre2_gcontext), so a test build can make
 * the Nth allocation fail (nx_alloc_fail_at) and check that every caller reports a clean error.
 *
 * Errors: library code never prints or exits. A function that can fail returns a status (0 ok, -1
 * failed) or NULL, and fills an nx_error the caller passed in. The first error set wins; later ones
 * are ignored, so the message names the root cause. Messages follow git's style: lowercase, what went
 * wrong first, the subject quoted: "rules/deals.rules:42:17: cannot compile 'deal.agree': ...".
 */
#ifndef NX_BASE_H
#define NX_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NX_VERSION "0.1.0"

#if defined(__GNUC__)
#define NX_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define NX_PRINTF(a, b)
#endif

/* ---- allocation ---- */

/* Allocate n bytes. Returns NULL when out of memory (or when the fault injector says so);
 * nx_malloc(0) returns a valid unique pointer. Free with nx_free. */
void *nx_malloc(size_t n);
/* Allocate n*m zeroed bytes; NULL on overflow or out of memory. Free with nx_free. */
void *nx_calloc(size_t n, size_t m);
/* Resize p to n bytes. Returns the new block, or NULL with p untouched (still owned by the caller). */
void *nx_realloc(void *p, size_t n);
/* Free p; nx_free(NULL) is a no-op. */
void nx_free(void *p);
/* Copy of s (or of its first n bytes, NUL-terminated). NULL when out of memory. Free with nx_free. */
char *nx_strdup(const char *s);
char *nx_strndup(const char *s, size_t n);
/* Grow an array so it can hold at least `need` elements of size `elem`; *cap is updated.
 * Returns 0, or -1 when out of memory (the array is left as it was). Inline: most calls find the
 * room there (nx_grow_slow does the growing). */
int nx_grow_slow(void **arr, size_t *cap, size_t need, size_t elem);
static inline int nx_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    return need <= *cap ? 0 : nx_grow_slow(arr, cap, need, elem);
}

/* Route jansson's allocations through nx_malloc/nx_free. Call once at start-up. */
void nx_alloc_init(void);
/* Fault injection for tests: the nth allocation from now (1-based) fails, and every later one
 * too when `sticky`; n = 0 turns it off. Returns the number of allocations made since the last call. */
long nx_alloc_fail_at(long n, int sticky);
/* Number of allocations made so far (for the fault-injection test driver). */
long nx_alloc_count(void);
/* Hold back injected failures (on = 1) until released (on = 0); calls nest. For code that cannot
 * survive a failed allocation and that newsfx cannot fix: PCRE2 10.42's JIT compiler crashes when
 * its allocator returns NULL (PCRE2 only began testing those paths upstream in 2025). Real
 * allocation failures are not affected. */
void nx_alloc_hold(int on);

/* ---- errors ---- */

typedef struct nx_error {
    int set;        /* 0 until the first error */
    int code;       /* a NX_E* value: what kind of failure, for the CLI's exit status */
    char msg[1024]; /* the message, without the "newsfx: " prefix and without a final newline */
} nx_error;

enum {
    NX_EOK = 0,
    NX_EUSAGE = 2,  /* a bad option or argument */
    NX_EIO = 4,     /* reading or writing failed */
    NX_EDATA = 5,   /* bad input data (a record, a line, a price) */
    NX_ERULES = 6,  /* a rule did not compile or a rule example failed */
    NX_ENOMEM = 7,  /* out of memory */
    NX_ELIMIT = 8   /* a match, depth, heap or time limit was hit */
};

/* Set the error unless one is set already (first error wins). Returns -1, so that
 * `return nx_error_set(err, ...)` reads naturally. err may be NULL. */
int nx_error_set(nx_error *err, int code, const char *fmt, ...) NX_PRINTF(3, 4);
int nx_error_setv(nx_error *err, int code, const char *fmt, va_list ap);
/* Shorthand for an out-of-memory error; returns -1. */
int nx_error_nomem(nx_error *err);
/* Reset to "no error". */
void nx_error_clear(nx_error *err);

/* ---- growable byte buffer ---- */

/* A string builder. Appends never fail loudly: the first allocation failure sets `oom`, later appends
 * do nothing, and the owner checks `oom` once at the end. `p` is always NUL-terminated when non-NULL.
 * Initialise with NX_BUF_INIT or memset 0; release with nx_buf_free. */
typedef struct nx_buf {
    char *p;
    size_t len;
    size_t cap;
    int oom;
} nx_buf;
#define NX_BUF_INIT {NULL, 0, 0, 0}

/* Make room for n more bytes. Returns 0, or -1 (and sets oom). */
int nx_buf_reserve(nx_buf *b, size_t n);
void nx_buf_add(nx_buf *b, const void *data, size_t n);
/* Append one byte: inline, as keys, names and the output are written byte by byte. */
static inline void nx_buf_addc(nx_buf *b, char c)
{
    if (b->len + 2 <= b->cap && !b->oom) {
        b->p[b->len++] = c;
        b->p[b->len] = 0;
        return;
    }
    nx_buf_add(b, &c, 1);
}
/* Append s[0..n): inline where the room is there (a literal's length is known: NX_BUF_LIT). */
static inline void nx_buf_addn(nx_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 <= b->cap && !b->oom) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
        b->p[b->len] = 0;
        return;
    }
    nx_buf_add(b, s, n);
}
/* Append the string s. */
static inline void nx_buf_adds(nx_buf *b, const char *s) { nx_buf_addn(b, s, strlen(s)); }
/* Append a string literal (its length known when compiled). */
#define NX_BUF_LIT(b, lit) nx_buf_addn((b), "" lit, sizeof(lit) - 1)
void nx_buf_printf(nx_buf *b, const char *fmt, ...) NX_PRINTF(2, 3);
/* Append v in decimal, as printf's "%lld" and "%llu" write it. */
void nx_buf_add_ll(nx_buf *b, long long v);
void nx_buf_add_ull(nx_buf *b, unsigned long long v);
/* Append s as a JSON string literal (quotes included); invalid UTF-8 bytes become U+FFFD and the byte
 * 0x1A (newsfx's stand-in for an invalid input byte) too. */
void nx_buf_json_str(nx_buf *b, const char *s, size_t n);
/* Append a double in the C locale with the shortest form that reads back exactly; NaN and infinities
 * are written as null. */
void nx_buf_json_num(nx_buf *b, double v);
void nx_buf_clear(nx_buf *b);
/* Release the memory; the buffer can be used again afterwards. */
void nx_buf_free(nx_buf *b);
/* Take ownership of the contents (NUL-terminated; NULL if oom or never written); resets the buffer.
 * The caller frees the result with nx_free. */
char *nx_buf_take(nx_buf *b);

/* ---- small string helpers ---- */

/* Write v in decimal as printf's "%llu" / "%lld" do, without a NUL, into out (at least 20 bytes,
 * which any value fits). Returns the number of bytes written. */
size_t nx_fmt_ull(char *out, unsigned long long v);
size_t nx_fmt_ll(char *out, long long v);

/* Is w[0..n) one of the NULL-terminated list's words (ASCII case ignored when caseless)? Returns 1
 * or 0. Stops at the first byte that differs, so most words cost one comparison. */
int nx_word_in(const char *const *list, const char *w, size_t n, int caseless);
/* Is w[0..n) one of the n_list words of list, which are lowercase and sorted by strcmp (ASCII case
 * of w ignored)? A binary search, for the longer lists. Returns 1 or 0. */
int nx_word_in_sorted(const char *const *list, size_t n_list, const char *w, size_t n);
/* Is list[0..n_list) lowercase, sorted by strcmp and without repeats (as nx_word_in_sorted needs)?
 * Returns 1 or 0. */
int nx_words_sorted(const char *const *list, size_t n_list);
/* A hash index over n strings the caller keeps (unchanged while the index lives): which of them
 * equals a given one, for the tables looked up once a mention (currency forms, stop names). String i
 * is *(const char *const *)((const char *)base + i * stride): an array of char pointers (stride
 * sizeof(char *)), or the char pointer field of an array of structs. */
typedef struct nx_strindex {
    const char *base;
    size_t stride;
    int32_t *slot;  /* a string's index, -1 for an empty slot */
    uint32_t *hash; /* the high half of its hash, compared before the string is read */
    size_t mask;    /* number of slots - 1; no slots when slot is NULL */
} nx_strindex;
/* Index strings 0..n-1 (a string repeated is found as its first index). Returns 0, or -1 when out
 * of memory, x then empty (found nothing). Free with nx_strindex_free. */
int nx_strindex_init(nx_strindex *x, const void *base, size_t stride, size_t n);
/* The lowest index whose string equals s[0..n) byte for byte, or -1. */
int nx_strindex_find(const nx_strindex *x, const char *s, size_t n);
/* Free the index's tables (not the strings); x is empty after. A zeroed x is freed as a no-op. */
void nx_strindex_free(nx_strindex *x);
/* 64-bit FNV-1a hash of s[0..n), from seed (0: the usual start); a seed keeps keys of different
 * kinds apart in one nx_multimap. */
uint64_t nx_hash64(const char *s, size_t n, uint64_t seed);
/* A multimap of 64-bit keys (hashes) to ints that grows while it is read: linking's indexes of
 * entities by name, symbol and the like, so that a document of thousands of companies is not
 * linked each against each. A key's values come newest first; keys are hashes, so the caller checks
 * each value it is given. Zeroed is empty; free with nx_multimap_free. */
typedef struct nx_multimap {
    uint64_t *key;
    int32_t *val;
    int32_t *next;  /* the entry added before it to its slot, -1 at the end */
    int32_t *head;  /* each slot's newest entry, -1 when none */
    size_t n, cap;  /* entries */
    size_t mask;    /* slots - 1 (no slots while head is NULL) */
} nx_multimap;
/* Add value v under key. Returns 0, or -1 when out of memory (x unchanged). */
int nx_multimap_add(nx_multimap *x, uint64_t key, int v);
/* The newest entry under key, or -1; then nx_multimap_next(x, e, key) gives the one before, or -1.
 * The entry's value is x->val[e]. */
int nx_multimap_first(const nx_multimap *x, uint64_t key);
int nx_multimap_next(const nx_multimap *x, int e, uint64_t key);
/* Empty x, keeping its memory for the next document (costs its entries, not its slots). */
void nx_multimap_clear(nx_multimap *x);
void nx_multimap_free(nx_multimap *x);
/* ASCII case-insensitive equality of the first n bytes / of two NUL-terminated strings. */
int nx_strncaseeq(const char *a, const char *b, size_t n);
int nx_strcaseeq(const char *a, const char *b);
/* Read a whole file into a NUL-terminated buffer (*len excludes the NUL). Returns NULL and sets err
 * ("cannot read 'path': reason") on failure. The caller frees with nx_free. */
char *nx_read_file(const char *path, size_t *len, nx_error *err);
/* nx_read_file for the files a person hands over (a labeled sample, predictions, events): "-" is
 * stdin, and gzip data (told by its first bytes) is decompressed ("cannot read 'x.gz': the
 * compressed data ends early"). Same ownership. */
char *nx_read_any(const char *path, size_t *len, nx_error *err);
/* Read stdin to its end into a NUL-terminated buffer (*len excludes the NUL). Returns NULL and sets
 * err ("cannot read stdin: reason") on failure. The caller frees with nx_free. */
char *nx_read_stdin(size_t *len, nx_error *err);
/* zlib's allocation callbacks (z_stream.zalloc, .zfree) through nx_calloc and nx_free. */
void *nx_zalloc(void *opaque, unsigned items, unsigned size);
void nx_zfree(void *opaque, void *p);
/* Decompress *data in place when it holds gzip data (members one after another); label names it in
 * messages. Returns 0 (unchanged, or replaced: the old buffer freed) or -1 with err set. */
int nx_gunzip_in_place(char **data, size_t *len, const char *label, nx_error *err);
/* SHA-256 of data, as 64 lowercase hex digits plus NUL into out[65]. */
void nx_sha256_hex(const void *data, size_t n, char out[65]);

typedef struct nx_sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char blk[64];
    size_t fill;
} nx_sha256;
void nx_sha256_init(nx_sha256 *s);
void nx_sha256_update(nx_sha256 *s, const void *data, size_t n);
void nx_sha256_final(nx_sha256 *s, char out[65]);

#endif
