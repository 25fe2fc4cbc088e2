import { strict as assert } from "node:assert";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { expandPath, serverSettings } from "../../src/settings";

function reader(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

const ALL_HINTS = { frameTypes: true, textFrame: true, macroExpansions: true };

test("defaults are the server's: nothing restricted, machine code in hover, no assembler diagnostics, every hint", () => {
  assert.deepEqual(serverSettings(reader({})), {
    includeDirs: [],
    goarches: [],
    gooses: [],
    toolchain: true,
    toolchainDiagnostics: false,
    inlayHints: ALL_HINTS,
  });
});

test("settings pass through under the server's names", () => {
  const settings = serverSettings(
    reader({
      goBinary: "/opt/go/bin/go",
      goarches: ["amd64", "arm64"],
      gooses: ["linux", "darwin"],
      includeDirs: ["/inc"],
      toolchain: false,
      toolchainDiagnostics: true,
      "inlayHints.frameTypes": false,
      "inlayHints.macroExpansions": false,
    }),
  );
  assert.deepEqual(settings, {
    goBinary: "/opt/go/bin/go",
    goarches: ["amd64", "arm64"],
    gooses: ["linux", "darwin"],
    includeDirs: ["/inc"],
    toolchain: false,
    toolchainDiagnostics: true,
    inlayHints: { frameTypes: false, textFrame: true, macroExpansions: false },
  });
});

test("paths expand ${workspaceFolder}, ${userHome} and ~", () => {
  const settings = serverSettings(
    reader({ includeDirs: ["${workspaceFolder}/include", "~/asm", "${userHome}/x"], goBinary: "~/sdk/go/bin/go" }),
    "/work/proj",
  );
  assert.deepEqual(settings.includeDirs, ["/work/proj/include", path.join(os.homedir(), "asm"), path.join(os.homedir(), "x")]);
  assert.equal(settings.goBinary, path.join(os.homedir(), "sdk/go/bin/go"));
});

test("blank and mistyped values are dropped rather than sent", () => {
  const settings = serverSettings(
    reader({ goBinary: "  ", goarches: ["amd64", "", 3, " arm64 "], toolchain: "no", toolchainDiagnostics: "yes", includeDirs: "/inc" }),
  );
  assert.deepEqual(settings, {
    includeDirs: [],
    goarches: ["amd64", "arm64"],
    gooses: [],
    toolchain: true,
    toolchainDiagnostics: false,
    inlayHints: ALL_HINTS,
  });
});

test("${workspaceFolder} stays as written when there is no folder", () => {
  assert.equal(expandPath("${workspaceFolder}/inc", undefined), "${workspaceFolder}/inc");
});
