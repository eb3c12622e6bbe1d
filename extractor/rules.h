/* rules.h: the rule language: parsing rules/NAME.rules and compiling them with PCRE2 (JIT).
 *
 * A rule file is data an analyst edits without recompiling:
 *
 *   # a comment
 *   define NUM  \d{1,3}(?:,\d{3})+(?:\.\d+)? | \d+(?:\.\d+)?
 *
 *   rule money.scaled_dlrs
 *     stage    values                  # values | entities | events | modifiers
 *     kind     money                   # values/entities: money percent company ticker date
 *     priority 10
 *     pattern  (?<num>{NUM}) \s+ (?<scale>{SCALE}) \s+ (?<cur>{CURWORD})
 *     set      approx=false
 *     test+    "270 mln dlrs" => value=270000000 currency=USD
 *     test-    "270 mln shares"
 *
 * Patterns are PCRE2 in extended mode (spaces ignored, "#" comments), UTF, caseless unless the rule
 * says `case sensitive` (entities rules are case sensitive by default). A key line may be continued on
 * the next lines when they are indented and do not start with a key. {NAME} inserts a macro (a
 * `define`, or one generated from the data tables: CURWORD, CURSYM); @company, @companies, @money,
 * @percent, @ticker, @date and @mention stand for what the earlier stages found (later stages see the
 * document with each earlier mention replaced by a same-length placeholder, so offsets never move).
 * Named groups map to fields; see the README section "The rule language" for the group names.
 * `anchor PATTERN` promises that every match holds the anchor at a word start with only a company's
 * name before it (prefilter.h, nx_name_reach): the rule is then tried only where a name reaches one.
 * `requires PATTERN`: the rule is tried only in a sentence (document) where PATTERN matches too, a
 * condition found once per sentence for all the rules that state it (a cheap filter when the rule's
 * own pattern could only match there); `unless PATTERN`: not in one where it matches.
 */
#ifndef NX_RULES_H
#define NX_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "base.h"

typedef enum { NX_STAGE_VALUES, NX_STAGE_ENTITIES, NX_STAGE_EVENTS, NX_STAGE_MODIFIERS, NX_NSTAGE } nx_stage;

typedef enum { NX_K_MONEY, NX_K_PERCENT, NX_K_COMPANY, NX_K_TICKER, NX_K_DATE, NX_NKIND } nx_kind;

typedef enum {
    NX_EV_ACQUISITION,
    NX_EV_MERGER,
    NX_EV_INVESTMENT,
    NX_EV_FUNDING_ROUND,
    NX_EV_PARTNERSHIP,
    NX_EV_EARNINGS,
    NX_EV_STOCK_MOVE,
    NX_EV_IPO,
    NX_EV_DIVESTITURE,
    NX_EV_DIVIDEND,
    NX_NTYPE
} nx_evtype;

/* Roles across all types; which roles a type admits is in nx_type_roles. */
typedef enum {
    NX_R_ACQUIRER, NX_R_TARGET, NX_R_SELLER, NX_R_PARTY, NX_R_INVESTOR, NX_R_INVESTEE, NX_R_LEAD,
    NX_R_PARTNER, NX_R_COMPANY, NX_R_ISSUER, NX_R_BUYER, NX_NROLE
} nx_role;

enum { NX_ST_NONE = -1, NX_ST_ANNOUNCED, NX_ST_AGREED, NX_ST_COMPLETED, NX_ST_PROPOSED, NX_ST_PENDING,
       NX_ST_TERMINATED, NX_ST_REJECTED, NX_NSTATUS };
enum { NX_MOD_NONE = -1, NX_MOD_ASSERTED, NX_MOD_RUMOR, NX_MOD_PLANNED, NX_MOD_DENIED,
       NX_MOD_HYPOTHETICAL, NX_NMOD };

extern const char *const nx_stage_names[NX_NSTAGE];
extern const char *const nx_kind_names[NX_NKIND];
extern const char *const nx_type_names[NX_NTYPE];
extern const char *const nx_role_names[NX_NROLE];
extern const char *const nx_status_names[NX_NSTATUS];
extern const char *const nx_modality_names[NX_NMOD];
/* Bit set of the roles (1u << nx_role) that events of a type may have. */
extern const unsigned nx_type_roles[NX_NTYPE];
/* Index of name in a NULL-free table of n names, or -1. */
int nx_name_index(const char *const *table, int n, const char *name, size_t len);

