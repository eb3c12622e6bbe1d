#!/bin/sh
# report.html in a browser: Debian's headless Chromium (installed by `make test-clients`) opens the
# report of a study (the S&P 500 additions of ../shared/data/eventstudy, two event types,
# --group-by type) from file://, as root (--no-sandbox), with every host name unresolvable (the page
# needs no network). The screenshot (1200x1600, kept in tests/out/report_chromium/) must be a PNG of
# that size that is not blank: many distinct colours, a good share of non-white pixels, the plot's
# colours among them (decoded with python3's zlib and struct). --dump-dom must show the DOM after
# parsing: every section, the inline SVG with a CAAR line and a band per group and all.
set -eu
: "${ROOT:?}" "${SHARED:?}"
NEWSFX=${NEWSFX:-$ROOT/newsfx}
PY=/usr/bin/python3
BROWSER=$(command -v chromium || command -v chromium-browser || true)
[ -n "$BROWSER" ] || { echo "chromium not found (make test-clients installs Debian's chromium)"; exit 1; }
out="$ROOT/tests/out/report_chromium"
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$PY "$ROOT/scripts/convert-eventstudy-data.py" "$SHARED/data/eventstudy" "$tmp/data" >/dev/null
d="$tmp/data/sp500"
awk -F, 'NR == 1 { print; next } { $4 = NR % 2 ? "addition" : "index change"; print }' OFS=, "$d/events.csv" \
  >"$tmp/events.csv"
# shellcheck disable=SC2086
$NEWSFX study -q --events "$tmp/events.csv" --prices "$d/prices.csv" --market "$d/market.csv" \
  --estimation -130,-11 --window -5,5 --window -1,1 --group-by type --bootstrap 200 -o "$tmp/study"
cp "$tmp/study/report.html" "$tmp/study/car.svg" "$out/"

# one browser run per output; its own profile; no network
browse() {
  timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
    --no-first-run --no-default-browser-check --disable-extensions --disable-background-networking \
    --disable-component-update --disable-sync --host-resolver-rules="MAP * ~NOTFOUND" \
    --hide-scrollbars --window-size=1200,1600 "$@" "file://$tmp/study/report.html"
}
browse --screenshot="$out/report.png" >"$out/screenshot.log" 2>&1 || { cat "$out/screenshot.log"; exit 1; }
browse --dump-dom >"$out/dom.html" 2>"$out/dump-dom.log" || { cat "$out/dump-dom.log"; exit 1; }

$PY - "$out/report.png" "$out/dom.html" <<'EOF'
import struct
import sys
import zlib
from html.parser import HTMLParser

png, dom = sys.argv[1], sys.argv[2]
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)
        print("FAIL:", what)


def pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced RGB or RGBA PNG"""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("%s: not a PNG" % path)
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise SystemExit("%s: PNG of depth %d, colour type %d, interlace %d not handled" % (path, depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


w, h, bpp, rows = pixels(png)
check((w, h) == (1200, 1600), "screenshot is %dx%d, want 1200x1600" % (w, h))
colours, nonwhite = set(), 0
for line in rows:
    for x in range(0, len(line), bpp):
        px = bytes(line[x:x + 3])
        colours.add(px)
        nonwhite += px != b"\xff\xff\xff"
share = nonwhite / (w * h)
print("%d distinct colours, %.1f%% of the pixels not white" % (len(colours), 100 * share))
check(len(colours) >= 64, "only %d distinct colours: a blank page?" % len(colours))
check(share >= 0.03, "only %.2f%% of the pixels are not white" % (100 * share))
# the line of all firm-events (#222222) and of the first group (#4e79a7), drawn solid
for rgb in ("222222", "4e79a7"):
    check(bytes.fromhex(rgb) in colours, "no pixel of the plot's colour #%s" % rgb)


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


p = Dom()
p.feed(open(dom, encoding="utf-8").read())
ids = [a.get("id") for t, a in p.tags if t == "section"]
for sec in ("settings", "firm-events", "caar", "plot", "groups"):
    check(sec in ids, "the DOM has no section %s (%s)" % (sec, ids))
svgs = [a for t, a in p.tags if t == "svg"]
check(len(svgs) == 1 and svgs[0].get("class") == "car", "the DOM holds %d svg elements" % len(svgs))
lines = sorted(a.get("data-group") for t, a in p.tags if t == "path" and a.get("class") == "caar")
bands = sorted(a.get("data-group") for t, a in p.tags if t == "path" and a.get("class") == "band")
check(lines == ["addition", "all", "index change"], "CAAR lines in the DOM: %s" % lines)
check(bands == lines, "bands in the DOM: %s" % bands)
check(all(a.get("d") for t, a in p.tags if t == "path" and a.get("class") in ("caar", "band")), "an empty path")
check(any(t == "text" for t, a in p.tags), "no text in the SVG")
check(not any(t in ("script", "img", "link", "iframe") for t, a in p.tags), "the DOM loads something")
sys.exit(1 if fails else 0)
EOF
echo ok
