---@brief
---
--- asm-ls: the language server for Go assembly, the `.s` files that
--- `go tool asm` assembles. Diagnostics for every GOARCH, hover, go to
--- definition, references, completion and symbols.
---
--- Install the server so that `asm-ls` is on `PATH` (for example
--- `pipx install asm-ls`, or `pip install .` in an asm-ls checkout).
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
--- Settings (initialization options, and the answer to
--- `workspace/configuration` for the section `asmLs`): `goBinary`,
--- `includeDirs`, `goarches`, `gooses`, `buildTags`, `toolchain`, `toolchainDiagnostics`.
--- For example:
---
--- ```lua
--- vim.lsp.config('asm_ls', { settings = { asmLs = { goarches = { 'amd64', 'arm64' } } } })
--- ```

---@type vim.lsp.Config
return {
  cmd = { 'asm-ls' },
  filetypes = { 'goasm' },
  root_markers = { 'go.work', 'go.mod', '.git' },
}
