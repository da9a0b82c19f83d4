#!/usr/bin/env bash
# CI smoke run of the fuzz targets: build them all without cargo-fuzz
# (build.sh), seed the corpora from the project (seed_corpus.py), then
# run each target for FUZZ_SECONDS (30) from its corpus on one core.
# Fails if any target crashes, leaks, times out (> 1 s on one input) or
# runs out of memory; the crashing input is in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"
targets=(signature cdecl python_text python_structured views)
start=$(date +%s)
./build.sh
built=$(date +%s)
echo "fuzz smoke: built in $((built - start)) s"
python3 seed_corpus.py
mkdir -p artifacts
status=0
for target in "${targets[@]}"; do
    echo "fuzz smoke: $target for ${seconds} s"
    if ! ./run.sh "$target" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 \
        -print_final_stats=1 2>"artifacts/$target.log"; then
        echo "fuzz smoke: $target FAILED" >&2
        tail -n 60 "artifacts/$target.log" >&2
        status=1
    else
        grep -E '^stat::number_of_executed_units' "artifacts/$target.log" || true
    fi
done
echo "fuzz smoke: ran in $(($(date +%s) - built)) s"
exit "$status"
