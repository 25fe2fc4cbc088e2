// Puts the server into the extension: asm-ls's wheel and its dependencies'
// wheels for the platforms tools/wheelhouse.py names, in bundled/wheels, with
// the manifest the extension reads (see src/bundled.ts). Runs
// tools/wheelhouse.py with $PYTHON, else python3 (needs PyPI, once, here).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repo = path.resolve(root, "..", "..");
const wheelhouse = path.join(repo, "build", "wheelhouse");
const python = process.env.PYTHON ?? "python3";

const built = spawnSync(python, [path.join(repo, "tools", "wheelhouse.py"), wheelhouse], { stdio: "inherit" });
if (built.status !== 0) {
  console.error(`bundle-server: ${python} tools/wheelhouse.py failed (${built.error ?? `exit ${built.status}`})`);
  process.exit(1);
}
const bundled = path.join(root, "bundled", "wheels");
fs.rmSync(bundled, { recursive: true, force: true });
fs.mkdirSync(path.dirname(bundled), { recursive: true });
fs.cpSync(wheelhouse, bundled, { recursive: true });
