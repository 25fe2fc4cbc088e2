// Fails unless the packaged .vsix holds the bundled client, the grammar, the
// language configuration and the server's wheels with their manifest (every
// wheel it lists), and no sources or node_modules. Reads the zip's central
// directory directly, so it needs no dependency.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "asm-ls.vsix";
const zip = readFileSync(file);
const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
if (end < 0) throw new Error(`${file} is not a zip file`);
const count = zip.readUInt16LE(end + 10);
let offset = zip.readUInt32LE(end + 16);
const names = [];
for (let i = 0; i < count; i++) {
  const nameLength = zip.readUInt16LE(offset + 28);
  const extraLength = zip.readUInt16LE(offset + 30);
  const commentLength = zip.readUInt16LE(offset + 32);
  names.push(zip.toString("utf8", offset + 46, offset + 46 + nameLength));
  offset += 46 + nameLength + extraLength + commentLength;
}
const required = [
  "extension/package.json",
  "extension/dist/extension.js",
  "extension/syntaxes/goasm.tmLanguage.json",
  "extension/language-configuration.json",
  "extension/readme.md",
  "extension/changelog.md",
  "extension/LICENSE.txt",
  "extension/images/hover.png",
];
const manifestName = "extension/bundled/wheels/manifest.json";
const manifestAt = names.indexOf(manifestName);
if (manifestAt < 0) {
  console.error(`${file}: no ${manifestName} (npm run bundle-server)`);
  process.exit(1);
}
const wheels = JSON.parse(readFileSync("bundled/wheels/manifest.json", "utf8")).wheels;
required.push(...wheels.map((wheel) => `extension/bundled/wheels/${wheel}`));
const missing = required.filter((name) => !names.includes(name));
const unwanted = names.filter((name) => /node_modules\/|\/src\/|\/test\/|\.map$/.test(name));
if (missing.length > 0 || unwanted.length > 0) {
  console.error(`${file}: missing ${JSON.stringify(missing)}, unwanted ${JSON.stringify(unwanted)}`);
  process.exit(1);
}
console.log(`${file}: ${names.length} files, bundled client, grammar, language configuration and ${wheels.length} server wheels present`);
