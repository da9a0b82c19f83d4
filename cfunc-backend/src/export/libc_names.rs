//! The native-name guard: names the C library or libm already defines.

use std::sync::OnceLock;

const LIST: &str = include_str!("libc_names.txt");

fn names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&str> = LIST
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        names.sort_unstable();
        names
    })
}

/// Whether exporting `name` would replace a C library definition.
pub fn is_taken(name: &str) -> bool {
    names().binary_search(&name).is_ok()
}

/// Whether C reserves `name` to its implementation (C11 7.1.3: names that
/// begin with `__`, or with `_` and a capital letter): glibc defines
/// hundreds of them (`__errno_location`, `_IO_putc`), differently from one
/// release to the next.
pub fn is_reserved(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next() == Some('_')
        && chars
            .next()
            .is_some_and(|c| c == '_' || c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::{is_reserved, is_taken};

    #[test]
    fn c_library_and_libm_names_are_taken() {
        for name in [
            "abs", "round", "sin", "index", "fmod", "qsort", "printf", "exp",
        ] {
            assert!(is_taken(name), "{name}");
        }
    }

    #[test]
    fn underscore_libc_nonshared_and_newer_glibc_names_are_taken() {
        for name in [
            "_exit",
            "_setjmp",
            "atexit",
            "at_quick_exit",
            "strlcpy",
            "wcslcat",
        ] {
            assert!(is_taken(name), "{name}");
        }
        for name in ["__errno_location", "__libc_start_main", "_IO_putc", "__x"] {
            assert!(is_reserved(name), "{name}");
        }
        for name in ["_private", "my__cb", "x"] {
            assert!(!is_reserved(name), "{name}");
        }
    }

    #[test]
    fn ordinary_callback_names_are_free() {
        for name in [
            "add",
            "integrand",
            "my_callback",
            "invert",
            "foo",
            "cmp_f64",
        ] {
            assert!(!is_taken(name), "{name}");
        }
    }
}
