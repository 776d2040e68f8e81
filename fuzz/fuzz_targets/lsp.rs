//! The language server, given a document made of the input and asked every
//! request it answers at places the input chooses, then the document edited:
//! never a panic, every request answered.
#![no_main]

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::json;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const REQUESTS: [&str; 10] = [
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/completion",
    "textDocument/rename",
    "textDocument/formatting",
    "textDocument/documentSymbol",
    "textDocument/semanticTokens/full",
    "textDocument/foldingRange",
    "textDocument/codeAction",
];

fuzz_target!(|data: &[u8]| {
    // The last eight bytes choose the places asked about; the rest is the document.
    let cut = data.len().saturating_sub(8);
    let (text, places) = data.split_at(cut);
    let text = String::from_utf8_lossy(text).into_owned();
    let places = places.to_vec();
    common::on_compiler_stack(move || serve(text, places));
});

fn serve(text: String, places: Vec<u8>) {
    let uri = "file:///fuzz/draft.treaty";
    let lines = text.split('\n').count().max(1) as u64;
    let at = |i: usize| {
        let b = u64::from(places.get(i).copied().unwrap_or(0));
        json!({"line": b % (lines + 1), "character": b.rotate_left(3) % 90})
    };
    let mut messages = vec![
        request(
            1,
            "initialize",
            json!({"capabilities": {}, "processId": null, "rootUri": null}),
        ),
        notification("initialized", json!({})),
        notification(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "treaty", "version": 1, "text": text}}),
        ),
    ];
    let mut id = 2;
    for (i, method) in REQUESTS.iter().enumerate() {
        let params = match *method {
            "textDocument/documentSymbol" | "textDocument/semanticTokens/full" | "textDocument/foldingRange" => {
                json!({"textDocument": {"uri": uri}})
            }
            "textDocument/formatting" => {
                json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}})
            }
            "textDocument/references" => {
                json!({"textDocument": {"uri": uri}, "position": at(i % 8), "context": {"includeDeclaration": true}})
            }
            "textDocument/rename" => {
                json!({"textDocument": {"uri": uri}, "position": at(i % 8), "newName": "renamed"})
            }
            "textDocument/codeAction" => json!({
                "textDocument": {"uri": uri},
                "range": {"start": at(0), "end": at(1)},
                "context": {"diagnostics": []}
            }),
            _ => json!({"textDocument": {"uri": uri}, "position": at(i % 8)}),
        };
        messages.push(request(id, method, params));
        id += 1;
    }
    // An edit in the middle of the document, then a question about it.
    messages.push(notification(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": at(2), "end": at(3)}, "text": "}\n"}]
        }),
    ));
    messages.push(request(
        id,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at(4)}),
    ));
    let asked = messages.iter().filter(|m| matches!(m, Message::Request(_))).count();
    messages.push(request(id + 1, "shutdown", json!(null)));
    messages.push(notification("exit", json!(null)));

    let (server, client) = Connection::memory();
    let Connection { sender, receiver } = client;
    // Sent before the server runs: the channels are unbounded.
    for m in messages {
        sender.send(m).expect("the server's channel is open");
    }
    drop(sender);
    let shut_down = treatyc::lsp::serve(&server, &|_| Vec::new());
    drop(server);
    assert!(shut_down, "the server did not shut down when asked");
    let answered = receiver
        .try_iter()
        .filter(|m| matches!(m, Message::Response(_)))
        .count();
    assert_eq!(answered, asked + 1, "a request went unanswered");
}

fn request(id: i32, method: &str, params: serde_json::Value) -> Message {
    Message::Request(Request {
        id: RequestId::from(id),
        method: method.to_string(),
        params,
    })
}

fn notification(method: &str, params: serde_json::Value) -> Message {
    Message::Notification(Notification {
        method: method.to_string(),
        params,
    })
}
