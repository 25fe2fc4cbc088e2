"""Hover: what the thing under the cursor is, in Markdown. A pure function of
(workspace, path, offset); machine code comes from a provider the caller
passes (the server runs the toolchain off its event loop)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from asm_ls import isa
from asm_ls.arch.textflag import set_flags
from asm_ls.features.go_asm import go_asm_markdown, go_asm_name
from asm_ls.features.hover.instruction import instruction_markdown
from asm_ls.features.hover.machine_code import LineCode
from asm_ls.features.hover.stack import nosplit_hover
from asm_ls.features.hover.words import comment_above, register_names, register_roles
from asm_ls.features.index import qualified_reference
from asm_ls.features.navigation import go_assembly
from asm_ls.features.target import Target
from asm_ls.features.workspace import GoDeclaration, Workspace, is_assembly
from asm_ls.golang import frame_layout, render_frame
from asm_ls.golang.types import Unresolved
from asm_ls.model import CheckUnit
from asm_ls.syntax.ast import join_tokens
from asm_ls.syntax.directives import DIRECTIVES, PSEUDO_REGISTERS
from asm_ls.syntax.lines import from_macro
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import Span
from asm_ls.syntax.text import text_header

# (unit, 1-based line) -> the line's machine code (Markdown, and its disassembly), or None.
EncodingProvider = Callable[[CheckUnit, int], "LineCode | None"]


@dataclass(frozen=True)
class Hover:
    markdown: str
    span: Span


def hover(workspace: Workspace, path: str, offset: int, encodings: EncodingProvider | None = None) -> Hover | None:
    if not is_assembly(path):
        return _go_hover(workspace, path, offset)
    unit = workspace.unit(path)
    if unit is None:
        return None
    frame_size = _frame_operand(workspace, unit, offset)
    if frame_size is not None:
        return frame_size
    located = workspace.target_at(path, offset)
    if located is None:
        return None
    unit, target = located
    render = _RENDERERS.get(target.kind)
    markdown = render(workspace, unit, target, encodings) if render else None
    return Hover(markdown, target.span) if markdown else None


def _go_hover(workspace: Workspace, path: str, offset: int) -> Hover | None:
    """In a Go file, on a function written in assembly (or a variable assembly uses):
    its TEXT (GLOBL) lines per GOARCH, with the flags and frame each one has and
    where it lives. gopls has the Go side; this is what it cannot know."""
    found = go_assembly(workspace, path, offset)
    if found is None or not found[1]:
        return None
    span, sites = found
    here = os.path.dirname(os.path.abspath(path))
    lines = []
    for site in sorted(sites, key=lambda s: (s.span.source.path, s.span.start)):
        where = os.path.relpath(site.span.source.path, here)
        line_number = site.span.source.position(site.span.start)[0]
        place = f"{where}:{line_number + 1}"
        text_lines = _text_lines_by_arch(workspace, site) if site.kind == "TEXT" else {}
        if not text_lines:
            entry = workspace.index.files.get(site.span.source.path)
            built = f" ({', '.join(entry.archs)})" if entry is not None and entry.archs else ""
            lines.append(f"- `{site.span.source.line_text(line_number).strip()}` in {place}{built}")
        for described, goarches in text_lines.items():
            lines.append(f"- {', '.join(goarches)}, {place}: {described}")
    return Hover("**In assembly**\n\n" + "\n".join(lines), span)


def _text_lines_by_arch(workspace: Workspace, site) -> dict[str, list[str]]:
    """The TEXT line at site as each build context of its file reads it
    (macros and #ifdef may differ): `TEXT ...` with its flags and frame -> GOARCHes."""
    source = site.span.source
    described: dict[str, list[str]] = {}
    for unit in workspace.units(source.path):
        _, statement = unit.program.statement_at(unit.source, site.span.start)
        if statement is None or statement.word != "TEXT":
            continue
        header = text_header(statement)
        flags = "|".join(name for name, _ in set_flags(header.flags)) or "no flags"
        frame = "frame not a constant" if header.frame is None else f"{header.frame}-byte frame"
        args = "arguments from the Go declaration" if header.args is None else f"{header.args} bytes of arguments"
        line = unit.source.line_text(unit.source.position(statement.span.start)[0]).strip()
        text = f"`{line}` ({flags}; {frame}, {args})"
        described.setdefault(text, [])
        if unit.context.goarch not in described[text]:
            described[text].append(unit.context.goarch)
    return described


def _code(language: str, text: str) -> str:
    return f"```{language}\n{text.rstrip()}\n```"


# --- symbols and functions ------------------------------------------------------


def _symbol(workspace: Workspace, unit: CheckUnit, target: Target, encodings) -> str:
    assert target.symbol is not None, "target_at gives a symbol target its SymbolRef"
    assert target.statement is not None, "target_at gives an operand's target its statement"
    qualified = qualified_reference(unit, target.symbol)
    directory = os.path.dirname(os.path.abspath(unit.source.path))
    declaration = workspace.go_declaration(qualified, directory, unit.context)
    parts = [f"`{qualified}`"]
    statement = target.statement
    if declaration is not None:
        parts[0] = _go_declaration_markdown(declaration)
    if target.is_definition and statement.word == "TEXT":
        function = _function_of(unit, statement)
        parts.append(_text_fields(unit, statement))
        parts += _frames(workspace, unit, function)
        parts.append(_stack(workspace, unit, function))
        if encodings is not None:
            machine = encodings(unit, unit.source.position(statement.span.start)[0] + 1)
            if machine:
                parts.append(machine.markdown)
    else:
        sites = workspace.index.definitions(qualified)
        if sites:
            where = ", ".join(
                sorted(
                    {
                        f"{os.path.basename(s.span.source.path)} ({', '.join(sorted(s.archs))})"
                        for s in sites
                        if s.kind in ("TEXT", "GLOBL")
                    }
                )
            )
            if where:
                parts.append(f"Defined in {where}")
    return "\n\n".join(p for p in parts if p)


def _go_declaration_markdown(declaration: GoDeclaration) -> str:
    source = declaration.span.source
    line = source.line_text(source.position(declaration.span.start)[0]).strip()
    doc = getattr(declaration.declaration, "doc", "")
    package = declaration.package.import_path
    return "\n\n".join(p for p in (_code("go", f"package {package}\n\n{line}"), doc) if p)


def _function_of(unit: CheckUnit, statement) -> Function | None:
    return next((f for f in unit.program.functions if f.text is statement), None)


def _stack(workspace: Workspace, unit: CheckUnit, function: Function | None) -> str:
    """The function's stack height and worst NOSPLIT chain, as the linker counts them."""
    if function is None:
        return ""
    assert unit.package is not None, "the analyzer gives every unit it makes its package"
    package = workspace.analyzer.package_unit(unit.package.directory, unit.context, including=unit)
    return nosplit_hover(package, function)


def _text_fields(unit: CheckUnit, statement) -> str:
    header = text_header(statement)
    names = set_flags(header.flags)
    flags = " | ".join(f"{name} ({value})" for name, value in names) if names else "none"
    frame = "not a constant" if header.frame is None else f"{header.frame} bytes"
    args = "taken from the Go declaration" if header.args is None else f"{header.args} bytes"
    return f"Flags: {flags}  \nLocal frame: {frame}  \nArguments and results: {args}"


def _frames(workspace: Workspace, unit: CheckUnit, function: Function | None) -> list[str]:
    func = workspace.function_signature(unit, function) if function is not None else None
    if func is None:
        return []
    tables = []
    for each in workspace.units(unit.source.path):
        try:
            tables.append(render_frame(frame_layout(func, each.arch)))
        except Unresolved as error:
            tables.append(f"{each.arch.name}: frame unknown ({error})")
    return [_code("text", "\n".join(dict.fromkeys(tables)))] if tables else []


# --- the frame operand: `$frame-args` ----------------------------------------------


def _frame_operand(workspace: Workspace, unit: CheckUnit, offset: int) -> Hover | None:
    """On `$0-24` of a TEXT line: what the two numbers are, and what the Go
    declaration makes the second (vet's `expected $...-24`: the `...` is
    the frame, whatever it is; the `-24` is what the caller passes)."""
    function, statement = unit.program.statement_at(unit.source, offset)
    if function is None or statement is not function.text or not function.text.operands:
        return None
    operand = function.text.operands[-1] if len(function.text.operands) >= 2 else None
    if function is None or operand is None or not operand.tokens or operand.tokens[0].text != "$":
        return None
    span = operand.span
    if not (span.source is unit.source and span.start <= offset <= span.end):
        return None
    header = text_header(function.text)
    written = operand.text()
    lines = [
        f"`{written}`: `$frame-args`. The first number is this function's own stack frame "
        "(its locals, in bytes); the number after `-` is the size of its arguments and results, "
        "laid out by the caller from `0(FP)` up."
    ]
    func = workspace.function_signature(unit, function)
    if func is not None:
        try:
            size = frame_layout(func, unit.arch).args_size
        except Unresolved:
            size = None
        if size is not None:
            frame = header.frame if header.frame is not None else 0
            if header.args == size:
                verdict = "as written"
            elif header.args is None:
                verdict = "the TEXT writes none"
            else:
                verdict = f"the TEXT says {header.args}"
            lines.append(
                f"On {unit.arch.name}, {func.name}'s Go declaration needs `-{size}` ({verdict}): "
                f"`${frame}-{size}`. vet's `expected $...-{size}` means: keep the frame, write `-{size}`."
            )
    return Hover("\n\n".join(lines), span)


# --- frame references -----------------------------------------------------------


def _frame(workspace: Workspace, unit: CheckUnit, target: Target, encodings) -> str | None:
    function, symbol = target.function, target.symbol
    if function is None or function.symbol is None or symbol is None or symbol.pseudo != "FP":
        return None
    func = workspace.function_signature(unit, function)
    if func is None:
        return f"`{target.name}`: {function.name} has no Go declaration to read its frame from"
    try:
        frame = frame_layout(func, unit.arch)
    except Unresolved as error:
        return f"`{target.name}`: frame unknown on {unit.arch.name} ({error})"
    slot = frame.lookup(target.name)
    if slot is None:
        names = ", ".join(f"`{s.name}+{s.offset}(FP)`" for s in frame.slots)
        return f"`{target.name}` is not a parameter or result of {function.name}; it has {names or 'none'}"
    role = "result" if slot.is_result else "argument"
    text = (
        f"{_code('text', f'{slot.name}+{slot.offset}(FP)  {slot.type}  {slot.size} bytes')}\n\n"
        f"{role} of `{func.name}` on {unit.arch.name}"
    )
    if symbol.has_offset and symbol.offset != slot.offset:
        text += f"\n\n**Wrong offset**: should be `{slot.name}+{slot.offset}(FP)`"
    return text


# --- registers, macros, instructions --------------------------------------------


def _register(workspace: Workspace, unit: CheckUnit, target: Target, encodings) -> str | None:
    arch = unit.arch
    name = target.name
    if name in PSEUDO_REGISTERS and name not in arch.registers:
        return f"**{name}** — pseudo-register: {PSEUDO_REGISTERS[name]}"
    register = arch.registers.get(name)
    if register is None:
        return None
    lines = [
        f"**{name}** — {arch.name} {register.kind} register" + (f", {register.width} bits" if register.width else "")
    ]
    if name in PSEUDO_REGISTERS:
        lines.append(f"pseudo-register: {PSEUDO_REGISTERS[name]}")
    lines += register_names(register)
    if register.aliases:
        lines.append("Also named in Go: " + ", ".join(f"`{a}`" for a in register.aliases))
    lines += register_roles(arch, name)
    return "  \n".join(lines)


def _macro(workspace: Workspace, unit: CheckUnit, target: Target, encodings) -> str:
    macro = target.macro
    assert macro is not None, "target_at gives a macro or flag target its definition"
    if go_asm_name(unit, macro):
        return go_asm_markdown(workspace, unit, target.name) or _code("c", macro.signature())
    params = f"({', '.join(macro.params)})" if macro.params is not None else ""
    body = join_tokens(macro.body)
    header = os.path.basename(macro.name_span.source.path)
    parts = [_code("c", f"#define {macro.name}{params} {body}")]
    doc = comment_above(macro.directive_span.source, macro.directive_span.start)
    if doc:
        parts.append(doc)
    if target.kind == "flag":
        parts.append(f"A flag from `{header}`.")
        if target.name == "NOSPLIT" and target.statement is not None and target.statement.word == "TEXT":
            parts.append(_stack(workspace, unit, _function_of(unit, target.statement)))
    elif os.path.abspath(macro.name_span.source.path) != os.path.abspath(unit.source.path):
        parts.append(f"Defined in `{header}`.")
    expansion = _expansion(unit, target)
    if expansion and expansion != body and not target.is_definition and target.kind == "macro":
        parts.append("Expands here to:\n\n" + _code("asm", expansion))
    if encodings is not None and not target.is_definition and target.kind == "macro":
        machine = encodings(unit, unit.source.position(target.span.start)[0] + 1)
        if machine:
            parts.append(machine.markdown)
    return "\n\n".join(parts)


def _expansion(unit: CheckUnit, target: Target) -> str:
    use = next(iter(unit.preprocessed.uses_at(target.span.source, target.span.start)), None)
    if use is None or use.span != target.span:
        use = next((u for u in unit.preprocessed.uses if u.span == target.span), None)
    if use is None:
        return ""
    lines: list[str] = []
    # (near the use: not a generated file's 100,000 statements)
    for statement in unit.program.statements_near(use.site.source, use.site.start):
        if from_macro(statement) and any(t.site == use.site for t in statement.tokens):
            lines.append(join_tokens([t for t in statement.tokens if t.kind != "NEWLINE"]))
    return "\n".join(lines)


def _instruction(workspace: Workspace, unit: CheckUnit, target: Target, encodings) -> str | None:
    """The form this line matches first (with the line's disassembly), the machine code,
    then the instruction's other forms."""
    machine = encodings(unit, unit.source.position(target.span.start)[0] + 1) if encodings is not None else None
    parts = []
    doc = isa.lookup(unit.arch.name, target.name)
    if doc is not None:
        written = target.statement.operands if target.statement is not None else []
        operands = ", ".join(operand.text() for operand in written)
        line = isa.line_form(doc.forms, operands, unit.arch, doc.arch_family, doc.mnemonic)
        parts.append(instruction_markdown(doc, line, machine.decoded if machine else ()))
    if machine:
        parts.append(machine.markdown)
    return "\n\n".join(parts) or None


def _directive(workspace: Workspace, unit: CheckUnit, target: Target, encodings) -> str | None:
    assert target.statement is not None, "target_at gives a directive target its statement"
    directive = DIRECTIVES.get(target.statement.word)
    if directive is None:
        return None
    text = f"{directive.summary}: `{directive.syntax}`." + (f" {directive.detail}" if directive.detail else "")
    return f"**{directive.name}** — {text}"


def _label(workspace: Workspace, unit: CheckUnit, target: Target, encodings) -> str | None:
    where = target.function.name if target.function and target.function.name else "the file's preamble"
    return f"label `{target.name}` in `{where}`"


def _include(workspace: Workspace, unit: CheckUnit, target: Target, encodings) -> str:
    assert target.include is not None, "target_at gives an include target its #include"
    path = target.include.path
    return f"`{path}`" if path else f"`{target.name}` was not found in the include path"


_RENDERERS = {
    "symbol": _symbol,
    "frame": _frame,
    "register": _register,
    "macro": _macro,
    "flag": _macro,
    "mnemonic": _instruction,
    "directive": _directive,
    "label": _label,
    "include": _include,
}
