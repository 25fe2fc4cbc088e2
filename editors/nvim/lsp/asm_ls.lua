---@brief
---
--- asm-ls: the language server for Go assembly, the `.s` files that
--- `go tool asm` assembles. Diagnostics for every GOARCH, hover, go to
--- definition, references, completion and symbols.
---
--- Install the server so that `asm-ls` is on `PATH`. asm-ls is not on PyPI
--- yet: install it from a checkout (`pipx install /path/to/asm-ls`) or from a
--- wheel built there (`pip wheel --no-deps -w dist .`, then
--- `pipx install dist/asm_ls-*.whl`). Once published, `pipx install asm-ls`
--- will do.
---
--- Neovim 0.11+: put this directory on 'runtimepath' (or copy this file to
--- `lsp/asm_ls.lua` in your config) and enable it:
---
--- ```lua
--- vim.lsp.enable('asm_ls')
--- ```
---
--- Go assembly gets the `goasm` filetype from `ftdetect/goasm.vim` next to
--- this directory: `.s` files are told apart from GNU assembly by content.
---
--- asm-ls also attaches to `go` buffers, next to gopls: from a bodyless Go
--- declaration (or a call of one) definition and implementation go to its
--- `TEXT` in each `.s` file, references include the assembly's, and hover
--- shows where it is implemented. gopls answers for everything else; asm-ls
--- answers nothing in Go code that has no assembly. To keep it to `.s`
--- files: `vim.lsp.config('asm_ls', { filetypes = { 'goasm' } })`.
---
--- Editing: rename (`grn`, with prepareRename: symbols with their Go
--- declaration, labels, macros, `#include` names, `x+8(FP)` arguments with
--- the Go parameter), formatting (`vim.lsp.buf.format()`, asmfmt's style),
--- signature help (`<C-s>` in insert mode), semantic tokens (on by
--- default), inlay hints (enabled below, on attach), folding
--- (`vim.lsp.foldexpr()`), document highlights with read/write kinds
--- (`vim.lsp.buf.document_highlight()`).
---
--- Settings (initialization options, and the answer to
--- `workspace/configuration` for the section `asmLs`): `goBinary`,
--- `includeDirs`, `goarches`, `gooses`, `buildTags`, `toolchain`,
--- `toolchainDiagnostics`, `inlayHints` (`{ frameTypes = true, textFrame =
--- true, macroExpansions = true }`, or `false` for none). For example:
---
--- ```lua
--- vim.lsp.config('asm_ls', { settings = { asmLs = { goarches = { 'amd64', 'arm64' } } } })
--- ```

---@type vim.lsp.Config
return {
  cmd = { 'asm-ls' },
  filetypes = { 'goasm', 'go' },
  root_markers = { 'go.work', 'go.mod', '.git' },
  -- Inlay hints (frame slot types, $frame-args, short macro expansions) are
  -- off in Neovim unless a buffer enables them: on for asm-ls's buffers.
  on_attach = function(client, bufnr)
    if vim.lsp.inlay_hint and client:supports_method('textDocument/inlayHint') then
      vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
    end
  end,
}
