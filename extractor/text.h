/* text.h: the text layer: UTF-8 repair, code-point offsets, sentence splitting.
 *
 * newsfx works on a document's bytes. An invalid UTF-8 byte is replaced in place by the byte 0x1A
 * (SUB), one byte for one byte, so byte offsets stay those of the input, and it counts as one code
 * point (as Python's errors="surrogateescape" decoding does); JSON output shows it as U+FFFD.
 */
#ifndef NX_TEXT_H
#define NX_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "base.h"

#define NX_BAD_BYTE 0x1A

/* Replace every byte of buf[0..n) that is not part of valid UTF-8 by NX_BAD_BYTE, in place.
 * Returns how many bytes were replaced; *first gets the offset of the first one (if any). */
size_t nx_utf8_repair(char *buf, size_t n, size_t *first);

/* Turn every control character of s[0..n) other than \n, \t and \r into a space, in place. Returns
 * how many were turned. */
size_t nx_blank_controls(char *s, size_t n);

/* The words that end with a period without ending a sentence ("corp", "u.s"): lowercase, sorted
 * (nx_word_in_sorted), nx_nabbrevs of them. */
extern const char *const nx_abbrevs[];
extern const size_t nx_nabbrevs;

/* Number of code points in s[0..n) (valid or repaired UTF-8). */
size_t nx_utf8_count(const char *s, size_t n);

/* Does s[0..n) (valid or repaired UTF-8) begin with a capital letter: A-Z, or an upper-case letter
 * of the Latin-1 supplement, Latin Extended-A, Greek or Cyrillic ("É", "Š", "Σ", "Д")? Returns 1 or 0.
 * Scripts without case (CJK...) have no capitals. */
int nx_starts_upper(const char *s, size_t n);

/* Byte -> code-point offset map of one text. Build with nx_cpmap_init, query with nx_cpmap_cp,
 * release with nx_cpmap_free. A pure-ASCII text needs no memory. */
typedef struct nx_cpmap {
    const char *text;
    size_t len;
    int ascii;
    uint32_t *block; /* code points before each 256-byte block */
    size_t nblock;
} nx_cpmap;

/* Returns 0, or -1 when out of memory. The map keeps a pointer to text, which must outlive it. */
int nx_cpmap_init(nx_cpmap *m, const char *text, size_t len);
/* Code-point offset of byte offset b (b <= len, on a character boundary). */
size_t nx_cpmap_cp(const nx_cpmap *m, size_t b);
void nx_cpmap_free(nx_cpmap *m);

/* A half-open byte range. */
typedef struct nx_span {
    size_t start, end;
} nx_span;

/* Split text into sentences. The first title_len bytes (the headline, 0 if none) form their own
 * sentence(s). Handles newswire hard line breaks (a sentence goes on across a single newline),
 * paragraphs (a blank line or a newline followed by indentation ends a sentence), headlines in
 * capitals and abbreviations (Inc., Corp., Co., Ltd., U.S., Mr., Jan., No., initials).
 * Leading and trailing whitespace is left out of each sentence.
 * On success returns 0 and sets *out to an array of *n spans in text order (caller frees with
 * nx_free); -1 when out of memory. */
int nx_sentences(const char *text, size_t len, size_t title_len, nx_span **out, size_t *n);

#endif
