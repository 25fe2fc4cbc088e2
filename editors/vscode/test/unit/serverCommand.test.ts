import { strict as assert } from "node:assert";
import { test } from "node:test";
import { resolveServer, type Probe } from "../../src/serverCommand";

/** Interpreters a resolution ran (to ask whether they import asm_ls). */
let ran: string[] = [];

/** A machine with these executables on PATH and these interpreters able to import asm_ls. */
function machine(onPath: Record<string, string>, files: string[] = [], withAsmLs: string[] = []): Probe {
  ran = [];
  return {
    which: (command) => onPath[command],
    exists: (file) => files.includes(file) || Object.values(onPath).includes(file),
    pythonHasAsmLs: (python) => {
      ran.push(python);
      return withAsmLs.includes(python);
    },
    realpath: (file) => file,
    platform: "linux",
  };
}

const strip = <T extends object>(resolved: T) => {
  const { notes: _notes, ...rest } = resolved as T & { notes?: string[] };
  return rest;
};

test("asm-ls on PATH, arguments as given and nothing appended", () => {
  const probe = machine({ "asm-ls": "/usr/bin/asm-ls", python3: "/usr/bin/python3" }, [], ["/usr/bin/python3"]);
  assert.deepEqual(strip(resolveServer({ path: "", args: [] }, probe)), { command: "/usr/bin/asm-ls", args: [], origin: "path" });
  assert.deepEqual(strip(resolveServer({ path: "", args: ["serve"] }, probe)), { command: "/usr/bin/asm-ls", args: ["serve"], origin: "path" });
});

test("the setting wins over PATH, as a path or as a command name", () => {
  const probe = machine({ "asm-ls": "/usr/bin/asm-ls", "my-asm-ls": "/opt/bin/my-asm-ls" }, ["/venv/bin/asm-ls"]);
  assert.deepEqual(strip(resolveServer({ path: "/venv/bin/asm-ls", args: [] }, probe)), { command: "/venv/bin/asm-ls", args: [], origin: "setting" });
  assert.deepEqual(strip(resolveServer({ path: "my-asm-ls", args: ["--tcp", "x"] }, probe)), {
    command: "/opt/bin/my-asm-ls",
    args: ["--tcp", "x"],
    origin: "setting",
  });
});

test("the setting expands ${workspaceFolder}", () => {
  const probe = machine({}, ["/proj/.venv/bin/asm-ls"]);
  const resolved = resolveServer({ path: "${workspaceFolder}/.venv/bin/asm-ls", args: [], workspaceFolder: "/proj" }, probe);
  assert.deepEqual(strip(resolved), { command: "/proj/.venv/bin/asm-ls", args: [], origin: "setting" });
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
  assert.deepEqual(strip(resolveServer({ path: "", args: [], python: "/proj/.venv/bin/python" }, probe)), {
    command: "/proj/.venv/bin/python",
    args: ["-m", "asm_ls"],
    origin: "python",
  });
});

test("without a selected interpreter: python3 from PATH, if it has asm_ls", () => {
  const probe = machine({ python3: "/usr/bin/python3" }, [], ["/usr/bin/python3"]);
  assert.deepEqual(strip(resolveServer({ path: "", args: ["-v"] }, probe)), { command: "/usr/bin/python3", args: ["-m", "asm_ls", "-v"], origin: "python" });
});

test("neither: one message that says what was tried and how to fix it", () => {
  const probe = machine({ python3: "/usr/bin/python3" });
  const resolved = resolveServer({ path: "", args: [], python: "/proj/.venv/bin/python" }, machine({}, ["/proj/.venv/bin/python"]));
  assert.ok("error" in resolved);
  assert.match(resolved.error, /no `asm-ls` in `asmLs.server.path`, a workspace .venv or on PATH/);
  assert.match(resolved.error, /\/proj\/\.venv\/bin\/python/);
  assert.match(resolved.error, /pipx install \./);
  assert.doesNotMatch(resolved.error, /pipx install asm-ls/, "asm-ls is not on PyPI yet");
  assert.match(resolved.error, /asmLs\.server\.path/);
  const bare = resolveServer({ path: "", args: [] }, probe);
  assert.ok("error" in bare);
  assert.match(bare.error, /python3/);
});

const PROJECT = "/proj";
const VENV = "/proj/.venv/bin/asm-ls";

test("a workspace .venv is found, ahead of PATH, in a trusted workspace", () => {
  const probe = machine({ "asm-ls": "/usr/bin/asm-ls" }, [VENV]);
  assert.deepEqual(resolveServer({ path: "", args: [], workspaceFolders: [PROJECT], trusted: true }, probe), {
    command: VENV,
    args: [],
    origin: "workspace",
    notes: [],
  });
});

test("Restricted Mode: the workspace's .venv is passed over, and the user is told", () => {
  const resolved = resolveServer({ path: "", args: [], workspaceFolders: [PROJECT], trusted: false }, machine({ "asm-ls": "/usr/bin/asm-ls" }, [VENV]));
  assert.ok("command" in resolved);
  assert.equal(resolved.command, "/usr/bin/asm-ls");
  assert.equal(resolved.notes.length, 1);
  assert.match(resolved.notes[0], /\.venv server \(\/proj\/\.venv\/bin\/asm-ls\) is inside the workspace: it runs once you trust/);
});

test("Restricted Mode: nothing inside the workspace runs, not even to ask it for asm_ls; the bundled server is used", () => {
  const probe = machine({ "asm-ls": VENV, python3: "/proj/.venv/bin/python3" }, ["/proj/.venv/bin/python", "/proj/tools/asm-ls"], [
    "/proj/.venv/bin/python",
    "/proj/.venv/bin/python3",
  ]);
  const request = { path: "/proj/tools/asm-ls", args: [], workspaceFolders: [PROJECT], trusted: false, bundled: true };
  const selected = resolveServer({ ...request, python: "/proj/.venv/bin/python" }, probe);
  assert.deepEqual(strip(selected), { bundled: true, args: [] });
  assert.equal(selected.notes.length, 4, selected.notes.join("\n")); // the setting, the .venv, the interpreter, PATH's asm-ls
  assert.deepEqual(ran, []);
  const unselected = resolveServer(request, probe);
  assert.ok("bundled" in unselected);
  assert.deepEqual(ran, []);
  // Trusted, the same machine runs the setting's server.
  assert.equal((resolveServer({ ...request, trusted: true }, probe) as { command: string }).command, "/proj/tools/asm-ls");
});

test("Restricted Mode without a bundled server: the message lists what was passed over", () => {
  const resolved = resolveServer({ path: "", args: [], workspaceFolders: [PROJECT], trusted: false }, machine({}, [VENV]));
  assert.ok("error" in resolved);
  assert.equal(resolved.notes.length, 1);
});

test("the bundled server comes last: anything the user installed wins", () => {
  const request = { path: "", args: ["-v"], workspaceFolders: [PROJECT], bundled: true };
  assert.deepEqual(strip(resolveServer(request, machine({}))), { bundled: true, args: ["-v"] });
  assert.equal((resolveServer(request, machine({ "asm-ls": "/usr/bin/asm-ls" })) as { origin: string }).origin, "path");
});

test("a Windows virtual environment keeps its server in Scripts", () => {
  const probe = { ...machine({}, ["C:\\proj\\.venv\\Scripts\\asm-ls.exe"]), platform: "win32" as const };
  const resolved = resolveServer({ path: "", args: [], workspaceFolders: ["C:\\proj"] }, probe);
  assert.ok("origin" in resolved && resolved.origin === "workspace", JSON.stringify(resolved));
});
