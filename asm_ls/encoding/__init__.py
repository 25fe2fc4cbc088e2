"""Machine code of Go assembly: `go tool asm -S` plus capstone decoding."""

from asm_ls.encoding.assemble import assemble, assemble_async
from asm_ls.encoding.decode import Decoded, decode
from asm_ls.encoding.hover import hover_markdown
from asm_ls.encoding.listing import AsmError
from asm_ls.encoding.model import Assembly, Function, Instruction

__all__ = [
    "AsmError",
    "Assembly",
    "Decoded",
    "Function",
    "Instruction",
    "assemble",
    "assemble_async",
    "decode",
    "hover_markdown",
]
