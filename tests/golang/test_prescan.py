"""The text pre-scan that decides which Go files a package must parse: it
may answer more than a parse finds, never less. Checked on hand-made
layouts (gofmt'ed or not) and against tree-sitter on files of the Go tree;
and a package read through it finds what a full parse finds."""

import os
import random
from pathlib import Path

import pytest

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.golang import frame_layout, load_package
from asm_ls.golang.goroot import find_goroot
from asm_ls.golang.prescan import declared_names, may_declare_bodyless, may_import_c, package_clause
from asm_ls.golang.source import parse_file

AMD64 = BuildContext("linux", "amd64")

# Each layout declares one bodyless function the pre-scan must not rule out.
BODYLESS = [
    "func f(x int) int\n",
    "func f(x interface{}) bool\n",
    "func f() struct {\n\ta int\n}\n",  # a struct result: the `{` is not a body
    "func f() interface {\n\tM()\n}\n",
    "func f(x struct {\n\ta int\n}) int\n",  # parentheses still open at the `{`
    "func f(\n\tx int,\n) int\n",
    "var x = 1; func f()\n",
    "  func f() // indented, with a comment\n",
]
WITH_BODY = [
    "func f(x int) int {\n\treturn x\n}\n",
    "func (r *T) f() (a, b int) {\n\treturn\n}\n",
    "func f() func() {\n\treturn nil\n}\n",
]


@pytest.mark.parametrize("layout", BODYLESS)
def test_a_bodyless_function_is_never_ruled_out(layout):
    text = "package p\n\n" + layout
    assert [f.name for f in parse_file("p.go", text).funcs] == ["f"]
    assert may_declare_bodyless(text)


@pytest.mark.parametrize("layout", WITH_BODY)
def test_files_whose_functions_all_have_bodies_are_not_parsed_for_them(layout):
    assert not may_declare_bodyless("package p\n\n" + layout)


@pytest.mark.parametrize(
    "text, kind, name",
    [
        ("type T int\n", "type", "T"),
        ("type /* why */ T int\n", "type", "T"),
        ("type // why\nT int\n", "type", "T"),
        ("var a, b, c int\n", "var", "c"),
        ("var a /* x */ , b int\n", "var", "b"),
        ("const /* class */ (\n\tspecial = iota\n\tliteral\n)\n", "const", "literal"),
        ("type (\n\tA int\n\tB struct{}\n)\n", "type", "B"),
        ("// the type of x\ntype T int\n", "type", "T"),  # a keyword in a comment does not hide the next one
        ("const a = 1; var v = 2\n", "var", "v"),
    ],
)
def test_declared_names_include_every_layout(text, kind, name):
    text = "package p\n\n" + text
    parsed = {
        "type": parse_file("p.go", text).types,
        "const": parse_file("p.go", text).consts,
        "var": parse_file("p.go", text).vars,
    }[kind]
    assert name in {d.name for d in parsed}
    assert name in declared_names(text)[kind]


def test_declared_names_of_a_file_without_groups_are_the_names_after_the_keywords():
    names = declared_names("package p\n\ntype T int\n\nvar v T\n\nfunc f() int { return 0 }\n")
    assert names == {"type": {"T"}, "var": {"v"}, "const": set()}


@pytest.mark.parametrize(
    "text, name",
    [
        ("package p\n", "p"),
        ("// Copyright\n\n/* doc\npackage wrong\n*/\npackage right // trailing\n", "right"),
        ("\ufeffpackage bom\n", "bom"),
        ("//go:build linux\n\npackage\nsplit\n", "split"),
    ],
)
def test_package_clause(text, name):
    assert parse_file("p.go", text).package == name
    assert package_clause(text) == name


def test_an_unusual_package_clause_is_left_to_the_parser():
    assert package_clause("package 1p\n") is None


def test_cgo_imports_are_never_ruled_out():
    for text in (
        'package p\n\nimport "C"\n',
        'package p\n\nimport (\n\t"fmt" // (x)\n\t"C"\n)\n',
        "package p\n\nimport `C`\n",
    ):
        assert any(spec.path == "C" for spec in parse_file("p.go", text).imports)
        assert may_import_c(text)


def test_types_constants_and_variables_are_found_in_files_the_package_did_not_parse_at_first(tmp_path):
    (tmp_path / "stub.go").write_text("package p\n\nfunc F(s Pair, a [N]byte) Count\n")
    (tmp_path / "types.go").write_text("package p\n\ntype (\n\tPair struct{ a, b int64 }\n\tCount int32\n)\n")
    (tmp_path / "consts.go").write_text("package p\n\nconst /* sizes */ N = 3\n\nvar V Pair\n")
    (tmp_path / "other.go").write_text("package p\n\nfunc helper() int { return 1 }\n")
    package = load_package(tmp_path, AMD64)
    frame = frame_layout(package.funcs["F"], get_arch("amd64"))
    assert frame.unknown is None
    assert [(slot.name, slot.size) for slot in frame.params] == [("s", 16), ("a", 3)]
    assert package.vars.get("V") is not None and package.consts.get("missing") is None
    assert set(package.types) == {"Pair", "Count"}


def _sample_of_go_tree(count: int) -> list[str]:
    goroot = find_goroot()
    if goroot is None:
        pytest.fail("go not found: .ci/run installs it")
    paths = sorted(str(p) for p in Path(goroot, "src").rglob("*.go"))
    return random.Random(8).sample(paths, count)


def test_the_prescan_never_misses_what_tree_sitter_finds_in_the_go_tree():
    checked = 0
    for path in _sample_of_go_tree(600):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        parsed = parse_file(path, text)
        names = declared_names(text)
        for kind, declarations in (("type", parsed.types), ("const", parsed.consts), ("var", parsed.vars)):
            missed = {d.name for d in declarations} - names[kind]
            assert not missed, (os.path.relpath(path), kind, missed)
        assert may_declare_bodyless(text) or not parsed.funcs, path
        assert may_import_c(text) or all(spec.path != "C" for spec in parsed.imports), path
        assert package_clause(text) in (None, parsed.package), path
        checked += 1
    assert checked > 500
