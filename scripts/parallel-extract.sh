#!/bin/sh
# Run newsfx extraction over a JSON Lines file with GNU parallel: --pipepart cuts the file into blocks
# at line ends, each block goes through `newsfx extract -` on a job slot (or on remote hosts with -S,
# where newsfx must be installed), and --keep-order writes the outputs in input order, so the result
# equals one `newsfx extract` over the file (documents are named by their id field; a line without
# an id is named "-:LINE" with its line in the block, not in the file: use scripts/dask-extract.py,
# which cuts with --byte-range and names global byte offsets, when that matters).
#
# usage: scripts/parallel-extract.sh [-j JOBS] [-S HOSTS] [-b BLOCK] FILE.jsonl [-- EXTRACT-OPTIONS] > events.jsonl
#   -j JOBS   jobs at once (default: the number of cores)
#   -S HOSTS  GNU parallel's host list (e.g. "2/host1,2/host2,:"); newsfx must be on their PATH
#   -b BLOCK  block size (default 16M)
# Exit: 0 ok, 1 some records rejected, 2 a job failed (its message is printed; the other blocks
# still run, so the output lacks that block only). Per-document accounting (--docs-out) and -o are
# refused: each job would write the same file; scripts/dask-extract.py writes both per range.
set -eu
jobs=$(nproc 2>/dev/null || echo 2)
hosts=""
block=16M
while getopts j:S:b: o; do
  case $o in
    j) jobs=$OPTARG ;;
    S) hosts=$OPTARG ;;
    b) block=$OPTARG ;;
    *) echo "usage: $0 [-j JOBS] [-S HOSTS] [-b BLOCK] FILE.jsonl [-- OPTIONS]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "parallel-extract: no input file" >&2; exit 2; }
file=$1
shift
[ "${1:-}" = "--" ] && shift
[ -r "$file" ] || { echo "parallel-extract: cannot read '$file'" >&2; exit 2; }
for a in "$@"; do
  case $a in
    --docs-out|--docs-out=*|-o|--output|--output=*)
      echo "parallel-extract: '$a' cannot be given to every job (they would all write one file); the events go to stdout" >&2
      exit 2 ;;
  esac
done
command -v parallel >/dev/null || { echo "parallel-extract: GNU parallel is not installed (apt-get install parallel)" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
newsfx=${NEWSFX:-$here/newsfx}
[ -n "$hosts" ] && newsfx=newsfx   # remote hosts use their own
# each job's exit status goes to the job log: 1 (rejected records, each reported on stderr) lets the
# others go on and makes the whole exit 1; 2 and above, or a signal, make it exit 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
job="$newsfx extract --threads 1 -q --input-format jsonl $* -"
set +e
if [ -n "$hosts" ]; then
  parallel --pipepart -a "$file" --block "$block" --keep-order --joblog "$log" -j "$jobs" -S "$hosts" "$job"
else
  parallel --pipepart -a "$file" --block "$block" --keep-order --joblog "$log" -j "$jobs" "$job"
fi
set -e
# the job log: Seq Host Starttime JobRuntime Send Receive Exitval Signal Command
worst=$(awk 'NR > 1 { v = ($8 != 0) ? 2 : ($7 >= 2 ? 2 : $7); if (v > w) w = v } END { print w + 0 }' "$log")
failed=$(awk 'NR > 1 && ($8 != 0 || $7 >= 2) { printf "%s%s", s, $1; s = ", " }' "$log")
if [ "$worst" = 2 ]; then
  echo "parallel-extract: block(s) $failed failed; the output lacks them" >&2
  exit 2
fi
exit "$worst"
