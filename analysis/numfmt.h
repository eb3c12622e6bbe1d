/* numfmt.h: fast exact conversions between doubles and decimal text, for the study's large inputs
 * and outputs (a price file of a million cells, 10,000 firm-event rows).
 *
 * Output: Grisu2 (Loitsch 2010, "Printing floating-point numbers quickly and accurately") with the
 * cached powers of ten computed exactly at first use (a small bignum). The digits always read back
 * to the same double (they lie inside its rounding interval); they are the shortest such digits for
 * all but about 0.1% of doubles, where one more digit is written. Plain notation for decimal
 * exponents -4 to 16, else d.ddde-XX as printf's %g; whole numbers below 1e17 without a point.
 *
 * Input: Clinger's fast path (a mantissa of at most 15 digits scaled by at most 10^22 is one exact
 * multiplication or division, hence correctly rounded) and strtod for everything else: the result
 * is always the correctly rounded double, as strtod gives.
 */
#ifndef NX_NUMFMT_H
#define NX_NUMFMT_H

#include <stddef.h>

#include "../extractor/base.h"

/* Write v into out (at most 32 bytes with the NUL); returns the length, or 0 (out = "") when v is
 * NaN or infinite. */
size_t nx_fmt_double(double v, char out[32]);
/* Append v, or `null` when it is not finite (JSON). */
void nx_buf_num(nx_buf *b, double v);
/* Append v, or nothing when it is not finite (a CSV cell). */
void nx_buf_num_cell(nx_buf *b, double v);
/* Parse the decimal number s[0..n) (optional sign, digits, point, exponent; nothing else). Returns 0
 * with *v set, or -1. */
int nx_parse_double(const char *s, size_t n, double *v);

#endif
