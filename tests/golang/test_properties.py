"""Properties of sizes and frames over generated Go types, and of the parser
over arbitrary text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from asm_ls.arch import get_arch
from asm_ls.golang import frame_layout, parse_signature_comment
from asm_ls.golang.source import parse_file

BASIC = st.sampled_from(
    [
        "bool",
        "int8",
        "uint16",
        "int32",
        "int64",
        "float32",
        "float64",
        "complex64",
        "complex128",
        "int",
        "uintptr",
        "string",
        "any",
        "*int",
        "[]byte",
    ]
)

TYPES = st.recursive(
    BASIC,
    lambda inner: st.one_of(
        st.tuples(st.integers(0, 3), inner).map(lambda t: f"[{t[0]}]{t[1]}"),
        st.lists(inner, max_size=4).map(
            lambda fields: "struct{" + "; ".join(f"f{i} {t}" for i, t in enumerate(fields)) + "}"
        ),
    ),
    max_leaves=8,
)

GOARCHES = st.sampled_from(["amd64", "386", "arm", "arm64", "mips", "s390x"])


@settings(max_examples=150, deadline=None)
@given(st.lists(TYPES, min_size=1, max_size=4), st.lists(TYPES, max_size=2), GOARCHES)
def test_frame_invariants(params, results, goarch):
    arch = get_arch(goarch)
    signature = "f(" + ", ".join(f"p{i} {t}" for i, t in enumerate(params)) + ")"
    if results:
        signature += " (" + ", ".join(f"r{i} {t}" for i, t in enumerate(results)) + ")"
    frame = frame_layout(parse_signature_comment("// func " + signature), arch)
    assert frame.unknown is None
    end = 0
    for slot in frame.slots:
        assert slot.offset >= end
        assert slot.size % _widest_word(slot, arch) == 0  # gc pads every type to its alignment
        for child in slot.walk():  # every component lies inside its parameter
            assert slot.offset <= child.offset and child.offset + child.size <= slot.offset + slot.size
        end = slot.offset + slot.size
    assert frame.args_size == end if frame.slots else frame.args_size == 0
    if results:
        assert frame.results_offset % arch.max_align == 0


def _widest_word(slot, arch) -> int:
    """The largest machine word inside the slot, capped at the arch's max alignment."""
    words = [c.size for c in slot.walk() if not c.parts and not c.members]
    return min(max(words, default=1) or 1, arch.max_align)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('package funcvartype(){}[]*.,;\n\t xyzπ0123"`/')), max_size=200))
def test_parser_never_raises(text):
    parse_file("fuzz.go", text)
