/* test_prefilter.c: required words of patterns, the word scan, where numbers begin (extractor/prefilter.c). */
#include "../../extractor/prefilter.h"
#include "../../extractor/rules.h"
#include "unit.h"

static const char *words(const char *pat)
{
    static char out[512];
    nx_words ws;
    int k = nx_required_words(pat, strlen(pat), &ws);
    if (k <= 0)
        return k < 0 ? "oom" : "-";
    out[0] = 0;
    for (int i = 0; i < ws.n; i++) {
        strcat(out, i ? "," : "");
        strcat(out, ws.w[i]);
    }
    nx_words_free(&ws);
    return out;
}

static const char *prefix(const char *pat)
{
    static char out[512];
    nx_words ws;
    int b;
    int k = nx_prefix_words(pat, strlen(pat), &ws, &b);
    if (k <= 0)
        return k < 0 ? "oom" : "-";
    strcpy(out, b ? "\\b " : "");
    for (int i = 0; i < ws.n; i++) {
        strcat(out, i ? "," : "");
        strcat(out, ws.w[i]);
    }
    nx_words_free(&ws);
    return out;
}

static const char *lits(const char *pat)
{
    static char out[512];
    nx_words ws;
    int b;
    int k = nx_prefix_literals(pat, strlen(pat), &ws, &b);
    if (k <= 0)
        return k < 0 ? "oom" : "-";
    strcpy(out, b ? "\\b " : "");
    for (int i = 0; i < ws.n; i++) {
        strcat(out, i ? "," : "");
        strcat(out, ws.w[i]);
    }
    nx_words_free(&ws);
    return out;
}

/* nx_name_reach over text with the anchor at every word start spelling `anchor`: '+' where a
 * match may start, '.' where not */
static const char *reach(const char *text, const char *anchor)
{
    static char out[256];
    unsigned char fl[256] = {0};
    size_t n = strlen(text), al = strlen(anchor);
    for (size_t i = 0; i < n; i++)
        if ((i == 0 || NX_IS_NAME_SEP(text[i - 1])) && strncmp(text + i, anchor, al) == 0)
            fl[i] = NX_REACH_ANCHOR;
    nx_name_reach(text, n, fl);
    for (size_t i = 0; i < n; i++)
        out[i] = fl[i] & NX_REACH_OK ? '+' : '.';
    out[n] = 0;
    return out;
}

/* nx_ac_scan against a plain search: every (word, end) of every word inside text, letters compared
 * without case, written "word@end" in text order (by end, then word) */
struct ac_hits {
    char out[1 << 17];
};
static void ac_hit(void *ctx, int word, size_t end)
{
    struct ac_hits *h = ctx;
    char one[32];
    snprintf(one, sizeof one, "%s%d@%zu", h->out[0] ? " " : "", word, end);
    strncat(h->out, one, sizeof h->out - strlen(h->out) - 1);
}
static int ac_agrees(char *const *words, size_t n, const char *text)
{
    nx_ac *ac = nx_ac_new(words, n);
    if (!ac)
        return 0;
    static struct ac_hits got, want;
    got.out[0] = want.out[0] = 0;
    nx_ac_scan(ac, text, strlen(text), ac_hit, &got);
    nx_ac_free(ac);
    size_t len = strlen(text);
    for (size_t end = 1; end <= len; end++) {
        /* the scan reports the longest word first, then its suffixes: the same order here */
        int order[64], m = 0;
        for (size_t k = 0; k < n; k++) {
            size_t wl = strlen(words[k]);
            if (wl <= end && strncasecmp(text + end - wl, words[k], wl) == 0)
                order[m++] = (int)k;
        }
        for (int a = 0; a < m; a++)
            for (int b = a + 1; b < m; b++)
                if (strlen(words[order[b]]) > strlen(words[order[a]])) {
                    int t = order[a];
                    order[a] = order[b];
                    order[b] = t;
                }
        for (int a = 0; a < m; a++)
            ac_hit(&want, order[a], end);
    }
    if (strcmp(got.out, want.out) != 0)
        fprintf(stderr, "ac: got '%s', want '%s'\n", got.out, want.out);
    return strcmp(got.out, want.out) == 0;
}

