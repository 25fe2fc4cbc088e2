"""The LSP edge: asm-ls diagnostics (code-point columns) to LSP types in the
client's position encoding (UTF-16 by default, UTF-8 or UTF-32 if chosen)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.protocol import default_converter
from pygls.workspace.position_codec import PositionCodec

from asm_ls.features.calls import Call, CallItem
from asm_ls.features.completion import Completions
from asm_ls.features.formatting import TextEdit
from asm_ls.features.inlay_hints import InlayHint
from asm_ls.features.navigation import Highlight
from asm_ls.features.semantic_tokens import SemanticToken
from asm_ls.features.signature_help import SignatureHelp
from asm_ls.features.structure import Fold, Link
from asm_ls.model import Diagnostic, Edit, Fix, Rename
from asm_ls.syntax.source import SourceFile, Span

if TYPE_CHECKING:
    from cattrs import Converter

SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def to_range(span: Span, codec: PositionCodec) -> types.Range:
    line, column, end_line, end_column = span.lines_and_columns()
    return types.Range(
        start=_to_position(span, line, column, codec), end=_to_position(span, end_line, end_column, codec)
    )


def _to_position(span: Span, line: int, column: int, codec: PositionCodec) -> types.Position:
    """Code-point column to client units, reading only that line."""
    return types.Position(line, _client_column(span, line, column, codec))


MAX_MESSAGE = 1000  # a message quoting a 1 MB operand would choke the editor


def to_lsp(diagnostic: Diagnostic, codec: PositionCodec, uri_of) -> types.Diagnostic:
    message = diagnostic.shown
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + "…"
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri_of(r.span.source.path), range=to_range(r.span, codec)),
            message=r.message,
        )
        for r in diagnostic.related
    ]
    return types.Diagnostic(
        range=to_range(diagnostic.span, codec),
        message=message,
        severity=SEVERITIES[diagnostic.severity],
        code=diagnostic.code,
        source=diagnostic.source,
        related_information=related or None,
    )


def to_text_edits(edits: list[TextEdit], source: SourceFile, codec: PositionCodec) -> list[types.TextEdit]:
    """Edits of source's text (code-point offsets) in the client's units."""
    return [
        types.TextEdit(range=to_range(Span(source, edit.start, edit.end), codec), new_text=edit.new_text)
        for edit in edits
    ]


def to_location(span: Span, codec: PositionCodec, uri_of) -> types.Location:
    return types.Location(uri=uri_of(span.source.path), range=to_range(span, codec))


def code_actions(
    published: list[tuple[types.Diagnostic, Diagnostic]],
    wanted: types.Range,
    codec: PositionCodec,
    uri_of,
    asked: Sequence[types.Diagnostic] = (),
    operations: frozenset[str] = frozenset(),
) -> list[types.CodeAction]:
    """The quick fixes of the published diagnostics on the lines of the
    range (wherever the cursor is on a line), and of those the client
    names (`context.diagnostics`). A fix that renames or creates a file
    is offered only to a client that can (`operations`: its
    `workspace.workspaceEdit.resourceOperations`)."""
    lines = types.Range(types.Position(wanted.start.line, 0), types.Position(wanted.end.line + 1, 0))
    named = {(_range_key(d.range), d.message, str(d.code)) for d in asked}
    actions = []
    for lsp, diagnostic in published:
        if not _touches(lsp.range, lines) and (_range_key(lsp.range), lsp.message, str(lsp.code)) not in named:
            continue
        for fix in diagnostic.fixes:
            edit = _workspace_edit(fix, codec, uri_of, operations)
            if edit is None:
                continue
            actions.append(
                types.CodeAction(
                    title=fix.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp],
                    is_preferred=fix.preferred or None,
                    edit=edit,
                )
            )
    return actions


def _range_key(r: types.Range) -> tuple[int, int, int, int]:
    return r.start.line, r.start.character, r.end.line, r.end.character


def _workspace_edit(fix: Fix, codec: PositionCodec, uri_of, operations: frozenset[str]) -> types.WorkspaceEdit | None:
    """The fix as a WorkspaceEdit: `changes` for text edits alone, else
    `documentChanges` with the renames and creations after the edits."""
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in fix.edits:
        changes.setdefault(uri_of(edit.span.source.path), []).append(
            types.TextEdit(range=to_range(edit.span, codec), new_text=edit.new_text)
        )
    if not fix.files:
        return types.WorkspaceEdit(changes=changes)
    needed = {"rename" if isinstance(f, Rename) else "create" for f in fix.files}
    if not needed <= operations:
        return None
    documents: list = [
        types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None), edits=list(edits)
        )
        for uri, edits in changes.items()
    ]
    for change in fix.files:
        if isinstance(change, Rename):
            documents.append(types.RenameFile(old_uri=uri_of(change.old_path), new_uri=uri_of(change.new_path)))
        else:
            uri = uri_of(change.path)
            start = types.Position(0, 0)
            documents.append(types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True)))
            documents.append(
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                    edits=[types.TextEdit(range=types.Range(start, start), new_text=change.text)],
                )
            )
    return types.WorkspaceEdit(document_changes=documents)


def _touches(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


COMPLETION_KINDS = {
    "mnemonic": types.CompletionItemKind.Keyword,
    "directive": types.CompletionItemKind.Keyword,
    "register": types.CompletionItemKind.Variable,
    "frame": types.CompletionItemKind.Field,
    "symbol": types.CompletionItemKind.Function,
    "label": types.CompletionItemKind.Reference,
    "macro": types.CompletionItemKind.Constant,
    "flag": types.CompletionItemKind.EnumMember,
    "include": types.CompletionItemKind.File,
}
_KIND_NUMBERS = {kind: number.value for kind, number in COMPLETION_KINDS.items()}
SYMBOL_KINDS = {
    "function": types.SymbolKind.Function,
    "variable": types.SymbolKind.Variable,
    "constant": types.SymbolKind.Constant,
    "label": types.SymbolKind.Key,
    "macro": types.SymbolKind.Constant,
}


class Json:
    """A result that is JSON already: sent as it is (see `converter`)."""

    __slots__ = ("value",)

    def __init__(self, value: dict | list) -> None:
        self.value = value


def converter() -> Converter:
    """pygls's converter, passing Json results through: cattrs would walk every
    key and value of a result again before json.dumps does."""
    made = default_converter()
    made.register_unstructure_hook(Json, lambda raw: raw.value)
    return made


def to_completion_list(found: Completions, codec: PositionCodec, data: list, edit_range_default: bool) -> dict:
    """A completion list as LSP JSON: labels, kinds, sort and filter texts,
    edits, and in `data` what completionItem/resolve describes an item by
    (data + its kind). Items that replace the word under the cursor take its
    range from `itemDefaults.editRange` when the client reads it. Built as
    plain JSON: made as lsprotocol objects and unstructured, a list costs
    more than finding its items."""
    ranges: dict[tuple[int, int], dict] = {}

    def range_of(span: Span) -> dict:
        key = (span.start, span.end)
        found_range = ranges.get(key)
        if found_range is None:
            line, column, end_line, end_column = span.lines_and_columns()
            found_range = ranges[key] = {
                "start": {"line": line, "character": _client_column(span, line, column, codec)},
                "end": {"line": end_line, "character": _client_column(span, end_line, end_column, codec)},
            }
        return found_range

    default = (found.span.start, found.span.end) if edit_range_default and found.span is not None else None
    items = []
    for item in found:
        span, new_text = item.edit
        entry: dict = {"label": item.label, "kind": _KIND_NUMBERS[item.kind], "sortText": item.sort_text}
        if item.filter_text != item.label:
            entry["filterText"] = item.filter_text
        if (span.start, span.end) == default:
            if new_text != item.label:
                entry["textEditText"] = new_text
        else:
            entry["textEdit"] = {"range": range_of(span), "newText": new_text}
        entry["data"] = [*data, item.kind]
        items.append(entry)
    result: dict = {"isIncomplete": found.incomplete, "items": items}
    if default is not None and found.span is not None:
        result["itemDefaults"] = {"editRange": range_of(found.span)}
    return result


def _client_column(span: Span, line: int, column: int, codec: PositionCodec) -> int:
    return codec.client_num_units(span.source.line_text(line)[:column])


def to_document_symbols(found, codec: PositionCodec) -> list[types.DocumentSymbol]:
    return [
        types.DocumentSymbol(
            name=symbol.name,
            kind=SYMBOL_KINDS.get(symbol.kind, types.SymbolKind.Null),
            detail=symbol.detail or None,
            range=to_range(symbol.span, codec),
            selection_range=to_range(symbol.selection_span, codec),
            children=to_document_symbols(symbol.children, codec) or None,
        )
        for symbol in found
    ]


def to_workspace_symbols(found, codec: PositionCodec, uri_of) -> list[types.WorkspaceSymbol]:
    return [
        types.WorkspaceSymbol(
            name=symbol.name,
            kind=SYMBOL_KINDS.get(symbol.kind, types.SymbolKind.Null),
            container_name=symbol.container or None,
            location=to_location(symbol.span, codec, uri_of),
        )
        for symbol in found
    ]


def to_call_item(item: CallItem, codec: PositionCodec, uri_of) -> types.CallHierarchyItem:
    """An item of the call hierarchy; its data names the symbol (the linker's
    name) so that incoming and outgoing calls find it again."""
    return types.CallHierarchyItem(
        name=item.name,
        kind=types.SymbolKind.Function,
        uri=uri_of(item.span.source.path),
        range=to_range(item.span, codec),
        selection_range=to_range(item.selection, codec),
        detail=item.detail,
        data={"symbol": item.symbol, "language": item.language},
    )


def to_incoming_calls(calls: list[Call], codec: PositionCodec, uri_of) -> list[types.CallHierarchyIncomingCall]:
    return [
        types.CallHierarchyIncomingCall(
            from_=to_call_item(call.item, codec, uri_of), from_ranges=[to_range(s, codec) for s in call.ranges]
        )
        for call in calls
    ]


def to_outgoing_calls(calls: list[Call], codec: PositionCodec, uri_of) -> list[types.CallHierarchyOutgoingCall]:
    return [
        types.CallHierarchyOutgoingCall(
            to=to_call_item(call.item, codec, uri_of), from_ranges=[to_range(s, codec) for s in call.ranges]
        )
        for call in calls
    ]


# --- editing features ------------------------------------------------------------------


def to_workspace_edit(edits: list[Edit], codec: PositionCodec, uri_of) -> types.WorkspaceEdit:
    """Edits in any files (code-point spans) as one WorkspaceEdit."""
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in edits:
        changes.setdefault(uri_of(edit.span.source.path), []).append(
            types.TextEdit(range=to_range(edit.span, codec), new_text=edit.new_text)
        )
    return types.WorkspaceEdit(changes=changes)


HIGHLIGHT_KINDS = {
    "text": types.DocumentHighlightKind.Text,
    "read": types.DocumentHighlightKind.Read,
    "write": types.DocumentHighlightKind.Write,
}


def to_highlights(found: list[Highlight], codec: PositionCodec) -> list[types.DocumentHighlight]:
    return [types.DocumentHighlight(range=to_range(h.span, codec), kind=HIGHLIGHT_KINDS[h.kind]) for h in found]


def encode_semantic_tokens(tokens: list[SemanticToken], source: SourceFile, codec: PositionCodec) -> list[int]:
    """LSP's relative encoding (delta line, delta start, length, type,
    modifiers), columns and lengths in the client's units: converted only
    on lines that are not ASCII."""
    data: list[int] = []
    previous_line = 0
    previous_start = 0
    line_text = ""
    converted_line = -1
    ascii_line = True
    for line, column, length, kind, modifiers in tokens:
        if line != converted_line:
            line_text = source.line_text(line)
            ascii_line = line_text.isascii()
            converted_line = line
        if not ascii_line:
            start = codec.client_num_units(line_text[:column])
            length = codec.client_num_units(line_text[column : column + length])
            column = start
        delta_line = line - previous_line
        data += (delta_line, column - previous_start if delta_line == 0 else column, length, kind, modifiers)
        previous_line, previous_start = line, column
    return data


def client_token_data(data: list[int], source: SourceFile, codec: PositionCodec) -> list[int]:
    """A whole file's tokens in LSP's relative encoding, code points, as the
    client counts columns: converted on the lines that are not ASCII only,
    found by a search of the text and the tokens' lines summed in C (a
    generated file's 300,000 tokens were walked one by one in Python for the
    `·` of its TEXT lines: half a second the editor's keystrokes waited for)."""
    text = source.text
    if text.isascii():
        return data
    lines = list(itertools.accumulate(data[0::5]))  # each token's line
    converted = list(data)
    for line in sorted({source.position(match.start())[0] for match in _NON_ASCII.finditer(text)}):
        first, last = bisect.bisect_left(lines, line), bisect.bisect_right(lines, line)
        line_text = source.line_text(line)
        start = client_start = 0
        for token in range(first, last):
            at = 5 * token
            start = data[at + 1] if token == first else start + data[at + 1]  # the line's first: absolute
            client = codec.client_num_units(line_text[:start])
            converted[at + 1] = client if token == first else client - client_start
            converted[at + 2] = codec.client_num_units(line_text[start : start + data[at + 2]])
            client_start = client
    return converted


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_BLOCK = 4096


