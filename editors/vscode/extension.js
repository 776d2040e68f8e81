// Starts `treatyc lsp` for .treaty files. Highlighting comes from the TextMate
// grammar in syntaxes/ whether or not the server runs; everything else (diagnostics,
// hover, go to definition, rename, completion, outline, semantic colours, folding)
// comes from the server.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("treaty").get("server.path") || "treatyc";
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "treatyc",
    "treatyc",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "treaty" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
