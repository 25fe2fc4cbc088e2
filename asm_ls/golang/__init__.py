"""The Go side of a package: bodyless declarations, types, sizes and the ABI0
argument frame that assembly functions address as `name+off(FP)`."""

from asm_ls.golang.frame import ArgFrame, Slot, frame_layout
from asm_ls.golang.package import GoPackage, load_package
from asm_ls.golang.render import render_frame
from asm_ls.golang.signature import parse_signature_comment, signature_above
from asm_ls.golang.source import GoFunc, GoVar, Location
from asm_ls.golang.typeexpr import Param

__all__ = [
    "ArgFrame",
    "GoFunc",
    "GoPackage",
    "GoVar",
    "Location",
    "Param",
    "Slot",
    "frame_layout",
    "load_package",
    "parse_signature_comment",
    "render_frame",
    "signature_above",
]
