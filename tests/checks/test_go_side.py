"""missing-body and duplicate-text beyond the fixtures that go build judges
(tests/test_asmdecl_beyond.py): what makes a body come from elsewhere, and the
quick fix that adds a stub."""

import shutil
from pathlib import Path

from support.paths import FIXTURES

from asm_ls.engine.analyzer import Analyzer, Options

FIXTURES = FIXTURES / "asmdecl"


def findings(directory: Path, goarch: str, goos: str = "linux", code: str = "missing-body"):
    analyzer = Analyzer(Options(goarches=(goarch,), gooses=(goos,)))
    return [d for d in analyzer.check_directory(str(directory)) if d.code == code]


def write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


def test_bodies_from_elsewhere_are_not_missing(tmp_path):
    module = write(tmp_path, {"go.mod": "module example.com/m\n\ngo 1.22\n"})
    write(
        module / "impl",
        {
            "impl.go": 'package impl\n\nimport _ "unsafe"\n\n'
            "//go:linkname pushed example.com/m/p.Pushed\n"
            "func pushed() {}\n"
        },
    )
    package = write(
        module / "p",
        {
            "p.go": 'package p\n\nimport _ "unsafe"\n\n'
            "func Implemented()\n"
            "func Pushed()\n"
            "func Pulled()\n"
            "func unused()\n"
            "func used()\n"
            "func Missing()\n\n"
            "func Use() { used() }\n",
            "names.go": 'package p\n\nimport _ "unsafe"\n\n//go:linkname Pulled example.com/m/impl.Other\n',
            "p_amd64.s": "TEXT ·Implemented(SB), $0-0\n\tRET\n",
        },
    )
    assert sorted(d.message.split(":")[1].split("(")[0] for d in findings(package, "amd64")) == [
        " no TEXT ·Missing",
        " no TEXT ·used",
    ]


def test_wasm_imports_are_not_missing(tmp_path):
    package = write(
        tmp_path / "w",
        {
            "w.go": "package w\n\n//go:wasmimport env get\nfunc Get() int32\n\nfunc Set()\n",
            "w_wasm.s": "TEXT ·other(SB), $0-0\n\tRET\n",
        },
    )
    assert [d.message for d in findings(package, "wasm", "js")] == [
        "missing function body: no TEXT ·Set(SB) in the package's assembly for js/wasm"
    ]


def test_compiler_intrinsics_are_not_missing(goroot):
    """internal/runtime/atomic declares Loadint32 for loong64 with no TEXT: the compiler provides it."""
    assert findings(goroot / "src" / "internal" / "runtime" / "atomic", "loong64") == []


def test_the_stub_fix_adds_a_text_with_the_argument_size(tmp_path):
    package = tmp_path / "beyond" / "missingbody"
    shutil.copytree(FIXTURES / "beyond" / "missingbody", package)
    (tmp_path / "go.mod").write_text((FIXTURES / "go.mod").read_text())
    [missing] = findings(package, "arm64")
    [fix] = missing.fixes
    assert fix.title == "Add a TEXT stub for Sum to asm_arm64.s"
    [edit] = fix.edits
    target = Path(edit.span.source.path)
    target.write_text(edit.span.source.text[: edit.span.start] + edit.new_text)
    assert target.read_text().endswith("\n// func Sum(x []int64) int64\nTEXT ·Sum(SB), $0-32\n\tRET\n")
    assert findings(package, "arm64") == []
    assert [d.message for d in findings(package, "arm64", code="asmdecl")] == [
        "Sum: RET without writing to 8-byte ret+24(FP)"
    ]


def test_a_symbol_defined_once_per_ifdef_branch_is_no_duplicate(tmp_path):
    package = write(
        tmp_path / "d",
        {
            "d.go": "package d\n\nfunc F()\n",
            "d_amd64.s": "#ifdef GOOS_linux\nTEXT ·F(SB), $0-0\n\tRET\n#else\nTEXT ·F(SB), $0-0\n\tRET\n#endif\n",
        },
    )
    assert findings(package, "amd64", code="duplicate-text") == []
    assert findings(package, "amd64", "darwin", code="duplicate-text") == []
