"""Signature comments above TEXT lines: `// func Add(x, y int64) (sum int64)`."""

import pytest
from support.paths import FIXTURES

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.golang import frame_layout, load_package, parse_signature_comment
from asm_ls.golang.typeexpr import TypeName

MODULE = FIXTURES / "golang" / "module"


def test_reads_params_and_results():
    func = parse_signature_comment("// func Add(x, y int64, buf []byte) (sum int64, ok bool)")
    assert func.name == "Add"
    assert [p.name for p in func.params] == ["x", "y", "buf"]
    assert func.params[0].type == func.params[1].type == TypeName("int64")
    assert [p.name for p in func.results] == ["sum", "ok"]
    assert func.location is None


@pytest.mark.parametrize(
    "text",
    [
        "// Add adds two numbers.",
        "// func",
        "// func Add(x int",
        "// function Add(x int)",
        "// func Add(x int) { return x }",
        "// func (s *State) Method()",
    ],
)
def test_other_comments_are_not_signatures(text):
    assert parse_signature_comment(text) is None


def test_predeclared_types_and_unsafe_pointer_need_no_package():
    func = parse_signature_comment("//func f(p unsafe.Pointer, n uintptr) (r int32)")
    frame = frame_layout(func, get_arch("arm64"))
    assert [(s.name, s.type, s.offset) for s in frame.slots] == [
        ("p", "unsafe.Pointer", 0),
        ("n", "uintptr", 8),
        ("r", "int32", 16),
    ]


def test_package_types_resolve_in_the_package_scope(monkeypatch):
    monkeypatch.setenv("GOMODCACHE", str(MODULE.parent / "modcache"))
    package = load_package(MODULE / "asm", BuildContext("linux", "amd64"))
    func = parse_signature_comment("// func f(s State, p shapes.Point) int", package.scope)
    frame = frame_layout(func, get_arch("amd64"))
    assert frame.unknown is None
    assert frame.lookup("s").type == "example.com/mod/asm.State"
    assert (frame.lookup("p").offset, frame.lookup("ret").offset) == (56, 64)
