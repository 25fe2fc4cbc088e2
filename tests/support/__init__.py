"""What the tests share: paths, the `// want` harness, tool requirements, LSP clients and the Go-toolchain oracle."""