/* A finder of places (nx_number_starts, nx_word_starts) against PCRE2 matching re (what a `starts
 * number` rule's pattern asserts, NX_NUMBER_START; \b(?=\w) for words) anchored at every position of
 * text: the same places, whichever way they are found (the sixteen-byte steps, the bytes after the
 * last full step) */
static int places_agree(long (*find)(const char *, size_t, size_t **, size_t *), pcre2_code *re,
                        pcre2_match_data *md, const char *text, size_t len)
{
    size_t *pos = NULL, cap = 0;
    long n = find(text, len, &pos, &cap);
    long k = 0;
    int ok = n >= 0;
    for (size_t i = 0; ok && i < len; i++) {
        int at = pcre2_match(re, (PCRE2_SPTR)text, len, i, PCRE2_ANCHORED, md, NULL) >= 0;
        if (at != (k < n && pos[k] == i))
            ok = 0;
        k += at;
    }
    ok = ok && k == n;
    nx_free(pos);
    return ok;
}

/* places_agree over texts of every length up to 80 made of random pieces */
static int places_agree_random(long (*find)(const char *, size_t, size_t **, size_t *), pcre2_code *re,
                               pcre2_match_data *md, const char *const *piece, size_t npiece, unsigned seed)
{
    char buf[200];
    int all = 1;
    for (int t = 0; t < 3000; t++) {
        size_t len = 0, want = (size_t)(t % 81);
        while (len < want) {
            seed = seed * 1103515245u + 12345u;
            const char *pc = piece[(seed >> 16) % npiece];
            memcpy(buf + len, pc, strlen(pc));
            len += strlen(pc);
        }
        all &= places_agree(find, re, md, buf, len);
    }
    return all;
}

/* nx_lead_run against PCRE2 over random texts: at every place of every text, PCRE2 matching pattern
 * there (anchored) implies nx_lead_run_at says yes, and when exact (the pattern is the lookahead
 * alone) the two agree. Returns 1, or 0 at the first place they do not (or when nx_lead_run refuses). */
static int lead_agrees(const char *pattern, int caseless, int exact, unsigned seed)
{
    nx_lead sets;
    if (!nx_lead_run(pattern, strlen(pattern), caseless, &sets))
        return 0;
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_EXTENDED | PCRE2_ANCHORED | (caseless ? PCRE2_CASELESS : 0), &ec, &eo, NULL);
    if (!re)
        return 0;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    static const char *const piece[] = {"0", "7", ".", ",", "/", " ", "\n", "-", "%", "p", "P", "t", "a", "\xc3\xa9", "\x01", "\x02", "M"};
    char buf[200];
    int ok = 1;
    for (int t = 0; t < 3000 && ok; t++) {
        size_t len = 0, want = (size_t)(t % 41);
        while (len < want) {
            seed = seed * 1103515245u + 12345u;
            const char *pc = piece[(seed >> 16) % (sizeof piece / sizeof *piece)];
            memcpy(buf + len, pc, strlen(pc));
            len += strlen(pc);
        }
        for (size_t i = 0; i < len && ok; i++) {
            if (((unsigned char)buf[i] & 0xC0) == 0x80)
                continue; /* inside a character */
            int pc = pcre2_match(re, (PCRE2_SPTR)buf, len, i, 0, md, NULL) >= 0;
            int c = nx_lead_run_at(&sets, (const unsigned char *)buf, i, len);
            if (exact ? pc != c : pc && !c) {
                fprintf(stderr, "lead_agrees: '%s' at %zu of '%.*s': PCRE2 %d, nx_lead_run_at %d\n", pattern, i,
                        (int)len, buf, pc, c);
                ok = 0;
            }
        }
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return ok;
}

