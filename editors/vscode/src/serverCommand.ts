// Which server to start, in order: the `asmLs.server.path` setting, an
// `asm-ls` in a workspace folder's `.venv` (or `venv`), `python -m asm_ls`
// with the interpreter selected in the Python extension, `asm-ls` on PATH,
// `python -m asm_ls` with `python3` on PATH, and last the server bundled in
// the .vsix (see bundled.ts). A server inside a workspace folder is the
// folder's own code: it runs only in a trusted workspace, and in Restricted
// Mode the lookup passes over it and says so (`notes`).
// The client talks over the process's stdio without TransportKind.stdio, so
// nothing (no `--stdio`) is appended to what is resolved here.

import * as path from "node:path";
import { expandPath } from "./settings";

export type Origin = "setting" | "workspace" | "python" | "path" | "bundled";

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where it came from, for the output channel. */
  origin: Origin;
  /** Servers passed over because the workspace is not trusted (Restricted Mode), one sentence each. */
  notes: string[];
}

/** Nothing else found, and the .vsix carries a server: set up (or reuse) its environment. */
export interface UseBundled {
  bundled: true;
  args: string[];
  notes: string[];
}

export interface ServerNotFound {
  error: string;
  notes: string[];
}

export interface ServerRequest {
  /** `asmLs.server.path`; empty for the default lookup. */
  path: string;
  /** `asmLs.server.args`. */
  args: string[];
  /** The interpreter selected in the Python extension, if any. */
  python?: string;
  /** Expands `${workspaceFolder}` in the setting. */
  workspaceFolder?: string;
  /** Every workspace folder: where a `.venv` is looked for, and what counts as inside the workspace. */
  workspaceFolders?: string[];
  /** VS Code's Workspace Trust (`vscode.workspace.isTrusted`); absent means trusted. */
  trusted?: boolean;
  /** Does the .vsix carry a server for this machine? */
  bundled?: boolean;
}

/** The outside world, so the resolution can be tested without it. */
export interface Probe {
  /** The executable a bare command name runs, searching PATH. */
  which(command: string): string | undefined;
  exists(file: string): boolean;
  /** Can this interpreter import asm_ls? (Runs it: never asked of an untrusted workspace's interpreter.) */
  pythonHasAsmLs(python: string): boolean;
  /** The file with symbolic links resolved (the file itself when it cannot be). */
  realpath(file: string): string;
  platform: NodeJS.Platform;
}

const SERVER_NAME = "asm-ls";
/** Install instructions that work today (asm-ls is not on PyPI yet). */
export const INSTALL_HINT =
  "Install it from an asm-ls checkout with `pipx install .` (or `pip install .` in a virtual environment), or from a built wheel with `pip install asm_ls-*.whl`, or set `asmLs.server.path`.";

function isPath(command: string): boolean {
  return command.includes("/") || command.includes("\\");
}

/** Path functions for the platform (the tests resolve Windows paths on Linux). */
function paths(platform: NodeJS.Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

/** Is `file` (symbolic links resolved) inside one of the folders? */
export function insideAny(file: string, folders: string[], probe: Pick<Probe, "realpath" | "platform">): string | undefined {
  const real = probe.realpath(file);
  const { relative: relativeTo, isAbsolute } = paths(probe.platform);
  return folders.find((folder) => {
    const relative = relativeTo(probe.realpath(folder), real);
    return relative !== "" && !relative.startsWith("..") && !isAbsolute(relative);
  });
}

/** `asm-ls` of a virtual environment, as its layout on this platform has it. */
export function venvServer(venv: string, platform: NodeJS.Platform): string {
  return platform === "win32" ? path.win32.join(venv, "Scripts", "asm-ls.exe") : path.posix.join(venv, "bin", "asm-ls");
}

export function resolveServer(request: ServerRequest, probe: Probe): ServerCommand | UseBundled | ServerNotFound {
  const folders = request.workspaceFolders ?? (request.workspaceFolder ? [request.workspaceFolder] : []);
  const trusted = request.trusted ?? true;
  const notes: string[] = [];
  /** May a found executable run? Not when it lives in an untrusted workspace. */
  const allowed = (file: string, what: string): boolean => {
    if (trusted) return true;
    const folder = insideAny(file, folders, probe);
    if (folder === undefined) return true;
    notes.push(`${what} (${file}) is inside the workspace: it runs once you trust the workspace.`);
    return false;
  };

  const configured = request.path.trim();
  if (configured !== "") {
    const command = expandPath(configured, request.workspaceFolder);
    const found = isPath(command) ? (probe.exists(command) ? command : undefined) : probe.which(command);
    if (found === undefined) {
      return {
        error: `asm-ls: \`asmLs.server.path\` is "${configured}", which was not found. Fix the setting, or clear it to let the extension find a server.`,
        notes,
      };
    }
    if (allowed(found, "The server in `asmLs.server.path`")) return { command: found, args: request.args, origin: "setting", notes };
  }

  for (const folder of folders) {
    for (const venv of [".venv", "venv"]) {
      const server = venvServer(paths(probe.platform).join(folder, venv), probe.platform);
      if (probe.exists(server) && allowed(server, `The workspace's ${venv} server`)) {
        return { command: server, args: request.args, origin: "workspace", notes };
      }
    }
  }

  const interpreter = (python: string): string | undefined =>
    isPath(python) ? (probe.exists(python) ? python : undefined) : probe.which(python);
  if (request.python) {
    const selected = interpreter(request.python);
    if (selected !== undefined && allowed(selected, "The selected Python interpreter") && probe.pythonHasAsmLs(selected)) {
      return { command: selected, args: ["-m", "asm_ls", ...request.args], origin: "python", notes };
    }
  }

  const onPath = probe.which(SERVER_NAME);
  if (onPath !== undefined && allowed(onPath, "`asm-ls` on PATH")) return { command: onPath, args: request.args, origin: "path", notes };

  if (!request.python) {
    for (const python of ["python3", "python"]) {
      const found = interpreter(python);
      if (found !== undefined && allowed(found, `\`${python}\` on PATH`) && probe.pythonHasAsmLs(found)) {
        return { command: found, args: ["-m", "asm_ls", ...request.args], origin: "python", notes };
      }
    }
  }

  if (request.bundled) return { bundled: true, args: request.args, notes };

  const tried = request.python ? `the selected Python interpreter (${request.python})` : "`python3` on PATH";
  return {
    error: `asm-ls: the language server was not found: no \`asm-ls\` in \`asmLs.server.path\`, a workspace .venv or on PATH, and ${tried} cannot import asm_ls; the extension carries no server for this machine. ${INSTALL_HINT}`,
    notes,
  };
}
