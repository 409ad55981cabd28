#!/usr/bin/env bash
# Prepares the material of the upstream-equivalence test (test/upstream, `npm run test:upstream`):
#
#   scripts/prepareUpstream.sh BIG_VISION ML_COLLECTIONS OUT_DIR
#   export BV_UPSTREAM_DIR=OUT_DIR
#
# BIG_VISION and ML_COLLECTIONS are local copies of google-research/big_vision and google/ml_collections: either
# checkouts (work trees) or git directories (bare clones / mirrors; their HEAD is exported). Nothing is downloaded,
# so CI can only run the test where these copies exist. OUT_DIR receives
#   OUT_DIR/big_vision/       the big_vision sources (the configs are evaluated there)
#   OUT_DIR/ml_collections/   the ml_collections sources
#   OUT_DIR/goldens.jsonl     every upstream config (and argument variant) evaluated by real CPython, from
#                             scripts/upstreamGoldens.py
#   OUT_DIR/SOURCES           which commits they came from
# Needs python3 (3.10+) with PyYAML; set PYTHON to use another interpreter.
set -euo pipefail

if [ $# -ne 3 ]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
out="$3"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# copy SRC NAME PACKAGE: puts the sources of SRC into $out/NAME; PACKAGE is a path that must exist in them.
copy() {
  local src="$1" name="$2" package="$3" dest="$out/$2"
  rm -rf "$dest"
  mkdir -p "$dest"
  if [ -e "$src/$package" ]; then
    # A work tree: copy the files, without .git.
    (cd "$src" && tar --exclude=.git -cf - .) | tar -xf - -C "$dest"
    if [ -e "$src/.git" ]; then echo "$name: $(git -C "$src" rev-parse HEAD) (work tree $src)"; else echo "$name: work tree $src"; fi >>"$out/SOURCES"
  elif git --git-dir="$src" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    git --git-dir="$src" archive HEAD | tar -xf - -C "$dest"
    echo "$name: $(git --git-dir="$src" rev-parse HEAD) (from $src)" >>"$out/SOURCES"
  else
    echo "prepareUpstream: $src is neither a $name checkout (no $package) nor a git directory" >&2
    exit 1
  fi
  if [ ! -e "$dest/$package" ]; then
    echo "prepareUpstream: $src holds no $package" >&2
    exit 1
  fi
}

: >"$out/SOURCES"
copy "$1" big_vision big_vision/configs/common.py
copy "$2" ml_collections ml_collections/config_dict/config_dict.py

"$python" "$here/upstreamGoldens.py" --big-vision "$out/big_vision" --ml-collections "$out/ml_collections" \
  --out "$out/goldens.jsonl"
cat "$out/SOURCES"
echo "Now: export BV_UPSTREAM_DIR=$out && npm run test:upstream"
