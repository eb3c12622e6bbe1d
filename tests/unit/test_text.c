/* test_text.c: UTF-8 repair, code-point offsets, sentences (extractor/text.c). */
#include "../../extractor/text.h"
#include "../../extractor/extract.h"
#include "unit.h"

#include <ctype.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static const char *sent(const char *t, size_t title, int k)
{
    static char out[400];
    nx_span *s;
    size_t n;
    if (nx_sentences(t, strlen(t), title, &s, &n))
        return "oom";
    if ((size_t)k >= n) {
        nx_free(s);
        return "(none)";
    }
    snprintf(out, sizeof out, "%.*s", (int)(s[k].end - s[k].start), t + s[k].start);
    nx_free(s);
    return out;
}

static size_t count(const char *t, size_t title)
{
    nx_span *s;
    size_t n;
    nx_sentences(t, strlen(t), title, &s, &n);
    nx_free(s);
    return n;
}

/* nx_blank_controls on s[0..n) against the plain rule, byte by byte: only the controls other than
 * \n, \t, \r become spaces, the count is theirs. Returns 1 when they agree. */
static int blank_agrees(const char *s, size_t n)
{
    char got[128];
    memcpy(got, s, n);
    size_t k = nx_blank_controls(got, n), want = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int ctl = c < 0x20 && c != '\n' && c != '\t' && c != '\r';
        want += ctl;
        if (got[i] != (ctl ? ' ' : s[i]))
            return 0;
    }
    return k == want;
}

/* nx_word_in_sorted against a plain search of the list, for every word of it in capitals, cut by
 * one letter and with one more. Returns 1 when they agree on all. */
static int sorted_agrees(const char *const *list, size_t n_list)
{
    for (size_t i = 0; i < n_list; i++) {
        char up[64];
        size_t l = strlen(list[i]);
        if (l + 2 > sizeof up)
            return 0;
        for (size_t k = 0; k < l; k++)
            up[k] = (char)toupper((unsigned char)list[i][k]);
        up[l] = 'X';
        for (size_t pl = l - 1; pl <= l + 1; pl++) {
            int plain = 0;
            for (size_t k = 0; k < n_list; k++)
                plain |= strlen(list[k]) == pl && strncasecmp(list[k], up, pl) == 0;
            if (nx_word_in_sorted(list, n_list, up, pl) != plain)
                return 0;
        }
    }
    return 1;
}

/* nx_starts_upper against PCRE2's \p{Lu} at every code point of one or two bytes: never a capital
 * PCRE2 does not call one, and the same verdict in the blocks it claims to know. */
static int starts_upper_agrees(void)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *lu = pcre2_compile((PCRE2_SPTR) "\\A\\p{Lu}", PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
    pcre2_match_data *md = lu ? pcre2_match_data_create_from_pattern(lu, NULL) : NULL;
    int ok = lu && md;
    for (unsigned c = 1; ok && c < 0x800; c++) {
        char b[3];
        size_t n = 0;
        if (c < 0x80) {
            b[n++] = (char)c;
        } else {
            b[n++] = (char)(0xC0 | c >> 6);
            b[n++] = (char)(0x80 | (c & 0x3F));
        }
        int pc = pcre2_match(lu, (PCRE2_SPTR)b, n, 0, 0, md, NULL) >= 0;
        int ours = nx_starts_upper(b, n);
        int known = c < 0x180 || (c >= 0x386 && c <= 0x3AB) || (c >= 0x400 && c < 0x460);
        if ((ours && !pc) || (known && ours != pc)) {
            fprintf(stderr, "nx_starts_upper(U+%04X) = %d, \\p{Lu} says %d\n", c, ours, pc);
            ok = 0;
        }
    }
    pcre2_match_data_free(md);
    pcre2_code_free(lu);
    return ok;
}

