/* factor.h: lists of words read a first letter at a time.
 *
 * PCRE2 tries the branches of an alternation one after the other, testing each branch's first
 * letter again: `(?:net|net\s+profit|sales|shr)` at "Revs" tests 'n' twice and 's' twice before it
 * fails. nx_factor_words rewrites such a list with each first letter written once, its branches in
 * their order behind it: `(?:n(?:et|et\s+profit)|s(?:ales|hr))`. Only the text handed to PCRE2
 * changes: the rule as written (its words, its prefix words, the offsets of its compile errors) is
 * read from the pattern as it is, so rules write their lists plainly.
 */
#ifndef NX_FACTOR_H
#define NX_FACTOR_H

#include <stddef.h>

/* A group is rewritten when it has at least this many branches (measured on the shipped rules,
 * instructions per 500 stories: 176.1 M as written, 171.2 M with 3, as with 2, 171.7 M with 8;
 * a balanced tree of conditionals on the first letter instead of letters in a row: 172.4 M to
 * 176.4 M, as a failing lookahead costs PCRE2 more than a few failing letters). */
#define NX_FACTOR_MIN_BRANCHES 3

/* Rewrite pattern[0..len) (PCRE2 syntax, extended mode, macros expanded). Every non-capturing group
 * `(?: b1 | b2 | ... )` of NX_FACTOR_MIN_BRANCHES branches or more, each beginning with an ASCII letter
 * that is not quantified, that holds no capturing group, option setting, conditional, subroutine
 * call, verb, callout or \Q, becomes one branch per first letter (without case), in the order of
 * their first branch, each the letter's branches in their order, behind the letter written once when
 * they all begin with the same byte. Branches of different first letters never match at the same
 * place, with or without case (U+212A and U+017F, which match k and s without case in UTF mode, match
 * k and s there too), so the rewrite matches what the group matches, trying the same branches in the
 * same order. Groups inside other groups (captures, lookarounds, the macros of `(?(DEFINE)`) are
 * rewritten too; the rest of the text is copied as it is, and all of it when the pattern turns
 * extended mode off. Returns a new string (free with nx_free) no longer than the pattern and four
 * bytes a letter of each group rewritten; *changed (may be NULL) gets the number of groups rewritten
 * (0: the copy is the pattern). NULL when out of memory. */
char *nx_factor_words(const char *pattern, size_t len, int *changed);

#endif
