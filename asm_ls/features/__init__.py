"""Editor features, each a pure function of (workspace, path, offset): the
workspace and its index, what is under the cursor, navigation, symbols,
hover/, completion/, formatting. The LSP layer (asm_ls.lsp) only converts
positions and types around them."""
