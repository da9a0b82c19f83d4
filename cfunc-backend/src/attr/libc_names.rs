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

#[cfg(test)]
mod tests {
    use super::is_taken;

    #[test]
    fn c_library_and_libm_names_are_taken() {
        for name in [
            "abs", "round", "sin", "index", "fmod", "qsort", "printf", "exp",
        ] {
            assert!(is_taken(name), "{name}");
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
