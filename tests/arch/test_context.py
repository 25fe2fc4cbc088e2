"""Build contexts of assembly files: names, //go:build and // +build lines."""

import pytest
from support.paths import FIXTURES

from asm_ls.arch.constraint import ConstraintError, parse_go_build, parse_plus_build
from asm_ls.arch.context import BuildContext, contexts_for_file, file_matches

ARCH_FIXTURES = FIXTURES / "arch"
LINUX_AMD64 = BuildContext("linux", "amd64")


def fixture(name: str) -> tuple[str, str]:
    path = ARCH_FIXTURES / name
    return str(path), path.read_text()


def goarches_of(name: str, **kwargs) -> set[str]:
    return {ctx.goarch for ctx in contexts_for_file(*fixture(name), **kwargs)}


@pytest.mark.parametrize(
    ("name", "ctx", "expected"),
    [
        ("memmove_amd64.s", LINUX_AMD64, True),
        ("memmove_arm64.s", LINUX_AMD64, False),
        ("sys_linux_amd64.s", LINUX_AMD64, True),
        ("sys_linux_arm64.s", LINUX_AMD64, False),
        ("sys_darwin_amd64.s", LINUX_AMD64, False),
        ("sys_linux.s", BuildContext("android", "arm64"), True),  # android is linux too
        ("sys_solaris_amd64.s", BuildContext("illumos", "amd64"), True),
        ("sys_darwin_arm64.s", BuildContext("ios", "arm64"), True),
        ("asm_amd64_test.s", LINUX_AMD64, True),
        ("asm_arm64_test.s", LINUX_AMD64, False),
        ("linux.s", BuildContext("windows", "arm64"), True),  # no prefix: no constraint
        ("x_sparc64.s", LINUX_AMD64, False),  # known arch, just not ours
        ("x_unknown.s", LINUX_AMD64, True),
        ("_skipped_amd64.s", LINUX_AMD64, False),
        (".hidden.s", LINUX_AMD64, False),
    ],
)
def test_file_name_suffixes(name, ctx, expected):
    assert file_matches(f"/src/pkg/{name}", "TEXT ·f(SB), $0\n", ctx) is expected


@pytest.mark.parametrize(
    ("fixture_name", "goarches"),
    [
        (
            "gobuild-unix-not-386.s",
            {
                "amd64",
                "arm64",
                "loong64",
                "mips",
                "mipsle",
                "mips64",
                "mips64le",
                "ppc64",
                "ppc64le",
                "riscv64",
                "s390x",
            },
        ),
        ("plusbuild-linux-amd64-or-darwin.s", {"amd64", "arm64"}),
        ("gobuild-overrides-plusbuild.s", {"arm64"}),
        ("gobuild-release-and-tool-tags.s", {"amd64", "arm64"}),
        (
            "gobuild-custom-tag.s",
            {
                "386",
                "arm",
                "loong64",
                "mips",
                "mipsle",
                "mips64",
                "mips64le",
                "ppc64",
                "ppc64le",
                "riscv64",
                "s390x",
                "wasm",
            },
        ),
    ],
)
def test_constraints_decide_the_goarches(fixture_name, goarches):
    assert goarches_of(fixture_name) == goarches


@pytest.mark.parametrize(
    "fixture_name",
    [
        "plusbuild-without-blank-line.s",  # +build must be followed by a blank line
        "gobuild-after-code-is-ignored.s",  # only the header counts
        "gobuild-in-block-comment.s",
    ],
)
def test_constraints_outside_the_header_are_not_read(fixture_name):
    assert len(goarches_of(fixture_name)) == 14


def test_extra_tags_satisfy_constraints():
    path, text = fixture("gobuild-custom-tag.s")
    assert not file_matches(path, text, LINUX_AMD64)
    assert file_matches(path, text, LINUX_AMD64, frozenset({"purego"}))


def test_representative_goos_prefers_linux_then_alphabetical():
    path, text = fixture("plusbuild-linux-amd64-or-darwin.s")
    assert contexts_for_file(path, text) == [BuildContext("linux", "amd64"), BuildContext("darwin", "arm64")]
    path, text = fixture("gobuild-unix-not-386.s")
    assert BuildContext("linux", "amd64") in contexts_for_file(path, text, goarches=["amd64"])
    assert contexts_for_file("/p/x_windows.s", "", goarches=["arm64"]) == [BuildContext("windows", "arm64")]
    assert contexts_for_file("/p/x_amd64.s", "", goarches=["wasm"]) == []


def test_given_gooses_are_all_kept():
    contexts = contexts_for_file("/p/sys_amd64.s", "", gooses=["windows", "linux", "js"])
    assert contexts == [BuildContext("linux", "amd64"), BuildContext("windows", "amd64")]


def test_go_files_use_the_same_rules():
    text = "//go:build !purego\n\npackage p\n\nfunc f()\n"
    assert goarches_of_text("/p/decl_arm64.go", text) == {"arm64"}


