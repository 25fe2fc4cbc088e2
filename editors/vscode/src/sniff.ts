// Telling Go assembly from GNU assembly by content. Both live in `.s` files;
// Go's is recognisable by the statements and headers only the Go assembler
// has. The same markers are used by the Neovim ftdetect and the Emacs recipe.

/** How many leading lines are looked at: the markers sit near the top. */
export const SNIFF_LINES = 400;

const MARKERS: readonly RegExp[] = [
  // TEXT ·Add(SB), ...; GLOBL ·table(SB), ...; DATA runtime·x+0(SB)/8, ...
  /^\s*(?:TEXT|GLOBL|DATA)\s.*(?:\(SB\)|\u00b7)/,
  // The headers the Go toolchain provides to assembly.
  /^\s*#\s*include\s+["<](?:textflag|go_asm|funcdata|go_tls|asm_amd64|asm_ppc64x)\.h[">]/,
];

/** True when the text reads as Go (Plan 9-style) assembly. */
export function isGoAssembly(text: string): boolean {
  const lines = text.split(/\r?\n/, SNIFF_LINES);
  return lines.some((line) => MARKERS.some((marker) => marker.test(line)));
}

/** Language ids that a `.s` file may get before this extension looks at it:
 * `asm` from the common assembly extensions, `plaintext` when nothing claims
 * `.s`. vscode-go's `go.asm` is served as it is and never switched. */
const SWITCHABLE = new Set(["asm", "plaintext"]);

/** Should a document with this language id and name be switched to `goasm`? */
export function shouldSwitchToGoAsm(languageId: string, fileName: string, text: string): boolean {
  return SWITCHABLE.has(languageId) && fileName.endsWith(".s") && isGoAssembly(text);
}
