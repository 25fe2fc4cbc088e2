"""Every Go name assembly can use, in process, on the goside fixture module
(mul: assembly calling Go functions with bodies, a variable, go_asm.h names,
another package and a //go:linkname push; other: implementing mul's fastMul
pulled by //go:linkname; method: a method's linker name): definition,
references, highlights, hover, implementation and the call hierarchy."""

from __future__ import annotations

import os

import pytest
from support.paths import FIXTURES
from support.workspace import spanned

from asm_ls.engine.analyzer import Analyzer
from asm_ls.features import calls
from asm_ls.features.hover import hover
from asm_ls.features.navigation import definition, highlights, implementation, references
from asm_ls.features.workspace import Workspace

ROOT = FIXTURES / "goside"
MUL_AMD64 = ROOT / "mul" / "mul_amd64.s"
MUL_ARM64 = ROOT / "mul" / "mul_arm64.s"
MUL_GO = ROOT / "mul" / "mul.go"
OTHER_GO = ROOT / "other" / "other.go"


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    ws = Workspace(Analyzer())
    ws.index.add_folder(str(ROOT))
    return ws


def at(path, needle: str, delta: int = 1) -> tuple[str, int]:
    return str(path), path.read_text().index(needle) + delta


def places(spans) -> list[tuple[str, int, str]]:
    return [spanned(s) for s in spans]


@pytest.mark.parametrize(
    ("path", "needle", "expected"),
    [
        (MUL_AMD64, "·mulGo", ("mul.go", 26, "mulGo")),  # a Go function with a body
        (MUL_ARM64, "·mulGo", ("mul.go", 26, "mulGo")),  # BL on arm64
        (MUL_AMD64, "·Counter", ("mul.go", 14, "Counter")),  # a variable
        (MUL_AMD64, "other·Helper", ("other.go", 10, "Helper")),  # another package
        (MUL_AMD64, "·pushed", ("other.go", 15, "pushedImpl")),  # pushed by //go:linkname from other
        (ROOT / "method" / "method_amd64.s", "·counter·Value", ("method.go", 13, "Value")),  # T·m: a value method
    ],
)
def test_definition_reaches_every_kind_of_go_declaration(workspace, path, needle, expected):
    assert places(definition(workspace, *at(path, needle, 2))) == [expected]


def test_a_pointer_method_is_not_a_value_methods_symbol():
    """`T·m` names the value method T.m; a method declared on *T has no such symbol."""
    path = str(ROOT / "method" / "bump_amd64.s")
    text = '#include "textflag.h"\n\nTEXT ·bump(SB), NOSPLIT, $0-0\n\tCALL ·counter·Bump(SB)\n\tCALL ·counter·Value(SB)\n\tRET\n'
    ws = Workspace(Analyzer(overlays={path: text}))
    ws.index.add_folder(str(ROOT))
    assert definition(ws, path, text.index("·counter·Bump") + 2) == []
    assert places(definition(ws, path, text.index("·counter·Value") + 2)) == [("method.go", 13, "Value")]


def test_hover_on_a_go_function_with_a_body_shows_its_declaration_and_doc(workspace):
    found = hover(workspace, *at(MUL_AMD64, "·mulGo", 2))
    assert found is not None
    assert "func mulGo(a, b int) int" in found.markdown
    assert "mulGo multiplies in Go; the assembly calls it." in found.markdown


def test_references_of_a_go_function_include_the_assembly_calling_it(workspace):
    found = places(references(workspace, *at(MUL_GO, "func mulGo", 6)))
    assert sorted(found) == [("mul.go", 26, "mulGo"), ("mul_amd64.s", 10, "·mulGo"), ("mul_arm64.s", 10, "·mulGo")]
    assert places(h.span for h in highlights(workspace, *at(MUL_AMD64, "·mulGo", 2))) == [("mul_amd64.s", 10, "·mulGo")]


