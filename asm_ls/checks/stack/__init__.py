"""NOSPLIT stack analysis, as the Go linker checks it: how the assembler lays
out each TEXT's stack per arch family (frames) and the graph of NOSPLIT calls
across files, packages and Go (graph). The checks nosplit-stack and
nosplit-directive and the hover on NOSPLIT read it."""
