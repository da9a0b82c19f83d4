//! Programs that stress type inference build and run: locals that pass a
//! float down chains of 2 to 200 locals (in loops and in branches), and
//! random programs over int64 and float64 locals with `if`s and loops.
//! Their types are checked against a reference in `cfunc-python`'s
//! `tests/infer.rs`; here `cfunc build` compiles them, and a C program
//! calls them.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

const CHAIN_LENGTHS: &[usize] = &[
    2, 3, 4, 5, 8, 15, 16, 17, 18, 19, 32, 33, 64, 100, 128, 199, 200,
];

/// `x0 .. x{n-1}` start at 0; each iteration shifts them one place down
/// and sets the last to `0.5 * i`.
fn chain_in_a_loop(n: usize) -> String {
    let mut source = format!("@cfunc('float64(int64)')\ndef chain_loop_{n}(m):\n");
    for k in 0..n {
        writeln!(source, "    x{k} = 0").unwrap();
    }
    source += "    for i in range(m):\n";
    for k in 0..n - 1 {
        writeln!(source, "        x{k} = x{}", k + 1).unwrap();
    }
    writeln!(source, "        x{} = 0.5 * i\n    return x0 + x1", n - 1).unwrap();
    source
}

fn chain_in_a_loop_value(n: usize, m: i64) -> f64 {
    let mut x = vec![0.0f64; n];
    for i in 0..m {
        x.rotate_left(1);
        x[n - 1] = 0.5 * i as f64;
    }
    x[0] + x[1]
}

/// Even iterations shift down and set the last to `i + 0.5`; odd ones
/// shift up and set the first to `i`.
fn chain_in_branches(n: usize) -> String {
    let mut source = format!("@cfunc('float64(int64)')\ndef chain_branches_{n}(m):\n");
    for k in 0..n {
        writeln!(source, "    x{k} = 0").unwrap();
    }
    source += "    for i in range(m):\n        if i % 2 == 0:\n";
    for k in 0..n - 1 {
        writeln!(source, "            x{k} = x{}", k + 1).unwrap();
    }
    writeln!(source, "            x{} = i + 0.5\n        else:", n - 1).unwrap();
    for k in (1..n).rev() {
        writeln!(source, "            x{k} = x{}", k - 1).unwrap();
    }
    source += "            x0 = i\n    return x0 + x1\n";
    source
}

fn chain_in_branches_value(n: usize, m: i64) -> f64 {
    let mut x = vec![0.0f64; n];
    for i in 0..m {
        if i % 2 == 0 {
            x.rotate_left(1);
            x[n - 1] = i as f64 + 0.5;
        } else {
            x.rotate_right(1);
            x[0] = i as f64;
        }
    }
    x[0] + x[1]
}

/// A small deterministic generator (xorshift), so that a failure names a
/// program that can be rebuilt.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

const VARIABLES: u64 = 5;

fn random_expr(random: &mut Random, assigned: &[u64], depth: u32) -> String {
    match random.below(if depth == 0 { 3 } else { 5 }) {
        0 => random.below(10).to_string(),
        1 => format!("{}.5", random.below(10)),
        2 if !assigned.is_empty() => {
            format!(
                "v{}",
                assigned[random.below(assigned.len() as u64) as usize]
            )
        }
        2 => "m".to_owned(),
        _ => {
            let op = ["+", "-", "*"][random.below(3) as usize];
            format!(
                "({} {op} {})",
                random_expr(random, assigned, depth - 1),
                random_expr(random, assigned, depth - 1)
            )
        }
    }
}