def test_linknames_both_ways(workspace):
    # Pulled: mul's fastMul is other.asmMul, implemented in other's assembly.
    texts = [("other_amd64.s", 4, "·asmMul"), ("other_arm64.s", 4, "·asmMul")]
    assert places(implementation(workspace, *at(MUL_GO, "func fastMul", 6))) == texts
    assert places(implementation(workspace, *at(MUL_GO, "fastMul(a, b)"))) == texts
    pulled = places(references(workspace, *at(OTHER_GO, "func asmMul", 6)))
    assert ("mul.go", 36, "fastMul") in pulled and ("mul.go", 40, "fastMul") in pulled  # declaration and call
    # Pushed: other's pushedImpl is mul.pushed, which mul's assembly calls.
    pushed = places(references(workspace, *at(OTHER_GO, "func pushedImpl", 6)))
    assert ("mul_amd64.s", 18, "·pushed") in pushed


@pytest.mark.parametrize(
    ("path", "name", "says", "declared"),
    [
        (MUL_AMD64, "acc_buf", "`acc.buf`, offset 16 on amd64", ("mul.go", 19, "buf")),
        (MUL_ARM64, "acc_next", "`acc.next`, offset 48 on arm64", ("mul.go", 20, "next")),
        (MUL_AMD64, "acc__size", "size of struct `acc`: 56 on amd64", ("mul.go", 16, "acc")),
        (MUL_AMD64, "const_Scale", "constant `Scale`: 8 on amd64", ("mul.go", 11, "Scale")),
    ],
)
def test_go_asm_h_names_have_the_compilers_values_and_go_to_go(workspace, path, name, says, declared):
    found = hover(workspace, *at(path, name))
    assert found is not None
    assert says in found.markdown
    assert places(definition(workspace, *at(path, name))) == [declared]


def test_the_go_asm_h_include_goes_nowhere_rather_than_to_a_missing_file(workspace):
    assert definition(workspace, *at(MUL_AMD64, '"go_asm.h"', 2)) == []


def test_hover_in_go_lists_each_goarchs_text_with_flags_and_frame(workspace):
    found = hover(workspace, *at(MUL_GO, "func Mul(", 6))
    assert found is not None
    lines = found.markdown.splitlines()
    assert (
        "- amd64, mul_amd64.s:5: `TEXT ·Mul(SB), NOSPLIT, $24-24` (NOSPLIT; 24-byte frame, 24 bytes of arguments)"
        in lines
    )
    assert (
        "- arm64, mul_arm64.s:5: `TEXT ·Mul(SB), NOSPLIT, $32-24` (NOSPLIT; 32-byte frame, 24 bytes of arguments)"
        in lines
    )


def calls_of(found) -> list[tuple[str, str, list]]:
    return sorted((call.item.name, call.item.language, places(call.ranges)) for call in found)


def test_call_hierarchy_of_an_assembly_function(workspace):
    path, offset = at(MUL_AMD64, "TEXT ·Mul", 6)
    (item,) = calls.prepare(workspace, path, offset)
    assert (item.name, item.symbol, item.language) == ("·Mul", "example.com/goside/mul.Mul", "asm")
    assert spanned(item.selection) == ("mul_amd64.s", 5, "·Mul")
    outgoing = calls_of(calls.outgoing(workspace, path, item.selection.start, item.symbol))
    assert outgoing == [
        ("Helper", "go", [("mul_amd64.s", 17, "example·com∕goside∕other·Helper")]),
        ("mulGo", "go", [("mul_amd64.s", 10, "·mulGo")]),
        ("pushedImpl", "go", [("mul_amd64.s", 18, "·pushed")]),
    ]
    incoming = calls_of(calls.incoming(workspace, path, item.selection.start, item.symbol))
    assert incoming == [("Twice", "go", [("mul.go", 40, "Mul")])]


