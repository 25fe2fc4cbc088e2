// The package manifest and the files it names: what VS Code reads without running our code.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { serverSettings } from "../../src/settings";

const ROOT = path.join(__dirname, "..", "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const languageConfiguration = JSON.parse(fs.readFileSync(path.join(ROOT, "language-configuration.json"), "utf8"));

test("every server setting is declared with the server's default, and every declared setting is read", () => {
  const declared = Object.keys(manifest.contributes.configuration.properties).map((key) => key.replace(/^asmLs\./, ""));
  const sent = new Set<string>();
  serverSettings((key) => {
    sent.add(key);
    return undefined;
  });
  const extensionOnly = ["server.path", "server.args", "trace.server"];
  assert.deepEqual(new Set(declared), new Set([...sent, ...extensionOnly]));
  const defaults = serverSettings((key) => manifest.contributes.configuration.properties[`asmLs.${key}`].default);
  assert.deepEqual(defaults, serverSettings(() => undefined));
});

test("the goasm language, its grammar and configuration are contributed and exist", () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, "goasm");
  assert.ok(!language.extensions, "claiming every .s file would steal GNU assembly");
  assert.ok(fs.existsSync(path.join(ROOT, language.configuration)));
  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar.scopeName, "source.goasm");
  assert.equal(JSON.parse(fs.readFileSync(path.join(ROOT, grammar.path), "utf8")).scopeName, "source.goasm");
});

test("activation covers the ids Go assembly arrives with", () => {
  for (const id of ["asm", "go.asm", "plaintext"]) assert.ok(manifest.activationEvents.includes(`onLanguage:${id}`), id);
});

test("commands are declared", () => {
  const commands = manifest.contributes.commands.map((command: { command: string }) => command.command);
  assert.deepEqual(commands.sort(), ["asmLs.restartServer", "asmLs.showOutput"]);
});

function words(line: string): string[] {
  return [...line.matchAll(new RegExp(languageConfiguration.wordPattern, "g"))].map((match) => match[0]);
}

test("the word pattern keeps middle-dot symbols whole", () => {
  assert.deepEqual(words("TEXT ·Add(SB), NOSPLIT, $0-24"), ["TEXT", "·Add", "SB", "NOSPLIT", "0", "24"]);
  assert.deepEqual(words("CALL runtime·memmove(SB)"), ["CALL", "runtime·memmove", "SB"]);
  assert.deepEqual(words("TEXT math∕big·addVV(SB)"), ["TEXT", "math∕big·addVV", "SB"]);
  assert.deepEqual(words("MOVQ ·table<>+8(SB), AX"), ["MOVQ", "·table<>", "8", "SB", "AX"]);
  assert.deepEqual(words("MOVQ a_len+8(FP), AX"), ["MOVQ", "a_len", "8", "FP", "AX"]);
});
