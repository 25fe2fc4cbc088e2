"""Signature help as a pure function: a macro's parameters while its
arguments are typed, an instruction's operand forms with the current operand
marked and the forms that fit what is typed first."""

from __future__ import annotations

from support.workspace import EDITING, fixture_workspace

from asm_ls.features.signature_help import signature_help

AMD64 = str(EDITING / "vec" / "vec_amd64.s")
ARM64 = str(EDITING / "vec" / "vec_arm64.s")


def helped(path: str, line: int, typed: str):
    """(signature labels, the active parameter's text) with `typed` as line (1-based), cursor at its end."""
    lines = open(path).read().split("\n")
    lines[line - 1] = typed
    workspace = fixture_workspace({path: "\n".join(lines)}, root=EDITING)
    offset = sum(len(text) + 1 for text in lines[: line - 1]) + len(typed)
    found = signature_help(workspace, path, offset)
    if found is None:
        return None
    active = found.signatures[found.active_signature]
    start, end = active.parameters[found.active_parameter]
    return [s.label for s in found.signatures], active.label[start:end]


def test_a_macros_parameters_as_its_arguments_are_typed():
    assert helped(AMD64, 13, "\tADDTO(") == (["ADDTO(src, dst)"], "src")
    assert helped(AMD64, 13, "\tADDTO((SI), ") == (["ADDTO(src, dst)"], "dst")  # the comma inside (SI) is no separator
    assert helped(ARM64, 12, "\tZERO(") == (["ZERO(r)"], "r")


def test_an_instructions_forms_in_go_order():
    labels, active = helped(AMD64, 13, "\tMOVQ\t$1, ")
    assert labels[0] == "MOVQ imm32, r/m64" and active == "r/m64"  # an immediate first: its forms lead
    labels, active = helped(AMD64, 13, "\tMOVQ\t")
    assert active == labels[0].split(" ", 1)[1].split(", ")[0]
    labels, active = helped(ARM64, 12, "\tADD\t$1, R2, ")
    assert labels[0] == "ADD $imm, R, R" and active == "R"
    labels, active = helped(ARM64, 12, "\tLDP\t(R0), ")
    assert labels[0] == "LDP (R), (R, R)" and active == "(R, R)"


def test_nothing_outside_operands():
    assert helped(AMD64, 13, "\tMOVQ") is None  # still typing the mnemonic
    assert helped(AMD64, 13, "// MOVQ $1, ") is None
    assert helped(AMD64, 13, "\tNOSUCH\t$1, ") is None