def test_call_hierarchy_of_a_go_function_assembly_calls(workspace):
    (item,) = calls.prepare(workspace, *at(MUL_AMD64, "·mulGo", 2))
    assert (item.name, item.language, spanned(item.selection)) == ("mulGo", "go", ("mul.go", 26, "mulGo"))
    incoming = calls_of(calls.incoming(workspace, str(MUL_GO), item.selection.start, item.symbol))
    assert incoming == [
        ("·Mul", "asm", [("mul_amd64.s", 10, "·mulGo")]),
        ("·Mul", "asm", [("mul_arm64.s", 10, "·mulGo")]),
    ]


def test_call_hierarchy_from_go_through_a_linkname_into_assembly(workspace):
    (item,) = calls.prepare(workspace, *at(MUL_GO, "func fastMul", 6))
    assert (item.symbol, spanned(item.selection)) == ("example.com/goside/other.asmMul", ("mul.go", 36, "fastMul"))
    outgoing = calls_of(calls.outgoing(workspace, str(MUL_GO), item.selection.start, item.symbol))
    assert outgoing == [("·tail", "asm", [("other_amd64.s", 8, "·tail")])]  # what its amd64 TEXT calls
    incoming = calls_of(calls.incoming(workspace, str(MUL_GO), item.selection.start, item.symbol))
    assert incoming == [("Twice", "go", [("mul.go", 40, "fastMul")])]


def test_definition_in_an_ifdef_block_the_default_context_skips(workspace):
    """`#ifdef GOOS_windows` in a file read for linux first: the name is the windows build's."""
    osdep = ROOT / "osdep" / "osdep_amd64.s"
    assert places(definition(workspace, *at(osdep, "·setupWindows", 2))) == [("osdep_windows.go", 4, "setupWindows")]
    assert places(definition(workspace, *at(osdep, "·setupLinux", 2))) == [("osdep_linux.go", 4, "setupLinux")]


@pytest.mark.parametrize(
    ("name", "needle", "declared"),
    [
        ("asm_amd64.s", "CALL\truntime·settls(SB)\n#endif\n\t// On some", "sys_windows_amd64.s"),  # GOOS_windows
        ("asm_amd64.s", "CALL\t·secretEraseRegisters(SB)", "secret_asm.go"),  # GOEXPERIMENT_runtimesecret
        ("asm_arm64.s", "BL\t·tlsinit(SB)", "sys_darwin_arm64.go"),  # TLS_darwin, which a header defines for darwin
    ],
)
def test_goroot_calls_in_blocks_for_another_goos_or_experiment(goroot, name, needle, declared):
    path = goroot / "src" / "runtime" / name
    ws = Workspace(Analyzer())
    found = definition(ws, *at(path, needle, needle.index("(SB)") - 2))
    assert declared in {os.path.basename(span.source.path) for span in found}


def test_a_modules_assembly_reaches_goroot(goroot):
    """runtime's Go function with a body and variable, another standard package's function."""
    path = str(ROOT / "mul" / "goroot_amd64.s")
    text = (
        '#include "textflag.h"\n\nTEXT ·g(SB), NOSPLIT, $0-0\n\tCALL runtime·entersyscall(SB)\n'
        "\tMOVQ runtime·m0(SB), AX\n\tCALL math∕bits·Len64(SB)\n\tRET\n"
    )
    ws = Workspace(Analyzer(overlays={path: text}))
    src = goroot / "src"
    expected = {
        "runtime·entersyscall": (src / "runtime" / "proc.go", "func entersyscall()"),
        "runtime·m0": (src / "runtime" / "proc.go", "\tm0 "),
        "math∕bits·Len64": (src / "math" / "bits" / "bits.go", "func Len64("),
    }
    for name, (go_file, declared) in expected.items():
        spans = definition(ws, path, text.index(name) + len(name) - 2)
        lines = {
            (span.source.path, span.source.text.splitlines()[span.source.position(span.start)[0]]) for span in spans
        }
        assert any(p == str(go_file) and line.startswith(declared) for p, line in lines), (name, lines)
