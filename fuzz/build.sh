#!/usr/bin/env bash
# Builds every fuzz target (or those named) without cargo-fuzz: the same
# RUSTFLAGS and target that `cargo fuzz build` uses, on the nightly
# toolchain. The binaries land in
# fuzz/target/x86_64-unknown-linux-gnu/release/<target>.
set -euo pipefail
cd "$(dirname "$0")"
TOOLCHAIN="${FUZZ_TOOLCHAIN:-nightly}"
TARGET_TRIPLE=x86_64-unknown-linux-gnu
export RUSTFLAGS="-Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
--cfg fuzzing -Zsanitizer=address ${FUZZ_EXTRA_RUSTFLAGS:-}"
# ASan needs frame pointers for useful stacks; cargo-fuzz sets this too.
export RUSTFLAGS="$RUSTFLAGS -Cforce-frame-pointers"
bins=()
for name in "$@"; do bins+=(--bin "$name"); done
# --target keeps build scripts and proc-macros uninstrumented, as
# cargo-fuzz does. --locked: fuzz/Cargo.lock is committed.
cargo "+$TOOLCHAIN" build --locked --release --target "$TARGET_TRIPLE" "${bins[@]}"
