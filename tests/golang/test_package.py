"""Reading a Go package: file selection per build context, bodyless functions,
their doc comments, directives and locations, variables, broken files,
overlays, imports through the module, GOROOT and the module cache."""

from pathlib import Path

import pytest
from support.paths import FIXTURES

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.golang import frame_layout, load_package
from asm_ls.golang.source import parse_file

MODULE = FIXTURES / "golang" / "module"
ASM = MODULE / "asm"
MODCACHE = FIXTURES / "golang" / "modcache"
AMD64 = BuildContext("linux", "amd64")


@pytest.fixture(autouse=True)
def module_cache(monkeypatch):
    monkeypatch.setenv("GOMODCACHE", str(MODCACHE))


def test_files_follow_the_build_context():
    amd64 = load_package(ASM, AMD64)
    arm64 = load_package(ASM, BuildContext("linux", "arm64"))
    assert amd64.name == "asm"
    assert amd64.import_path == "example.com/mod/asm"
    assert sorted(Path(f.path).name for f in amd64.files) == ["asm.go", "asm_amd64.go", "broken.go"]
    assert "onlyAMD64" in amd64.funcs and "onlyARM64" not in amd64.funcs
    assert "onlyARM64" in arm64.funcs and "onlyAMD64" not in arm64.funcs
    for skipped in ("ignored", "testOnly", "WithBody", "Method", "cgoOnly"):
        assert skipped not in amd64.funcs


def test_doc_comments_and_directives():
    funcs = load_package(ASM, AMD64).funcs
    assert funcs["Add"].doc == "Add returns x+y.\n\nIt is written in assembly."
    assert funcs["Add"].directives == ("//go:noescape", "//go:nosplit")
    assert funcs["nanotime"].directives == ("//go:linkname nanotime runtime.nanotime",)
    assert funcs["nanotime"].doc == ""


def test_locations_are_zero_based_code_point_ranges_of_the_name():
    funcs = load_package(ASM, AMD64).funcs
    add = funcs["Add"].location
    assert (Path(add.path).name, add.line, add.start, add.end) == ("asm.go", 50, 5, 8)
    # `func /* é */ Ünïcode`: é, Ü and ï are two UTF-8 bytes each but one code point.
    unicode = funcs["Ünïcode"].location
    assert (Path(unicode.path).name, unicode.line, unicode.start, unicode.end) == ("broken.go", 6, 13, 20)


def test_params_grouped_variadic_and_unnamed():
    funcs = load_package(ASM, AMD64).funcs
    assert [(p.name, p.type.name) for p in funcs["Add"].params] == [("x", "int"), ("y", "int")]
    assert [p.name for p in funcs["Add"].results] == [None]
    assert funcs["Variadic"].variadic and not funcs["Add"].variadic


def test_package_level_vars():
    variables = load_package(ASM, AMD64).vars
    assert set(variables) == {"Table", "counter", "total"}
    assert variables["Table"].location.line == 21
    assert variables["counter"].type is None  # inferred from the initializer


def test_a_broken_file_keeps_what_parses():
    package = load_package(ASM, AMD64)
    assert {"Good", "Ünïcode"} <= set(package.funcs)
    assert "Bad" not in package.funcs
    assert "Add" in package.funcs  # the other files are unaffected


@pytest.mark.parametrize("path", [ASM / "asm.go", MODULE.parent / "oracle" / "frames.go"])
def test_per_declaration_parsing_agrees_with_whole_file_parsing(path):
    text = path.read_text()
    broken = parse_file(str(path), text + "\nfunc Broken(x int\n")
    whole = parse_file(str(path), text)
    assert broken.funcs == whole.funcs
    assert (broken.types, broken.vars, broken.consts, broken.imports) == (
        whole.types,
        whole.vars,
        whole.consts,
        whole.imports,
    )


def test_declaration_keywords_inside_comments_and_strings_do_not_split():
    text = "package p\n\n/*\nfunc Fake()\n*/\nvar s = `\ntype T int\n`\n\nfunc Real(x int\nfunc After()\n"
    assert [f.name for f in parse_file("x.go", text).funcs] == ["After"]


def test_a_comment_trailing_code_is_not_a_doc_comment():
    go_file = parse_file("x.go", "package p\n\nfunc a() // trailing\nfunc b()\n")
    assert [f.doc for f in go_file.funcs] == ["", ""]


