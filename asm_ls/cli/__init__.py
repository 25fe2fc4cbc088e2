"""The `asm-ls` command line: argument parsing and subcommands (main), the
file discovery of `asm-ls check` (discovery) and its parallel, cached run
and output (check), and `asm-ls fmt` (fmt)."""