/* What a named group of a rule's pattern means. */
typedef enum {
    NX_G_IGNORE,   /* names starting with "_" */
    NX_G_SPAN,     /* m: the mention's own span when the match includes context */
    NX_G_NUM,      /* num: the number */
    NX_G_LO,       /* lo, hi: a range's ends */
    NX_G_HI,
    NX_G_SCALE,    /* scale, scale_lo: mln, billion, ... */
    NX_G_SCALE_LO,
    NX_G_CUR,      /* cur, cur_lo: currency word or symbol */
    NX_G_CUR_LO,
    NX_G_APPROX,   /* approx: a hedge word; its presence makes approx true */
    NX_G_BP,       /* bp: basis points, the value is divided by 100 */
    NX_G_NEG,      /* neg: the value is negative (a loss) */
    NX_G_FROM,     /* from: the earlier money mention whose currency and unit carry over */
    NX_G_NAME,     /* name: a company's name */
    NX_G_TICKER,   /* ticker: a symbol */
    NX_G_ROLE,     /* acquirer, target, ..., with an optional digit suffix: a role filler */
    NX_G_AMOUNT,   /* amount: the money mention that is the event's amount */
    NX_G_CHANGE,   /* change: the percent or money mention that is the move */
    NX_G_STAKE,    /* stake: the percent of the target */
    NX_G_TRIGGER,  /* trigger: the words that say what happened */
    NX_G_UP,       /* up, down: the direction of a change */
    NX_G_DOWN,
    NX_G_STATUS,   /* status_<value>: sets status when the group took part */
    NX_G_MODALITY, /* modality_<value> */
    NX_G_PERIOD    /* period: "Q1 1987", "first quarter" */
} nx_gfield;

typedef struct nx_group {
    int num;       /* capture group number */
    nx_gfield field;
    int arg;       /* role, status or modality index */
    char *name;
} nx_group;

typedef struct nx_kv {
    char *key;
    char *val;
} nx_kv;

typedef struct nx_example {
    int positive;  /* test+ or test- */
    int line;
    char *text;
    nx_kv *expect;
    int nexpect;
} nx_example;

enum { NX_BUILTIN_NONE, NX_BUILTIN_GAZETTEER, NX_BUILTIN_ALIASES };
enum { NX_STARTS_ANY, NX_STARTS_NUMBER };


#define NX_LIT3 256 /* room for the first three bytes of a rule's literals */

