"""One module per check; each has `run(unit) -> Iterable[Diagnostic]`.
Modules whose names start with `_` are shared helpers, not checks."""
