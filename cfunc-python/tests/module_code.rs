//! The module level as real files have it: imports only module-level
//! Python uses, constants computed with Python's semantics, guarded
//! imports, and names bound twice. Their results against Numba are in the
//! differential suite (`module_constants_computed`, `rebound*`,
//! `guarded_by_import`).

mod support;

use cfunc_python::{Const, compile_with_constants};
use support::{compiled, errors_by_line};

/// The block's cfunc names, in definition order.
fn cfunc_names(source: &str) -> Vec<String> {
    let output = compiled(source);
    output
        .cfuncs
        .iter()
        .map(|cfunc| cfunc.name.clone())
        .collect()
}

#[test]
fn modules_only_python_uses_are_accepted() {
    let names = cfunc_names(
        "import sys, os\n\
         import typing\n\
         from functools import lru_cache\n\
         import pandas as pd\n\
         from numba import cfunc\n\
         sys.path.insert(0, os.getcwd())\n\
         frame = pd.DataFrame()\n\
         @cfunc('float64(float64)')\n\
         def f(x):\n    return x\n",
    );
    assert_eq!(names, ["f"]);
}

#[test]
fn a_cfunc_using_such_a_module_is_an_error_naming_what_it_uses() {
    let found = errors_by_line(
        "import pandas as pd\n\
         from astropy.constants import c\n\
         from numba import cfunc\n\
         @cfunc('float64(float64)')\n\
         def f(x):\n    return x * pd.pi + c\n",
    );
    let how = "a module cfunc does not load (cfunc code can use numba, numpy, math, ctypes, cffi and scipy); give its value at build time";
    assert_eq!(
        found,
        [
            format!(
                "6: `pd.pi` comes from `pandas`, {how} (`cfunc build --const pandas.pi=...`, or `const pandas.pi = ...` in `python!`), or bind it to a module-level name"
            ),
            format!(
                "6: `c` comes from `astropy.constants`, {how} (`cfunc build --const astropy.constants.c=...`, or `const astropy.constants.c = ...` in `python!`), or bind it to a module-level name"
            ),
        ]
    );
}

#[test]
fn values_given_at_build_time_fill_in_those_names() {
    let source = "import pandas as pd\n\
                  from astropy.constants import c\n\
                  from numba import cfunc\n\
                  @cfunc('float64(float64)')\n\
                  def f(x):\n    return x * pd.pi + c\n";
    let constants = [
        ("pandas.pi".to_owned(), Const::Float(3.25)),
        ("astropy.constants.c".to_owned(), Const::Int(299_792_458)),
    ];
    let output =
        compile_with_constants(source, &constants).unwrap_or_else(|errors| panic!("{errors:?}"));
    assert_eq!(output.cfuncs.len(), 1);
}

#[test]
fn module_constants_follow_python() {
    // Unpacking, nested unpacking, and `math`/`np` functions of constants.
    let names = cfunc_names(
        "import math\n\
         import numpy as np\n\
         from numba import cfunc\n\
         A, (B, C) = 1.5, (2, math.sqrt(4.0))\n\
         D = np.exp(0.0) + math.floor(2.5) + math.log(8.0, 2.0)\n\
         @cfunc('float64(float64)')\n\
         def f(x):\n    return x * A + B + C + D\n",
    );
    assert_eq!(names, ["f"]);
}

#[test]
fn a_guarded_import_takes_the_branch_numba_takes() {
    let names = cfunc_names(
        "try:\n    from numba import cfunc\n    HAVE_NUMBA = True\n\
         except ImportError:\n    HAVE_NUMBA = False\n\
         if HAVE_NUMBA:\n    @cfunc('float64(float64)')\n    def f(x):\n        return x\n\
         else:\n    def f(x):\n        return x\n",
    );
    assert_eq!(names, ["f"]);
}

#[test]
fn a_cfunc_in_control_flow_cfunc_cannot_decide_is_an_error_naming_it() {
    let found = errors_by_line(
        "import os\n\
         from numba import cfunc\n\
         if os.environ.get('FAST'):\n    @cfunc('float64(float64)')\n    def f(x):\n        return x\n\
         @cfunc('float64(float64)')\n\
         def g(x):\n    return x\n",
    );
    assert_eq!(
        found,
        [
            "5: the cfunc `f` cannot be built: it is defined inside control flow that cfunc does not run at compile time; define it at the top level"
        ]
    );
}

#[test]
fn rebinding_a_name_keeps_the_earlier_cfunc_under_another_name() {
    let names = cfunc_names(
        "from numba import cfunc\n\
         @cfunc('float64(float64)')\n\
         def s(x):\n    return x + 1.0\n\
         before = s\n\
         def other(x):\n    return x * 2.0\n\
         s = cfunc('float64(float64)')(other)\n\
         @cfunc('float64(float64)')\n\
         def s(x):\n    return x * 3.0\n",
    );
    // The first `s` is named by the name still bound to it; the second,
    // to which nothing else is bound, by its place.
    assert_eq!(names, ["before", "s_1", "s"]);
}

#[test]
fn the_spellings_of_numba_in_the_wild_resolve() {
    let names = cfunc_names(
        "import numba as nb\n\
         import numba\n\
         from numba import numba as nb2\n\
         from numba import types as nbt\n\
         @nb.cfunc(nb.types.float64(nb.types.float64))\n\
         def a(x):\n    return x\n\
         @numba.cfunc(numba.float64(numba.float64))\n\
         def b(x):\n    return x\n\
         @nb2.cfunc(nbt.float64(nbt.float64))\n\
         def c(x):\n    return x\n\
         @nb.cfunc('float64(float64)', nopython=True, cache=True)\n\
         def d(x):\n    return x\n",
    );
    assert_eq!(names, ["a", "b", "c", "d"]);
}

#[test]
fn two_cfuncs_exporting_one_symbol_are_an_error_before_linking() {
    let found = errors_by_line(
        "from numba import cfunc\n\
         @cfunc('float64(float64, float64)')\n\
         def fmax(x, y):\n    return max(x, y)\n\
         @cfunc('float64(float64, float64)')\n\
         def fmax_cfunc(x, y):\n    return max(x, y)\n",
    );
    assert_eq!(
        found,
        [
            "5: `fmax_cfunc` would export the symbol `fmax_cfunc`, as `fmax` does (its name is the C library's, so it exports `fmax_cfunc`); rename one of them"
        ]
    );
}

/// The README's example of module code, read from the README.
fn readme_module_code() -> &'static str {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("```python\nimport math, sys, typing")
        .expect("the README shows module code")
        + "```python\n".len();
    let length = readme[start..].find("```").expect("the block ends");
    &readme[start..start + length]
}

#[test]
fn the_readme_module_code_example_compiles_with_its_constant() {
    assert!(compile_with_constants(readme_module_code(), &[]).is_err());
    let constants = [("scipy.constants.c".to_owned(), Const::Float(299_792_458.0))];
    let output = compile_with_constants(readme_module_code(), &constants)
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    let names: Vec<&str> = output
        .cfuncs
        .iter()
        .map(|cfunc| cfunc.name.as_str())
        .collect();
    assert_eq!(names, ["clipped"]);
}