def token_data_edit(old: list[int], new: list[int]) -> tuple[int, int, list[int]]:
    """The one edit (start, how many to delete, what to insert) turning a
    file's earlier tokens data into the new: what a delta request answers."""
    shorter = min(len(old), len(new))
    prefix = 0
    while prefix < shorter and old[prefix : prefix + _BLOCK] == new[prefix : prefix + _BLOCK]:
        prefix += _BLOCK  # (list slices compare in C)
    prefix = min(prefix, shorter)
    while prefix < shorter and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    most = shorter - prefix
    while (
        suffix + _BLOCK <= most
        and old[len(old) - suffix - _BLOCK : len(old) - suffix] == new[len(new) - suffix - _BLOCK : len(new) - suffix]
    ):
        suffix += _BLOCK
    while suffix < most and old[len(old) - suffix - 1] == new[len(new) - suffix - 1]:
        suffix += 1
    return prefix, len(old) - prefix - suffix, new[prefix : len(new) - suffix]


HINT_KINDS = {"type": types.InlayHintKind.Type, "parameter": types.InlayHintKind.Parameter}


def to_inlay_hints(found: list[InlayHint], source: SourceFile, codec: PositionCodec) -> Json:
    """The hints as LSP JSON: a client asks for a whole generated file's (Neovim
    does), ten thousand and more, and making lsprotocol objects of them, then
    cattrs unstructuring those, was most of the request. In ASCII text, code
    points are every encoding's units (and most hints follow ASCII only)."""
    hints = []
    for hint in found:
        line, column = source.position(hint.offset)
        before = source.line_text(line)[:column]
        if not before.isascii():
            column = codec.client_num_units(before)
        item: dict = {
            "position": {"line": line, "character": column},
            "label": hint.label,
            "kind": HINT_KINDS[hint.kind].value,
        }
        if hint.tooltip:
            item["tooltip"] = hint.tooltip
        item["paddingLeft"] = True
        hints.append(item)
    return Json(hints)