typedef struct nx_rule {
    char *id;
    const char *file; /* points into the ruleset's file list */
    int line;         /* line of "rule ID" */
    int pattern_line; /* line of the first "pattern" */
    int *pcol;        /* per line of the pattern: the file column its text starts at (messages) */
    size_t npcol, cappcol;
    nx_stage stage;
    int kind;         /* nx_kind for values/entities rules, -1 otherwise */
    int type;         /* nx_evtype for events rules, -1 otherwise */
    int priority;
    int order;        /* position in load order */
    int caseless;
    int cond;         /* a condition's filter rule (unless_pre...): compiled as conditions are, without
                       * PCRE2_MULTILINE and PCRE2_DUPNAMES */
    int doc_window;   /* events: match over the whole document, not sentence by sentence */
    int starts;       /* NX_STARTS_NUMBER (`starts number`): the pattern is tried only where a number
                       * begins (nx_number_start) or one of swords does; NX_STARTS_ANY: everywhere, or
                       * where one of swords begins when there are any */
    char **swords;    /* `starts` words: ASCII letters, lowercase, three or more; tried where one
                       * begins (no letter, digit or '_' before it), in any ASCII case */
    int nswords;
    int builtin;
    double confidence;
    char *source;     /* the pattern as written */
    char *expanded;   /* after macros and placeholders */
    pcre2_code *code;
    nx_group *groups;
    int ngroups;
    uint32_t gfields;  /* bit 1 << field for each field of its groups: gspan skips a rule without one */
    int has_range;    /* groups lo and hi: a range, checked for a low end above its high end */
    nx_kv *sets;      /* `set key=value`: constant fields */
    int nsets;
    nx_example *tests;
    int ntests;
    /* pre-resolved `set` values */
    int set_status, set_modality, set_approx, set_bare;
    int set_cue_after; /* `set cue=after`: a modifier that also speaks of the event it closely follows */
    int set_subject;  /* role filled with the document's main company when left empty, -1 */
    int set_zero;     /* `set amount=0`: the amount is zero when the match names none (an omitted dividend) */
    char set_currency[8];
    char *set_factor; /* decimal text, e.g. "0.01" */
    unsigned char first[32]; /* bytes a match can start with (when has_first): `rules list` shows it */
    int has_first;
    char *anchor_src; /* `anchor`: a pattern every match holds with only a company's name before it */
    int anchor_line;
    pcre2_code *anchor;   /* anchor_src compiled (macros expanded) to match where it is tried, or NULL */
    unsigned char anchor_first[32]; /* bytes an anchor match can start with */
    pcre2_code *anchor_free; /* anchor_src compiled to be searched for (not where it is tried): finds
                              * the positions where the anchor matches in one call each; NULL when
                              * it holds a \K (a match then need not begin where it was tried) or
                              * when anchor_lit finds it */
    struct nx_rule *anchor_lit; /* when every anchor match begins with one of some literals: a rule
                                 * holding only their filter (litfirst...), for literal_at, and when
                                 * they all begin with a letter, their words of the scan (litwords,
                                 * is_anchor); or NULL */
    int is_anchor;    /* this rule is an anchor_lit */
    char *unless_src; /* `unless`: the rule is not tried in a sentence (document) this pattern matches */
    int unless_line;
    pcre2_code *unless;   /* unless_src compiled (macros expanded), or NULL */
    struct nx_rule *unless_pre, *requires_pre; /* when every match of the unless (requires) pattern
                                                * begins with one of some words: a rule holding only
                                                * its anchored form and those words (prefixed,
                                                * pwords...), to try it only where one begins; or NULL */
    struct nx_rule *unless_run, *requires_run; /* else, when the unless (requires) pattern begins with a
                                                * lookahead of a run (lead): a rule holding only its
                                                * anchored form and that lead, to try it only at the
                                                * bytes of C1 where the run holds (c1: C1 as byte ranges,
                                                * for a search sixteen bytes at a time); or NULL */
    unsigned char c1lo[4], c1span[4];
    int nc1;          /* (in such a condition rule) how many ranges c1lo, c1span hold; 0: more than four */
    char *requires_src; /* `requires`: the rule is tried only in a sentence (document) this matches */
    int requires_line;
    pcre2_code *requires; /* requires_src compiled (macros expanded), or NULL */
    char *factored;   /* while the rule set compiles: the rewrite of its pattern (factor.h), for `anchored` */
    pcre2_code *anchored; /* with an anchor or prefix words: the pattern compiled PCRE2_ANCHORED, tried
                           * only where a name leads to an anchor (nx_name_reach) or a prefix word
                           * begins */
    int *words;       /* indices into nx_ruleset.words: the rule needs one of them (prefilter.h) */
    int prefixed;     /* every match begins with one of pwords or pshort (nx_prefix_words) */
    int *pwords;      /* indices into nx_ruleset.words: the prefix words of three letters or more */
    int npwords;
    uint64_t *pwordmask; /* pwords as bits (as wordmask); set when prefixed */
    int puser;        /* with pwordmask: numbers it among the rules (and conditions) that have one, whose
                       * hits the extractor lists apart (nx_ruleset.wusers) */
    char **pshort;    /* the shorter ones and those with a ' ' (one or more white-space bytes), lowercase,
                       * sorted: those with the same first letter side by side */
    int npshort;
    struct nx_pgroup {   /* pshort[from..to) begin with letter lo */
        int from, to;
        size_t minl;     /* the length of the shortest */
        char lo;
        char seconds[8]; /* what the words have second: letters, ' ' for white space */
        int nseconds;    /* how many; 0: anything (a word of one letter, or more than eight) */
    } *pgroups;
    int npgroups;
    int pword_start;  /* a \b stands before each: a match begins after no letter, digit or '_' */
    int pfxgroup;     /* prefixed rules and conditions that find the same places share a number, from
                       * 0 to nx_ruleset.npfxgroups; -1 when not prefixed */
    int literal;      /* else: every match begins with one of some literals (nx_prefix_literals) */
    unsigned char litsingle[32]; /* the literals of one byte (letters lowercase) */
    unsigned char *litpair; /* 2 x 65536 bits: literals of two bytes (b0 << 8 | b1), then the first
                             * two bytes of longer ones */
    uint32_t lit3[NX_LIT3];  /* the first three bytes of those, 1 << 24 | b0 << 16 | b1 << 8 | b2 */
    int nlit3;
    unsigned char litfirst[256]; /* byte b can begin a match: it can start one (first) and begins a
                                  * literal (b or its lowercase begins one of the sets above) */
    int litone;       /* the one byte litfirst holds when it holds one and it is no word byte, else -1 */
    unsigned char litnw[4]; /* the ASCII bytes of no word that litfirst holds (an ASCII letter, digit or
                             * '_' can begin a match only where a word begins when pword_start) */
    int nlitnw;       /* how many; -1: more than four */
    int lithigh;      /* litfirst holds bytes from 0x80 up */
    struct nx_lead *lead; /* a pattern that begins with a lookahead of a run (?= C1 C2*+ C3 ...), and
                           * perhaps words: what nx_lead_run found, checked before it is tried at a
                           * place; NULL otherwise */
    int litwords;     /* (a first-stage or event rule) its literals that begin with a letter are words of
                       * the scan, in pwords: tried where their hits begin, not at every place a word does */
    int litgroup;     /* rules with the same literal filter (all of the above) share a number, from 0
                       * to nx_ruleset.nlitgroups; -1 for a rule without one or alone with its own */
    int nwords;       /* 0: no prefilter, the rule always runs */
    uint64_t *wordmask; /* the same words as bits, (nx_ruleset.nwords + 63) / 64 of them; NULL without */
    size_t wm_lo, wm_hi; /* wordmask's 64-bit words from wm_lo to before wm_hi hold all its bits */
    /* the words the unless and requires patterns cannot match without (as words/wordmask): where
     * none is found, the condition is known not to match without running it */
    struct nx_condwords {
        int *words;
        int n;
        uint64_t *mask; /* NULL: no such words, the condition is always run */
        size_t lo, hi;
    } unless_words, requires_words;
} nx_rule;

