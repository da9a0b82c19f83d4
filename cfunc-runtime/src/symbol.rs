//! Which names a cfunc may export: not the names the C library or libm
//! already defines (exporting one would replace it for the whole
//! process), nor the names C reserves to its implementation.

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
///
/// ```
/// assert!(cfunc_runtime::symbol::is_taken("exp"));
/// assert!(!cfunc_runtime::symbol::is_taken("integrand"));
/// ```
pub fn is_taken(name: &str) -> bool {
    names().binary_search(&name).is_ok()
}

/// Whether C reserves `name` to its implementation (C11 7.1.3: names that
/// begin with `__`, or with `_` and a capital letter): glibc defines
/// hundreds of them (`__errno_location`, `_IO_putc`), differently from one
/// release to the next.
///
/// ```
/// assert!(cfunc_runtime::symbol::is_reserved("__init"));
/// assert!(!cfunc_runtime::symbol::is_reserved("_private"));
/// ```
pub fn is_reserved(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next() == Some('_')
        && chars
            .next()
            .is_some_and(|c| c == '_' || c.is_ascii_uppercase())
}

/// The symbol a cfunc written in Python exports: its Python name, or,
/// where that name is the C library's (`exp`, `fmax`), the name with
/// `_cfunc` appended, and where C reserves it (`__init`), `cfunc` put in
/// front; a letter outside ASCII is written `_u` and its code point. In
/// Numba too the Python name of a cfunc is not its symbol, so a Python
/// file may name a cfunc `fmax`, as SciPy's `generic_filter` examples do.
///
/// ```
/// use cfunc_runtime::symbol::python_cfunc_symbol;
/// assert_eq!(python_cfunc_symbol("integrand"), "integrand");
/// assert_eq!(python_cfunc_symbol("fmax"), "fmax_cfunc");
/// assert_eq!(python_cfunc_symbol("café"), "caf_u00e9");
/// ```
pub fn python_cfunc_symbol(name: &str) -> String {
    // Python names may be Unicode (`café`); C symbols are ASCII.
    if !name.is_ascii() {
        let mut ascii = String::new();
        for c in name.chars() {
            if c.is_ascii() {
                ascii.push(c);
            } else {
                ascii.push_str(&format!("_u{:04x}", u32::from(c)));
            }
        }
        return python_cfunc_symbol(&ascii);
    }
    if is_reserved(name) {
        format!("cfunc{name}")
    } else if is_taken(name) {
        format!("{name}_cfunc")
    } else {
        name.to_owned()
    }
}

/// The symbol of the twin that a cfunc with a complex argument or result
/// also exports: the same function with each complex argument passed by
/// pointer and the complex result written through a last `out` pointer,
/// for callers that have no complex type (Python's ctypes).
///
/// ```
/// assert_eq!(cfunc_runtime::symbol::byref_twin("cmul"), "cmul_byref");
/// ```
pub fn byref_twin(native_name: &str) -> String {
    format!("{native_name}_byref")
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
