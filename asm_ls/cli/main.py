"""The `asm-ls` command: serve (the default), check, fmt, frame, version."""

from __future__ import annotations

import argparse
import os
import sys

from asm_ls import __version__
from asm_ls.arch import GOARCHES, get_arch

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """Usage problems are one line on stderr and exit status 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="asm-ls", description="Language server and checker for Go assembly.")
    parser.add_argument("--version", action="version", version=f"asm-ls {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    serve = commands.add_parser("serve", help="run the language server (default)")
    _serve_arguments(serve)

    frame = commands.add_parser("frame", help="print a function's argument frame layout (name+off(FP), type, size)")
    _frame_arguments(frame)

    check = commands.add_parser("check", help="check .s files and directories")
    check.add_argument("paths", nargs="*", default=["."], help="files or directories (./... accepted)")
    check.add_argument(
        "--goarch", type=_list, help=f"comma-separated GOARCH list (default: all of {','.join(GOARCHES)})"
    )
    check.add_argument(
        "--goos", type=_list, help="comma-separated GOOS list (default: one per GOARCH, linux when it applies)"
    )
    check.add_argument("--tags", type=_list, default=(), help="comma-separated build tags, as `go build -tags`")
    check.add_argument("-I", "--include-dir", action="append", default=[], help="extra #include directory")
    check.add_argument(
        "--toolchain",
        action="store_true",
        help="also assemble each file with `go tool asm` and report its errors (needs go)",
    )
    check.add_argument("--go", metavar="PATH", help="the go command to use with --toolchain (default: go on PATH)")
    check.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="text (like go vet), json, sarif (SARIF 2.1.0, for code scanning), github (Actions annotations)",
    )
    check.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")

    fmt = commands.add_parser("fmt", help="format .s files as asmfmt does (stdin when no path is given)")
    fmt.add_argument("paths", nargs="*", help="files or directories (./... accepted)")
    fmt.add_argument("-l", dest="list", action="store_true", help="list files whose formatting differs")
    fmt.add_argument("-d", dest="diff", action="store_true", help="print diffs instead of the formatted text")
    fmt.add_argument("-w", dest="write", action="store_true", help="write the formatted text back to the files")
    return parser


def _frame_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", help="the package directory")
    parser.add_argument("symbol", help="the function, as ·name, name or pkg·name")
    parser.add_argument("--goarch", default=os.environ.get("GOARCH") or "amd64", choices=GOARCHES)
    parser.add_argument("--goos", default=os.environ.get("GOOS") or "linux")


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdio", action="store_true", help="use stdin/stdout (the default; VS Code appends it)")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address instead of stdio")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("--") and argv[0] not in ("--version", "--help"):
        argv.insert(0, "serve")
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code not in (0, None) else EXIT_CLEAN
    if arguments.command == "check":
        return _check(arguments)
    if arguments.command == "frame":
        return _frame(arguments)
    if arguments.command == "fmt":
        return _fmt(arguments)
    return _serve(arguments)


def _check(arguments: argparse.Namespace) -> int:
    from asm_ls.cli.check import check_paths, render, summary
    from asm_ls.cli.discovery import UsageError, expand_paths
    from asm_ls.engine.analyzer import Options
    from asm_ls.golang.toolchain import ToolchainError

    known_goos = sorted({goos for goarch in GOARCHES for goos in get_arch(goarch).goos})
    for kind, given, known in (("GOARCH", arguments.goarch, GOARCHES), ("GOOS", arguments.goos, known_goos)):
        unknown = [value for value in given or () if value not in known]
        if unknown:
            print(f"asm-ls: unknown {kind} {', '.join(unknown)} (known: {', '.join(known)})", file=sys.stderr)
            return EXIT_USAGE
    options = Options(
        include_dirs=tuple(arguments.include_dir),
        goarches=arguments.goarch,
        gooses=arguments.goos,
        tags=tuple(arguments.tags),
        toolchain=arguments.toolchain,
        go_binary=arguments.go,
    )
    try:
        files = expand_paths(arguments.paths)
    except UsageError as error:
        print(f"asm-ls: {error}", file=sys.stderr)
        return EXIT_USAGE
    notices: list[str] = []
    try:
        findings = check_paths(files, options, arguments.jobs, notices)
    except ToolchainError as error:
        print(f"asm-ls: --toolchain: {error}", file=sys.stderr)
        return EXIT_USAGE
    for notice in notices:  # each once: the check went on without what it says
        print(f"asm-ls: --toolchain: {notice}", file=sys.stderr)
    sys.stdout.write(render(findings, arguments.format))
    if sys.stderr.isatty():  # a person at a terminal; silent in pipelines, as go vet is
        print(summary(files, findings, options), file=sys.stderr)
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_CLEAN


def _fmt(arguments: argparse.Namespace) -> int:
    from asm_ls.cli.fmt import format_paths

    return format_paths(arguments.paths, arguments.list, arguments.diff, arguments.write)


def _frame(arguments: argparse.Namespace) -> int:
    from asm_ls.arch.context import BuildContext
    from asm_ls.golang import frame_layout, load_package, render_frame

    if not os.path.isdir(arguments.directory):
        print(f"asm-ls: {arguments.directory}: not a directory", file=sys.stderr)
        return EXIT_USAGE
    context = BuildContext(arguments.goos, arguments.goarch)
    package = load_package(arguments.directory, context)
    name = arguments.symbol.replace("\u00b7", ".").rsplit(".", 1)[-1]
    function = package.funcs.get(name)
    if function is None:
        print(
            f"asm-ls: no bodyless Go declaration of {name} in {arguments.directory} "
            f"for {context.goos}/{context.goarch}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    frame = frame_layout(function, get_arch(arguments.goarch))
    print(render_frame(frame))
    return EXIT_CLEAN


def _serve(arguments: argparse.Namespace) -> int:
    from asm_ls.lsp.server import serve

    if arguments.tcp:
        host, _, port = arguments.tcp.rpartition(":")
        if not port.isdigit():
            print(f"asm-ls: --tcp wants HOST:PORT, got {arguments.tcp!r}", file=sys.stderr)
            return EXIT_USAGE
        serve(tcp=(host or "127.0.0.1", int(port)))
    else:
        serve()
    return EXIT_CLEAN
