"""Machine code of Go assembly: `go tool asm -S` plus capstone decoding."""

from asm_ls.encoding.assemble import assemble, assemble_async
from asm_ls.encoding.decode import Decoded, decode
from asm_ls.encoding.hover import LineCode, decoded_at, hover_markdown, line_code
from asm_ls.encoding.listing import AsmError
from asm_ls.encoding.model import Assembly, Function, Instruction

__all__ = [
    "AsmError",
    "Assembly",
    "Decoded",
    "Function",
    "Instruction",
    "LineCode",
    "assemble",
    "assemble_async",
    "decode",
    "decoded_at",
    "hover_markdown",
    "line_code",
]
