"""Definition, references and highlights as pure functions of (workspace, path,
offset), in process, on the fixture workspace: the same answers the server's
end-to-end tests (tests/lsp) get over stdio, without a client."""

import pytest
from support.workspace import ADD_AMD64, ADD_GO, USE_AMD64, fixture_workspace, offset_of, spanned

from asm_ls.features import navigation

ADD_REFERENCES = [
    ("use_amd64.s", 8, "wsmod∕add·Add"),
    ("add_amd64.s", 5, "·Add"),
    ("add_arm64.s", 4, "·Add"),
    ("add.go", 7, "Add"),
    ("add.go", 13, "Add"),
    ("use.go", 8, "Add"),
]


@pytest.fixture(scope="module")
def ws():
    return fixture_workspace()


def definition(ws, path, needle, nth=0, delta=1):
    return [spanned(s) for s in navigation.definition(ws, path, offset_of(path, needle, nth, delta))]


def references(ws, path, needle, nth=0, delta=1):
    return [spanned(s) for s in navigation.references(ws, path, offset_of(path, needle, nth, delta))]


def highlights(ws, path, needle, nth=0, delta=1):
    return [spanned(h.span) for h in navigation.highlights(ws, path, offset_of(path, needle, nth, delta))]


def test_a_text_symbol_goes_to_its_go_declaration(ws):
    assert definition(ws, ADD_AMD64, "·Add") == [("add.go", 7, "Add")]


def test_a_cross_package_call_goes_to_every_text_and_the_go_declaration(ws):
    assert definition(ws, USE_AMD64, "add·Add", delta=5) == [
        ("add_amd64.s", 5, "·Add"),
        ("add_arm64.s", 4, "·Add"),
        ("add.go", 7, "Add"),
    ]


def test_a_go_declaration_goes_to_its_texts(ws):
    assert definition(ws, ADD_GO, "func Add", delta=6) == [("add_amd64.s", 5, "·Add"), ("add_arm64.s", 4, "·Add")]


def test_references_reach_both_languages_and_other_packages(ws):
    assert references(ws, ADD_AMD64, "·Add") == ADD_REFERENCES
    assert references(ws, ADD_GO, "func Add", delta=6) == ADD_REFERENCES


def test_an_fp_reference_goes_to_the_go_parameter(ws):
    assert definition(ws, ADD_AMD64, "xs_len") == [("add.go", 10, "xs")]


def test_labels_are_scoped_to_their_function(ws):
    assert definition(ws, ADD_AMD64, "JZ\tdone", delta=4) == [("add_amd64.s", 24, "done")]
    assert references(ws, ADD_AMD64, "loop:") == [("add_amd64.s", 17, "loop"), ("add_amd64.s", 23, "loop")]


def test_macros_go_into_the_header_that_defines_them(ws):
    assert definition(ws, ADD_AMD64, "ZERO(AX)") == [("helpers.h", 2, "ZERO")]
    assert definition(ws, ADD_AMD64, "STEP") == [("helpers.h", 3, "STEP")]


def test_a_data_symbol_goes_to_its_globl_and_its_go_variable(ws):
    assert definition(ws, ADD_AMD64, "·table") == [("add_amd64.s", 32, "·table"), ("add.go", 15, "table")]


def test_highlights_stay_in_the_document(ws):
    assert highlights(ws, ADD_AMD64, "·table") == [("add_amd64.s", line, "·table") for line in range(28, 33)]
    assert highlights(ws, ADD_GO, "func Add", delta=6) == [("add.go", 7, "Add"), ("add.go", 13, "Add")]


def test_nothing_to_go_to_from_a_mnemonic(ws):
    assert definition(ws, ADD_AMD64, "ADDQ") == []
    assert references(ws, ADD_AMD64, "ADDQ") == []
