"""asmdecl's diagnostics as a user sees them: where they point, which arch
they name, what happens without a Go declaration or without Go files."""

from pathlib import Path

from support.fixes import apply_edits
from support.paths import FIXTURES

from asm_ls.engine.analyzer import Analyzer, Options

FIXTURES = FIXTURES / "asmdecl"


def check(directory: Path, *goarches: str):
    analyzer = Analyzer(Options(goarches=goarches or None, gooses=("linux",)))
    return analyzer.check_directory(str(directory))


def place(diagnostic) -> tuple[int, int, int, int]:
    """1-based line, 1-based columns [start, end) and line of the end."""
    line, column, end_line, end_column = diagnostic.span.lines_and_columns()
    return line + 1, column + 1, end_line + 1, end_column + 1


def at_line(diagnostics, path: Path, line: int):
    return [d for d in diagnostics if d.path == str(path) and d.span.lines_and_columns()[0] + 1 == line]


def test_findings_point_at_the_operand_or_text_field():
    path = FIXTURES / "vet" / "x86" / "asm_amd64.s"
    found = check(path.parent, "amd64")
    lines = path.read_text().splitlines()

    [offset] = at_line(found, path, 24)  # MOVQ s+8(FP), AX
    assert lines[23][place(offset)[1] - 1 : place(offset)[3] - 1] == "s+8(FP)"
    [size] = at_line(found, path, 23)  # TEXT ·offsets(SB), NOSPLIT, $0-88
    assert lines[22][place(size)[1] - 1 : place(size)[3] - 1] == "-88"
    [missing] = at_line(found, path, 14)  # TEXT ·noDeclaration(SB), ...
    assert lines[13][place(missing)[1] - 1 : place(missing)[3] - 1] == "·noDeclaration(SB)"
    [ret] = at_line(found, path, 112)  # RET
    assert lines[111][place(ret)[1] - 1 : place(ret)[3] - 1] == "RET"
    assert ret.arch == "amd64" and ret.function == "·retNotWritten" and ret.severity == "error"


def test_each_arch_files_finding_is_in_vets_words_untagged_where_its_name_says_the_arch():
    found = [d for d in check(FIXTURES / "vet" / "risc") if d.code == "asmdecl" and "argSize: wrong" in d.message]
    assert sorted(a for d in found for a in d.arches) == sorted(
        ["arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x"]
    )
    for d in found:
        assert d.everywhere and d.shown == d.message  # (mips64 and mips64le share a file)
        assert d.message.startswith("argSize: wrong argument size 8; expected $...-")


def test_a_finding_in_a_macro_lands_in_its_body_with_the_use_as_related_information():
    path = FIXTURES / "beyond" / "macros" / "asm_amd64.s"
    [finding] = [d for d in check(path.parent, "amd64") if d.code == "asmdecl-macro"]
    lines = path.read_text().splitlines()
    line, start, _, end = place(finding)
    assert lines[line - 1].startswith("#define LOAD_X_WRONG") and lines[line - 1][start - 1 : end - 1] == "x+8(FP)"
    [use] = finding.related
    use_line, use_start, _, use_end = use.span.lines_and_columns()
    assert lines[use_line][use_start:use_end] == "LOAD_X_WRONG" and use.message == "expanded here, in offset"
    assert finding.severity == "warning"


def test_an_unsizable_parameter_is_said_once_per_function():
    path = FIXTURES / "unit" / "unknown" / "asm.s"
    found = check(path.parent)
    assert [(d.code, d.severity, d.arch, place(d)[:2]) for d in found] == [
        ("frame-unknown", "information", None, (5, 6))
    ]
    assert found[0].message.startswith(
        "unsized: argument frame not checked: size of example.com/asmdecl/unit/nothere.Value is unknown: "
    )


def test_without_go_files_only_signature_comments_are_checked(tmp_path):
    (tmp_path / "asm_amd64.s").write_text(
        '#include "textflag.h"\n'
        "TEXT ·f(SB), NOSPLIT, $0-8\n"
        "\tMOVQ x+0(FP), AX\n"
        "\tRET\n"
        "\n"
        "// func g(x int32) int32\n"
        "TEXT ·g(SB), NOSPLIT, $0-16\n"
        "\tMOVQ x+0(FP), AX\n"
        "\tRET\n"
    )
    found = [(d.code, d.span.lines_and_columns()[0] + 1, d.message) for d in check(tmp_path, "amd64")]
    assert found == [
        ("asmdecl-comment", 7, "g: wrong argument size 16; expected $...-12"),
        ("asmdecl-comment", 8, "g: invalid MOVQ of x+0(FP); int32 is 4-byte value"),
        ("asmdecl-comment", 9, "g: RET without writing to 4-byte ret+8(FP)"),
    ]


def test_quick_fixes_write_what_vet_expects(tmp_path):
    """Offsets, names, hardware-SP uses and argument sizes vet names the
    right value for are fixed in place; once applied, vet's complaint is gone."""
    package = tmp_path / "x86"
    package.mkdir()
    for name in ("decl.go", "asm_amd64.s"):
        (package / name).write_text((FIXTURES / "vet" / "x86" / name).read_text())
    (tmp_path / "go.mod").write_text("module example.com/asmdecl\n\ngo 1.22\n")
    path = package / "asm_amd64.s"
    before = check(package, "amd64")
    fixed = [d for d in before if d.fixes]
    assert {d.fixes[0].title for d in fixed} >= {
        "Change to s+0(FP)",
        "Change to -96",
        "Change to x+0(FP)",
        "Change to y+8(FP)",
        "Change to arg1+8(FP)",
    }
    path.write_text(apply_edits(path.read_text(), (e for d in fixed for f in d.fixes for e in f.edits)))
    after = {(d.span.lines_and_columns()[0], d.message.split(";")[0]) for d in check(package, "amd64")}
    assert not after & {(d.span.lines_and_columns()[0], d.message.split(";")[0]) for d in fixed}
