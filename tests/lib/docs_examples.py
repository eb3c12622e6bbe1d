"""Run every example of the README and of the man page, as a reader would type it.

Conventions (the docs follow them; this header is their reference):

README.md, fenced code blocks by their info string:
  ```console   lines starting with "$ " are commands, run one after the other by bash -o pipefail in the same
               folder; the lines after a command, up to the next "$ " line or the end of the block,
               are its expected standard output, compared exactly (trailing blanks ignored); a line
               "..." stands for any number of lines. A command with no lines after it must only
               exit 0.
  ```pycon     a Python session (">>> " and "... " prompts, the output below), run by doctest with
               /usr/bin/python3's modules; the blocks of one file share their variables, in order.
               Output is compared with doctest's ELLIPSIS and NORMALIZE_WHITESPACE.
  ```js        a Node.js ES module, run with node where tests/clients/node_modules resolves (the npm
               packages of the client tests); if the next fenced block is ```output, its text is the
               expected standard output.
  Other blocks (```sh, indented blocks, ...) are not run: use them for what is not an example.

man/newsfx.1, as rendered by groff: in the EXAMPLES section every line starting with "$ " is a
command, run like the README's console commands (exit 0; output is not shown there).

Every command runs in a scratch folder holding what the examples name: article.txt (the seed
article), corpus.jsonl (the first 500 Reuters-21578 stories), reuters.jsonl.gz (the same,
compressed), dump.ndjson (the same with fields uid, body, date), links to the repository's data/,
rules/, examples/ and man/, and ../shared (the shared data); `newsfx` on the PATH and `./newsfx`
are the binary under test.

usage: docs_examples.py [console] [pycon] [js] [man]   (the kinds to run; tests/scripts runs all but
js, tests/clients runs console and js: the js blocks read what the console blocks wrote)
"""
import doctest
import gzip
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from nxtest import NEWSFX, ROOT, SEED, SHARED, check, done, reuters_head, tmpdir  # noqa: E402

KINDS = set(sys.argv[1:]) or {"console", "pycon", "man"}


def sandbox():
    base = tmpdir()
    os.symlink(os.path.abspath(SHARED), os.path.join(base, "shared"))
    work = os.path.join(base, "work")
    binf = os.path.join(base, "bin")
    os.makedirs(work)
    os.makedirs(binf)
    with open(os.path.join(binf, "newsfx"), "w") as f:
        f.write("#!/bin/sh\nexec %s \"$@\"\n" % " ".join("'%s'" % a.replace("'", "'\\''") for a in NEWSFX))
    os.chmod(os.path.join(binf, "newsfx"), 0o755)
    os.symlink(os.path.join(binf, "newsfx"), os.path.join(work, "newsfx"))  # ./newsfx, as in the README
    for d in ("data", "rules", "examples", "man"):
        os.symlink(os.path.join(ROOT, d), os.path.join(work, d))
    os.symlink(os.path.join(ROOT, "tests", "clients", "node_modules"), os.path.join(work, "node_modules"))
    with open(SEED, "rb") as f, open(os.path.join(work, "article.txt"), "wb") as g:
        g.write(f.read())
    os.rename(reuters_head(base, 500), os.path.join(work, "corpus.jsonl"))
    with open(os.path.join(work, "corpus.jsonl"), encoding="utf-8") as f:
        lines = f.readlines()
    with gzip.open(os.path.join(work, "reuters.jsonl.gz"), "wt", encoding="utf-8") as g:
        g.writelines(lines)
    with open(os.path.join(work, "dump.ndjson"), "w", encoding="utf-8") as g:
        for line in lines:
            d = json.loads(line)
            g.write(json.dumps({"uid": "u%s" % d["id"], "date": d["date"],
                                "body": (d.get("title") or "") + "\n" + (d.get("body") or "")}) + "\n")
    env = dict(os.environ, PATH=binf + os.pathsep + os.environ["PATH"], LC_ALL="C.UTF-8")
    return work, env


WORK, ENV = sandbox()


def lines_match(want, got):
    """want may hold '...' lines, each matching any number of lines."""
    if not want:
        return not got
    if want[0] == "...":
        return any(lines_match(want[1:], got[i:]) for i in range(len(got) + 1))
    return bool(got) and want[0] == got[0] and lines_match(want[1:], got[1:])


