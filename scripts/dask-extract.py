#!/usr/bin/python3
"""Run newsfx extraction over files on a Dask distributed cluster.

Each input file is cut into byte ranges (Hadoop split semantics: a range [A,B) owns the records whose
first byte lies in it; newsfx --byte-range does the cutting exactly), every range is one task that
pipes its records through `newsfx extract`, and the results are written as ordered part files
(part-00000.jsonl, ...) whose concatenation is byte-identical to one `newsfx extract` over the same
files in the same order. Per-document accounting goes to docs-00000.jsonl beside them. Compressed
(.gz) and plain-text (one document per file) inputs are one task each.

A task whose newsfx fails (exit status 2 or more, or a signal) fails the whole job loudly: the
script prints which file and range, newsfx's message, and exits 2. Rejected records (exit 1) are
normal: they are named in the docs part files and counted in the summary.

usage:
  scripts/dask-extract.py [--scheduler tcp://HOST:8786] [--workers 2] [--split-mb 16]
                          [--newsfx ./newsfx] [--merge events.jsonl] -o OUTDIR FILE... [-- EXTRACT-OPTIONS]
Without --scheduler a local cluster with --workers worker processes is started on 127.0.0.1.
Options after "--" go to every `newsfx extract` (for example --mentions or --rules PATH).
"""
import argparse, os, subprocess, sys


def is_gzip(path):
    """Does the file hold gzip data (its first bytes, whatever its name)?"""
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def plan(files, split_bytes):
    """The tasks: (index, path, start, end) in output order; end None means the whole file."""
    tasks = []
    for path in files:
        size = os.path.getsize(path)
        jsonl = path.endswith(".jsonl") or path.endswith(".ndjson")
        if not jsonl or size <= split_bytes or is_gzip(path):
            tasks.append((len(tasks), path, None, None))
            continue
        a = 0
        while a < size:
            b = min(a + split_bytes, size)
            tasks.append((len(tasks), path, a, b))
            a = b
    return tasks


def run_task(task, newsfx, outdir, extra, cwd):
    """Runs on a worker: one newsfx over one range; returns (index, status, documents, rejected, stderr).
    The file is named as it was given, read from the driver's folder (cwd), so that doc_ids and
    sources are those of one newsfx run there; a worker without that folder reads it by its
    absolute path."""
    import subprocess as sp
    index, (given, absolute), a, b = task
    path = given if os.path.isdir(cwd) else absolute
    part = os.path.join(outdir, "part-%05d.jsonl" % index)
    docs = os.path.join(outdir, "docs-%05d.jsonl" % index)
    cmd = [newsfx, "extract", "--threads", "1", "-q", "-o", part, "--docs-out", docs] + list(extra)
    if a is not None:
        cmd += ["--byte-range", "%d-%d" % (a, b)]
    cmd.append(path)
    r = sp.run(cmd, stdout=sp.PIPE, stderr=sp.PIPE, text=True, cwd=cwd if os.path.isdir(cwd) else None)
    if r.returncode not in (0, 1):
        what = "%s bytes %s-%s" % (path, a, b) if a is not None else path
        raise RuntimeError("newsfx failed on %s (exit %d): %s" % (what, r.returncode, r.stderr.strip()[-2000:]))
    n = rej = 0
    with open(docs) as f:
        for line in f:
            n += 1
            rej += '"status":"rejected"' in line
    try:
        from distributed import get_worker
        where = get_worker().address
    except Exception:
        where = "local"
    return index, r.returncode, n, rej, r.stderr, where


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        k = argv.index("--")
        argv, extra = argv[:k], argv[k + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("-o", "--output-dir", required=True)
    ap.add_argument("--scheduler", help="address of a running scheduler (default: start a local cluster)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the local cluster (default 2)")
    ap.add_argument("--split-mb", type=float, default=16, help="size of a task's byte range (default 16 MB)")
    ap.add_argument("--newsfx", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "newsfx"))
    ap.add_argument("--merge", help="also write the parts, in order, to this file")
    args = ap.parse_args(argv)
    newsfx = os.path.abspath(args.newsfx)
    outdir = os.path.abspath(args.output_dir)
    os.makedirs(outdir, exist_ok=True)
    if not args.split_mb > 0:
        sys.exit("dask-extract: --split-mb must be more than 0")
    for f in args.files:
        if not os.path.isfile(f):
            sys.exit("dask-extract: cannot read '%s'" % f)
    tasks = plan(args.files, max(1, int(args.split_mb * 1024 * 1024)))
    cwd = os.getcwd()
    tasks = [(i, (path, os.path.abspath(path)), a, b) for i, path, a, b in tasks]

    from distributed import Client, LocalCluster
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [client.submit(run_task, t, newsfx, outdir, extra, cwd, pure=False) for t in tasks]
        results = []
        failed = None
        for fut in futures:
            try:
                results.append(fut.result())
            except Exception as e:  # a crashing partition fails the job
                failed = e
                break
        if failed is not None:
            for fut in futures:
                fut.cancel()
            sys.stderr.write("dask-extract: %s\n" % failed)
            sys.exit(2)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    results.sort()
    docs = sum(r[2] for r in results)
    rejected = sum(r[3] for r in results)
    for r in results:
        if r[4]:
            sys.stderr.write(r[4])
    if args.merge:
        with open(args.merge + ".tmp", "wb") as out:
            for index, *_ in results:
                with open(os.path.join(outdir, "part-%05d.jsonl" % index), "rb") as part:
                    out.write(part.read())
        os.replace(args.merge + ".tmp", args.merge)
    workers = len({r[5] for r in results})
    sys.stderr.write("dask-extract: %d tasks on %d workers, %d documents, %d rejected; parts in %s\n"
                     % (len(results), workers, docs, rejected, outdir))
    sys.exit(1 if rejected else 0)


if __name__ == "__main__":
    main()
