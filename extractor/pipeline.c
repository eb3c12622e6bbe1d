/* pipeline.c: batches, worker threads, ordered output (see pipeline.h). */
#include "pipeline.h"

#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>

typedef struct batch {
    nx_record *recs;
    size_t n, cap;
    size_t bytes;
    nx_buf out, docs, diag;
    nx_pipeline_stats st;
    int done;
    int failed;
    nx_error err;
    struct batch *next; /* work queue link */
} batch;

typedef struct pool {
    const nx_model *m;
    const nx_pipeline_opts *o;
    pthread_mutex_t mu;
    pthread_mutex_t big; /* held while a long document is read (process_batch) */
    pthread_cond_t work_cv, done_cv;
    batch *head, *tail;
    int stop;
} pool;

const char *nx_csv_header(int format)
{
    return format == NX_FORMAT_TSV
               ? "event_id\tdoc_id\tdoc_date\ttype\tstatus\tmodality\tacquirer\ttarget\tseller\tparty\tinvestor\tinvestee\tlead\tpartner\tcompany\tissuer\tbuyer\ttickers\tamount\tamount_currency\tamount_approx\tchange\tchange_unit\tstake_pct\tperiod\ttrigger\tsentence\trule\tconfidence\n"
               : "event_id,doc_id,doc_date,type,status,modality,acquirer,target,seller,party,investor,investee,lead,partner,company,issuer,buyer,tickers,amount,amount_currency,amount_approx,change,change_unit,stake_pct,period,trigger,sentence,rule,confidence\n";
}

/* Where the record lies, "file:line" (or "file", or "file@byte"), into out[0..n) (n > 24), cut to
 * fit as snprintf would. */
static void where(const nx_record *r, char *out, size_t n)
{
    const char *src = r->source ? r->source : "(null)";
    char num[24];
    size_t nl = 0;
    if (r->line > 0) {
        num[0] = ':';
        nl = 1 + nx_fmt_ll(num + 1, r->line);
    } else if (r->line < 0) {
        num[0] = '@';
        nl = 1 + nx_fmt_ull(num + 1, (unsigned long long)r->offset);
    }
    size_t sl = strlen(src);
    if (sl > n - 1)
        sl = n - 1;
    memcpy(out, src, sl);
    if (nl > n - 1 - sl)
        nl = n - 1 - sl;
    memcpy(out + sl, num, nl);
    out[sl + nl] = 0;
}

static void docs_line(nx_buf *b, const nx_record *r, const char *status, const char *reason, size_t events,
                      size_t mentions)
{
    NX_BUF_LIT(b, "{\"doc_id\":");
    nx_buf_json_str(b, r->doc.id ? r->doc.id : "", r->doc.id ? strlen(r->doc.id) : 0);
    NX_BUF_LIT(b, ",\"source\":");
    nx_buf_json_str(b, r->source ? r->source : "", r->source ? strlen(r->source) : 0);
    NX_BUF_LIT(b, ",\"line\":");
    if (r->line > 0)
        nx_buf_add_ll(b, r->line);
    else
        NX_BUF_LIT(b, "null");
    NX_BUF_LIT(b, ",\"offset\":");
    nx_buf_add_ull(b, r->offset);
    NX_BUF_LIT(b, ",\"status\":\"");
    nx_buf_adds(b, status);
    NX_BUF_LIT(b, "\",\"reason\":");
    if (reason)
        nx_buf_json_str(b, reason, strlen(reason));
    else
        NX_BUF_LIT(b, "null");
    NX_BUF_LIT(b, ",\"events\":");
    nx_buf_add_ull(b, events);
    NX_BUF_LIT(b, ",\"mentions\":");
    nx_buf_add_ull(b, mentions);
    NX_BUF_LIT(b, "}\n");
}

/* After a long document (its result freed): the worker's scratch memory back, the lock released. */
static void long_doc_done(nx_worker *w, int long_doc, pthread_mutex_t *big)
{
    if (!long_doc)
        return;
    nx_worker_trim(w);
#ifdef __GLIBC__
    malloc_trim(0); /* what was freed goes back to the system, from every thread's arena */
#endif
    if (big)
        pthread_mutex_unlock(big);
}

static size_t count_mentions(const nx_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nm; i++)
        n += !r->m[i].dropped;
    return n;
}

/* A document of this many bytes or more is read by one worker at a time (the others go on with
 * shorter ones), and its worker gives back its scratch memory after it: a document takes some 13
 * bytes a byte of it, so that two of 8 MiB at once would pass 200 MB. */
