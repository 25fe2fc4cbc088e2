"""Machine code for hover: the line's bytes from `go tool asm -S`, run on the
editor's text with the flags `go build` would use. A toolchain that is missing
or broken is logged once per cause and the hover goes on without bytes."""

from __future__ import annotations

import logging

from asm_ls.diagnostics import CheckUnit
from asm_ls.encoding import LineCode, assemble, line_code
from asm_ls.settings import Settings
from asm_ls.toolchain import GoNotFound, ToolchainError

log = logging.getLogger("asm_ls")


class MachineCode:
    def __init__(self) -> None:
        self._reported: set[str] = set()

    def provider(self, settings: Settings):
        options = settings.options

        def line_markdown(unit: CheckUnit, line: int) -> LineCode | None:
            try:
                result = assemble(
                    unit.source.path,
                    unit.source.text,
                    unit.context,
                    pkgpath=unit.package.import_path,
                    include_dirs=options.include_dirs,
                    go=options.go_binary,
                    recover=True,
                )
            except GoNotFound as error:
                self._report_once(f"no machine code in hover: {error}")
                return None
            except ToolchainError as error:
                self._report_once(f"no machine code in hover: {error}")
                return line_code(error, line)
            return line_code(result, line)

        return line_markdown

    def _report_once(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            log.warning("%s", message)
