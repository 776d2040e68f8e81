//! `treatyc lsp`: the language server over standard input and output.
//!
//! The framing (`Content-Length` headers) is read here rather than by
//! `lsp_server::Connection::stdio`, whose reader stops at the first message that
//! is not JSON: a malformed message is answered with a JSON-RPC error and the
//! server reads on.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message};

use super::*;

/// Folders deeper than this under the workspace are not searched for treaties.
const DEEPEST: usize = 4;
/// A workspace of more treaty files than this is not indexed past them.
const MOST_FILES: usize = 1000;

pub(super) fn lsp() -> Result<ExitCode, String> {
    let (to_server, from_client) = crossbeam_channel::bounded::<Message>(0);
    let (to_client, from_server) = crossbeam_channel::bounded::<Message>(0);
    let writer = std::thread::Builder::new()
        .name("lsp-writer".to_string())
        .spawn(move || {
            for message in from_server {
                let mut out = std::io::stdout().lock();
                if message.write(&mut out).is_err() {
                    return;
                }
            }
        })
        .map_err(|e| format!("cannot start the language server: {e}"))?;
    std::thread::Builder::new()
        .name("lsp-reader".to_string())
        .spawn(move || read_messages(&to_server))
        .map_err(|e| format!("cannot start the language server: {e}"))?;
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    let shut_down = crate::lsp::serve(&connection, &treaty_files);
    drop(connection);
    // Every answer is written before the process ends.
    let _ = writer.join();
    // The protocol's exit code: 1 when the client left without `shutdown`.
    Ok(if shut_down {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Reads framed messages until the input ends or the server stops listening.
fn read_messages(to_server: &crossbeam_channel::Sender<Message>) {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    loop {
        let length = match read_headers(&mut input) {
            Ok(Some(length)) => length,
            Ok(None) => return,
            Err(why) => {
                malformed(-32700, &why);
                continue;
            }
        };
        let mut body = vec![0; length];
        if input.read_exact(&mut body).is_err() {
            return;
        }
        let value: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                malformed(-32700, &format!("the message is not JSON: {e}"));
                continue;
            }
        };
        // Only an object is a message: serde would also read a struct from an array.
        let message = if value.is_object() {
            serde_json::from_value::<Message>(value).map_err(|e| e.to_string())
        } else {
            Err("a message is a JSON object".to_string())
        };
        let message = match message {
            Ok(m) => m,
            Err(e) => {
                malformed(
                    -32600,
                    &format!("the message is not a request, a response or a notification: {e}"),
                );
                continue;
            }
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if to_server.send(message).is_err() || exit {
            return;
        }
    }
}

/// The Content-Length of the next message; `None` at the end of the input.
fn read_headers(input: &mut impl BufRead) -> Result<Option<usize>, String> {
    /// A message larger than this is refused, as any input over the cap is.
    const LARGEST: usize = 64 << 20;
    let mut length = None;
    let mut seen = false;
    loop {
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) => return Ok(None),
            Ok(_) => {}
            Err(e) => return Err(format!("a header is not text: {e}")),
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !seen {
                continue;
            }
            return match length {
                Some(n) if n <= LARGEST => Ok(Some(n)),
                Some(n) => Err(format!("a message of {n} bytes is over the limit of {LARGEST}")),
                None => Err("a message without a Content-Length header".to_string()),
            };
        }
        seen = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
}

/// An error answer to a message that could not be read: its id is unknown, so null.
fn malformed(code: i32, message: &str) {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code, "message": message },
    })
    .to_string();
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = out.flush();
}

/// The `.treaty` files under a workspace folder, in path order, each read
/// safely as any input is (size cap, no devices).
fn treaty_files(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![(folder.to_path_buf(), 0)];
    while let Some((dir, depth)) = pending.pop() {
        let Ok(listing) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<PathBuf> = listing.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.') || n == "target");
            if hidden {
                continue;
            }
            if path.is_dir() && depth < DEEPEST {
                pending.push((path, depth + 1));
            } else if path.extension().is_some_and(|x| x == "treaty") && path.is_file() {
                found.push(path);
            }
        }
    }
    found.sort();
    found.truncate(MOST_FILES);
    found
        .into_iter()
        .filter_map(|p| read(&p).ok().map(|bytes| (p, bytes)))
        .collect()
}
