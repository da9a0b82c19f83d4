#!/usr/bin/env bash
# Runs one fuzz target built by build.sh on its corpus, without cargo-fuzz:
#   fuzz/run.sh TARGET [libFuzzer flags...]
# e.g. fuzz/run.sh signature -max_total_time=600 -jobs=1
# New inputs go to fuzz/corpus/TARGET (created by seed_corpus.py if
# missing), crashes to fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
target="$1"
shift
[ -d "corpus/$target" ] || python3 seed_corpus.py >/dev/null
mkdir -p "artifacts/$target"
exec "target/x86_64-unknown-linux-gnu/release/$target" \
    -artifact_prefix="artifacts/$target/" "$@" "corpus/$target"
