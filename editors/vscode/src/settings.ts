// The extension's settings as the server reads them (initializationOptions and
// workspace/configuration answers): the same keys, with paths expanded.

import * as os from "node:os";
import * as path from "node:path";

/** What the server is told. Keys are the server's setting names. */
export interface ServerSettings {
  goBinary?: string;
  includeDirs: string[];
  goarches: string[];
  gooses: string[];
  /** Machine code from `go tool asm` in hover (the server's default: on). */
  toolchain: boolean;
  /** `go tool asm` errors as diagnostics (the server's default: off). */
  toolchainDiagnostics: boolean;
  /** Which inlay hints to show (the server's default: all). */
  inlayHints: { frameTypes: boolean; textFrame: boolean; macroExpansions: boolean };
}

/** Reads one `asmLs.*` setting (without the prefix), as WorkspaceConfiguration.get does. */
export type SettingReader = (key: string) => unknown;

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === "string" && item.trim() !== "").map((item) => item.trim());
}

/** Expands `${workspaceFolder}`, `${userHome}` and a leading `~` the way VS Code users expect. */
export function expandPath(value: string, workspaceFolder: string | undefined): string {
  let expanded = value.replace(/\$\{userHome\}/g, os.homedir());
  if (workspaceFolder !== undefined) expanded = expanded.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  if (expanded === "~" || expanded.startsWith("~/")) expanded = path.join(os.homedir(), expanded.slice(1));
  return expanded;
}

export function serverSettings(read: SettingReader, workspaceFolder?: string): ServerSettings {
  const settings: ServerSettings = {
    includeDirs: strings(read("includeDirs")).map((dir) => expandPath(dir, workspaceFolder)),
    goarches: strings(read("goarches")),
    gooses: strings(read("gooses")),
    toolchain: read("toolchain") !== false,
    toolchainDiagnostics: read("toolchainDiagnostics") === true,
    inlayHints: {
      frameTypes: read("inlayHints.frameTypes") !== false,
      textFrame: read("inlayHints.textFrame") !== false,
      macroExpansions: read("inlayHints.macroExpansions") !== false,
    },
  };
  const goBinary = read("goBinary");
  if (typeof goBinary === "string" && goBinary.trim() !== "") {
    settings.goBinary = expandPath(goBinary.trim(), workspaceFolder);
  }
  return settings;
}