def same_output(where, what, stdout, want):
    """Check stdout against the lines the doc shows (trailing blanks ignored, '...' lines as wildcards)."""
    got = [x.rstrip() for x in stdout.rstrip("\n").split("\n")]
    check(lines_match([x.rstrip() for x in want], got),
          "%s: %s prints\n%s\nwhere the doc shows\n%s" % (where, what, "\n".join(got[:40]), "\n".join(want)))


def run_console(where, cmd, want):
    # bash with pipefail: newsfx failing inside a pipeline fails the example too
    p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=WORK, env=ENV, capture_output=True, text=True)
    print("%s: $ %s  -> exit %d" % (where, cmd, p.returncode))
    if not check(p.returncode == 0, "%s: '%s' exits %d: %s" % (where, cmd, p.returncode, p.stderr[-600:])):
        return
    if want:
        same_output(where, "'%s'" % cmd, p.stdout, want)


def fenced_blocks(text):
    """(info string, first line number, body) of each fenced block of a Markdown text."""
    out, cur = [], None
    for n, line in enumerate(text.split("\n"), 1):
        m = re.match(r"^```\s*(\S*)\s*$", line)
        if cur is None and m:
            cur = (m.group(1), n + 1, [])
        elif cur is not None and line.startswith("```"):
            out.append((cur[0], cur[1], "\n".join(cur[2])))
            cur = None
        elif cur is not None:
            cur[2].append(line)
    check(cur is None, "README.md: a fenced block is not closed")
    return out


def console_block(where, body):
    cmd, want = None, []
    for line in body.split("\n"):
        if line.startswith("$ "):
            if cmd:
                run_console(where, cmd, want)
            cmd, want = line[2:], []
        elif cmd is not None:
            want.append(line)
    while want and not want[-1].strip():
        want.pop()
    if cmd:
        run_console(where, cmd, want)


def readme():
    path = os.path.join(ROOT, "README.md")
    blocks = fenced_blocks(open(path, encoding="utf-8").read())
    globs = {}
    counts = {"console": 0, "pycon": 0, "js": 0}
    old = os.getcwd()
    for i, (info, line, body) in enumerate(blocks):
        where = "README.md:%d" % line
        if info == "console" and "console" in KINDS:
            counts["console"] += 1
            console_block(where, body)
        elif info == "pycon" and "pycon" in KINDS:
            counts["pycon"] += 1
            os.chdir(WORK)
            try:
                test = doctest.DocTestParser().get_doctest(body, globs, where, path, line - 1)
                runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
                runner.run(test, out=sys.stdout.write)
                globs.update(test.globs)
                check(runner.failures == 0, "%s: %d of %d doctest examples failed" %
                      (where, runner.failures, runner.tries))
            finally:
                os.chdir(old)
        elif info == "js" and "js" in KINDS:
            counts["js"] += 1
            want = blocks[i + 1][2].rstrip("\n") if i + 1 < len(blocks) and blocks[i + 1][0] == "output" else None
            script = os.path.join(WORK, "readme-%d.mjs" % line)
            with open(script, "w", encoding="utf-8") as f:
                f.write(body + "\n")
            p = subprocess.run(["node", script], cwd=WORK, env=ENV, capture_output=True, text=True)
            print("%s: node -> exit %d" % (where, p.returncode))
            if check(p.returncode == 0, "%s: the js example exits %d: %s" % (where, p.returncode, p.stderr[-800:])):
                if want is not None:
                    same_output(where, "the js example", p.stdout, want.split("\n"))
    for kind, n in counts.items():
        if kind in KINDS:
            check(n > 0, "README.md has no ```%s example (the convention changed?)" % kind)


def man():
    text = subprocess.run(["groff", "-man", "-Tutf8", "-P-cbou", os.path.join(ROOT, "man", "newsfx.1")],
                          capture_output=True, text=True, env=dict(os.environ, LC_ALL="C.UTF-8"), check=True).stdout
    section = re.search(r"^EXAMPLES\n(.*?)^\S", text, re.S | re.M)
    if not check(section, "man page: no EXAMPLES section"):
        return
    cmds = [m.group(1) for m in re.finditer(r"^\s+\$ (.*)$", section.group(1), re.M)]
    check(len(cmds) >= 10, "man page: only %d examples" % len(cmds))
    check(all(c.isascii() for c in cmds), "man page: an example renders with non-ASCII characters: %s" %
          [c for c in cmds if not c.isascii()])
    for c in cmds:
        run_console("newsfx.1 EXAMPLES", c, [])


if KINDS & {"console", "pycon", "js"}:
    readme()
if "man" in KINDS:
    man()
done()
