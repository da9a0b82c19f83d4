//! `cfunc build FILE.py` and `cfunc check FILE.py`: Numba-style `@cfunc`
//! Python compiled ahead of time to a shared library, its C header and a
//! Python loader with Numba's `CFunc` interface.

mod build;
mod check;
mod loader;

use cfunc_python::Const;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cfunc",
    version,
    about = "Compile Numba-style @cfunc Python ahead of time"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build `libNAME.so`, `NAME.h` and `NAME.py` from a Python file.
    Build {
        /// The Python file of `@cfunc` definitions.
        file: PathBuf,
        /// Where to write the outputs (default: the current directory).
        #[arg(short = 'o', long = "out-dir", default_value = ".")]
        out_dir: PathBuf,
        /// The library's name (default: the file's stem).
        #[arg(long)]
        name: Option<String>,
        /// The value of a name the file imports from a module cfunc does
        /// not load, as `pkg.c=299792458.0` (repeatable).
        #[arg(long = "const", value_name = "NAME=VALUE")]
        constants: Vec<String>,
    },
    /// Parse and type the file without building; print every error.
    Check {
        /// The Python file of `@cfunc` definitions.
        file: PathBuf,
        /// As for `build`.
        #[arg(long = "const", value_name = "NAME=VALUE")]
        constants: Vec<String>,
    },
}

/// `pkg.c=299792458.0` entries, parsed.
fn parse_constants(entries: &[String]) -> Result<Vec<(String, Const)>, String> {
    entries
        .iter()
        .map(|entry| {
            let (name, value) = entry
                .split_once('=')
                .ok_or_else(|| format!("`--const {entry}`: write it as NAME=VALUE"))?;
            let name = name.trim();
            let valid = !name.is_empty()
                && name.split('.').all(|part| {
                    part.chars()
                        .next()
                        .is_some_and(|c| c.is_alphabetic() || c == '_')
                        && part.chars().all(|c| c.is_alphanumeric() || c == '_')
                });
            if !valid {
                return Err(format!("`--const {entry}`: `{name}` is not a Python name"));
            }
            let constant = Const::parse(value).ok_or_else(|| {
                format!("`--const {entry}`: `{value}` is not an int, a float or True/False")
            })?;
            Ok((name.to_owned(), constant))
        })
        .collect()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            file,
            out_dir,
            name,
            constants,
        } => parse_constants(&constants)
            .and_then(|constants| build::build(&file, &out_dir, name.as_deref(), &constants)),
        Command::Check { file, constants } => parse_constants(&constants)
            .and_then(|constants| check::check(&file, &constants))
            .map(|count| {
                println!(
                    "{}: {count} cfunc{} ok",
                    file.display(),
                    if count == 1 { "" } else { "s" }
                );
            }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