@pytest.mark.parametrize("imports", ['import "C"', 'import (\n\t"os"\n\t"C"\n)'])
def test_cgo_go_files_are_out_because_cgo_is_off(imports):
    assert goarches_of_text("/p/cgo_linux.go", f"package p\n\n{imports}\n") == set()


def goarches_of_text(path: str, text: str) -> set[str]:
    return {ctx.goarch for ctx in contexts_for_file(path, text)}


@pytest.mark.parametrize(
    ("ctx", "defines"),
    [
        (LINUX_AMD64, {"GOOS_linux", "GOARCH_amd64", "GOAMD64_v1"}),
        (BuildContext("linux", "arm"), {"GOOS_linux", "GOARCH_arm", "GOARM_7", "GOARM_6", "GOARM_5"}),
        (BuildContext("darwin", "arm64"), {"GOOS_darwin", "GOARCH_arm64"}),
        (BuildContext("linux", "ppc64le"), {"GOOS_linux", "GOARCH_ppc64le", "GOPPC64_power8"}),
        (BuildContext("js", "wasm"), {"GOOS_js", "GOARCH_wasm"}),
    ],
)
def test_defines_are_the_macros_go_build_passes(ctx, defines):
    assert ctx.defines() == dict.fromkeys(defines, "1")


def test_contexts_sort_by_goos_then_goarch():
    assert sorted([BuildContext("linux", "arm64"), BuildContext("darwin", "amd64")])[0].goos == "darwin"


@pytest.mark.parametrize(
    ("expression", "tags", "expected"),
    [
        ("linux && amd64", {"linux", "amd64"}, True),
        ("linux && amd64", {"linux"}, False),
        ("!windows", {"linux"}, True),
        ("a || b && c", {"a"}, True),  # && binds tighter
        ("(a || b) && c", {"a"}, False),
        ("!(!a)", {"a"}, True),
        ("!a || b", {"a"}, False),  # ! binds tighter than ||
    ],
)
def test_go_build_expressions(expression, tags, expected):
    assert parse_go_build(expression)(tags.__contains__) is expected


@pytest.mark.parametrize("expression", ["", "a &&", "(a", "a b", "a || || b", "a,b", "!!a"])
def test_bad_go_build_expressions_are_errors(expression):
    with pytest.raises(ConstraintError):
        parse_go_build(expression)


@pytest.mark.parametrize(
    ("expression", "tags", "expected"),
    [
        ("linux,amd64 darwin", {"darwin"}, True),
        ("linux,amd64 darwin", {"linux"}, False),
        ("!windows", {"linux"}, True),
        ("!!linux", {"linux"}, False),  # old syntax reads !! as `ignore`
    ],
)
def test_plus_build_expressions(expression, tags, expected):
    assert parse_plus_build(expression)(tags.__contains__) is expected


def test_two_go_build_lines_make_the_file_an_error_that_never_builds():
    text = "//go:build linux\n//go:build amd64\n\nTEXT ·f(SB), $0\n"
    assert not file_matches("/p/f.s", text, LINUX_AMD64)


TAG_NAMES = ("linux", "amd64", "go1.21", "purego")


def go_build_trees():
    from hypothesis import strategies as st

    leaves = st.sampled_from(TAG_NAMES).map(lambda tag: (tag, tag))
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            children.map(
                lambda c: (f"!({c[0]})" if " " in c[0] or c[0].startswith("!") else f"!{c[0]}", f"(not {c[1]})")
            ),
            st.tuples(children, children).map(lambda p: (f"({p[0][0]} && {p[1][0]})", f"({p[0][1]} and {p[1][1]})")),
            st.tuples(children, children).map(lambda p: (f"({p[0][0]} || {p[1][0]})", f"({p[0][1]} or {p[1][1]})")),
        ),
        max_leaves=8,
    )


def test_go_build_parser_agrees_with_boolean_logic():
    from hypothesis import given
    from hypothesis import strategies as st

    @given(go_build_trees(), st.frozensets(st.sampled_from(TAG_NAMES)))
    def check(tree, tags):
        expression, python = tree
        truth = {tag.replace(".", "_"): tag in tags for tag in TAG_NAMES}
        assert parse_go_build(expression)(tags.__contains__) is eval(python.replace(".", "_"), {}, truth)

    check()


def test_extra_build_tags_select_files_as_go_build_tags_does():
    text = "//go:build purego && amd64\n\nTEXT ·f(SB), $0\n"
    assert contexts_for_file("/p/f.s", text, ["amd64"]) == []
    assert contexts_for_file("/p/f.s", text, ["amd64"], tags=("purego",)) == [
        BuildContext("linux", "amd64", ("purego",))
    ]
    assert file_matches("/p/f.s", text, BuildContext("linux", "amd64", ("purego",)))
