#!/bin/sh
# scripts/dask-extract.py on a real Dask cluster: a scheduler and two workers on 127.0.0.1 (Debian's
# python3-distributed). The merged parts must equal one newsfx run byte for byte; a partition whose
# newsfx crashes must fail the whole job loudly.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'kill $SCHED $W1 $W2 2>/dev/null; rm -rf "$T"' EXIT
PY=/usr/bin/python3
$PY -c 'import distributed' 2>/dev/null || { echo "python3-distributed is missing (scripts/install-deps.sh test)"; exit 1; }
PORT=$((20000 + $$ % 20000))
$PY -m distributed.cli.dask_scheduler --host 127.0.0.1 --port $PORT --dashboard-address :0 >"$T/sched.log" 2>&1 &
SCHED=$!
for i in $(seq 1 50); do grep -q "Scheduler at" "$T/sched.log" && break; sleep 0.2; done
$PY -m distributed.cli.dask_worker tcp://127.0.0.1:$PORT --nworkers 1 --nthreads 1 --no-dashboard >"$T/w1.log" 2>&1 &
W1=$!
$PY -m distributed.cli.dask_worker tcp://127.0.0.1:$PORT --nworkers 1 --nthreads 1 --no-dashboard >"$T/w2.log" 2>&1 &
W2=$!
for i in $(seq 1 100); do [ "$(grep -c 'Registered to' "$T/w1.log" "$T/w2.log" | awk -F: '{s+=$2} END {print s}')" -ge 2 ] && break; sleep 0.2; done
fail=0
$NEWSFX extract -q --threads 1 -o "$T/single.jsonl" data/articles/reuters-1987-slice.jsonl
$PY scripts/dask-extract.py --scheduler tcp://127.0.0.1:$PORT --split-mb 0.05 -o "$T/parts" \
    --merge "$T/merged.jsonl" data/articles/reuters-1987-slice.jsonl 2>"$T/job.log"
rc=$?
tasks=$(ls "$T/parts" | grep -c '^part-')
echo "dask job exit $rc, $tasks tasks"
[ "$rc" = 0 ] || { echo "FAIL: the job failed"; cat "$T/job.log"; fail=1; }
[ "$tasks" -ge 10 ] || { echo "FAIL: only $tasks tasks"; fail=1; }
cmp -s "$T/single.jsonl" "$T/merged.jsonl" && echo "merged output identical to one run" || { echo "FAIL: merged output differs"; fail=1; }
# both workers worked
grep -q "on 2 workers" "$T/job.log" || { echo "FAIL: the tasks did not run on both workers: $(tail -1 "$T/job.log")"; fail=1; }
# records without an id and a text file, named relative to the folder the job starts in: their
# doc_ids (file@byte, the path as given) are those of one run there
sed 's/^{"id": *"\{0,1\}[0-9]*"\{0,1\}, */{/' data/articles/reuters-1987-slice.jsonl > "$T/noid.jsonl"
cp data/articles/techdrop-microsoft-openai-amazon.txt "$T/story.txt"
(cd "$T" && $NEWSFX extract -q --threads 1 -o single2.jsonl noid.jsonl story.txt)
(cd "$T" && $PY "$ROOT/scripts/dask-extract.py" --scheduler tcp://127.0.0.1:$PORT --split-mb 0.05 -o parts3 \
    --merge merged2.jsonl noid.jsonl story.txt 2>job2.log)
rc=$?
if [ "$rc" = 0 ] && grep -q '"doc_id":"noid.jsonl@' "$T/single2.jsonl" && grep -q '"doc_id":"story.txt"' "$T/single2.jsonl" &&
   cmp -s "$T/single2.jsonl" "$T/merged2.jsonl"; then
  echo "records without ids and a text file, relative paths: merged output identical to one run"
else
  echo "FAIL: id-less records or relative paths differ from one run (exit $rc)"; cat "$T/job2.log"; fail=1
fi
# a split size of 0 is refused at once (it used to plan tasks forever)
timeout 20 $PY scripts/dask-extract.py --scheduler tcp://127.0.0.1:$PORT --split-mb 0 -o "$T/parts4" \
    data/articles/reuters-1987-slice.jsonl 2>"$T/zero.log"
rc=$?
if [ "$rc" != 0 ] && [ "$rc" != 124 ] && grep -q "split-mb must be more than 0" "$T/zero.log"; then
  echo "--split-mb 0 refused"
else
  echo "FAIL: --split-mb 0 (exit $rc)"; fail=1
fi
# a partition whose newsfx crashes
cat > "$T/crashing-newsfx" <<EOS
#!/bin/sh
case "\$*" in *"--byte-range 52428-"*) kill -SEGV \$\$ ;; esac
exec "$NEWSFX_BIN" "\$@"
EOS
chmod +x "$T/crashing-newsfx"
$PY scripts/dask-extract.py --scheduler tcp://127.0.0.1:$PORT --split-mb 0.05 --newsfx "$T/crashing-newsfx" \
    -o "$T/parts2" data/articles/reuters-1987-slice.jsonl 2>"$T/crash.log"
rc=$?
echo "crashing job exit $rc: $(tail -c 300 "$T/crash.log" | tr '\n' ' ')"
[ "$rc" = 2 ] || { echo "FAIL: a crashing partition must fail the job with exit 2"; fail=1; }
grep -q "newsfx failed on .*bytes 52428-" "$T/crash.log" || { echo "FAIL: the failure does not name the partition"; fail=1; }
exit $fail
