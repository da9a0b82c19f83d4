#!/usr/bin/env python3
"""Builds fuzz/corpus/<target>/ from the project's own inputs.

signature:   the strings of #[cfunc("...")], @cfunc("...") and
             parse_signature/parse_type("...") calls.
cdecl:       string literals that look like C declarations (cdef
             arguments, `cdef = "..."` attributes) in tests, examples,
             ui-tests and the cdecl unit tests.
python_text: tests/python/*.py, tests/fixtures/**/*.py, examples/**/*.py,
             bench/kernels/src/kernels.py, and the raw-string python!
             blocks of tests/, ui-tests/, examples/, benches/. A file
             larger than SPLIT_ABOVE (the differential suite) is seeded
             as its header with each top-level definition: small inputs
             mutate better, and one input of hundreds of cfuncs takes
             longer than the 1 s a run allows an input.
python_structured, views: inputs for `arbitrary`, so a few fixed
             pseudo-random byte strings (libFuzzer grows them).

Files are named by the SHA-1 of their content, as libFuzzer names its
own, so reruns add nothing twice. Run from anywhere; writes only under
fuzz/corpus/.
"""

import hashlib
import pathlib
import random
import re

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"
MAX_SEED = 64 * 1024
SPLIT_ABOVE = 8 * 1024

RUST_DIRS = ["tests", "examples", "ui-tests", "benches", "src", "cfunc-runtime/src",
             "cfunc-python/src", "cfunc-python/tests", "cfunc-macro/src", "cfunc-backend/src",
             "cfunc-cli/src", "bench"]

# "..." with escapes, and r"..." / r#"..."# raw strings.
STRING = re.compile(r'(?<![A-Za-z0-9_])(?:r(?P<hashes>#*)"(?P<raw>.*?)"(?P=hashes)|"(?P<plain>(?:[^"\\]|\\.)*)")', re.S)
C_WORDS = re.compile(r"\b(struct|typedef|int|double|float|char|void|size_t|unsigned|long|short|int\d+_t|uint\d+_t)\b")
SIG_CALL = re.compile(r'(?:#\[cfunc\(|@cfunc\(|parse_signature\(|parse_type\(|sig\s*=\s*)\s*"((?:[^"\\]|\\.)*)"')


def unescape(text):
    return (text.replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"')
            .replace("\\\\", "\\"))


def rust_files():
    for directory in RUST_DIRS:
        base = ROOT / directory
        if base.is_dir():
            yield from sorted(p for p in base.rglob("*.rs") if "target" not in p.parts)


def python_files():
    for pattern in ["tests/python/*.py", "tests/fixtures/**/*.py", "examples/**/*.py",
                    "bench/kernels/src/kernels.py", "bench/*.py", "ui-tests/**/*.py"]:
        yield from sorted(ROOT.glob(pattern))


def strings(source):
    for match in STRING.finditer(source):
        if match.group("raw") is not None:
            yield match.group("raw")
        else:
            yield unescape(match.group("plain"))


def python_pieces(source):
    """The file itself, or, when it is large, its header (what comes
    before the first decorator or def) with each top-level definition."""
    if len(source) <= SPLIT_ABOVE:
        yield source
        return
    blocks = re.split(r"\n\n+(?=@|def |class )", source)
    header, definitions = blocks[0], blocks[1:]
    for definition in definitions:
        yield header + "\n" + definition


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    if not data or len(data) > MAX_SEED:
        return 0
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / hashlib.sha1(data).hexdigest()
    if path.exists():
        return 0
    path.write_bytes(data)
    return 1


def main():
    counts = dict.fromkeys(["signature", "cdecl", "python_text", "python_structured", "views"], 0)
    for path in list(rust_files()) + list(python_files()):
        source = path.read_text(errors="replace")
        for match in SIG_CALL.finditer(source):
            counts["signature"] += write("signature", unescape(match.group(1)))
        if path.suffix != ".rs":
            continue
        for text in strings(source):
            if ";" in text and C_WORDS.search(text) and "fn " not in text and "@cfunc" not in text:
                counts["cdecl"] += write("cdecl", text)
            if ("@cfunc" in text or "def " in text or "return" in text) and "\n" in text:
                counts["python_text"] += write("python_text", text)
    for path in python_files():
        for piece in python_pieces(path.read_text(errors="replace")):
            counts["python_text"] += write("python_text", piece)
    rng = random.Random(21)
    for target in ["python_structured", "views"]:
        for size in [4, 16, 32, 64, 128, 256, 512, 1024] * 2:
            counts[target] += write(target, bytes(rng.randrange(256) for _ in range(size)))
    for target, count in counts.items():
        total = len(list((CORPUS / target).iterdir())) if (CORPUS / target).is_dir() else 0
        print(f"{target}: {count} new, {total} in fuzz/corpus/{target}")


if __name__ == "__main__":
    main()