#define NX_LONG_DOC ((size_t)1 << 20)

/* Extract the documents of batch b into its buffers. big: the pool's lock of long documents (NULL
 * with one thread). */
static void process_batch(const nx_model *m, const nx_pipeline_opts *o, nx_worker *w, nx_result *res, batch *b,
                          pthread_mutex_t *big)
{
    char loc[1400];
    for (size_t i = 0; i < b->n; i++) {
        nx_record *rec = &b->recs[i];
        b->st.docs++;
        where(rec, loc, sizeof loc);
        if (rec->rejected) {
            b->st.rejected++;
            nx_buf_printf(&b->diag, "%s: %s\n", loc, rec->reason);
            if (o->docs_out)
                docs_line(&b->docs, rec, "rejected", rec->reason, 0, 0);
            continue;
        }
        if (rec->bad_utf8) {
            b->st.warnings++;
            nx_buf_printf(&b->diag, "%s: warning: invalid UTF-8 in '%s': %zu byte%s replaced, the first at byte %zu%s\n",
                          loc, rec->doc.id, rec->bad_utf8, rec->bad_utf8 == 1 ? "" : "s", rec->first_bad,
                          rec->line != 0 ? " of the line" : "");
        }
        if (rec->when_warn[0]) {
            b->st.warnings++;
            nx_buf_printf(&b->diag, "%s: warning: '%s': %s\n", loc, rec->doc.id, rec->when_warn);
        }
        if (rec->dup_id) {
            b->st.warnings++;
            nx_buf_printf(&b->diag, "%s: warning: doc_id '%s' seen before in this run\n", loc, rec->doc.id);
        }
        nx_error e = {0};
        int long_doc = rec->doc.len >= NX_LONG_DOC;
        if (long_doc && big)
            pthread_mutex_lock(big);
        int rc = nx_extract(w, &rec->doc, o->what == NX_OUT_EXPLAIN, res, &e);
        if (rc && e.code != NX_ELIMIT) {
            b->failed = 1;
            nx_error_set(&b->err, e.code, "%s: %s", loc, e.msg);
            nx_result_free(res);
            long_doc_done(w, long_doc, big);
            return;
        }
        if (res->limit_hits) {
            b->st.warnings++;
            b->st.limit_hits += (uint64_t)res->limit_hits;
            nx_buf_printf(&b->diag, "%s: warning: '%s': %d match%s stopped by a PCRE2 limit (rule '%s')\n", loc,
                          rec->doc.id, res->limit_hits, res->limit_hits == 1 ? "" : "es", res->limit_rule);
        }
        if (rc) {
            b->st.rejected++;
            char reason[1400];
            snprintf(reason, sizeof reason, "'%s': %s", rec->doc.id, e.msg);
            nx_buf_printf(&b->diag, "%s: %s\n", loc, reason);
            if (o->docs_out)
                docs_line(&b->docs, rec, "rejected", e.msg, 0, 0);
            nx_result_clear(res);
            long_doc_done(w, long_doc, big);
            continue;
        }
        b->st.ok++;
        size_t nev = nx_result_nevents(res), nm = count_mentions(res);
        b->st.events += nev;
        b->st.mentions += nm;
        if (o->what == NX_OUT_EVENTS) {
            if (o->format == NX_FORMAT_JSONL)
                nx_write_events(m, res, &b->out);
            else
                nx_write_events_csv(m, res, o->format == NX_FORMAT_TSV, &b->out);
        } else if (o->what == NX_OUT_MENTIONS) {
            nx_write_mentions(m, res, &b->out);
        } else {
            nx_write_explain(m, res, &b->out);
        }
        if (o->docs_out)
            docs_line(&b->docs, rec, "ok", NULL, nev, nm);
        nx_result_clear(res); /* its arrays' memory kept for the next document */
        long_doc_done(w, long_doc, big);
        /* free the text early: the batch keeps only its output */
        nx_record_clear(rec);
    }
    if (b->out.oom || b->docs.oom || b->diag.oom) {
        b->failed = 1;
        nx_error_nomem(&b->err);
    }
}

static void batch_free(batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        nx_record_clear(&b->recs[i]);
    nx_free(b->recs);
    nx_buf_free(&b->out);
    nx_buf_free(&b->docs);
    nx_buf_free(&b->diag);
    nx_free(b);
}

typedef struct thread_arg {
    pool *p;
    nx_worker *w;
} thread_arg;

