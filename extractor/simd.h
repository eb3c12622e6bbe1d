/* simd.h: sixteen bytes at a time with SSE2 where the compiler offers it (NX_SSE2: x86-64 with GCC
 * or clang). Every user keeps a byte-by-byte loop for other targets. */
#ifndef NX_SIMD_H
#define NX_SIMD_H

#if defined(__SSE2__) && defined(__GNUC__)
#define NX_SSE2 1
#include <emmintrin.h>

/* The sixteen bytes at p (any alignment). */
static inline __m128i nx_load16(const void *p) { return _mm_loadu_si128((const __m128i *)p); }

/* 0xff in each byte of v equal to c, else 0. */
static inline __m128i nx_eq16(__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }

/* 0xff in each byte of v from lo to lo + span (unsigned bytes), else 0. */
static inline __m128i nx_range16(__m128i v, unsigned char lo, unsigned char span)
{
    __m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8((char)span)), d);
}

/* The top bit of each byte of v, byte k as bit k. */
static inline unsigned nx_mask16(__m128i v) { return (unsigned)_mm_movemask_epi8(v); }

/* The lowest set bit of a mask that is not 0. */
static inline unsigned nx_first16(unsigned mask) { return (unsigned)__builtin_ctz(mask); }
#endif

#endif
