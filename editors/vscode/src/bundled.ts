// The server the .vsix carries: asm-ls's wheel and its dependencies' wheels
// in bundled/wheels (tools/wheelhouse.py, at packaging time), installed on
// first start into a private virtual environment in the extension's global
// storage, with pip run from its own wheel (`--no-index --find-links`: no
// network, no ensurepip). The environment is named after the bundle, so an
// updated extension sets up a new one and removes the old. Node only (no
// vscode), so the end-to-end test sets it up exactly as the extension does.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface Manifest {
  "asm-ls": string;
  /** CPython versions the wheels cover, "3.11" ... */
  pythons: string[];
  /** VS Code's platform names ("linux-x64", ...) the wheels cover. */
  platforms: string[];
  wheels: string[];
}

export interface Bundle {
  wheels: string;
  manifest: Manifest;
  /** Names the environment: changes with any wheel. */
  id: string;
}

/** The bundle under the extension's root, if this build carries one. */
export function findBundle(extensionRoot: string): Bundle | undefined {
  const wheels = path.join(extensionRoot, "bundled", "wheels");
  let text: string;
  try {
    text = fs.readFileSync(path.join(wheels, "manifest.json"), "utf8");
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(text) as Manifest;
  return { wheels, manifest, id: createHash("sha256").update(text).digest("hex").slice(0, 16) };
}

/** VS Code's name for this machine's platform, as the manifest lists them. */
export function platformName(platform: string = process.platform, arch: string = process.arch): string {
  return `${platform}-${arch}`;
}

export function covers(bundle: Bundle, platform: string = platformName()): boolean {
  return bundle.manifest.platforms.includes(platform);
}

function environmentPython(dir: string): string {
  return process.platform === "win32" ? path.join(dir, "Scripts", "python.exe") : path.join(dir, "bin", "python");
}

function serverRoot(storage: string): string {
  return path.join(storage, "server");
}

/** The environment's interpreter when it is set up and still works (its base Python not removed). */
export function readyEnvironment(bundle: Bundle, storage: string): string | undefined {
  const dir = path.join(serverRoot(storage), bundle.id);
  const python = environmentPython(dir);
  return fs.existsSync(path.join(dir, "asm-ls-bundle.json")) && fs.existsSync(python) ? python : undefined;
}

interface Ran {
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], timeout: number, env?: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    // Outside any workspace, so nothing there is picked up by the working directory.
    execFile(command, args, { timeout, cwd: os.tmpdir(), env: env ?? process.env, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout: String(stdout), stderr: String(stderr) }));
      else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The first candidate interpreter of a version the wheels cover, as its real executable. */
async function findPython(bundle: Bundle, candidates: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const seen: string[] = [];
  for (const candidate of candidates) {
    try {
      const { stdout } = await run(candidate, ["-c", "import sys; print('%d.%d' % sys.version_info[:2]); print(sys.executable)"], 30_000, env);
      const [version, executable] = stdout.trim().split("\n");
      if (bundle.manifest.pythons.includes(version)) return executable.trim() || candidate;
      seen.push(`${candidate} is Python ${version}`);
    } catch {
      // not there, or not a Python
    }
  }
  const found = seen.length > 0 ? ` (found: ${seen.join("; ")})` : " (none found)";
  throw new Error(
    `asm-ls: the bundled server needs Python ${bundle.manifest.pythons[0]} to ${bundle.manifest.pythons.at(-1)}${found}. Install one, select it in the Python extension, or install asm-ls yourself.`,
  );
}

/**
 * Sets up the bundled server's environment (once per bundle) and returns its interpreter,
 * to run as `python -m asm_ls`. `candidates` are interpreters to create it with, best first.
 * Throws an Error whose message says what failed and what to do.
 */
export async function setUpEnvironment(
  bundle: Bundle,
  storage: string,
  candidates: string[],
  log: (line: string) => void,
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  const ready = readyEnvironment(bundle, storage);
  if (ready !== undefined) return ready;
  if (!covers(bundle)) {
    throw new Error(
      `asm-ls: the bundled server has wheels for ${bundle.manifest.platforms.join(", ")}, not ${platformName()}.`,
    );
  }
  const base = await findPython(bundle, candidates, env);
  const root = serverRoot(storage);
  fs.mkdirSync(root, { recursive: true });
  // Built beside its final place and renamed into it: a second window never sees half an environment.
  const building = fs.mkdtempSync(path.join(root, `${bundle.id}.tmp-`));
  const python = environmentPython(building);
  const [pip] = bundle.manifest.wheels.filter((wheel) => /^pip-[^-]+-py3-none-any\.whl$/.test(wheel));
  try {
    log(`asm-ls: creating the bundled server's environment with ${base} in ${root}`);
    await run(base, ["-m", "venv", "--without-pip", building], 120_000, env);
    const install = [
      path.join(bundle.wheels, pip, "pip"),
      "install",
      "--no-index",
      "--find-links",
      bundle.wheels,
      "--no-cache-dir",
      "--disable-pip-version-check",
      "--quiet",
      `asm-ls==${bundle.manifest["asm-ls"]}`,
    ];
    await run(python, install, 600_000, { ...(env ?? process.env), PIP_CONFIG_FILE: os.devNull, PYTHONNOUSERSITE: "1" });
    const { stdout } = await run(python, ["-m", "asm_ls", "--version"], 60_000, env);
    if (!stdout.includes(bundle.manifest["asm-ls"])) throw new Error(`the installed server says ${stdout.trim()}`);
    fs.writeFileSync(path.join(building, "asm-ls-bundle.json"), JSON.stringify({ bundle: bundle.id, python: base }) + "\n");
    try {
      fs.renameSync(building, path.join(root, bundle.id));
    } catch (error) {
      if (readyEnvironment(bundle, storage) === undefined) throw error; // else another window finished first
      fs.rmSync(building, { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    const detail = (error as { stderr?: string }).stderr?.trim().split("\n").slice(-3).join(" ") || String(error);
    throw new Error(`asm-ls: setting up the bundled server with ${base} failed: ${detail}`);
  }
  for (const entry of fs.readdirSync(root)) {
    if (entry !== bundle.id && !entry.startsWith(`${bundle.id}.tmp-`)) {
      fs.rmSync(path.join(root, entry), { recursive: true, force: true }); // an older extension's
    }
  }
  log(`asm-ls: the bundled server ${bundle.manifest["asm-ls"]} is set up`);
  return environmentPython(path.join(root, bundle.id));
}

/** Interpreters to create the environment with: the selected one (when it may run), then PATH's. */
export function pythonCandidates(selected: string | undefined, pythons: string[]): string[] {
  const names = ["python3", ...[...pythons].reverse().map((version) => `python${version}`), "python"];
  return selected ? [selected, ...names] : names;
}