def to_signature_help(found: SignatureHelp, codec: PositionCodec) -> types.SignatureHelp:
    signatures = []
    for signature in found.signatures:
        label = signature.label
        parameters = [
            types.ParameterInformation(
                label=(codec.client_num_units(label[:start]), codec.client_num_units(label[:end]))
            )
            for start, end in signature.parameters
        ]
        documentation = (
            types.MarkupContent(kind=types.MarkupKind.Markdown, value=signature.documentation)
            if signature.documentation
            else None
        )
        signatures.append(types.SignatureInformation(label=label, documentation=documentation, parameters=parameters))
    return types.SignatureHelp(
        signatures=signatures, active_signature=found.active_signature, active_parameter=found.active_parameter
    )


FOLD_KINDS = {
    "region": types.FoldingRangeKind.Region,
    "comment": types.FoldingRangeKind.Comment,
    "imports": types.FoldingRangeKind.Imports,
}


def to_folding_ranges(found: list[Fold]) -> list[types.FoldingRange]:
    return [types.FoldingRange(start_line=f.start_line, end_line=f.end_line, kind=FOLD_KINDS[f.kind]) for f in found]


def to_document_links(found: list[Link], codec: PositionCodec, uri_of, tooltips: bool) -> list[types.DocumentLink]:
    return [
        types.DocumentLink(
            range=to_range(link.span, codec), target=uri_of(link.target), tooltip=link.target if tooltips else None
        )
        for link in found
    ]


def to_selection_range(spans: list[Span], codec: PositionCodec) -> types.SelectionRange | None:
    """Innermost first in; the LSP nests outward through parent."""
    selection = None
    for span in reversed(spans):
        selection = types.SelectionRange(range=to_range(span, codec), parent=selection)
    return selection