static void *worker_main(void *arg)
{
    thread_arg *ta = arg;
    pool *p = ta->p;
    nx_result res;
    nx_result_init(&res);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->head && !p->stop)
            pthread_cond_wait(&p->work_cv, &p->mu);
        if (!p->head && p->stop) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        batch *b = p->head;
        p->head = b->next;
        if (!p->head)
            p->tail = NULL;
        pthread_mutex_unlock(&p->mu);
        process_batch(p->m, p->o, ta->w, &res, b, &p->big);
        pthread_mutex_lock(&p->mu);
        b->done = 1;
        pthread_cond_broadcast(&p->done_cv);
        pthread_mutex_unlock(&p->mu);
    }
    nx_result_free(&res);
    return NULL;
}

static void add_profile(const nx_model *m, const nx_pipeline_opts *o, const nx_worker *w)
{
    if (!o->profile_ms)
        return;
    const long *calls;
    const double *ms = nx_worker_profile(w, &calls);
    if (!ms)
        return;
    for (size_t i = 0; i < m->rules->n + NX_PROF_EXTRA; i++) {
        o->profile_ms[i] += ms[i];
        o->profile_calls[i] += calls[i];
    }
}

static void add_stats(nx_pipeline_stats *a, const nx_pipeline_stats *b)
{
    a->docs += b->docs;
    a->ok += b->ok;
    a->rejected += b->rejected;
    a->events += b->events;
    a->mentions += b->mentions;
    a->warnings += b->warnings;
    a->limit_hits += b->limit_hits;
}

/* Write a finished batch; returns 0 or -1 (error set). */
static int emit(const nx_pipeline_opts *o, batch *b, nx_pipeline_stats *st, nx_error *err)
{
    if (b->failed) {
        nx_error_set(err, b->err.code, "%s", b->err.msg);
        return -1;
    }
    if (b->diag.len && o->diag) {
        char *s = b->diag.p;
        while (*s) {
            char *nl = strchr(s, '\n');
            if (nl)
                *nl = 0;
            o->diag(o->ctx, s);
            if (!nl)
                break;
            s = nl + 1;
        }
    }
    if (b->out.len && o->write_out(o->ctx, b->out.p, b->out.len))
        return nx_error_set(err, NX_EIO, "write failed");
    if (b->docs.len && o->write_docs && o->write_docs(o->ctx, b->docs.p, b->docs.len))
        return nx_error_set(err, NX_EIO, "write failed");
    add_stats(st, &b->st);
    return 0;
}

/* Read the next batch; *eof set at the end. Returns the batch (possibly empty) or NULL on error. */
static batch *read_batch(nx_reader *rd, const nx_pipeline_opts *o, int *eof, nx_error *err)
{
    batch *b = nx_calloc(1, sizeof *b);
    if (!b) {
        nx_error_nomem(err);
        return NULL;
    }
    size_t maxdocs = o->batch_docs ? o->batch_docs : 64;
    size_t maxbytes = o->batch_bytes ? o->batch_bytes : (4u << 20);
    while (b->n < maxdocs && b->bytes < maxbytes) {
        if (nx_grow((void **)&b->recs, &b->cap, b->n + 1, sizeof *b->recs)) {
            batch_free(b);
            nx_error_nomem(err);
            return NULL;
        }
        memset(&b->recs[b->n], 0, sizeof *b->recs);
        int r = nx_reader_next(rd, &b->recs[b->n], err);
        if (r < 0) {
            batch_free(b);
            return NULL;
        }
        if (r == 0) {
            *eof = 1;
            break;
        }
        b->bytes += b->recs[b->n].doc.len + 1;
        b->n++;
    }
    return b;
}

