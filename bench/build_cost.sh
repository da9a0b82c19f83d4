#!/usr/bin/env bash
# Build cost of #[cfunc]: compiles a throwaway crate with N cfuncs and the
# same crate with N plain `extern "C"` functions (same bodies), both from
# scratch of that crate only (dependencies prebuilt), and prints the time
# per function of each and their difference.
#
#   bash bench/build_cost.sh [N]        (default N = 500)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-500}"
work="$root/target/build-cost"
mkdir -p "$work"

make_crate() { # name kind
    local dir="$work/$1"
    mkdir -p "$dir/src"
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
crate-type = ["rlib"]

[dependencies]
cfunc = { path = "$root" }

[workspace]
TOML
    {
        echo "#![allow(dead_code)]"
        [ "$2" = cfunc ] && echo "use cfunc::cfunc;"
        for i in $(seq 1 "$n"); do
            if [ "$2" = cfunc ]; then
                echo "#[cfunc(\"float64(float64, CPointer(float64), intc)\")]"
                echo "pub fn callback_$i(x: f64, p: *const f64, n: std::ffi::c_int) -> f64 { let _ = (p, n); x * $i.0 + 1.0 }"
            else
                echo "#[unsafe(export_name = \"callback_$i\")]"
                echo "pub extern \"C\" fn callback_$i(x: f64, p: *const f64, n: std::ffi::c_int) -> f64 { let _ = (p, n); x * $i.0 + 1.0 }"
            fi
        done
    } > "$dir/src/lib.rs"
}

time_build() { # name -> seconds
    local dir="$work/$1"
    (cd "$dir" && CARGO_TARGET_DIR="$work/target" cargo build --quiet --offline 2>/dev/null || \
        CARGO_TARGET_DIR="$work/target" cargo build --quiet)
    touch "$dir/src/lib.rs"
    local start end
    start=$(date +%s.%N)
    (cd "$dir" && CARGO_TARGET_DIR="$work/target" cargo build --quiet)
    end=$(date +%s.%N)
    awk "BEGIN { print $end - $start }"
}

make_crate with_cfunc cfunc
make_crate plain_extern plain
cfunc_s=$(time_build with_cfunc)
plain_s=$(time_build plain_extern)
awk -v n="$n" -v c="$cfunc_s" -v p="$plain_s" 'BEGIN {
    printf "%-28s %10s %14s\n", "crate (" n " functions)", "build (s)", "per fn (ms)"
    printf "%-28s %10.2f %14.2f\n", "#[cfunc]", c, c * 1000 / n
    printf "%-28s %10.2f %14.2f\n", "plain extern \"C\"", p, p * 1000 / n
    printf "%-28s %10s %14.2f\n", "cost of #[cfunc] per fn", "", (c - p) * 1000 / n
}'