int main(void)
{
    CHECK(starts_upper_agrees());
    CHECK(nx_starts_upper("\xc3\x89lectricit\xc3\xa9", 12)); /* É */
    CHECK(!nx_starts_upper("\xc3\xa9t\xc3\xa9", 6));          /* é */
    CHECK(!nx_starts_upper("\xc3", 1));                         /* cut short */
    CHECK(!nx_starts_upper("", 0));
    /* repair: one byte for one byte, offsets kept */
    char bad[] = "ab\xff" "c\xe2\x82" "d\xe2\x82\xac";
    size_t first = 0, n = nx_utf8_repair(bad, strlen(bad), &first);
    CHECK(n == 3);
    CHECK(first == 2);
    CHECK(bad[2] == NX_BAD_BYTE && bad[4] == NX_BAD_BYTE && bad[5] == NX_BAD_BYTE);
    CHECK(memcmp(bad + 7, "\xe2\x82\xac", 3) == 0); /* the euro sign stays */
    char overlong[] = "\xc0\xaf";
    CHECK(nx_utf8_repair(overlong, 2, NULL) == 2);
    char surrogate[] = "\xed\xa0\x80";
    CHECK(nx_utf8_repair(surrogate, 3, NULL) == 3);

    /* code points: each repaired byte counts one */
    const char *t = "\xe2\x82\xac" "5 and \xc3\xa9t\xc3\xa9";
    /* control characters: in every place of the sixteen-byte steps and after them */
    {
        static const char pool[] = "ab \n\t\r\x01\x1f\x7f\x80\xc3 9";
        unsigned seed = 7;
        int all = 1;
        for (int tr = 0; tr < 2000; tr++) {
            char buf[128];
            size_t bn = (size_t)(tr % 100);
            for (size_t i = 0; i < bn; i++) {
                seed = seed * 1103515245u + 12345u;
                buf[i] = pool[(seed >> 16) % (sizeof pool - 1)];
            }
            all &= blank_agrees(buf, bn);
        }
        CHECK(all);
    }
    /* the marks where a sentence may end found sixteen bytes at a time: a period, a '?' and a
     * paragraph wherever they stand in or after a block */
    for (int at = 0; at < 40; at++) {
        char tx[160], want[80];
        snprintf(want, sizeof want, "%.*sends here.", at, "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj");
        snprintf(tx, sizeof tx, "%s Why not? It did.\n\nA new one", want);
        CHECK(count(tx, 0) == 4);
        CHECK_STR(sent(tx, 0, 0), want);
        CHECK_STR(sent(tx, 0, 1), "Why not?");
        CHECK_STR(sent(tx, 0, 3), "A new one");
    }
    /* after "Inc." a capitalised word and "shares" or "stock" begin a new sentence; a word that
     * goes on the name's sentence ("Apple Inc. Chief Executive Tim Cook said") does not */
    CHECK_STR(sent("The report cited sources at Beta Inc. Gamma shares rose 5% on Monday.", 0, 1),
              "Gamma shares rose 5% on Monday.");
    CHECK(count("Zorbex Inc. Chief Executive Tom Reed said it would grow.", 0) == 1);
    CHECK(count("He sold Zorbex Corp. Quarton stock fell 2 pct.", 0) == 2);
    /* the sorted word lists: in order, each found in any case, no other word */
    CHECK(nx_words_sorted(nx_abbrevs, nx_nabbrevs));
    CHECK(nx_words_sorted(nx_common_words, nx_ncommon_words));
    CHECK(sorted_agrees(nx_abbrevs, nx_nabbrevs));
    CHECK(sorted_agrees(nx_common_words, nx_ncommon_words));
    CHECK(nx_word_in_sorted(nx_abbrevs, nx_nabbrevs, "Corp", 4));
    CHECK(nx_word_in_sorted(nx_abbrevs, nx_nabbrevs, "U.S", 3));
    CHECK(!nx_word_in_sorted(nx_abbrevs, nx_nabbrevs, "Corps", 5));
    CHECK(!nx_word_in_sorted(nx_abbrevs, nx_nabbrevs, "cor", 3));
    CHECK(!nx_word_in_sorted(nx_abbrevs, nx_nabbrevs, "", 0));
    {
        const char *const unsorted[] = {"b", "a"}, *const upper[] = {"A", "b"};
        CHECK(!nx_words_sorted(unsorted, 2));
        CHECK(!nx_words_sorted(upper, 2));
    }
    /* the hash index of strings: every one found (a repeat as its first index), nothing else; an
     * array of pointers and a field of structs */
    {
        const char *const names[] = {"us dollar", "yen", "", "dlrs", "yen", "y"};
        nx_strindex x;
        CHECK(nx_strindex_init(&x, names, sizeof *names, 6) == 0);
        CHECK(nx_strindex_find(&x, "us dollar", 9) == 0);
        CHECK(nx_strindex_find(&x, "yen", 3) == 1);
        CHECK(nx_strindex_find(&x, "", 0) == 2);
        CHECK(nx_strindex_find(&x, "y", 1) == 5);
        CHECK(nx_strindex_find(&x, "ye", 2) == -1);
        CHECK(nx_strindex_find(&x, "yens", 4) == -1);
        CHECK(nx_strindex_find(&x, "dlrs\0", 5) == -1);
        CHECK(nx_strindex_find(&x, "Yen", 3) == -1);
        nx_strindex_free(&x);
        nx_strindex_free(&x);
        struct {
            int k;
            const char *s;
        } st[300];
        char buf[300][8];
        for (int i = 0; i < 300; i++) {
            snprintf(buf[i], sizeof buf[i], "w%d", i % 250);
            st[i].k = i;
            st[i].s = buf[i];
        }
        CHECK(nx_strindex_init(&x, &st[0].s, sizeof st[0], 300) == 0);
        int ok = 1;
        for (int i = 0; i < 300; i++)
            ok &= nx_strindex_find(&x, buf[i], strlen(buf[i])) == i % 250;
        CHECK(ok);
        CHECK(nx_strindex_find(&x, "w250", 4) == -1);
        nx_strindex_free(&x);
        CHECK(nx_strindex_init(&x, NULL, sizeof *names, 0) == 0);
        CHECK(nx_strindex_find(&x, "yen", 3) == -1);
        nx_strindex_free(&x);
    }
    /* the multimap of hashes: every value added under a key comes back, newest first, across the
     * table's growth and a clear; keys apart stay apart; the seed keeps kinds apart */
    {
        nx_multimap mm = {0};
        CHECK(nx_multimap_first(&mm, 42) == -1);
        int ok = 1;
        for (int i = 0; i < 5000; i++)
            ok &= nx_multimap_add(&mm, nx_hash64((const char *)&(int){i % 700}, sizeof(int), 7), i) == 0;
        CHECK(ok);
        for (int k = 0; k < 700; k++) {
            uint64_t h = nx_hash64((const char *)&k, sizeof k, 7);
            int expect = 4999 - (4999 - k) % 700, count = 0; /* the newest value of key k, then 700 less */
            for (int e = nx_multimap_first(&mm, h); e >= 0; e = nx_multimap_next(&mm, e, h)) {
                ok &= mm.val[e] == expect;
                expect -= 700;
                count++;
            }
            ok &= count == (5000 - k + 699) / 700 && expect < 0;
        }
        CHECK(ok);
        CHECK(nx_hash64("ibm", 3, 1) != nx_hash64("ibm", 3, 2));
        CHECK(nx_hash64("ibm", 3, 1) == nx_hash64("ibm", 3, 1));
        nx_multimap_clear(&mm);
        CHECK(nx_multimap_first(&mm, nx_hash64((const char *)&(int){3}, sizeof(int), 7)) == -1);
        CHECK(nx_multimap_add(&mm, 99, 1) == 0 && nx_multimap_add(&mm, 99, 2) == 0);
        int e = nx_multimap_first(&mm, 99);
        CHECK(e >= 0 && mm.val[e] == 2);
        e = nx_multimap_next(&mm, e, 99);
        CHECK(e >= 0 && mm.val[e] == 1 && nx_multimap_next(&mm, e, 99) == -1);
        nx_multimap_free(&mm);
        nx_multimap_free(&mm);
    }
    /* ASCII or not, wherever the one character above 0x7f ("\xc3\xa9") stands */
    for (size_t at = 0; at <= 40; at++) {
        char t2[48];
        memset(t2, 'a', 42);
        if (at < 40) {
            t2[at] = (char)0xc3;
            t2[at + 1] = (char)0xa9;
        }
        nx_cpmap m2;
        CHECK(nx_cpmap_init(&m2, t2, 41) == 0);
        CHECK(m2.ascii == (at == 40));
        CHECK(nx_cpmap_cp(&m2, 41) == (at == 40 ? 41u : 40u));
        nx_cpmap_free(&m2);
    }
    nx_cpmap m;
    CHECK(nx_cpmap_init(&m, t, strlen(t)) == 0);
    CHECK(nx_cpmap_cp(&m, 3) == 1);
    CHECK(nx_cpmap_cp(&m, strlen(t)) == 10);
    nx_cpmap_free(&m);
    /* long text crosses the 256-byte blocks */
    char longt[1200];
    for (int i = 0; i < 400; i++)
        memcpy(longt + 3 * i, "\xc3\xa9x", 3);
    CHECK(nx_cpmap_init(&m, longt, 1200) == 0);
    CHECK(nx_cpmap_cp(&m, 600) == 400);
    CHECK(nx_cpmap_cp(&m, 1200) == 800);
    nx_cpmap_free(&m);

    /* sentences */
    const char *wire = "WASTE MANAGEMENT <WMX> TO ACQUIRE CHEMLAWN\n"
                       "Waste Management Inc said it agreed to\n"
                       "acquire ChemLawn Corp. for 270 mln dlrs. The deal is friendly.\n"
                       "    Shr 1.20 dlrs vs 1.10 dlrs\n"
                       "    Mr. Smith of U.S. Steel Corp. said Jan. 5 No. 3 was fine.\n";
    size_t tl = strlen("WASTE MANAGEMENT <WMX> TO ACQUIRE CHEMLAWN");
    CHECK_STR(sent(wire, tl, 0), "WASTE MANAGEMENT <WMX> TO ACQUIRE CHEMLAWN");
    CHECK_STR(sent(wire, tl, 1), "Waste Management Inc said it agreed to\nacquire ChemLawn Corp. for 270 mln dlrs.");
    CHECK_STR(sent(wire, tl, 2), "The deal is friendly.");
    CHECK_STR(sent(wire, tl, 3), "Shr 1.20 dlrs vs 1.10 dlrs");
    CHECK_STR(sent(wire, tl, 4), "Mr. Smith of U.S. Steel Corp. said Jan. 5 No. 3 was fine.");
    CHECK(count(wire, tl) == 5);
    /* "Inc." before a sentence opener ends the sentence */
    CHECK_STR(sent("It bought Zorbex Inc. The price was high.", 0, 1), "The price was high.");
    CHECK(count("", 0) == 0);
    CHECK(count("   \n\n  ", 0) == 0);
    UNIT_DONE();
}
