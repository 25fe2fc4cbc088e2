// The VS Code side of asm-ls: claims Go assembly files, finds or sets up the
// server, starts it and passes the settings on. Everything that can be decided
// without VS Code lives in sniff.ts, settings.ts, serverCommand.ts and bundled.ts.

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { covers, findBundle, pythonCandidates, readyEnvironment, setUpEnvironment, type Bundle } from "./bundled";
import { nodeProbe } from "./probe";
import { INSTALL_HINT, insideAny, resolveServer, type Origin } from "./serverCommand";
import { serverSettings, type ServerSettings } from "./settings";
import { shouldSwitchToGoAsm } from "./sniff";

const SECTION = "asmLs";
const SELECTOR = [
  { scheme: "file", language: "goasm" },
  { scheme: "file", language: "go.asm" },
];

let output: vscode.LogOutputChannel;
let extension: vscode.ExtensionContext;
let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
/** Set once the user was told the server is missing, so opening more files does not repeat it. */
let reportedMissing = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = context;
  output = vscode.window.createOutputChannel("asm-ls", { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("asmLs.restartServer", restart),
    vscode.commands.registerCommand("asmLs.showOutput", () => output.show(true)),
    vscode.workspace.onDidOpenTextDocument(claim),
    vscode.workspace.onDidChangeConfiguration(configurationChanged),
    // The workspace's own server (a .venv) may run now: look again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => (client !== undefined ? restart() : undefined)),
  );
  for (const document of vscode.workspace.textDocuments) await claim(document);
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** Switches Go assembly opened as `asm` or plain text to `goasm`; starts the server for our documents. */
async function claim(document: vscode.TextDocument): Promise<void> {
  if (shouldSwitchToGoAsm(document.languageId, document.fileName, document.getText())) {
    // VS Code reopens the document with the new id, which comes back here.
    await vscode.languages.setTextDocumentLanguage(document, "goasm");
    return;
  }
  if (vscode.languages.match(SELECTOR, document) > 0) await ensureStarted();
}

function settingsFor(scope?: vscode.Uri): ServerSettings {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
  return serverSettings((key) => configuration.get(key), folder?.uri.fsPath);
}

/** The interpreter selected in the Python extension, else `python.defaultInterpreterPath`. */
async function selectedPython(): Promise<string | undefined> {
  const python = vscode.extensions.getExtension("ms-python.python");
  if (python !== undefined) {
    try {
      const api = python.isActive ? python.exports : await python.activate();
      const active = api?.environments?.getActiveEnvironmentPath?.();
      if (active?.path) {
        const environment = await api.environments.resolveEnvironment?.(active);
        return environment?.executable?.uri?.fsPath ?? active.path;
      }
    } catch (error) {
      output.appendLine(`asm-ls: could not ask the Python extension for its interpreter: ${String(error)}`);
    }
  }
  const configured = vscode.workspace.getConfiguration("python").get<string>("defaultInterpreterPath");
  return configured && configured !== "python" ? configured : undefined;
}

function ensureStarted(): Promise<void> {
  if (client !== undefined || reportedMissing) return Promise.resolve();
  starting ??= start().finally(() => (starting = undefined));
  return starting;
}

const ORIGINS: Record<Origin, string> = {
  setting: "asmLs.server.path",
  workspace: "the workspace's virtual environment",
  python: "the Python interpreter",
  path: "PATH",
  bundled: "the server bundled with the extension",
};

/** Tells the user the server is missing (once), with the way to fix it. */
async function reportMissing(message: string): Promise<void> {
  reportedMissing = true;
  output.appendLine(message);
  const choice = await vscode.window.showErrorMessage(message, "Open Settings", "Show Output");
  if (choice === "Open Settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "asmLs.server.path");
  } else if (choice === "Show Output") {
    output.show(true);
  }
}

/** The bundled server's interpreter, set up on first start behind a progress notification. */
async function bundledPython(bundle: Bundle, python: string | undefined): Promise<string> {
  const ready = readyEnvironment(bundle, extension.globalStorageUri.fsPath);
  if (ready !== undefined) return ready;
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: "asm-ls: setting up the bundled language server (first start)",
    },
    () => setUpEnvironment(bundle, extension.globalStorageUri.fsPath, pythonCandidates(python, bundle.manifest.pythons), (line) => output.appendLine(line)),
  );
}

async function start(): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file").map((f) => f.uri.fsPath);
  const trusted = vscode.workspace.isTrusted;
  const bundle = findBundle(extension.extensionPath);
  let python = await selectedPython();
  const resolved = resolveServer(
    {
      path: configuration.get<string>("server.path", ""),
      args: configuration.get<string[]>("server.args", []),
      python,
      workspaceFolder: folders[0],
      workspaceFolders: folders,
      trusted,
      bundled: bundle !== undefined && covers(bundle),
    },
    nodeProbe,
  );
  for (const note of resolved.notes) output.appendLine(`asm-ls: Restricted Mode: ${note}`);
  if ("error" in resolved) {
    await reportMissing(resolved.error);
    return;
  }
  let command: string;
  let args: string[];
  let origin: Origin;
  if ("bundled" in resolved) {
    if (python !== undefined && !trusted && insideAny(python, folders, nodeProbe) !== undefined) python = undefined;
    try {
      command = await bundledPython(bundle!, python);
    } catch (error) {
      await reportMissing(`${(error as Error).message} ${INSTALL_HINT}`);
      return;
    }
    args = ["-m", "asm_ls", ...resolved.args];
    origin = "bundled";
  } else {
    ({ command, args, origin } = resolved);
  }
  if (resolved.notes.length > 0) {
    // Restricted Mode passed over the workspace's own server: say which one runs instead, and how to change it.
    void vscode.window
      .showInformationMessage(`asm-ls runs ${ORIGINS[origin]} in Restricted Mode. ${resolved.notes[0]}`, "Manage Workspace Trust")
      .then((choice) => (choice ? vscode.commands.executeCommand("workbench.trust.manage") : undefined));
  }
  output.appendLine(`asm-ls: starting ${[command, ...args].join(" ")} (from ${ORIGINS[origin]})`);
  // No `transport`: the client uses the process's stdio and appends nothing to the arguments.
  const serverOptions: ServerOptions = { command, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    outputChannel: output,
    initializationOptions: settingsFor(),
    middleware: {
      workspace: {
        // Answer the server's workspace/configuration for our section with the expanded settings.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, index) =>
            item.section === SECTION ? settingsFor(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : answers[index],
          );
        },
      },
    },
  };
  const next = new LanguageClient("asmLs", "asm-ls", serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (error) {
    client = undefined;
    output.appendLine(`asm-ls: the server did not start: ${String(error)}`);
    output.show(true);
  }
}

async function stop(): Promise<void> {
  await starting;
  const running = client;
  client = undefined;
  if (running !== undefined) await running.stop();
}

async function restart(): Promise<void> {
  await stop();
  reportedMissing = false;
  output.appendLine("asm-ls: restarting");
  await ensureStarted();
}

async function configurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!event.affectsConfiguration(SECTION)) return;
  if (event.affectsConfiguration(`${SECTION}.server`)) {
    await restart();
    return;
  }
  if (client?.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: settingsFor() } });
  }
}
