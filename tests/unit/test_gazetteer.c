/* test_gazetteer.c: company names in text (extractor/gazetteer.c). */
#include "../../extractor/gazetteer.h"
#include "unit.h"

#include <ctype.h>

static nx_gaz *g;

static const char *scan(const char *t, size_t caps)
{
    static char out[400];
    nx_gazhit *h = NULL;
    size_t n = 0, cap = 0;
    out[0] = 0;
    if (nx_gaz_scan(g, t, strlen(t), caps, &h, &n, &cap))
        return "oom";
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(out);
        snprintf(out + l, sizeof out - l, "%s%.*s=%s", i ? "|" : "", (int)(h[i].e - h[i].s), t + h[i].s,
                 nx_gaz_ticker(g, h[i].entry));
    }
    nx_free(h);
    return out;
}

int main(void)
{
    g = nx_gaz_new();
    CHECK(nx_gaz_add(g, "Microsoft Corp", "MSFT", "Microsoft") >= 0);
    CHECK(nx_gaz_add(g, "Waste Management Inc", "WMX", "Waste Management") >= 0);
    CHECK(nx_gaz_add(g, "Angeles Corp", "ANG", "Angeles") >= 0);
    CHECK(nx_gaz_add(g, "OpenAI", "", NULL) >= 0);
    CHECK(nx_gaz_add(g, "Coca-Cola Co", "KO", "Coca-Cola") >= 0);
    CHECK(nx_gaz_add(g, "IBM", "IBM", NULL) >= 0);
    CHECK(nx_gaz_add(g, "D", "DD", NULL) >= 0);
    CHECK_STR(scan("Microsoft and OpenAI agreed", 0), "Microsoft=MSFT|OpenAI=");
    /* the capitals found sixteen bytes at a time: a name wherever it stands in or after a block */
    for (int at = 0; at < 40; at++) {
        char t[96];
        snprintf(t, sizeof t, "%.*s IBM and 3 of microsoft, then OpenAI.", at, "the quick brown fox jumps over the lazy dog, again");
        CHECK_STR(scan(t, 0), "IBM=IBM|OpenAI=");
    }
    CHECK_STR(scan("Microsoft's shares fell", 0), "Microsoft=MSFT");
    CHECK_STR(scan("the microsoft way", 0), "");                  /* single words: exact case */
    CHECK_STR(scan("WASTE MANAGEMENT TO BUY", 23), "WASTE MANAGEMENT=WMX"); /* the headline */
    CHECK_STR(scan("Waste Management Inc said", 0), "Waste Management Inc=WMX"); /* longest */
    CHECK_STR(scan("Waste\nManagement said", 0), "Waste\nManagement=WMX");   /* a wrapped line */
    CHECK_STR(scan("in Los Angeles today", 0), "");               /* "Angeles" belongs to a longer name */
    CHECK_STR(scan("Market Reaction\n\nMicrosoft's stock fell", 0), "Microsoft=MSFT"); /* a heading above */
    CHECK_STR(scan("the Microsoft-OpenAI deal", 0), "Microsoft=MSFT|OpenAI=");
    CHECK_STR(scan("Coca-Cola rose", 0), "Coca-Cola=KO");
    /* split at the hyphen of a later word: mode 1 runs when any word mode 0 read holds a hyphen */
    CHECK_STR(scan("the Waste Management-OpenAI deal", 0), "Waste Management=WMX|OpenAI=");
    CHECK_STR(scan("a Waste Management Inc-OpenAI deal", 0), "Waste Management=WMX|OpenAI=");
    CHECK_STR(scan("IBM and Ibm", 0), "IBM=IBM");
    /* the kind letter of a placeholder ("\x01D\x02\x02", a date) is no name; the same letter alone is */
    CHECK_STR(scan("on \x01" "D\x02\x02\x02 D said", 0), "D=DD");
    CHECK_STR(scan("\x01" "D\x02 IBM", 0), "IBM=IBM");
    /* keys hashed eight bytes at a time: a name ending the text (its last bytes read one by one),
     * words longer than eight bytes */
    CHECK_STR(scan("OpenAI", 0), "OpenAI=");
    CHECK_STR(scan("said Waste Management", 0), "Waste Management=WMX");
    CHECK_STR(scan("WASTE MANAGEMENT", 16), "WASTE MANAGEMENT=WMX");
    CHECK_STR(scan("Microsoft", 0), "Microsoft=MSFT");
    CHECK_STR(scan("Microsof", 0), "");
    CHECK_STR(scan("Microsofts", 0), "");
    /* every byte a word may hold, upper-cased as toupper does (a-z only), in the first and the
     * second eight bytes of a word: as written, in a headline's capitals, and in a headline in
     * lowercase but for the capital a name begins with */
    for (int b = 1; b < 256; b++) {
        if (!(isalnum(b) || b == '&' || b >= 0x80))
            continue;
        char form[32], text[64], want[32];
        snprintf(form, sizeof form, "Ab%cdefghi%cjk Holdings", b, b);
        nx_gaz *g1 = nx_gaz_new(), *keep = g;
        CHECK(g1 && nx_gaz_add(g1, form, "X", NULL) >= 0);
        g = g1;
        snprintf(text, sizeof text, "the %s said", form);
        snprintf(want, sizeof want, "%s", form);
        for (int v = 0; v < 3; v++) {
            for (char *p = text; v && *p; p++)
                *p = (char)(v == 1 ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
            for (char *p = want; v && *p; p++)
                *p = (char)(v == 1 ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
            if (v == 2)
                text[4] = want[0] = 'A';
            char w[64];
            snprintf(w, sizeof w, "%s=X", want);
            CHECK_STR(scan(text, v ? strlen(text) : 0), w);
        }
        g = keep;
        nx_gaz_free(g1);
    }
    CHECK(nx_gaz_lookup(g, "Waste Management Inc.", 21) >= 0);
    CHECK(nx_gaz_lookup(g, "waste management", 16) >= 0);
    CHECK(nx_gaz_lookup(g, "Waste Disposal", 14) < 0);
    char *k = nx_company_key("The Waste Management Inc.", 25);
    CHECK_STR(k, "waste management");
    nx_free(k);
    const char *po = "Peninsular and Oriental Steam\nNavigation Co Plc";
    k = nx_company_key(po, strlen(po));
    CHECK_STR(k, "peninsular and oriental steam navigation");
    nx_free(k);
    /* into a buffer of the name's length and one: the key fits, a name of only punctuation gives "" */
    {
        char out[64];
        memset(out, 'x', sizeof out);
        CHECK(nx_company_key_into("A.B. C-D, Inc.", 14, out) == 5);
        CHECK_STR(out, "ab cd");
        CHECK(nx_company_key_into("a b c", 5, out) == 5);
        CHECK_STR(out, "a b c");
        CHECK(nx_company_key_into(" ,;", 3, out) == 0 && out[0] == 0);
        CHECK(nx_gaz_lookup(g, "WASTE MANAGEMENT CORP", 21) >= 0);
        CHECK(nx_gaz_lookup(g, "Waste Management\0 Zorbex", 25) >= 0); /* a NUL ends the name */
        CHECK(nx_gaz_lookup(g, " , ", 3) == -1);
    }
    CHECK(nx_is_legal_suffix("Inc.", 4) && nx_is_legal_suffix("PLC", 3) && !nx_is_legal_suffix("Steel", 5));
    /* found by binary search: the list must stay sorted; its first and last, and a form with periods */
    CHECK(nx_words_sorted(nx_legal_words, nx_nlegal_words));
    CHECK(nx_is_legal_suffix("A.G.", 4) && nx_is_legal_suffix("Trust,", 6) && nx_is_legal_suffix("S.p.A", 5));
    CHECK(!nx_is_legal_suffix("Co.x", 4) && !nx_is_legal_suffix("", 0) && !nx_is_legal_suffix("Trusts", 6));
    nx_gaz_free(g);
    nx_gaz_free(NULL);
    UNIT_DONE();
}
