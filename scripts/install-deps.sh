#!/bin/sh
# Install what newsfx needs to build and test, only what is missing (Debian 12, run as root).
#   scripts/install-deps.sh            build dependencies (compiler, PCRE2, jansson, GSL, zlib)
#   scripts/install-deps.sh test       and what the tests use (python3 with pandas/scipy/statsmodels, Dask
#                                      distributed, GNU parallel, jq, valgrind, tzdata, groff for the man page)
#   scripts/install-deps.sh fuzz       clang and its libFuzzer runtime (make fuzz)
#   scripts/install-deps.sh clients    and the client tools (jsonschema, nbclient, matplotlib, R
#                                      jsonlite, node and npm, chromium), then the npm packages of
#                                      tests/clients/package-lock.json into tests/clients/node_modules
# Prints nothing when everything is present.
set -eu
need=""
npm_ci=0
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
have_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
command -v cc >/dev/null 2>&1 || need="$need gcc libc6-dev"
command -v make >/dev/null 2>&1 || need="$need make"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
have_pc libpcre2-8 || need="$need libpcre2-dev"
have_pc jansson || need="$need libjansson-dev"
have_pc gsl || need="$need libgsl-dev"
have_pc zlib || need="$need zlib1g-dev"
for level in "$@"; do
  case "$level" in
    test)
      for p in python3 python3-pandas python3-scipy python3-statsmodels python3-numpy jq groff-base \
               python3-dask python3-distributed parallel valgrind tzdata time; do
        have_deb "$p" || need="$need $p"
      done ;;
    clients)
      for p in python3-jsonschema python3-nbclient python3-nbformat \
               python3-ipykernel python3-matplotlib r-base-core r-cran-jsonlite chromium; do
        have_deb "$p" || need="$need $p"
      done
      # by command: a node from elsewhere (nodesource ships npm inside nodejs) is good enough
      command -v node >/dev/null 2>&1 || need="$need nodejs"
      command -v npm >/dev/null 2>&1 || need="$need npm"
      npm_ci=1 ;;
    fuzz)
      for p in clang libclang-rt-dev; do
        have_deb "$p" || need="$need $p"
      done ;;
    build) ;;
    *) echo "install-deps.sh: unknown level '$level' (build, test, clients, fuzz)" >&2; exit 2 ;;
  esac
done
if [ -n "$need" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-deps.sh: missing packages:$need; run as root or install them with apt-get" >&2
    exit 2
  fi
  echo "install-deps.sh: installing$need" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $need >&2
fi
# The client tests' npm packages, exactly as locked, beside the tests (never global).
if [ "$npm_ci" = 1 ]; then
  dir=$(cd "$(dirname "$0")/../tests/clients" && pwd)
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.newsfx-lock"; then
    echo "install-deps.sh: npm ci in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error &&
      cp package-lock.json node_modules/.newsfx-lock) >&2
  fi
fi