typedef struct nx_macro {
    char *name;
    char *body;
    const char *file;
    int line;
} nx_macro;

typedef struct nx_ruleset {
    nx_rule *rules;
    size_t n, cap;
    nx_macro *macros;
    size_t nmacros, capmacros;
    char **files;     /* every rule file read, in order */
    size_t nfiles, capfiles;
    char sha256[65];  /* of the rule files' names and contents, in load order */
    nx_buf diag;      /* every compile diagnostic, one per line */
    int ndiag;
    size_t by_stage[NX_NSTAGE][2]; /* unused: rules are kept sorted by stage, then order */
    pcre2_general_context *gctx;
    pcre2_compile_context *cctx;
    int jit;          /* 1 when JIT compiled */
    char **words;     /* every rule's required, prefix and condition words, each once */
    size_t nwords;
    int nlitgroups;    /* see nx_rule.litgroup */
    int npfxgroups;    /* see nx_rule.pfxgroup */
    struct nx_ac *wordscan; /* all words (Aho-Corasick): one scan per document */
    size_t *wordlen;        /* strlen of each word */
    unsigned char *word_prefix; /* 1: some rule's prefix word, whose places the scan keeps */
    unsigned char *word_anyplace; /* 1: a prefix or `starts` word, or an event rule's literal, kept
                                  * wherever it is found; 0: only a first-stage rule's literal
                                  * (litwords), kept only where a word (or the text, or the body) begins */
    unsigned char *word_req;  /* 1: some rule or condition needs it (words, condwords): where it stands is
                               * kept by sentence (the extractor's word bits); 0: only a prefix word */
    int npusers;            /* rules and conditions with a pwordmask (nx_rule.puser) */
    int *wuser_off, *wusers; /* the pusers having word k among their pwords: wusers[wuser_off[k]..
                              * wuser_off[k + 1]) */
} nx_ruleset;

/* Does rule r say where it is tried (`starts number` or `starts` words)? Returns 1 or 0. */
static inline int nx_rule_starts(const nx_rule *r) { return r->starts == NX_STARTS_NUMBER || r->nswords > 0; }

/* Create an empty rule set. Returns NULL when out of memory. Free with nx_ruleset_free. */
nx_ruleset *nx_ruleset_new(void);

/* Define a macro from outside the rule files (the generated CURWORD, CURSYM). The body is copied.
 * Returns 0 or -1 (out of memory). */
int nx_ruleset_define(nx_ruleset *rs, const char *name, const char *body);

/* Read a rule file, or every *.rules file of a folder (sorted, recursive). Parsing only: compile
 * later with nx_ruleset_compile, so that macros may be used before the file that defines them.
 * Syntax errors are added to rs->diag and the first one to err ("file:line:col: message").
 * Returns 0, or -1 if the path could not be read or had errors. */
int nx_ruleset_add_path(nx_ruleset *rs, const char *path, nx_error *err);

/* Parse rule text held in memory; `name` is the file name used in messages. Returns 0 or -1. */
int nx_ruleset_add_text(nx_ruleset *rs, const char *name, const char *text, size_t len, nx_error *err);

/* Expand macros and placeholders, compile every rule (JIT when available), map its named groups.
 * Every failure is added to rs->diag; err gets the first. Returns 0, or -1 if any rule failed. */
int nx_ruleset_compile(nx_ruleset *rs, nx_error *err);

/* Compile a pattern that may use the rule set's macros (extended, UTF, caseless when asked), for the
 * engine's own use (the hedge words before a mention). Returns NULL when the pattern does not compile
 * or a macro is missing (err set); free with pcre2_code_free. */
pcre2_code *nx_ruleset_compile_pattern(nx_ruleset *rs, const char *pattern, int caseless, nx_error *err);

/* Find a rule by id; NULL if none. */
const nx_rule *nx_ruleset_find(const nx_ruleset *rs, const char *id);

/* Release everything; nx_ruleset_free(NULL) is a no-op. */
void nx_ruleset_free(nx_ruleset *rs);

/* The PCRE2 general context that routes PCRE2's memory through nx_malloc (owned by the rule set). */
pcre2_general_context *nx_ruleset_gctx(const nx_ruleset *rs);

#endif
