"""man/newsfx.1 renders without a warning (groff -man -ww) and documents what the program has: every
command that `newsfx help` lists, every option of every command's --help; and every command's
--help shows examples.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from nxtest import NEWSFX, ROOT, check, done  # noqa: E402

page = os.path.join(ROOT, "man", "newsfx.1")
src = open(page, encoding="utf-8").read()
p = subprocess.run(["groff", "-man", "-ww", "-z", page], capture_output=True, text=True)
check(p.returncode == 0 and p.stderr == "", "groff -man -ww: %s" % p.stderr)
check(not re.search(r"(?<!\\)(?<![\w-])--?[a-z]", re.sub(r"^\.\\\".*$", "", src, flags=re.M)),
      "an option written with a bare '-' (write \\- so that it renders as a hyphen-minus)")

helptext = subprocess.run(NEWSFX + ["help"], capture_output=True, text=True).stdout
commands = re.findall(r"^  ([a-z]+) ", helptext.split("commands:")[1].split("\n\n")[0], re.M)
check(len(commands) >= 5, "newsfx help lists %s" % commands)
coms = src.split(".SH COMMANDS")[1].split(".SH ")[0]
for c in commands:
    check(re.search(r"^\.TP\n\.B %s$" % c, coms, re.M), "man page: command '%s' not in COMMANDS" % c)
    check(re.search(r"^\.B newsfx %s\b" % c, src.split(".SH SYNOPSIS")[1].split(".SH ")[0], re.M),
          "man page: command '%s' not in SYNOPSIS" % c)
    h = subprocess.run(NEWSFX + [c, "--help"], capture_output=True, text=True)
    check(h.returncode == 0, "newsfx %s --help exits %d" % (c, h.returncode))
    if c not in ("help",):
        ex = h.stdout.split("\nexamples:\n")
        check(len(ex) == 2 and re.search(r"^  newsfx %s\b" % c, ex[1], re.M), "newsfx %s --help shows no examples" % c)
    for opt in re.findall(r"^\s+(?:-\w, )?--([a-z][a-z-]*)", h.stdout, re.M):
        check("\\-\\-" + opt.replace("-", "\\-") in src, "man page: option --%s of '%s' not documented" % (opt, c))
check("\n.SH EXAMPLES\n" in src and "\n.SH \"EXIT STATUS\"\n" in src, "man page: EXAMPLES or EXIT STATUS missing")
for code in ("0", "1", "2", "3"):
    check(re.search(r"^\.TP\n\.B %s$" % code, src.split('.SH "EXIT STATUS"')[1].split(".SH ")[0], re.M),
          "man page: exit status %s not documented" % code)
done()