/// A block at `indent`; `assigned` holds the locals assigned on every path
/// so far, which are the only ones it reads.
fn random_block(
    random: &mut Random,
    assigned: &mut Vec<u64>,
    indent: usize,
    depth: u32,
    out: &mut String,
) {
    let pad = " ".repeat(indent);
    for _ in 0..1 + random.below(4) {
        match random.below(if depth == 0 { 1 } else { 6 }) {
            1 => {
                writeln!(out, "{pad}if m > {}:", random.below(3)).unwrap();
                let mut then_assigned = assigned.clone();
                random_block(random, &mut then_assigned, indent + 4, depth - 1, out);
                writeln!(out, "{pad}else:").unwrap();
                random_block(random, assigned, indent + 4, depth - 1, out);
                assigned.retain(|v| then_assigned.contains(v));
            }
            2 => {
                writeln!(out, "{pad}for i{indent} in range(m):").unwrap();
                let mut inner = assigned.clone();
                random_block(random, &mut inner, indent + 4, depth - 1, out);
            }
            _ => {
                let target = random.below(VARIABLES);
                let value = random_expr(random, assigned, 2);
                writeln!(out, "{pad}v{target} = {value}").unwrap();
                if !assigned.contains(&target) {
                    assigned.push(target);
                }
            }
        }
    }
}

fn random_program(seed: u64) -> String {
    let mut random = Random(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut source = format!("@cfunc('float64(int64)')\ndef random_{seed}(m):\n");
    let mut assigned = Vec::new();
    random_block(&mut random, &mut assigned, 4, 2, &mut source);
    let result = match assigned.first() {
        Some(v) => format!("v{v}"),
        None => "0.0".to_owned(),
    };
    writeln!(source, "    return {result}").unwrap();
    source
}

#[test]
fn chains_and_random_programs_build_and_run() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inference");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut source = String::from("from numba import cfunc\n\n");
    for &n in CHAIN_LENGTHS {
        source += &chain_in_a_loop(n);
        source += "\n";
        source += &chain_in_branches(n);
        source += "\n";
    }
    const PROGRAMS: u64 = 40;
    for seed in 0..PROGRAMS {
        source += &random_program(seed);
        source += "\n";
    }
    let file = dir.join("inference.py");
    std::fs::write(&file, &source).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_cfunc"))
        .env(
            "CFUNC_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("cfunc-cache"),
        )
        .arg("build")
        .arg(&file)
        .arg("-o")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cfunc build failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // A C program calls every function and prints what it returns.
    let inputs = [0i64, 1, 2, 7, 40, 250];
    let mut calls = String::new();
    let mut names = Vec::new();
    for &n in CHAIN_LENGTHS {
        names.push(format!("chain_loop_{n}"));
        names.push(format!("chain_branches_{n}"));
    }
    names.extend((0..PROGRAMS).map(|seed| format!("random_{seed}")));
    for name in &names {
        for m in inputs
            .iter()
            .filter(|&&m| !name.starts_with("random") || m < 7)
        {
            writeln!(calls, "    printf(\"{name} {m} %.17g\\n\", {name}({m}));").unwrap();
        }
    }
    let driver = dir.join("driver.c");
    std::fs::write(
        &driver,
        format!("#include <stdio.h>\n#include \"inference.h\"\nint main(void) {{\n{calls}    return 0;\n}}\n"),
    )
    .unwrap();
    let exe = dir.join("driver");
    let compiled = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Werror"])
        .arg(&driver)
        .arg("-o")
        .arg(&exe)
        .arg(format!("-I{}", dir.display()))
        .arg(format!("-L{}", dir.display()))
        .arg("-linference")
        .arg(format!("-Wl,-rpath,{}", dir.display()))
        .output()
        .unwrap();
    assert!(
        compiled.status.success(),
        "{}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let run = Command::new(&exe).output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8(run.stdout).unwrap();
    let mut lines = 0;
    for line in stdout.lines() {
        let mut parts = line.split(' ');
        let (name, m, value) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let (m, value): (i64, f64) = (m.parse().unwrap(), value.parse().unwrap());
        let expected = match name.strip_prefix("chain_loop_") {
            Some(n) => Some(chain_in_a_loop_value(n.parse().unwrap(), m)),
            None => name
                .strip_prefix("chain_branches_")
                .map(|n| chain_in_branches_value(n.parse().unwrap(), m)),
        };
        if let Some(expected) = expected {
            assert_eq!(value, expected, "{name}({m})");
        }
        lines += 1;
    }
    assert!(lines > names.len() * 3, "{stdout}");
}
