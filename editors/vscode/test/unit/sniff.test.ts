import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { isGoAssembly, shouldSwitchToGoAsm } from "../../src/sniff";

const TESTDATA = path.join(__dirname, "..", "..", "..", "..", "testdata");

test("the fixture's Go assembly is recognised", () => {
  const text = fs.readFileSync(path.join(TESTDATA, "addmod", "add_amd64.s"), "utf8");
  assert.equal(isGoAssembly(text), true);
});

test("GNU assembly is left alone", () => {
  const text = fs.readFileSync(path.join(TESTDATA, "gnu", "hello.s"), "utf8");
  assert.equal(isGoAssembly(text), false);
});

test("each marker alone is enough", () => {
  assert.equal(isGoAssembly("TEXT ·f(SB), 0, $0\n"), true);
  assert.equal(isGoAssembly("\tTEXT runtime·rt0_go(SB),NOSPLIT|TOPFRAME,$0\n"), true);
  assert.equal(isGoAssembly("TEXT _rt0_amd64_linux(SB),NOSPLIT,$-8\n"), true);
  assert.equal(isGoAssembly("GLOBL ·table(SB), RODATA, $8\n"), true);
  assert.equal(isGoAssembly("DATA masks<>+0x00(SB)/8, $0\n"), true);
  assert.equal(isGoAssembly('#include "textflag.h"\n'), true);
  assert.equal(isGoAssembly("# include <go_asm.h>\r\n"), true);
});

test("GNU look-alikes are not markers", () => {
  assert.equal(isGoAssembly(".text\n.globl _start\n_start:\n\tmov $60, %eax\n"), false);
  assert.equal(isGoAssembly('#include "asm.h"\n\t.section .text\n'), false);
  assert.equal(isGoAssembly("// TEXT ·f(SB) in a GNU file's comment\n"), false);
  assert.equal(isGoAssembly(""), false);
});

test("only the first lines are read", () => {
  const filler = "\tnop\n".repeat(1000);
  assert.equal(isGoAssembly(filler + "TEXT ·late(SB), 0, $0\n"), false);
});

test("asm and plain-text .s files switch; go.asm, other names and GNU files do not", () => {
  const goasm = "#include \"textflag.h\"\nTEXT ·Add(SB), NOSPLIT, $0-24\n";
  assert.equal(shouldSwitchToGoAsm("asm", "/m/add_amd64.s", goasm), true);
  assert.equal(shouldSwitchToGoAsm("plaintext", "/m/add.s", goasm), true);
  assert.equal(shouldSwitchToGoAsm("go.asm", "/m/add.s", goasm), false);
  assert.equal(shouldSwitchToGoAsm("goasm", "/m/add.s", goasm), false);
  assert.equal(shouldSwitchToGoAsm("asm", "/m/boot.asm", goasm), false);
  assert.equal(shouldSwitchToGoAsm("asm", "/m/start.S", goasm), false);
  assert.equal(shouldSwitchToGoAsm("asm", "/m/start.s", ".globl _start\n_start:\n\tret\n"), false);
});
