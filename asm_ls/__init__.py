"""asm-ls: language server and checker for Go assembly."""

__version__ = "0.1.0"
