import { strict as assert } from "node:assert";
import { test } from "node:test";
import { resolveServer, type Probe } from "../../src/serverCommand";

/** A machine with these executables on PATH and these interpreters able to import asm_ls. */
function machine(onPath: Record<string, string>, files: string[] = [], withAsmLs: string[] = []): Probe {
  return {
    which: (command) => onPath[command],
    exists: (file) => files.includes(file) || Object.values(onPath).includes(file),
    pythonHasAsmLs: (python) => withAsmLs.includes(python),
  };
}

test("asm-ls on PATH, arguments as given and nothing appended", () => {
  const probe = machine({ "asm-ls": "/usr/bin/asm-ls", python3: "/usr/bin/python3" }, [], ["/usr/bin/python3"]);
  assert.deepEqual(resolveServer({ path: "", args: [] }, probe), { command: "/usr/bin/asm-ls", args: [], origin: "path" });
  assert.deepEqual(resolveServer({ path: "", args: ["serve"] }, probe), { command: "/usr/bin/asm-ls", args: ["serve"], origin: "path" });
});

test("the setting wins over PATH, as a path or as a command name", () => {
  const probe = machine({ "asm-ls": "/usr/bin/asm-ls", "my-asm-ls": "/opt/bin/my-asm-ls" }, ["/venv/bin/asm-ls"]);
  assert.deepEqual(resolveServer({ path: "/venv/bin/asm-ls", args: [] }, probe), { command: "/venv/bin/asm-ls", args: [], origin: "setting" });
  assert.deepEqual(resolveServer({ path: "my-asm-ls", args: ["--tcp", "x"] }, probe), {
    command: "/opt/bin/my-asm-ls",
    args: ["--tcp", "x"],
    origin: "setting",
  });
});

test("the setting expands ${workspaceFolder}", () => {
  const probe = machine({}, ["/proj/.venv/bin/asm-ls"]);
  const resolved = resolveServer({ path: "${workspaceFolder}/.venv/bin/asm-ls", args: [], workspaceFolder: "/proj" }, probe);
  assert.deepEqual(resolved, { command: "/proj/.venv/bin/asm-ls", args: [], origin: "setting" });
});

test("a setting that points nowhere is reported, not silently replaced by PATH", () => {
  const probe = machine({ "asm-ls": "/usr/bin/asm-ls" });
  const resolved = resolveServer({ path: "/nope/asm-ls", args: [] }, probe);
  assert.ok("error" in resolved);
  assert.match(resolved.error, /asmLs\.server\.path/);
  assert.match(resolved.error, /\/nope\/asm-ls/);
});

test("without asm-ls on PATH: python -m asm_ls with the selected interpreter", () => {
  const probe = machine({ python3: "/usr/bin/python3" }, ["/proj/.venv/bin/python"], ["/proj/.venv/bin/python"]);
  assert.deepEqual(resolveServer({ path: "", args: [], python: "/proj/.venv/bin/python" }, probe), {
    command: "/proj/.venv/bin/python",
    args: ["-m", "asm_ls"],
    origin: "python",
  });
});

test("without a selected interpreter: python3 from PATH, if it has asm_ls", () => {
  const probe = machine({ python3: "/usr/bin/python3" }, [], ["/usr/bin/python3"]);
  assert.deepEqual(resolveServer({ path: "", args: ["-v"] }, probe), { command: "/usr/bin/python3", args: ["-m", "asm_ls", "-v"], origin: "python" });
});

test("neither: one message that says what was tried and how to fix it", () => {
  const probe = machine({ python3: "/usr/bin/python3" });
  const resolved = resolveServer({ path: "", args: [], python: "/proj/.venv/bin/python" }, machine({}, ["/proj/.venv/bin/python"]));
  assert.ok("error" in resolved);
  assert.match(resolved.error, /no `asm-ls` on PATH/);
  assert.match(resolved.error, /\/proj\/\.venv\/bin\/python/);
  assert.match(resolved.error, /pip/);
  assert.match(resolved.error, /asmLs\.server\.path/);
  const bare = resolveServer({ path: "", args: [] }, probe);
  assert.ok("error" in bare);
  assert.match(bare.error, /python3/);
});
