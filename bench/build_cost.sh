#!/usr/bin/env bash
# Build cost of #[cfunc]: compiles a throwaway crate with N cfuncs and the
# same crate with N plain `extern "C"` functions (same bodies), both from
# scratch of that crate only (dependencies prebuilt), and prints the time
# per function of each and their difference; once with straight-line
# bodies (compiled once) and once with bodies that loop (which #[cfunc]
# also compiles for AVX2 and AVX-512).
#
#   bash bench/build_cost.sh [N]        (default N = 500)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-500}"
work="$root/target/build-cost"
mkdir -p "$work"

make_crate() { # name kind body
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
            local body="${3//@/$i}"
            if [ "$2" = cfunc ]; then
                echo "#[cfunc(\"float64(float64, CPointer(float64), intc)\")]"
                echo "pub fn callback_$i(x: f64, p: *const f64, n: std::ffi::c_int) -> f64 { $body }"
            else
                echo "#[unsafe(export_name = \"callback_$i\")]"
                echo "pub unsafe extern \"C\" fn callback_$i(x: f64, p: *const f64, n: std::ffi::c_int) -> f64 { $body }"
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

straight='let _ = (p, n); x * @.0 + 1.0'
looping='let mut total = 0.0; for k in 0..n.max(0) as usize { total += x * unsafe { *p.add(k) } * @.0; } total'
report() { # label n cfunc_seconds plain_seconds
    awk -v label="$1" -v n="$2" -v c="$3" -v p="$4" 'BEGIN {
        printf "%-40s %10.2f %14.2f\n", "#[cfunc], " label, c, c * 1000 / n
        printf "%-40s %10.2f %14.2f\n", "plain extern \"C\", " label, p, p * 1000 / n
        printf "%-40s %10s %14.2f\n", "cost of #[cfunc] per fn, " label, "", (c - p) * 1000 / n
    }'
}
printf "%-40s %10s %14s\n" "crate ($n functions)" "build (s)" "per fn (ms)"
for kind in straight looping; do
    body=${!kind}
    make_crate "cfunc_$kind" cfunc "$body"
    make_crate "plain_$kind" plain "$body"
    cfunc_s=$(time_build "cfunc_$kind")
    plain_s=$(time_build "plain_$kind")
    report "$kind" "$n" "$cfunc_s" "$plain_s"
done
