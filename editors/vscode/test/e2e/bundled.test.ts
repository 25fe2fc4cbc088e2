// The server bundled in the extension, with no asm-ls anywhere on PATH: set
// up from the wheels into a private environment, as on a first start.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after } from "node:test";
import { pythonCandidates, readyEnvironment, setUpEnvironment } from "../../src/bundled";
import { bundle, resolveIn, serverSuite, withoutServerOnPath } from "./suite";

const storage = fs.mkdtempSync(path.join(os.tmpdir(), "asm-ls-e2e-storage-"));
after(() => fs.rmSync(storage, { recursive: true, force: true }));

serverSuite(async (module) => {
  const env = withoutServerOnPath();
  const resolved = resolveIn(module, env);
  assert.ok("bundled" in resolved, `resolved ${JSON.stringify(resolved)}, not the bundled server`);
  const wheels = bundle();
  assert.equal(readyEnvironment(wheels, storage), undefined);
  const log: string[] = [];
  const python = await setUpEnvironment(wheels, storage, pythonCandidates(undefined, wheels.manifest.pythons), (line) => log.push(line), env);
  assert.equal(python, readyEnvironment(wheels, storage));
  assert.ok(python.startsWith(path.join(storage, "server", wheels.id)), python);
  assert.match(log.join("\n"), /is set up/);
  // The next start reuses it.
  assert.equal(await setUpEnvironment(wheels, storage, [], () => assert.fail("set up twice"), env), python);
  return { command: python, args: ["-m", "asm_ls", ...resolved.args], env };
});
