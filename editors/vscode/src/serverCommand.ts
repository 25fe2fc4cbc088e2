// Which command starts the server: the `asmLs.server.path` setting, else
// `asm-ls` on PATH, else `python -m asm_ls` with the selected interpreter.
// The client talks over the process's stdio without TransportKind.stdio, so
// nothing (no `--stdio`) is appended to what is resolved here.

import { expandPath } from "./settings";

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where it came from, for the output channel. */
  origin: "setting" | "path" | "python";
}

export interface ServerNotFound {
  error: string;
}

export interface ServerRequest {
  /** `asmLs.server.path`; empty for the default lookup. */
  path: string;
  /** `asmLs.server.args`. */
  args: string[];
  /** The interpreter selected in the Python extension, if any. */
  python?: string;
  workspaceFolder?: string;
}

/** The outside world, so the resolution can be tested without it. */
export interface Probe {
  /** The executable a bare command name runs, searching PATH. */
  which(command: string): string | undefined;
  exists(file: string): boolean;
  /** Can this interpreter import asm_ls? */
  pythonHasAsmLs(python: string): boolean;
}

const SERVER_NAME = "asm-ls";
const INSTALL_HINT = "Install it with `pipx install asm-ls` (or `pip install .` in an asm-ls checkout), or set `asmLs.server.path`.";

function isPath(command: string): boolean {
  return command.includes("/") || command.includes("\\");
}

export function resolveServer(request: ServerRequest, probe: Probe): ServerCommand | ServerNotFound {
  const configured = request.path.trim();
  if (configured !== "") {
    const command = expandPath(configured, request.workspaceFolder);
    const found = isPath(command) ? (probe.exists(command) ? command : undefined) : probe.which(command);
    if (found === undefined) {
      return { error: `asm-ls: \`asmLs.server.path\` is "${configured}", which was not found. Fix the setting, or clear it to use \`asm-ls\` from PATH.` };
    }
    return { command: found, args: request.args, origin: "setting" };
  }
  const onPath = probe.which(SERVER_NAME);
  if (onPath !== undefined) return { command: onPath, args: request.args, origin: "path" };

  const pythons = request.python ? [request.python] : ["python3", "python"];
  for (const python of pythons) {
    const interpreter = isPath(python) ? (probe.exists(python) ? python : undefined) : probe.which(python);
    if (interpreter !== undefined && probe.pythonHasAsmLs(interpreter)) {
      return { command: interpreter, args: ["-m", "asm_ls", ...request.args], origin: "python" };
    }
  }
  const tried = request.python ? `the selected Python interpreter (${request.python})` : "`python3` on PATH";
  return { error: `asm-ls: the language server was not found: no \`asm-ls\` on PATH, and ${tried} cannot import asm_ls. ${INSTALL_HINT}` };
}
