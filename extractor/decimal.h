/* decimal.h: exact decimal numbers for money and percent values.
 *
 * A value is coef * 10^-scale with a signed 64-bit coefficient, so "1.37 billion" is 137 * 10^7 and
 * prints as 1370000000, never 1369999999.9999998. Fractions of newswire prices ("1-3/4", "5/8") are
 * exact when the denominator is a power of two or five, else rounded to 6 decimals.
 */
#ifndef NX_DECIMAL_H
#define NX_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

#include "base.h"

typedef struct nx_dec {
    int64_t coef;
    int scale; /* digits after the decimal point; may be negative (trailing zeros) */
    int ok;    /* 0 when the value is unknown or overflowed */
} nx_dec;

/* Parse a number as written in news: "270", "1,370", "1.37", "2,180,608", ".5", "1-3/4", "1 3/4",
 * "5/8", "9-1/4", number words ("two", "twenty-five", "a", "half", "one hundred"), fullwidth-free
 * ASCII only. Surrounding whitespace is ignored. Returns the value, ok = 0 if s is not a number. */
nx_dec nx_dec_parse(const char *s, size_t n);
/* Multiplier of a scale word: "mln"/"million"/"m" -> 1e6, "billion"/"bln"/"bn"/"b" -> 1e9,
 * "trillion"/"tn" -> 1e12, "thousand"/"k" -> 1e3, "crore" -> 1e7, "lakh"/"lac" -> 1e5,
 * "hundred" -> 100; returns the power of ten, or -1 if unknown. */
int nx_scale_pow10(const char *s, size_t n);
/* v * 10^p, exact; ok = 0 on overflow. */
nx_dec nx_dec_shift(nx_dec v, int p);
/* v * num / den (den > 0), exact when possible, else rounded to 6 decimals. */
nx_dec nx_dec_mul_frac(nx_dec v, int64_t num, int64_t den);
nx_dec nx_dec_add(nx_dec a, nx_dec b);
nx_dec nx_dec_neg(nx_dec v);
/* Midpoint (a + b) / 2, exact. */
nx_dec nx_dec_mid(nx_dec a, nx_dec b);
/* Remove trailing fractional zeros (1.50 -> 1.5). */
nx_dec nx_dec_norm(nx_dec v);
double nx_dec_double(nx_dec v);
/* Compare: -1, 0, 1. */
int nx_dec_cmp(nx_dec a, nx_dec b);
/* Append the value in plain decimal notation (no exponent, no trailing zeros) to b; "null" if !ok. */
void nx_dec_print(nx_buf *b, nx_dec v);
/* Write the plain decimal form into out (at least 48 bytes); returns out. */
char *nx_dec_str(nx_dec v, char *out, size_t cap);

#endif
