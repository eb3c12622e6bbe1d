#!/bin/sh
# Install what newsfx needs to build and test, only what is missing (Debian 12, run as root).
#   scripts/install-deps.sh            build dependencies (compiler, PCRE2, jansson, GSL, zlib)
#   scripts/install-deps.sh test       and what the tests use (python3 with pandas/scipy/statsmodels, jq)
#   scripts/install-deps.sh fuzz       clang and its libFuzzer runtime (make fuzz)
#   scripts/install-deps.sh clients    and the client tools (dask, jsonschema, nbclient, node, chromium)
# Prints nothing when everything is present.
set -eu
need=""
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
      for p in python3 python3-pandas python3-scipy python3-statsmodels python3-numpy jq valgrind; do
        have_deb "$p" || need="$need $p"
      done ;;
    clients)
      for p in python3-dask python3-distributed python3-jsonschema python3-nbclient python3-nbformat \
               python3-ipykernel python3-matplotlib nodejs npm chromium parallel; do
        have_deb "$p" || need="$need $p"
      done ;;
    fuzz)
      for p in clang libclang-rt-dev; do
        have_deb "$p" || need="$need $p"
      done ;;
    build) ;;
    *) echo "install-deps.sh: unknown level '$level' (build, test, clients, fuzz)" >&2; exit 2 ;;
  esac
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-deps.sh: missing packages:$need; run as root or install them with apt-get" >&2
  exit 2
fi
echo "install-deps.sh: installing$need" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need >&2
