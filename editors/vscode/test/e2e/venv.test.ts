// The server in the workspace's .venv (a trusted workspace), with no asm-ls
// on PATH: the .venv is made the way a user would, from the same wheels.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { bundle, resolveIn, serverSuite, withoutServerOnPath } from "./suite";

serverSuite(async (module) => {
  const env = withoutServerOnPath();
  const wheels = bundle();
  const venv = path.join(module, ".venv");
  execFileSync("python3", ["-m", "venv", "--without-pip", venv], { env, timeout: 120_000 });
  const pip = wheels.manifest.wheels.find((wheel) => wheel.startsWith("pip-"))!;
  execFileSync(
    path.join(venv, "bin", "python"),
    [path.join(wheels.wheels, pip, "pip"), "install", "-q", "--no-index", "--find-links", wheels.wheels, "asm-ls"],
    { env, timeout: 600_000 },
  );
  const resolved = resolveIn(module, env);
  assert.ok("command" in resolved, JSON.stringify(resolved));
  assert.deepEqual([resolved.command, resolved.origin], [path.join(venv, "bin", "asm-ls"), "workspace"]);
  return { command: resolved.command, args: resolved.args, env };
});
