/* unit.h: a tiny test harness for the C unit tests (one executable per module). */
#ifndef NX_UNIT_H
#define NX_UNIT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int unit_failed, unit_run;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        unit_run++;                                                                                \
        if (!(cond)) {                                                                             \
            unit_failed++;                                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        unit_run++;                                                                                \
        if (!g_ || strcmp(g_, w_) != 0) {                                                          \
            unit_failed++;                                                                         \
            fprintf(stderr, "%s:%d: got '%s', want '%s'\n", __FILE__, __LINE__, g_ ? g_ : "(null)", w_); \
        }                                                                                          \
    } while (0)

/* The next of a fixed sequence of pseudo-random numbers (xorshift64, the same seed in every test
 * executable): random inputs that come out alike on every run. */
static inline uint64_t unit_next(void)
{
    static uint64_t rng = 88172645463325252ULL;
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

#define UNIT_DONE()                                                                                \
    do {                                                                                           \
        if (unit_failed)                                                                           \
            fprintf(stderr, "%d of %d checks failed\n", unit_failed, unit_run);                    \
        return unit_failed ? 1 : 0;                                                                \
    } while (0)

#endif
