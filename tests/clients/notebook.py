"""examples/newsfx_tour.ipynb runs headless with Debian's nbclient and a python3 kernel that is
/usr/bin/python3 (a kernelspec of our own, so that no other python3 on the PATH is picked up), with
no error in any cell; it writes its tables and figures, and its count of events by type is the one
of newsfx's own output. The committed notebook carries no outputs (clean diffs).
"""
import collections
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from nxtest import NEWSFX, ROOT, SHARED, check, done, jsonl, tmpdir  # noqa: E402

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

path = os.path.join(ROOT, "examples", "newsfx_tour.ipynb")
nb = nbformat.read(path, as_version=4)
nbformat.validate(nb)
check(all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code"),
      "the committed notebook has outputs; clear them before committing")

folder = tmpdir()
kdir = os.path.join(folder, "jupyter", "kernels", "newsfx-python3")
os.makedirs(kdir)
with open(os.path.join(kdir, "kernel.json"), "w") as f:
    json.dump({"argv": ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
               "display_name": "Python 3 (Debian)", "language": "python"}, f)
out = os.path.join(folder, "tour-out")
os.environ.update(JUPYTER_PATH=os.path.join(folder, "jupyter"), NEWSFX_TOUR_OUT=out,
                  NEWSFX=" ".join(NEWSFX), NEWSFX_SHARED=SHARED, MPLCONFIGDIR=os.path.join(folder, "mpl"), PYDEVD_DISABLE_FILE_VALIDATION="1")
import nbclient  # noqa: E402
print("nbclient", nbclient.__version__, "nbformat", nbformat.__version__)
client = NotebookClient(nb, timeout=600, kernel_name="newsfx-python3",
                        resources={"metadata": {"path": os.path.join(ROOT, "examples")}})
try:
    client.execute()
except CellExecutionError as e:
    check(False, "a cell failed:\n%s" % str(e)[-3000:])
    done()

errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
check(not errors, "error outputs: %s" % errors[:2])
check(all(c.execution_count for c in nb.cells if c.cell_type == "code"), "a code cell did not run")
images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
check(len(images) >= 2, "%d figures shown, want 2 or more" % len(images))
for png in ("events_by_type.png", "amounts_usd.png"):
    p = os.path.join(out, png)
    check(os.path.exists(p) and open(p, "rb").read(8) == b"\x89PNG\r\n\x1a\n", "%s not written as PNG" % png)
events = jsonl(open(os.path.join(out, "events.jsonl"), encoding="utf-8").read())
check(len(events) > 300, "only %d events" % len(events))
counts = collections.Counter(e["type"] for e in events)
table = dict(line.split(",") for line in open(os.path.join(out, "events_by_type.csv")).read().split("\n")[1:] if line)
check({k: int(v) for k, v in table.items()} == dict(counts), "events_by_type.csv %s, newsfx %s" % (table, dict(counts)))
text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
ndocs = sum(1 for _ in open(os.path.join(out, "docs.jsonl"), encoding="utf-8"))
check("%d documents read" % ndocs in text, "the summary line of newsfx (%d documents) is not shown" % ndocs)
done()