int nx_pipeline_run(const nx_model *m, nx_reader *rd, const nx_pipeline_opts *o, nx_pipeline_stats *st,
                    nx_error *err)
{
    memset(st, 0, sizeof *st);
    int threads = o->threads < 1 ? 1 : o->threads;
    int rc = 0, eof = 0;
    if (threads == 1) {
        nx_worker *w = nx_worker_new(m, err);
        if (!w)
            return -1;
        if (o->profile_ms && nx_worker_profile_on(w)) {
            nx_worker_free(w);
            return nx_error_nomem(err);
        }
        nx_result res;
        nx_result_init(&res);
        while (!eof) {
            batch *b = read_batch(rd, o, &eof, err);
            if (!b) {
                rc = -1;
                break;
            }
            process_batch(m, o, w, &res, b, NULL);
            rc = emit(o, b, st, err);
            batch_free(b);
            if (rc)
                break;
            st->bytes = nx_reader_bytes(rd);
            if (o->progress)
                o->progress(o->ctx, st->docs, st->bytes, st->events);
        }
        nx_result_free(&res);
        add_profile(m, o, w);
        nx_worker_free(w);
        st->bytes = nx_reader_bytes(rd);
        return rc;
    }
    pool p;
    memset(&p, 0, sizeof p);
    p.m = m;
    p.o = o;
    pthread_mutex_init(&p.mu, NULL);
    pthread_mutex_init(&p.big, NULL);
    pthread_cond_init(&p.work_cv, NULL);
    pthread_cond_init(&p.done_cv, NULL);
    thread_arg *ta = nx_calloc((size_t)threads, sizeof *ta);
    pthread_t *tid = nx_calloc((size_t)threads, sizeof *tid);
    int started = 0;
    if (!ta || !tid) {
        rc = nx_error_nomem(err);
        goto out;
    }
    for (int i = 0; i < threads; i++) {
        ta[i].p = &p;
        ta[i].w = nx_worker_new(m, err);
        if (!ta[i].w) {
            rc = -1;
            goto out;
        }
        if (o->profile_ms && nx_worker_profile_on(ta[i].w)) {
            rc = nx_error_nomem(err);
            goto out;
        }
        if (pthread_create(&tid[i], NULL, worker_main, &ta[i])) {
            rc = nx_error_set(err, NX_EIO, "cannot start thread %d", i + 1);
            goto out;
        }
        started++;
    }
    /* in-flight batches in input order */
    batch *fifo[256];
    int nf = 0, maxf = 2 * threads < 256 ? 2 * threads : 256;
    while (rc == 0 && (!eof || nf)) {
        /* write finished batches from the front; wait for the front when the window is full or input
         * is over */
        pthread_mutex_lock(&p.mu);
        while (nf && (fifo[0]->done || nf >= maxf || eof)) {
            while (!fifo[0]->done)
                pthread_cond_wait(&p.done_cv, &p.mu);
            batch *b = fifo[0];
            memmove(fifo, fifo + 1, (size_t)(nf - 1) * sizeof *fifo);
            nf--;
            pthread_mutex_unlock(&p.mu);
            rc = emit(o, b, st, err);
            batch_free(b);
            st->bytes = nx_reader_bytes(rd);
            if (o->progress)
                o->progress(o->ctx, st->docs, st->bytes, st->events);
            pthread_mutex_lock(&p.mu);
            if (rc)
                break;
        }
        pthread_mutex_unlock(&p.mu);
        if (rc || eof)
            continue;
        batch *b = read_batch(rd, o, &eof, err);
        if (!b) {
            rc = -1;
            break;
        }
        if (!b->n) {
            batch_free(b);
            continue;
        }
        pthread_mutex_lock(&p.mu);
        b->next = NULL;
        if (p.tail)
            p.tail->next = b;
        else
            p.head = b;
        p.tail = b;
        fifo[nf++] = b;
        pthread_cond_signal(&p.work_cv);
        pthread_mutex_unlock(&p.mu);
    }
    /* on error: let workers finish what they hold, then free the rest */
    pthread_mutex_lock(&p.mu);
    for (int i = 0; i < nf; i++)
        while (!fifo[i]->done) {
            /* a batch still queued is taken off the queue */
            batch **pp = &p.head;
            int queued = 0;
            p.tail = NULL;
            for (batch *q = p.head; q; q = q->next)
                if (q == fifo[i])
                    queued = 1;
            if (queued) {
                while (*pp && *pp != fifo[i])
                    pp = &(*pp)->next;
                *pp = fifo[i]->next;
                for (batch *q = p.head; q; q = q->next)
                    p.tail = q;
                fifo[i]->done = 1;
            } else {
                for (batch *q = p.head; q; q = q->next)
                    p.tail = q;
                pthread_cond_wait(&p.done_cv, &p.mu);
            }
        }
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < nf; i++)
        batch_free(fifo[i]);
out:
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.work_cv);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    if (ta)
        for (int i = 0; i < threads; i++) {
            if (ta[i].w)
                add_profile(m, o, ta[i].w);
            nx_worker_free(ta[i].w);
        }
    nx_free(ta);
    nx_free(tid);
    pthread_mutex_destroy(&p.mu);
    pthread_mutex_destroy(&p.big);
    pthread_cond_destroy(&p.work_cv);
    pthread_cond_destroy(&p.done_cv);
    st->bytes = nx_reader_bytes(rd);
    return rc;
}