def test_garbage_never_raises():
    for text in ("", "package", "func (", "package p\nfunc F(x [) int\ntype T struct {", "\x00\xff"):
        parse_file("x.go", text)


def test_overlays_win_over_disk(tmp_path):
    (tmp_path / "a.go").write_text("package p\n\nfunc OnDisk(x int)\n")
    overlays = {
        str(tmp_path / "a.go"): "package p\n\nfunc Edited(x int8)\n",
        str(tmp_path / "new.go"): "package p\n\nfunc Unsaved() bool\n",
    }
    package = load_package(tmp_path, AMD64, overlays)
    assert set(package.funcs) == {"Edited", "Unsaved"}
    assert set(load_package(tmp_path, AMD64).funcs) == {"OnDisk"}


def test_parsed_files_are_cached_until_they_change(tmp_path):
    source = tmp_path / "a.go"
    source.write_text("package p\n\nfunc F(x int)\n")
    first = load_package(tmp_path, AMD64)
    assert load_package(tmp_path, AMD64).files[0] is first.files[0]
    source.write_text("package p\n\nfunc G(x int, y int)\n")
    assert set(load_package(tmp_path, AMD64).funcs) == {"G"}


def test_imported_named_types_from_module_module_cache_and_goroot():
    frame = frame_layout(load_package(ASM, AMD64).funcs["Polygon"], get_arch("amd64"))
    assert frame.unknown is None
    polygon, span, counter = frame.params
    assert (polygon.type, polygon.size) == ("example.com/mod/shapes.Polygon", 36)
    assert frame.lookup("p_Points_3_Y").offset == 28
    assert frame.lookup("p_Closed").offset == 32
    assert (span.type, span.offset, span.size) == ("example.org/Big/units.Span", 40, 16)
    assert frame.lookup("n_To").type == "example.org/Big/units.Meters"
    assert (counter.type, counter.offset, counter.size) == ("sync/atomic.Int64", 56, 8)


def test_sync_atomic_int64_is_8_aligned_even_on_386():
    frame = frame_layout(load_package(ASM, BuildContext("linux", "386")).funcs["Polygon"], get_arch("386"))
    assert frame.lookup("c").offset == 56  # after 36 + 16 = 52, rounded up to 8
    assert frame.lookup("n").offset == 36


def test_array_lengths_from_constants_iota_and_imports():
    frame = frame_layout(load_package(ASM, AMD64).funcs["Block"], get_arch("amd64"))
    assert frame.lookup("blocks").type == "[8]uint16"  # shapes.Corners * 2
    state = frame_layout(load_package(ASM, AMD64).funcs["Unsafe"], get_arch("amd64")).lookup("s")
    assert [(m.name, m.offset, m.size) for m in state.members] == [
        ("s_H", 8, 32),
        ("s_Len", 40, 8),
        ("s_Buf", 48, 8),
        ("s_Next", 56, 8),  # KindC = 2*4
    ]


@pytest.mark.parametrize(
    "function, reason",
    [
        ("Recursive", "invalid recursive type example.com/mod/asm.LoopA"),
        ("AliasCycle", "invalid recursive type example.com/mod/asm.AliasLoop"),
        ("Missing", "golang.org/x/unused@v0.1.0 is not in the module cache"),
        ("Undefined", "undefined type NoSuchType"),
    ],
)
def test_unknown_sizes_carry_a_reason(function, reason):
    frame = frame_layout(load_package(ASM, AMD64).funcs[function], get_arch("amd64"))
    assert frame.args_size is None and frame.results_offset is None
    assert reason in frame.unknown


def test_slots_before_an_unknown_size_are_kept():
    frame = frame_layout(load_package(ASM, AMD64).funcs["Recursive"], get_arch("amd64"))
    assert [(s.name, s.offset, s.size) for s in frame.params] == [("r", 0, 32)]
    assert frame.results == ()


def test_self_referential_types_through_pointers_and_slices_resolve():
    frame = frame_layout(load_package(ASM, AMD64).funcs["Recursive"], get_arch("amd64"))
    assert frame.lookup("r_Self").type == "*example.com/mod/asm.Ring"
    assert frame.lookup("r_Items_cap").offset == 16
