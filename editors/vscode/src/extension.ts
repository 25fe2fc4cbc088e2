// The VS Code side of asm-ls: claims Go assembly files, starts the server and
// passes the settings on. Everything that can be decided without VS Code lives
// in sniff.ts, settings.ts and serverCommand.ts.

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { nodeProbe } from "./probe";
import { resolveServer } from "./serverCommand";
import { serverSettings, type ServerSettings } from "./settings";
import { shouldSwitchToGoAsm } from "./sniff";

const SECTION = "asmLs";
const SELECTOR = [
  { scheme: "file", language: "goasm" },
  { scheme: "file", language: "go.asm" },
];

let output: vscode.LogOutputChannel;
let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
/** Set once the user was told the server is missing, so opening more files does not repeat it. */
let reportedMissing = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("asm-ls", { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("asmLs.restartServer", restart),
    vscode.commands.registerCommand("asmLs.showOutput", () => output.show(true)),
    vscode.workspace.onDidOpenTextDocument(claim),
    vscode.workspace.onDidChangeConfiguration(configurationChanged),
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

async function start(): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const resolved = resolveServer(
    {
      path: configuration.get<string>("server.path", ""),
      args: configuration.get<string[]>("server.args", []),
      python: await selectedPython(),
      workspaceFolder: folder,
    },
    nodeProbe,
  );
  if ("error" in resolved) {
    reportedMissing = true;
    output.appendLine(resolved.error);
    const choice = await vscode.window.showErrorMessage(resolved.error, "Open Settings", "Show Output");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "asmLs.server.path");
    } else if (choice === "Show Output") {
      output.show(true);
    }
    return;
  }
  output.appendLine(`asm-ls: starting ${[resolved.command, ...resolved.args].join(" ")} (from ${resolved.origin})`);
  // No `transport`: the client uses the process's stdio and appends nothing to the arguments.
  const serverOptions: ServerOptions = { command: resolved.command, args: resolved.args };
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
