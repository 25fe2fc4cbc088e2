-- asm-ls for Neovim 0.7 to 0.10 (and 0.11+, where it just enables the
-- `lsp/asm_ls.lua` config): starts one client per project root for every
-- `goasm` and `go` buffer, with the settings of `lsp/asm_ls.lua`.
--
--   require('asm_ls').setup()                    -- defaults
--   require('asm_ls').setup({ settings = { asmLs = { goarches = { 'amd64' } } } })
local M = {}

-- The shared config: lsp/asm_ls.lua from the runtimepath, so both setups agree.
local function base_config()
  local file = vim.api.nvim_get_runtime_file('lsp/asm_ls.lua', false)[1]
  assert(file, 'asm_ls: lsp/asm_ls.lua is not on the runtimepath')
  return dofile(file)
end

-- The nearest ancestor directory of `path` holding one of `markers`, else the file's directory.
local function find_root(path, markers)
  local start = vim.fn.fnamemodify(path, ':p:h')
  local dir = start
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

local clients = {} -- root directory -> client id

local function attach(bufnr, config)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return
  end
  local root = find_root(name, config.root_markers)
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = 'asm_ls',
      cmd = config.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = config.init_options or (config.settings or {}).asmLs,
      settings = config.settings,
    })
    clients[root] = id
  end
  if id ~= nil then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(overrides)
  if vim.lsp.enable ~= nil then -- Neovim 0.11+: the built-in config mechanism does all of this
    if overrides ~= nil then
      vim.lsp.config('asm_ls', overrides)
    end
    vim.lsp.enable('asm_ls')
    return
  end
  local config = vim.tbl_deep_extend('force', base_config(), overrides or {})
  local group = vim.api.nvim_create_augroup('asm_ls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      attach(args.buf, config)
    end,
  })
end

return M
