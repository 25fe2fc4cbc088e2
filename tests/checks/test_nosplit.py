"""nosplit-stack on a fixture package whose TEXT lines say what is expected,
its related information, the hover text, and where the limit comes from."""

import pytest
from support.paths import FIXTURES
from support.want import compare, found, read_wants

import asm_ls.checks.stack.graph
from asm_ls.arch import GOARCHES, get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.checks.stack.graph import nosplit_limit
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.features.hover.stack import nosplit_hover

PACKAGE = FIXTURES / "nosplit" / "stack"
AMD64 = BuildContext("linux", "amd64")


def stack_diagnostics():
    found = Analyzer(Options(goarches=("amd64",))).check_directory(str(PACKAGE))
    return [d for d in found if d.code == "nosplit-stack"]


def test_the_functions_the_linker_reports_are_reported():
    wanted = [want for path in sorted(PACKAGE.glob("*.s")) for want in read_wants(path)]
    assert compare(found(stack_diagnostics()), wanted, exact=True) == ([], [])


def test_the_diagnostic_sits_on_the_symbol_with_the_worst_chain_as_related_information():
    (caller,) = [d for d in stack_diagnostics() if d.function == "·caller"]
    assert caller.span.source.text[caller.span.start : caller.span.end] == "·caller(SB)"
    assert caller.arch == "amd64" and caller.severity == "error"
    steps = [
        (
            r.span.source.path.rsplit("/", 1)[1],
            r.span.source.line_text(r.span.lines_and_columns()[0]).strip(),
            r.message,
        )
        for r in caller.related
    ]
    assert steps == [
        ("a_amd64.s", "CALL ·callee(SB)", "main.caller grows 712 bytes, calls main.callee"),
        ("b_amd64.s", "TEXT ·callee(SB), NOSPLIT, $104-0", "main.callee grows 112 bytes"),
    ]


def hover(name: str, context: BuildContext = AMD64) -> str:
    package = Analyzer().package_unit(str(PACKAGE), context)
    function = next(f for unit in package.units for f in unit.program.functions if f.name == name)
    return nosplit_hover(package, function)


def test_hover_shows_the_height_against_the_limit_and_the_worst_chain():
    text = hover("·caller")
    assert "frame $696 + 8 (saved frame pointer) = 704 bytes" in text
    assert "NOSPLIT chain height: **824** bytes of the 792-byte limit (32 bytes over)" in text
    assert "1. `main.caller` grows 712 bytes, calls `main.callee`\n2. `main.callee` grows 112 bytes" in text


def test_hover_on_a_chain_under_the_limit_says_what_is_left():
    assert "**784** bytes of the 792-byte limit (8 bytes to spare)" in hover("·toSplitter")
    assert "calls `main.splitter`\n2. `main.splitter` grows 8 bytes, calls `runtime.morestack`" in hover("·toSplitter")


def test_hover_on_a_function_that_splits():
    assert "It splits: it checks the stack at entry, so a caller needs only 8 bytes" in hover("·splitter")


def test_hover_on_a_small_leaf_the_assembler_makes_nosplit():
    text = hover("·small")
    assert "the assembler marks a leaf with a frame this small NOSPLIT" in text
    assert "**72** bytes" in text


def test_hover_says_when_the_chain_continues_into_go_code():
    text = hover("·toGo")
    assert "calls `main.goNosplit`" in text
    assert "The height is a lower bound: Go code marked //go:nosplit: its frame is not known." in text


def test_hover_on_a_cycle():
    assert "NOSPLIT chain height: **infinite** (a cycle)" in hover("·spin")


@pytest.mark.parametrize("goarch", GOARCHES)
def test_the_installed_toolchain_has_the_tables_limit(goroot, goarch):
    for goos in get_arch(goarch).nosplit_limit:
        context = BuildContext(goos, goarch)
        assert nosplit_limit(context) == context.nosplit_limit()
        assert nosplit_limit(context, race=True) == context.nosplit_limit(race=True)


def fake_goroot(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return str(tmp_path)


STACKCHECK = (
    'limit := objabi.StackNosplit(*flagRace) - sc.callSize\nif buildcfg.GOARCH == "arm64" {\n\t// FP\n\tlimit -= 8\n}\n'
)


def test_the_limit_is_read_from_the_toolchain_in_use(tmp_path, monkeypatch):
    root = fake_goroot(
        tmp_path,
        {
            "internal/abi/stack.go": "const (\n\tStackNosplitBase = 1000\n)\n",
            "cmd/link/internal/ld/stackcheck.go": STACKCHECK,
        },
    )
    monkeypatch.setattr(asm_ls.checks.stack.graph, "find_goroot", lambda: root)
    assert nosplit_limit(BuildContext("linux", "amd64")) == 992
    assert nosplit_limit(BuildContext("linux", "arm64")) == 992
    assert nosplit_limit(BuildContext("linux", "arm")) == 1000
    assert nosplit_limit(BuildContext("linux", "386")) == 996
    assert nosplit_limit(BuildContext("openbsd", "amd64")) == 1992
    assert nosplit_limit(BuildContext("linux", "amd64"), race=True) == 1992


def test_older_toolchains_define_the_limit_elsewhere(tmp_path, monkeypatch):
    # go1.20 kept StackNosplitBase in objabi; before, StackLimit was StackGuard - StackSmall,
    # and the linker did not keep arm64's frame-pointer slot.
    go120 = fake_goroot(tmp_path / "go120", {"cmd/internal/objabi/stack.go": "\tStackNosplitBase = 800\n"})
    monkeypatch.setattr(asm_ls.checks.stack.graph, "find_goroot", lambda: go120)
    assert nosplit_limit(BuildContext("linux", "amd64")) == 792
    go119 = fake_goroot(
        tmp_path / "go119",
        {
            "cmd/internal/objabi/stack.go": "StackSmall = 128\nstackGuard := 928*stackGuardMultiplier(race) + StackSystem\n",
            "cmd/link/internal/ld/stackcheck.go": "limit := objabi.StackLimit(*flagRace) - sc.callSize\n",
        },
    )
    monkeypatch.setattr(asm_ls.checks.stack.graph, "find_goroot", lambda: go119)
    assert nosplit_limit(BuildContext("linux", "arm64")) == 800
    assert nosplit_limit(BuildContext("linux", "arm64"), race=True) == 1728


def test_without_a_toolchain_the_tables_decide(tmp_path, monkeypatch):
    monkeypatch.setattr(asm_ls.checks.stack.graph, "find_goroot", lambda: None)
    assert nosplit_limit(BuildContext("linux", "arm64")) == 792
    empty = fake_goroot(tmp_path, {"README": "not a Go tree\n"})
    monkeypatch.setattr(asm_ls.checks.stack.graph, "find_goroot", lambda: empty)
    assert nosplit_limit(BuildContext("linux", "riscv64")) == 800
