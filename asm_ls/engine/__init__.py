"""The engine shared by `asm-ls check` and the server.

It turns files into findings: the analyzer (each file preprocessed and parsed
per build context, a directory's files with their Go side as package units),
the registry that runs every check in asm_ls.checks on them and merges what
several build contexts found, the persistent check cache, the assembler's own
diagnostics, and incremental/ (a keystroke's findings without re-reading the
whole file).
"""
