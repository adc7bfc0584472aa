// The Taplo language server that VS Code's Even Better TOML runs (@taplo/lsp, built to
// WebAssembly), spoken to over standard input and output, as an editor speaks to it.
// tests/editors/test_language_servers.py starts it with NODE_PATH set to npm's global
// modules, where .ci/run installs @taplo/lsp.
const fs = require("fs");
const path = require("path");
const { TaploLsp } = require("@taplo/lsp");

const env = {
  now: () => new Date(),
  envVar: (name) => process.env[name],
  envVars: () => Object.entries(process.env),
  stdErrAtty: () => false,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  glob: () => [],
  readFile: (p) => fs.promises.readFile(p),
  writeFile: (p, bytes) => fs.promises.writeFile(p, bytes),
  urlToFilePath: (url) => decodeURIComponent(url.replace(/^file:\/\//, "")),
  isAbsolute: (p) => path.isAbsolute(p),
  cwd: () => process.cwd(),
  findConfigFile: () => undefined,
  fetch: { fetch, Headers, Request, Response },
};

function write(message) {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}

TaploLsp.initialize(env, { onMessage: write }).then((lsp) => {
  let buffer = Buffer.alloc(0);
  process.stdin.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const header = buffer.subarray(0, end).toString();
      const length = Number(/Content-Length: (\d+)/i.exec(header)[1]);
      if (buffer.length < end + 4 + length) return;
      const body = buffer.subarray(end + 4, end + 4 + length).toString("utf8");
      buffer = buffer.subarray(end + 4 + length);
      lsp.send(JSON.parse(body));
    }
  });
  process.stdin.on("end", () => process.exit(0));
});