int main(void)
{
    {
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR) "\\b(?=\\w)", PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
        CHECK(re != NULL);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        CHECK(places_agree(nx_word_starts, re, md, "", 0));
        const char *fixed = "The_quick 2.5-fold $Zorbex Inc's (ITJ) caf\xc3\xa9 x\n9 ab";
        CHECK(places_agree(nx_word_starts, re, md, fixed, strlen(fixed)));
        static const char *const piece[] = {"a", "Z", "_", "7", " ", ".", "-", "$", "\n", "\xc3\xa9", "\x01"};
        int all = places_agree_random(nx_word_starts, re, md, piece, sizeof piece / sizeof *piece, 777);
        CHECK(all);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
    }
    {
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)NX_NUMBER_START, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
        CHECK(re != NULL);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        CHECK(places_agree(nx_number_starts, re, md, "", 0));
        const char *fixed = "Rose 2.5 pct to 1,250.75 dlrs (3/4) .5 x.5 A5 9.. 1987.\n7";
        CHECK(places_agree(nx_number_starts, re, md, fixed, strlen(fixed)));
        static const char *const piece[] = {"0", "1", "5", "9", ".", ",", "/", " ", "a", "-", "\n", "\xc3\xa9"};
        int all = places_agree_random(nx_number_starts, re, md, piece, sizeof piece / sizeof *piece, 12345);
        CHECK(all);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
    }
    {
        /* a lookahead of a run of bytes, tested in C before a rule is tried at a place */
        CHECK(lead_agrees("(?= [\\d.] [\\d.,/\\s-]*+ [%p] )", 1, 1, 5));
        CHECK(lead_agrees("(?= [\\d.] [\\d.,/\\s-]*+ [%p] )", 0, 1, 6)); /* 'P' only without case */
        CHECK(lead_agrees("(?=\\d[\\d\\s-]*+/)", 1, 1, 7));
        CHECK(lead_agrees("(?= 7 [.,0]*+ \\s )", 1, 1, 8));
        CHECK(lead_agrees("(?= [0-7] [\\d.,]*+ p \\s )", 1, 0, 9)); /* more after the three */
        /* words as other branches: percent.range's "between" */
        CHECK(lead_agrees("(?= at | [\\d.] [\\d.,/\\s-]*+ [%pt] | ta )", 1, 1, 12));
        CHECK(lead_agrees("(?= [\\d.] [\\d.,/\\s-]*+ [%pt] | ta\\b )", 1, 0, 14)); /* \\b after it not tested */
        CHECK(lead_agrees("(?= Pa | [\\d.] [\\d.,/\\s-]*+ [%pt] )", 0, 1, 13)); /* with case */
        /* rules' patterns: assertions before, the rest after */
        CHECK(lead_agrees("(?<![\\d.,/]) (?= [\\d.] [\\d.,/\\s-]*+ [%p] ) (?<m> (?<num>\\d+(?:\\.\\d+)?) \\s* (?:%|pct\\b) )", 1, 0, 10));
        CHECK(lead_agrees("(?<![\\w.]) (?= \\d [\\d,.]*+ p ) (?<m>(?<num>(?>\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?) p) \\b", 1, 0, 11));
        /* a lookbehind of single characters: alone, with the lookahead, among other assertions */
        CHECK(lead_agrees("(?<=[ta]\\s)", 1, 1, 15));
        CHECK(lead_agrees("(?<=P)", 0, 1, 16)); /* 'P' only without case */
        CHECK(lead_agrees("(?<= \\d [.,] 7 )", 1, 1, 17));
        CHECK(lead_agrees("(?<=a)(?= [\\d.] [\\d.,/\\s-]*+ [%p] )", 1, 1, 18));
        CHECK(lead_agrees("(?<![0]) (?<=[tp]\\s) (?<=\\bat\\s|\\bpa\\s) (?<m>\\d+)", 1, 0, 19));
        CHECK(lead_agrees("(?<=\\s) (?= at | [\\d.] [\\d.,/\\s-]*+ [%pt] ) \\d", 1, 0, 20));
        /* \xHH: the stock-move conditions' placeholders (\x01M\x02...) */
        CHECK(lead_agrees("(?= [\\d\\x01] [M\\x02]*+ \\s )", 1, 1, 21));
        CHECK(lead_agrees("(?= [\\d\\x01] [M\\x02]*+ \\s ) (?:(?>\\x01M\\x02*)|\\d) \\s+ (?:to|at)\\b", 1, 0, 22));
        CHECK(lead_agrees("(?= \\x01 [M\\x02]*+ \\s )", 0, 1, 23));
        /* items after the three: one character, or a possessive run of them, up to NX_LEAD_ITEMS */
        CHECK(lead_agrees("(?= [\\d\\x01] [M\\x02]*+ \\s \\s*+ [tap] )", 1, 1, 24));
        CHECK(lead_agrees("(?= [\\d\\x01] [M\\x02]*+ \\s \\s*+ [tap] )", 0, 1, 25));
        CHECK(lead_agrees("(?= \\d [\\d.]*+ \\s [ta] [tap]*+ \\s )", 1, 1, 26));
        CHECK(lead_agrees("(?= [\\d\\x01] [M\\x02]*+ \\s \\s*+ [tap] ) (?:(?>\\x01M\\x02*)|\\d) (?:\\s+points?)? \\s+ (?:to|at)\\b", 1, 0, 27));
        CHECK(lead_agrees("(?= \\d [.]*+ \\s p+ t )", 1, 0, 28)); /* p+: one p tested, not the t */
        CHECK(lead_agrees("(?= \\d [.]*+ \\s p? t )", 1, 0, 29)); /* p?: neither tested */
        {
            static const struct { const char *p; int n; } items[] = {
                {"(?= \\d [.]*+ \\s )", 3},            {"(?= \\d [.]*+ \\s \\s*+ [tap] )", 5},
                {"(?= \\d [.]*+ \\s+ x )", 3},          {"(?= \\d [.]*+ \\s x+ y )", 4},
                {"(?= \\d [.]*+ \\s x? y )", 3},        {"(?= \\d [.]*+ \\s x{2} y )", 3},
                {"(?= \\d [.]*+ \\s (?:x) y )", 3},     {"(?= \\d [.]*+ \\s x y z w v u t )", NX_LEAD_ITEMS},
                {"(?= \\d [.]*+ \\s x | ab )", 4},
            };
            for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
                nx_lead it;
                CHECK(nx_lead_run(items[i].p, strlen(items[i].p), 1, &it) == 1 && it.nitems == items[i].n);
            }
        }
        nx_lead sets;
        { /* a comment in an assertion before it, with a parenthesis: skipped as a comment */
            const char *cm = "(?<![\\d.] # no digit :( nor period\n ) (?= [0-9] [0-9]*+ p )";
            CHECK(nx_lead_run(cm, strlen(cm), 1, &sets) == 1);
        }
        { const char *sl = "(?= [\\d.] [\\d.,]*+ \\s+ (?:mln|bln) )"; CHECK(nx_lead_run(sl, strlen(sl), 1, &sets) == 1); } /* \s+ holds at least one */
        const char *refused[] = {
            "(?= a b* c )",          /* a run that may give back: not possessive */
            "(?= a b*+ c? )",        /* the third optional */
            "(?= a b*+ c | d+ )",    /* another branch that is neither a run nor a word */
            "(?= a b*+ c | x y*+ z )", /* two runs */
            "(?= ab | cd )",         /* words alone (the prefix words do that) */
            "(?= a b*+ c ) x | y",   /* another branch of the pattern */
            "x (?= a b*+ c )",       /* not first */
            "(?= [^a] b*+ c )",      /* a negated class */
            "(?= \\x80 b*+ c )",     /* an escape not understood (\xHH beyond ASCII) */
            "(?= [\\x01-\\x05] b*+ c )", /* a range from an escape */
            "(?= a+ b*+ c )",        /* a quantified first item */
            "(?= a [[:alpha:]]*+ c )",
            "(?= a \\D*+ c )",
            "(?<=a|b) x",            /* a lookbehind of two branches */
            "(?<=a+) x",             /* quantified */
            "(?<=abcde) x",          /* longer than NX_LEAD_BEHIND */
            "(?<![ta]) x",           /* negative */
            "(?<=a) x | y",          /* another branch of the pattern */
        };
        for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
            CHECK(nx_lead_run(refused[i], strlen(refused[i]), 1, &sets) == 0);
    }
    {
        char *w[] = {"he", "she", "his", "hers", "pct", "percent", "cent", "s"};
        CHECK(ac_agrees(w, 8, "Ushers said HIS share rose 5 PCT, five percent; she's"));
        CHECK(ac_agrees(w, 8, "\xc3\xa9she\x01hers\nper cent, percentage"));
        CHECK(ac_agrees(w, 8, ""));
        /* '$' a symbol of its own: "us$" is not found in "us." or "US " */
        char *d[] = {"us$", "s$", "nt$", "us"};
        CHECK(ac_agrees(d, 4, "US$ 5, us. and HK$, US 7; hunt$ US$$"));
    }
    {
        /* long texts: two walks at once (the second from before the middle), hits all around the
         * middle, more hits after it than the second walk keeps before handing them over */
        char *w[] = {"ab", "aba", "b a", "bab", "abab a", "bb"};
        static char t[4001];
        unsigned seed = 7;
        for (size_t len = 250; len <= 4000; len += len < 300 ? 1 : 97) {
            for (size_t i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                t[i] = "aAbB  "[(seed >> 16) % 6];
            }
            t[len] = 0;
            CHECK(ac_agrees(w, 6, t));
        }
    }
    {
        /* more states than a two-byte table entry can name (32768): the scan's four-byte table.
         * 3500 words of 12 letters, told apart by their first three, in a text of some of them */
        enum { NW = 3500, WL = 12 };
        static char store[NW][WL + 1];
        static char *w[NW];
        unsigned seed = 11;
        for (int k = 0; k < NW; k++) {
            store[k][0] = (char)('a' + k / 676);
            store[k][1] = (char)('a' + k / 26 % 26);
            store[k][2] = (char)('a' + k % 26);
            for (int x = 3; x < WL; x++) {
                seed = seed * 1103515245u + 12345u;
                store[k][x] = (char)('a' + (seed >> 16) % 26);
            }
            w[k] = store[k];
        }
        static char t[3000];
        size_t len = 0;
        for (int k = 0; len + WL + 3 < sizeof t; k += 37) {
            memcpy(t + len, w[k % NW], WL);
            len += WL;
            t[len++] = k % 2 ? ' ' : 'Q';
        }
        t[len] = 0;
        CHECK(ac_agrees(w, NW, t));
    }
    CHECK_STR(prefix("\\b(?:rose|fell) \\s+ (?<change>\\d+)"), "\\b rose,fell");
    CHECK_STR(prefix("(?<=\\bat\\s|\\bof\\s) (?<m> Between \\s+ \\d)"), "between");
    CHECK_STR(prefix("dlrs? \\b"), "dlr");
    /* a group of plain words, white space it cannot do without, words that must follow: each goes on
     * into each of them; not when the group's match may go on past its word, nor after \s* */
    CHECK_STR(prefix("(?<num>a|an) \\s+ (?<scale>billion|mln)"), "a billion,a mln,an billion,an mln");
    CHECK_STR(prefix("(?:one|two)\\s+dlrs?"), "one dlr,two dlr");
    CHECK_STR(prefix("(?:plans?\\s+to|aims\\s+to) \\s+ sell"), "plan,aims");
    CHECK_STR(prefix("(?:one|two)\\s*dlrs"), "one,two");
    CHECK_STR(prefix("(?:one|two)+\\s+dlrs"), "one,two");
    CHECK_STR(prefix("(?:rose|\\ba\\s+half)"), "rose,a half"); /* one letter, the white space it needs, */
    CHECK_STR(prefix("(?<m> \\b (?:one|a\\s+half) \\b)"), "\\b one,a half"); /* the letters after */
    CHECK_STR(prefix("a\\s+halfs?"), "a half");
    CHECK_STR(prefix("a\\s+(?:half|third)"), "a ");
    CHECK_STR(prefix("a\\s+\\d"), "a ");
    CHECK_STR(prefix("(?:rose|\\ba\\s*half)"), "rose,a");    /* white space it can do without */
    /* a word goes on into a group that must follow it, and over an escaped period */
    CHECK_STR(prefix("(?: A(?:G|B|SA) | C(?:orp|o) ) \\b"), "ag,ab,asa,corp,co");
    CHECK_STR(prefix("L(?:td|\\.P) \\b"), "ltd,l.p");
    CHECK_STR(prefix("A(?:G|B)? x"), "a");       /* an optional group: "ax" too */
    CHECK_STR(prefix("A(?:G|\\d) x"), "a");       /* a branch without a word */
    CHECK_STR(prefix("A(?<n>G|B)+ x"), "ag,ab");  /* named, at least once */
    CHECK_STR(prefix("(?:rose|\\ba \\s? half)"), "rose,a");
    CHECK_STR(prefix("(?:rose|\\bup\\s+to)"), "rose,up");    /* two letters: no space kept */
    CHECK_STR(prefix("(?:rose)? fell"), "fell,rose");   /* an optional group: its words or what follows */
    CHECK_STR(prefix("(?:rose)? \\d"), "-");
    CHECK_STR(prefix("(?:rose)?"), "-");
    CHECK_STR(prefix("(?<![\\w.,]) (?<m> (?:(?<num>a|one)\\s+)? million)"), "\\b million,a,one");
    CHECK_STR(prefix("(?<![.,]) million"), "million");
    CHECK_STR(prefix("\\d+ \\s+ dlrs"), "-");
    CHECK_STR(prefix("(?i) m a r c h | april"), "march,april");
    CHECK_STR(prefix("(?&_m1) rose"), "-");
    CHECK_STR(prefix("[Rr]ose"), "-");
    CHECK_STR(lits("(?<m> (?<![\\w$]) (?<cur>\\$|US\\$|U\\.S\\.\\s+\\$|EUR) \\s? \\d)"), "\\b $,us$,u.s.,eur");
    CHECK_STR(lits("(?:\\d+|x)"), "-");
    /* \b before the literals that begin with a word byte; one that begins otherwise needs none */
    CHECK_STR(lits("(?: \\b(?:rose|fell) | >\\K ) \\s+ \\d"), "\\b rose,fell,>");
    CHECK_STR(lits("(?: (?:rose|fell) | > ) \\s+ \\d"), "rose,fell,>");
    CHECK_STR(lits("(?: \\b rose | fell ) \\s+ \\d"), "rose,fell");
    CHECK_STR(lits("< [A-Z]"), "\\b <");
    CHECK_STR(lits("(?: A(?:G|B) | Co(?:rp)? | \\$ )"), "ag,ab,co,$");
    CHECK_STR(lits("[$] 5"), "-");
    /* a byte written \xHH (below 0x80): the mention placeholders ("@company" is (?>\x01C\x02*)) */
    CHECK_STR(lits("(?:(?:shares?|stock)\\s+of\\s+)? (?<c>(?>\\x01C\\x02*)) \\s+ rose"), "\x01" "c,share,stock");
    CHECK_STR(lits("\\x41BC | \\x9f"), "-");
    /* a name leads to the anchor; the words after it do not */
    CHECK_STR(reach("said Waste Management Inc today", "Inc"), "+++++++++++++++++++++++........");
    /* a lowercase word other than of/the/and breaks the name, unless the match starts in it */
    CHECK_STR(reach("the chief of Foo Corp", "Corp"), "....++++++++++++++...");
    /* a character that is no part of a name breaks it */
    CHECK_STR(reach("[Foo] Inc", "Inc"), ".....++..");
    /* a capitalised word in parentheses stands inside a name ("Industrial Equity (Pacific) Ltd"); a
     * lowercase one breaks it, except for a match that starts in it */
    CHECK_STR(reach("Equity (Pacific) Ltd", "Ltd"), "++++++++++++++++++..");
    CHECK_STR(reach("Foo (bar) Inc", "Inc"), "....+++++++..");
    CHECK_STR(reach("Foo, Bar and Co", "Co"), "++++++++++++++.");
    CHECK_STR(reach("Foo and Bar", "Co"), "...........");
    CHECK_STR(reach("Foo plc's <", "<"), "+++++++++++"); /* a legal form with 's */
    CHECK_STR(reach("Foo plcx <", "<"), "....++++++");
    /* anchors far apart (the flags are read eight at a time) */
    CHECK_STR(reach("the rise of shares in Foo Bar Corp was steep said the chief of Baz Corp today", "Corp"),
              "...................++++++++++++.......................++++++++++++++.........");
    CHECK_STR(words("agreed \\s+ to \\s+ (?:acquire|buy)"), "agreed");
    CHECK_STR(words("(?:acquire|buy|purchase)"), "acquire,buy,purchase");
    /* a huge lower bound is read without overflow (UBSan under make asan; found by fuzz_rules) and
     * is no optional element */
    CHECK_STR(words("merger (?:of){99999999999999999999} agreed"), "merger");
    CHECK_STR(words("(?:merger){0,99999999999999999999}"), "-");
    CHECK_STR(words("(?<trigger>dividend)s? \\b"), "dividend");
    CHECK_STR(words("plans? \\s+ to"), "plan");
    CHECK_STR(words("dlrs?"), "dlr");
    CHECK_STR(words("cancel+ed"), "cancel");
    CHECK_STR(words("(?:foo)? bar"), "bar");
    CHECK_STR(words("(?:foo|)"), "-");                 /* an empty branch requires nothing */
    CHECK_STR(words("\\d+ (?:pct|percent)"), "pct,percent");
    CHECK_STR(words("[A-Z]\\w+"), "-");
    CHECK_STR(words("(?!offer) \\w+"), "-");          /* negative lookarounds require nothing */
    CHECK_STR(words("(?<=offer) \\w+"), "-");         /* nor lookbehinds */
    CHECK_STR(words("(?=offer) \\w+"), "offer");      /* a lookahead, when nothing else is */
    CHECK_STR(words("(?=offer) \\s+ bid"), "bid");     /* what the match itself needs first */
    CHECK_STR(words("(?=offer)? \\w+"), "-");         /* an optional one requires nothing */
    CHECK_STR(words("(?i:Zorbex) (?-i:Quarton)"), "quarton"); /* the longer shortest word */
    CHECK_STR(words("(?&_m3) \\s+ takeover"), "takeover");
    CHECK_STR(words("(?:sold|sell)|(?:\\x01C)"), "-");  /* one branch without words */
    CHECK_STR(words("ab \\s+ cd"), "ab");              /* words of two letters are used ("up") */
    CHECK_STR(words("a \\s+ b"), "-");                 /* of one letter not */
    CHECK_STR(words("(?:rose|up) \\s+ \\d"), "rose,up");
    CHECK_STR(words("x{0,3}yyy"), "yyy");
    CHECK_STR(words("take # comment with words\n over"), "takeover"); /* extended mode */
    CHECK_STR(words("ipo\n(?(DEFINE)(?<_m1>abcdef))"), "ipo");
    UNIT_DONE();
}
