//! `cfunc build FILE.py` and `cfunc check FILE.py`: Numba-style `@cfunc`
//! Python compiled ahead of time to a shared library, its C header and a
//! Python loader with Numba's `CFunc` interface.

mod build;
mod check;
mod loader;

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
    },
    /// Parse and type the file without building; print every error.
    Check {
        /// The Python file of `@cfunc` definitions.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            file,
            out_dir,
            name,
        } => build::build(&file, &out_dir, name.as_deref()),
        Command::Check { file } => check::check(&file).map(|count| {
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
