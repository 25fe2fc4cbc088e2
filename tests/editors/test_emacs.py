"""Emacs end to end: batch Emacs (Debian's, with eglot) evaluates the recipe
in editors/emacs/README.md as written, opens the fixture module and gets
diagnostics (Flymake), hover (ElDoc's hover function) and definition (M-.)
from the real server. In CI a missing Emacs or eglot fails the test."""

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


TESTDATA = REPO / "editors" / "testdata"
README = REPO / "editors" / "emacs" / "README.md"

# Acts as a user would after visiting files (the command loop's
# post-command-hook is run by hand, as batch Emacs has none) and writes what
# it saw as JSON.
DRIVER = r"""
(defvar asm-ls-test-seen nil)
(defun asm-ls-test-record (key value)
  "Keep VALUE for the JSON result (vectors for arrays: json-encode reads lists as objects)."
  (push (cons key value) asm-ls-test-seen))

(defun asm-ls-test-wait (predicate)
  "Let the server's messages in until PREDICATE holds (at most a few minutes, against hangs)."
  (let ((tries 0))
    (while (and (not (funcall predicate)) (< tries 1500))
      (accept-process-output nil 0.1)
      (setq tries (1+ tries)))
    (funcall predicate)))

(defun asm-ls-test-visit (name)
  (find-file (expand-file-name name asm-ls-test-module))
  (run-hooks 'post-command-hook)
  (current-buffer))

(condition-case err
    (progn
      (asm-ls-test-record
       'modes (mapcar (lambda (name)
                        (with-current-buffer (find-file-noselect (expand-file-name name asm-ls-test-module))
                          (cons name (symbol-name major-mode))))
                      '("add_amd64.s" "plain.s" "hello.s")))

      (with-current-buffer (asm-ls-test-visit "sub_amd64.s")
        (asm-ls-test-wait (lambda () eglot--managed-mode))
        (asm-ls-test-wait (lambda () (flymake-start) (flymake-diagnostics)))
        (asm-ls-test-record
         'diagnostics
         (vconcat (mapcar (lambda (d)
                            (save-excursion
                              (goto-char (flymake-diagnostic-beg d))
                              (vector (1- (line-number-at-pos)) (current-column) (flymake-diagnostic-text d))))
                          (flymake-diagnostics)))))

      (with-current-buffer (asm-ls-test-visit "add_amd64.s")
        (asm-ls-test-record 'managed (asm-ls-test-wait (lambda () eglot--managed-mode)))
        (goto-char (point-min))
        (re-search-forward "^TEXT ·")       ; point on the A of ·Add
        (let (hover)
          (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
          (asm-ls-test-wait (lambda () hover))
          (asm-ls-test-record 'hover hover))
        (call-interactively #'xref-find-definitions)
        (asm-ls-test-record 'definition (vector buffer-file-name (line-number-at-pos)))))
  (error (asm-ls-test-record 'error (error-message-string err))))

(with-temp-file asm-ls-test-out (insert (json-encode asm-ls-test-seen)))
(kill-emacs 0)
"""


def _readme_recipe() -> str:
    block = re.search(r"<!-- tested: emacs .*?-->\n```elisp\n(.*?)```", README.read_text(), re.S)
    assert block, "editors/emacs/README.md has no tested recipe"
    return block.group(1)


def _emacs_with_eglot() -> str | None:
    emacs = shutil.which("emacs")
    if emacs is None:
        return None
    probe = subprocess.run(
        [emacs, "--batch", "--eval", "(require 'eglot)"], capture_output=True, text=True, timeout=120
    )
    return emacs if probe.returncode == 0 else None


@pytest.fixture
def module(tmp_path: Path) -> Path:
    module = tmp_path / "addmod"
    shutil.copytree(TESTDATA / "addmod", module)
    shutil.copy(TESTDATA / "gnu" / "hello.s", module / "hello.s")
    return module


def test_emacs_eglot_gets_diagnostics_hover_and_definition(module: Path, tmp_path: Path):
    emacs = require("Emacs with eglot", _emacs_with_eglot(), "the Emacs editor test")
    recipe = tmp_path / "recipe.el"
    recipe.write_text(";; -*- lexical-binding: t -*-\n" + _readme_recipe())
    driver = tmp_path / "driver.el"
    driver.write_text(";; -*- lexical-binding: t -*-\n" + DRIVER)
    out = tmp_path / "out.json"
    scripts = os.path.dirname(sys.executable)  # where pip put the asm-ls console script
    path = scripts + os.pathsep + os.environ.get("PATH", "")
    assert shutil.which("asm-ls", path=path), "asm-ls is not installed next to this Python: pip install -e ."
    home = tmp_path / "home"
    home.mkdir()
    run = subprocess.run(
        # --batch skips the init file but keeps the site files (Debian's make elpa-eglot loadable).
        [
            emacs,
            "--batch",
            "--eval",
            f"(setq asm-ls-test-module {json.dumps(str(module))} asm-ls-test-out {json.dumps(str(out))})",
            "-l",
            str(recipe),
            "-l",
            str(driver),
        ],
        cwd=module,
        env={**os.environ, "PATH": path, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert out.exists(), f"Emacs wrote no result (exit {run.returncode}):\n{run.stdout}\n{run.stderr}"
    seen = json.loads(out.read_text())
    assert "error" not in seen, (seen, run.stderr)

    assert seen["modes"] == {"add_amd64.s": "goasm-mode", "plain.s": "goasm-mode", "hello.s": "asm-mode"}

    sub_lines = (module / "sub_amd64.s").read_text().splitlines()
    jump = next(i for i, line in enumerate(sub_lines) if "JMP" in line)
    assert len(seen["diagnostics"]) == 1, seen["diagnostics"]
    line, column, text = seen["diagnostics"][0]
    # Tabs count as columns of 8 in Emacs; `done` follows "\tJMP  ".
    assert (line, column) == (jump, len(sub_lines[jump][: sub_lines[jump].index("done")].expandtabs(8)))
    assert "undefined-label" in text and "undefined label done" in text

    assert seen["managed"] is True
    assert "func Add(a, b int64) int64" in seen["hover"]

    go_lines = (module / "add.go").read_text().splitlines()
    assert seen["definition"] == [
        str(module / "add.go"),
        1 + next(i for i, line in enumerate(go_lines) if line.startswith("func Add(")),
    ]
