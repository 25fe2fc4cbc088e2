// The real Probe: PATH lookups and an import check, with Node only (no vscode),
// so the end-to-end test resolves the server exactly as the extension does.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Probe } from "./serverCommand";

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function which(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").concat([""]) : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, command + extension);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The machine as seen with this environment (PATH), so a test can take servers off PATH. */
export function makeProbe(env: NodeJS.ProcessEnv = process.env): Probe {
  return {
    which: (command) => which(command, env),
    exists: (file) => isExecutable(file),
    // Run from the temporary directory: an interpreter must not pick up a workspace's files by its cwd.
    pythonHasAsmLs: (python) =>
      spawnSync(python, ["-c", "import asm_ls"], { stdio: "ignore", timeout: 20_000, cwd: os.tmpdir(), env }).status === 0,
    realpath: (file) => {
      try {
        return fs.realpathSync(file);
      } catch {
        return path.resolve(file);
      }
    },
    platform: process.platform,
  };
}

export const nodeProbe: Probe = makeProbe();
