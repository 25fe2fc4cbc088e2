// The real asm-ls server, started the way the extension starts it (same
// command resolution, nothing appended), driven over stdio with the LSP
// client library VS Code's client is built on. Each *.test.ts here runs this
// suite with the server found one way: bundled in the extension (no asm-ls on
// PATH), in the workspace's .venv. Both need the wheels (npm run bundle-server).

import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  ConfigurationRequest,
  createProtocolConnection,
  DefinitionRequest,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type Hover,
  type Location,
  type LocationLink,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";
import { findBundle, type Bundle } from "../../src/bundled";
import { makeProbe, which } from "../../src/probe";
import { resolveServer, type ServerCommand, type UseBundled } from "../../src/serverCommand";
import { serverSettings } from "../../src/settings";

const EXTENSION = path.join(__dirname, "..", "..", "..");
const FIXTURE = path.join(EXTENSION, "..", "testdata", "addmod");

let module_: string;
let server: ChildProcess;
let connection: ProtocolConnection;
let stderr = "";
const published = new Map<string, PublishDiagnosticsParams[]>();
/** Called on every publication; each waiter re-registers until its publication arrives. */
const waiters: Array<() => void> = [];

function uriOf(name: string): string {
  return pathToFileURL(path.join(module_, name)).href;
}

/** The position of `needle` in `name` (line and UTF-16 column, what LSP counts by default). */
function positionOf(name: string, needle: string, offsetInNeedle = 0) {
  const lines = fs.readFileSync(path.join(module_, name), "utf8").split("\n");
  const line = lines.findIndex((text) => text.includes(needle));
  assert.notEqual(line, -1, `${needle} not in ${name}`);
  return { line, character: lines[line].indexOf(needle) + offsetInNeedle };
}

function diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
  return new Promise((resolve) => {
    const check = () => {
      const found = published.get(uri)?.find((params) => params.version === version);
      if (found === undefined) waiters.push(check);
      else resolve(found.diagnostics);
    };
    check();
  });
}

function open(name: string): string {
  const uri = uriOf(name);
  const text = fs.readFileSync(path.join(module_, name), "utf8");
  void connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "goasm", version: 1, text },
  });
  return uri;
}

/** The wheels the .vsix carries; the suite fails without them. */
export function bundle(): Bundle {
  const found = findBundle(EXTENSION);
  assert.ok(found !== undefined, "no bundled/wheels/manifest.json: run `npm run bundle-server` first");
  return found;
}

/** This environment with every PATH directory holding an `asm-ls` left out, checked to be without one. */
export function withoutServerOnPath(): NodeJS.ProcessEnv {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter((dir) => which("asm-ls", { PATH: dir }) === undefined);
  const env = { ...process.env, PATH: dirs.join(path.delimiter) };
  assert.equal(which("asm-ls", env), undefined);
  const python = which("python3", env);
  assert.ok(python === undefined || !makeProbe(env).pythonHasAsmLs(python), `${python} on PATH imports asm_ls: the test needs a machine without it`);
  return env;
}

/** What the extension resolves in a trusted workspace holding the module, with this environment. */
export function resolveIn(module: string, env: NodeJS.ProcessEnv): ServerCommand | UseBundled {
  const resolved = resolveServer({ path: "", args: [], workspaceFolders: [module], trusted: true, bundled: true }, makeProbe(env));
  assert.ok(!("error" in resolved), "error" in resolved ? resolved.error : "");
  return resolved;
}

/**
 * The suite, with the server `prepare` finds for a fresh copy of the module
 * (it may add to the copy, a .venv say) and the environment it runs in.
 */
export function serverSuite(prepare: (module: string) => Promise<{ command: string; args: string[]; env: NodeJS.ProcessEnv }>): void {
  before(async () => {
    module_ = fs.mkdtempSync(path.join(os.tmpdir(), "asm-ls-e2e-"));
    fs.cpSync(FIXTURE, module_, { recursive: true });
    module_ = fs.realpathSync(module_);

    const resolved = await prepare(module_);
    server = spawn(resolved.command, resolved.args, { cwd: module_, env: resolved.env, stdio: ["pipe", "pipe", "pipe"] });
    server.stderr!.on("data", (chunk) => (stderr += String(chunk)));
    connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.set(params.uri, [...(published.get(params.uri) ?? []), params]);
      waiters.splice(0).forEach((wake) => wake());
    });
    // What VS Code answers: the settings for our section, null for anything else.
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section === "asmLs" ? serverSettings(() => undefined) : null)),
    );
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.listen();

    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(module_).href,
      workspaceFolders: [{ uri: pathToFileURL(module_).href, name: "addmod" }],
      initializationOptions: serverSettings(() => undefined),
      capabilities: {
        general: { positionEncodings: ["utf-16"] },
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: {
          hover: { contentFormat: ["markdown", "plaintext"] },
          definition: { linkSupport: true },
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          synchronization: { didSave: true },
        },
      },
    });
    assert.equal(result.serverInfo?.name, "asm-ls");
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    if (connection !== undefined) {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const code = await new Promise<number | null>((resolve) => server.on("exit", resolve));
      connection.dispose();
      assert.equal(code, 0, `the server exited with ${code}; its stderr:\n${stderr}`);
    }
    if (module_) fs.rmSync(module_, { recursive: true, force: true });
  });

  test("diagnostics: the undefined label in sub_amd64.s, none in add_amd64.s", { timeout: 120_000 }, async () => {
    const add = open("add_amd64.s");
    const sub = open("sub_amd64.s");
    assert.deepEqual(await diagnosticsFor(add, 1), []);
    const found = await diagnosticsFor(sub, 1);
    const jump = positionOf("sub_amd64.s", "done");
    assert.deepEqual(
      found.map((d) => [d.code, d.range.start]),
      [["undefined-label", jump]],
    );
    const message = found[0].message;
    assert.match(typeof message === "string" ? message : message.value, /^undefined label done\b/);
  });

  test("hover on the TEXT symbol shows the Go declaration", { timeout: 120_000 }, async () => {
    const uri = open("add_amd64.s");
    const hover: Hover | null = await connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: positionOf("add_amd64.s", "·Add", 2),
    });
    assert.ok(hover !== null, "no hover");
    const contents = hover.contents;
    const text = typeof contents === "string" ? contents : "value" in contents ? contents.value : contents.map(String).join("\n");
    assert.match(text, /func Add\(a, b int64\) int64/);
  });

  test("definition of ·Add goes to its Go declaration in add.go", { timeout: 120_000 }, async () => {
    const uri = open("add_amd64.s");
    const result = await connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: positionOf("add_amd64.s", "·Add", 1),
    });
    const locations = (Array.isArray(result) ? result : result ? [result] : []) as Array<Location | LocationLink>;
    const targets = locations.map((location) =>
      "targetUri" in location ? { uri: location.targetUri, start: location.targetSelectionRange.start } : { uri: location.uri, start: location.range.start },
    );
    const declaration = positionOf("add.go", "func Add");
    assert.equal(targets.length, 1, JSON.stringify(targets));
    assert.equal(targets[0].uri, uriOf("add.go"));
    assert.equal(targets[0].start.line, declaration.line);
  });
}
