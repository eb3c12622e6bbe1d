/* ruletest.h: running the examples every rule carries (test+ / test-), for `newsfx rules test`.
 *
 * A test+ example passes when the whole extractor, run on the example text alone, produces a result
 * from that rule (a mention for values/entities rules, an event for events rules, a status or
 * modality for modifiers) that survives overlap resolution and has every expected field:
 *   mentions: text value currency approx min max name ticker
 *   events:   type status modality amount currency change unit stake_pct period and roles
 *             (acquirer=Name: some acquirer's name or text equals Name, suffixes ignored)
 * A test- example passes when the rule produces nothing on its text.
 */
#ifndef NX_RULETEST_H
#define NX_RULETEST_H

#include "extract.h"

typedef struct nx_ruletest_stats {
    int rules;     /* rules with at least one example */
    int examples;
    int failed;
} nx_ruletest_stats;

/* Run every example of every rule. Each failure is appended to report as one line
 * ("file:line: rule 'id': test+ \"text\": expected value=2, got 3"). Returns 0 when all passed,
 * 1 when some failed, -1 on a fatal error (err set). */
int nx_rules_test(const nx_model *m, nx_buf *report, nx_ruletest_stats *st, nx_error *err);

#endif
