"""Machine code of Go assembly: `go tool asm -S` plus capstone decoding."""

from asm_ls.encoding.assemble import assemble, assemble_async
from asm_ls.encoding.decode import Decoded, decode
from asm_ls.encoding.listing import AsmError
from asm_ls.encoding.model import AssembledFunction, Assembly, Instruction

__all__ = [
    "AsmError",
    "Assembly",
    "Decoded",
    "AssembledFunction",
    "Instruction",
    "assemble",
    "assemble_async",
    "decode",
]
