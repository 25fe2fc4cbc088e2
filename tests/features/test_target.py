"""What is under the cursor (target_at), in process: the question every
position-based feature asks first, answered for each kind of word."""

import pytest
from support.workspace import ADD_AMD64, USE_AMD64, fixture_workspace, offset_of

from asm_ls.features.target import target_at


@pytest.fixture(scope="module")
def ws():
    return fixture_workspace()


def target(ws, path, needle, nth=0, delta=1):
    found = target_at(ws.unit(path), offset_of(path, needle, nth, delta))
    return (found.kind, found.name, found.is_definition) if found else None


@pytest.mark.parametrize(
    ("path", "needle", "delta", "expected"),
    [
        (ADD_AMD64, "·Add", 1, ("symbol", "·Add", True)),
        (USE_AMD64, "add·Add", 5, ("symbol", "wsmod∕add·Add", False)),
        (ADD_AMD64, "xs_len", 1, ("frame", "xs_len", False)),
        (ADD_AMD64, "JZ\tdone", 4, ("label", "done", False)),
        (ADD_AMD64, "loop:", 1, ("label", "loop", True)),
        (ADD_AMD64, "ZERO(AX)", 1, ("macro", "ZERO", False)),
        (ADD_AMD64, "NOSPLIT", 1, ("flag", "NOSPLIT", False)),
        (ADD_AMD64, "AX", 1, ("register", "AX", False)),
        (ADD_AMD64, "ADDQ", 1, ("mnemonic", "ADDQ", False)),
        (ADD_AMD64, "DATA", 1, ("directive", "DATA", False)),
        (ADD_AMD64, "textflag.h", 1, ("include", "textflag.h", False)),
    ],
)
def test_each_kind_of_word(ws, path, needle, delta, expected):
    assert target(ws, path, needle, delta=delta) == expected


def test_a_macro_argument_is_the_register_it_names(ws):
    assert target(ws, ADD_AMD64, "ZERO(AX)", delta=6) == ("register", "AX", False)


def test_blank_space_and_comments_are_no_target(ws):
    assert target(ws, ADD_AMD64, "// func Add", delta=4) is None
    assert target(ws, ADD_AMD64, "\n\n// func Sum", delta=1) is None
