//! `treatyc lsp`: the built binary is started and spoken to in JSON-RPC over
//! its standard input and output, as an editor does, about the WSC treaty.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn wsc() -> String {
    std::fs::read_to_string(root().join("treaties/wsc.treaty")).unwrap()
}

/// The URI of a file of the repository, as the server writes it.
fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn wsc_uri() -> String {
    uri_of(&root().join("treaties/wsc.treaty"))
}

/// An editor's side of the connection.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications received while waiting for answers.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Starts the server; does not initialize it.
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_treatyc"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if out.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.unwrap()];
                out.read_exact(&mut body).unwrap();
                if send.send(serde_json::from_slice::<Value>(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            notifications: Vec::new(),
            next_id: 1,
        }
    }

    /// Starts and initializes the server, with the repository's `treaties/`
    /// folder as the workspace.
    fn initialized() -> Client {
        let mut client = Client::start();
        let folder = uri_of(&root().join("treaties"));
        let answer = client.request(
            "initialize",
            json!({ "capabilities": {}, "workspaceFolders": [{ "uri": folder, "name": "treaties" }] }),
        );
        assert!(answer.get("result").is_some(), "{answer}");
        client.notify("initialized", json!({}));
        client
    }

    fn raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.raw(message.to_string().as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within a minute")
    }

    /// Sends a request and waits for its answer (the whole response object).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.next();
            if m.get("id") == Some(&json!(id)) {
                return m;
            }
            self.notifications.push(m);
        }
    }

    /// The result of a request that must succeed.
    fn result(&mut self, method: &str, params: Value) -> Value {
        let answer = self.request(method, params);
        assert!(answer.get("error").is_none(), "{method}: {answer}");
        answer["result"].clone()
    }

    /// The diagnostics published next for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self
            .notifications
            .iter()
            .position(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri)
        {
            let n = self.notifications.remove(i);
            return n["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.next();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.notifications.push(m);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "treaty", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
        self.diagnostics(uri)
    }

    fn exit(mut self) {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success());
    }
}

/// The zero-based line and UTF-16 column of the `nth` occurrence of `needle`,
/// plus `skip` characters into it.
fn position(text: &str, needle: &str, nth: usize, skip: usize) -> Value {
    let offset = text.match_indices(needle).nth(nth).unwrap().0 + skip;
    let line = text[..offset].matches('\n').count();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let character = text[line_start..offset].encode_utf16().count();
    json!({ "line": line, "character": character })
}

fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

#[test]
fn diagnostics_appear_on_a_broken_line_and_clear_when_it_is_fixed() {
    let mut c = Client::initialized();
    let uri = wsc_uri();
    let text = wsc();
    assert_eq!(c.open(&uri, &text), Vec::<Value>::new());
    let broken = text.replacen("decides broad_policy by qmv", "decides broad_policy by qmvv", 1);
    let found = c.change(&uri, 2, &broken);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "E0103");
    assert_eq!(found[0]["source"], "treatyc");
    assert_eq!(found[0]["range"]["start"], position(&broken, "qmvv", 0, 0));
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("help: did you mean `qmv`?"),
        "{found:?}"
    );
    // The suggestion is a quick fix, and the code's page is in the hover.
    let actions = c.result(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": found[0]["range"], "context": { "diagnostics": [] } }),
    );
    let edit = &actions[0]["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(edit["newText"], "qmv", "{actions}");
    assert_eq!(edit["range"], found[0]["range"]);
    let hover = c.result("textDocument/hover", at(&uri, position(&broken, "qmvv", 0, 2)));
    assert!(
        hover["contents"]["value"].as_str().unwrap().contains("**E0103**"),
        "{hover}"
    );
    assert_eq!(c.change(&uri, 3, &text), Vec::<Value>::new());
    c.exit();
}

#[test]
fn a_diagnostic_carries_its_related_locations() {
    let mut c = Client::initialized();
    let uri = wsc_uri();
    // A second `rule qmv` is defined twice: the first definition is a related location.
    let twice = wsc().replacen(
        "rule court_majority",
        "rule qmv = unanimity\n    rule court_majority",
        1,
    );
    let found = c.open(&uri, &twice);
    let e0101 = found.iter().find(|d| d["code"] == "E0101").unwrap();
    let related = e0101["relatedInformation"].as_array().unwrap();
    assert_eq!(related[0]["location"]["uri"], uri);
    assert_eq!(related[0]["location"]["range"]["start"], position(&twice, "qmv", 0, 0));
    c.exit();
}

#[test]
fn hover_on_a_body_gives_its_seats_powers_and_rules_in_words() {
    let mut c = Client::initialized();
    let uri = wsc_uri();
    let text = wsc();
    c.open(&uri, &text);
    let hover = c.result("textDocument/hover", at(&uri, position(&text, "body Council", 0, 6)));
    let value = hover["contents"]["value"].as_str().unwrap();
    for expected in [
        "Council of Heads of State or Government",
        "seats: one per member appointed by members (10 seats)",
        "decides admission by qmv on proposal from Ministers",
        // The words `treatyc doc` prints (words::sentence).
        "adopted when at least 55% of the members, representing at least 65% of the population, vote in favour",
        "with at least 15 members in favour when the membership is at least 15",
        "a blocking minority needs at least four members",
        "decides expulsion by reinforced_qmv excluding concerned`: adopted when at least 72% of the members, representing at least 65% of the population, vote in favour",
    ] {
        assert!(value.contains(expected), "{expected} not in {value}");
    }
    // A reference shows the same; an article its legal text; a fact its type and
    // source; a stage its entry condition.
    let reference = c.result(
        "textDocument/hover",
        at(&uri, position(&text, "accession by Council", 0, 14)),
    );
    assert_eq!(reference["contents"]["value"].as_str().unwrap(), value);
    let article = c.result("textDocument/hover", at(&uri, position(&text, "article 5", 0, 8)));
    assert!(article["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("An armed attack against one or more members"));
    let fact = c.result(
        "textDocument/hover",
        at(&uri, position(&text, "defence_target: percent", 0, 0)),
    );
    let fact = fact["contents"]["value"].as_str().unwrap();
    assert!(
        fact.contains("a percentage") && fact.contains("set by the decision `Council.defence_target`"),
        "{fact}"
    );
    // A body whose seats follow a rule shows the rule and the condition held to it.
    let parliament = c.result(
        "textDocument/hover",
        at(&uri, position(&text, "body WorldParliament", 0, 6)),
    );
    let parliament = parliament["contents"]["value"].as_str().unwrap();
    assert!(
        parliament.contains("seats apportioned by webster of square root of population, at least 6")
            && parliament.contains("seats degressively proportional to population before rounding"),
        "{parliament}"
    );
    let stage = c.result("textDocument/hover", at(&uri, position(&text, "stage union", 0, 7)));
    assert!(stage["contents"]["value"].as_str().unwrap().contains(
        "Enters when `total population of members >= 25% of world.population and ratified by 2/3 of members`"
    ));
    // A body's elected seats with their term, renewals and limit on re-election.
    let un_path = root().join("treaties/un-security-council.treaty");
    let (un_uri, un) = (uri_of(&un_path), std::fs::read_to_string(&un_path).unwrap());
    c.open(&un_uri, &un);
    let council = c.result(
        "textDocument/hover",
        at(&un_uri, position(&un, "body SecurityCouncil", 0, 6)),
    );
    let council = council["contents"]["value"].as_str().unwrap();
    assert!(
        council.contains("for two years, 5 renewed every year, not immediately re-eligible"),
        "{council}"
    );
    c.exit();
}

#[test]
fn definition_and_references_go_across_the_treaty_and_its_amendments() {
    let mut c = Client::initialized();
    let uri = wsc_uri();
    let text = wsc();
    c.open(&uri, &text);
    let found = c.result(
        "textDocument/definition",
        at(&uri, position(&text, "by reinforced_qmv", 0, 4)),
    );
    assert_eq!(found[0]["uri"], uri);
    assert_eq!(found[0]["range"]["start"], position(&text, "reinforced_qmv \"", 0, 0));
    // `SecurityCouncil` is named in the treaty and in the amendments in the workspace.
    let refs = c.result(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri }, "position": position(&text, "body SecurityCouncil", 0, 6),
                "context": { "includeDeclaration": true } }),
    );
    let refs = refs.as_array().unwrap();
    let in_wsc = refs.iter().filter(|r| r["uri"] == uri).count();
    assert_eq!(in_wsc, text.matches("SecurityCouncil").count(), "{refs:?}");
    let amendment = uri_of(&root().join("treaties/amendments/defence-target-3-5.treaty"));
    assert!(refs.iter().any(|r| r["uri"] == amendment), "{refs:?}");
    c.exit();
}

/// Applies a rename's edits to a text (edits do not overlap).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let column: usize = text[start..]
            .chars()
            .scan(0, |units, c| {
                let at = *units;
                *units += c.len_utf16();
                Some((at, c.len_utf8()))
            })
            .take_while(|(at, _)| *at < character)
            .map(|(_, bytes)| bytes)
            .sum();
        start + column
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, new) in edits {
        out.replace_range(s..e, new);
    }
    out
}

/// The text without its quoted texts and comments: where names are written.
fn names(text: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for line in text.lines() {
        let mut chars = line.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                '"' => quoted = !quoted,
                '/' if !quoted && chars.peek() == Some(&'/') => break,
                _ if !quoted => out.push(ch),
                _ => {}
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn renaming_a_body_renames_every_reference_and_the_treaty_still_checks() {
    let mut c = Client::initialized();
    let uri = wsc_uri();
    let text = wsc();
    c.open(&uri, &text);
    let edit = c.result(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": position(&text, "body Ministers", 0, 6), "newName": "MinisterialCouncil" }),
    );
    let changes = edit["documentChanges"].as_array().unwrap();
    let wsc_edits = changes.iter().find(|c| c["textDocument"]["uri"] == uri).unwrap();
    let renamed = apply(&text, wsc_edits["edits"].as_array().unwrap());
    // Every name is renamed; titles and legal text, which are words, are not.
    assert_eq!(names(&renamed).matches("Ministers").count(), 0, "{renamed}");
    assert_eq!(
        names(&renamed).matches("MinisterialCouncil").count(),
        names(&text).matches("Ministers").count()
    );
    assert_eq!(
        renamed.matches("Council of Ministers").count(),
        text.matches("Council of Ministers").count()
    );
    let mut sources = treatyc::source::SourceMap::new();
    let unit = treatyc::check_source(&mut sources, "wsc.treaty", renamed.as_bytes(), &Default::default());
    assert!(unit.diagnostics.is_empty(), "{:?}", unit.diagnostics);
    // Refused: a keyword, a built-in rule, a name another body has.
    for (place, new, why) in [
        (position(&text, "decides broad_policy by", 0, 21), "x", "keyword"),
        (position(&text, "by unanimity", 0, 4), "x", "built-in"),
        (
            position(&text, "body Ministers", 0, 6),
            "Council",
            "already the name of a body",
        ),
        (position(&text, "body Ministers", 0, 6), "decides", "keyword"),
    ] {
        let answer = c.request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": uri }, "position": place, "newName": new }),
        );
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(why), "{why}: {answer}");
    }
    c.exit();
}

#[test]
fn completion_offers_rules_after_by_decisions_after_a_body_and_clause_words() {
    let mut c = Client::initialized();
    let uri = wsc_uri();
    let text = wsc();
    c.open(&uri, &text);
    let labels = |c: &mut Client, p: Value| -> Vec<String> {
        let items = c.result("textDocument/completion", at(&uri, p));
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let rules = labels(&mut c, position(&text, "decides broad_policy by qmv", 0, 24));
    for r in [
        "qmv",
        "reinforced_qmv",
        "court_majority",
        "unanimity",
        "simple majority",
    ] {
        assert!(rules.iter().any(|l| l == r), "{r} not in {rules:?}");
    }
    assert!(!rules.iter().any(|l| l == "Council"), "{rules:?}");
    let decisions = labels(&mut c, position(&text, "accession by Council.admission", 0, 21));
    assert_eq!(decisions, ["admission", "broad_policy", "defence_target", "expulsion"]);
    // At the start of a line in a body: the words a body's clauses begin with.
    let clause = labels(&mut c, position(&text, "      approves Ministers", 0, 6));
    assert!(
        clause.iter().any(|l| l == "decides") && clause.iter().any(|l| l == "seats"),
        "{clause:?}"
    );
    assert!(!clause.iter().any(|l| l == "article"), "{clause:?}");
    c.exit();
}

#[test]
fn the_outline_nests_articles_bodies_and_powers() {
    let mut c = Client::initialized();
    let uri = wsc_uri();
    let text = wsc();
    c.open(&uri, &text);
    let symbols = c.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
    let treaty = &symbols[0];
    assert_eq!(treaty["name"], "treaty wsc");
    let article = treaty["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "article 6")
        .unwrap();
    let council = article["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Council")
        .unwrap();
    let powers: Vec<&str> = council["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        powers,
        [
            "decides broad_policy",
            "decides admission",
            "decides expulsion",
            "decides defence_target"
        ]
    );
    let stages: Vec<&str> = treaty["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str().filter(|n| n.starts_with("stage ")))
        .collect();
    assert_eq!(stages, ["stage community", "stage union", "stage federation"]);
    let found = c.result("workspace/symbol", json!({ "query": "reinforced" }));
    assert_eq!(found[0]["name"], "reinforced_qmv");
    c.exit();
}

#[test]
fn semantic_tokens_and_folding_ranges_cover_the_treaty() {
    let mut c = Client::initialized();
    let uri = wsc_uri();
    let text = wsc();
    c.open(&uri, &text);
    let tokens = c.result(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    let data = tokens["data"].as_array().unwrap();
    assert!(data.len() > 500 && data.len().is_multiple_of(5), "{}", data.len());
    // The first token is the comment on line 0; `treaty` on line 8 is a keyword.
    assert_eq!(
        data[..5],
        [
            json!(0),
            json!(0),
            json!(text.lines().next().unwrap().len()),
            json!(2),
            json!(0)
        ]
    );
    let folds = c.result("textDocument/foldingRange", json!({ "textDocument": { "uri": uri } }));
    let folds = folds.as_array().unwrap();
    // The opening comment's run of lines, and the treaty's block.
    assert!(
        folds
            .iter()
            .any(|f| f["startLine"] == 0 && f["endLine"] == 6 && f["kind"] == "comment"),
        "{folds:?}"
    );
    let last = text.lines().count() - 1;
    assert!(
        folds.iter().any(|f| f["startLine"] == 8 && f["endLine"] == last - 1),
        "{folds:?}"
    );
    c.exit();
}

#[test]
fn utf8_positions_are_used_when_the_client_offers_them() {
    let mut c = Client::start();
    let answer = c.request(
        "initialize",
        json!({ "capabilities": { "general": { "positionEncodings": ["utf-16", "utf-8"] } } }),
    );
    assert_eq!(answer["result"]["capabilities"]["positionEncoding"], "utf-8");
    let uri = "file:///tmp/z%C3%BCrich.treaty";
    let text = "treaty z \"Zürich’s\" { body Court \"Cour ’\" { seats: 2.5 } }\n";
    let found = c.open(uri, text);
    // The unusable figure is reported at its byte column, not its UTF-16 one.
    let bytes = text.find("2.5").unwrap();
    assert_ne!(bytes, text[..bytes].encode_utf16().count());
    assert!(
        found.iter().any(|d| d["range"]["start"]["character"] == bytes),
        "{found:?}"
    );
    c.exit();
}

#[test]
fn a_request_before_initialize_is_an_error_and_bad_input_is_survived() {
    let mut c = Client::start();
    let early = c.request(
        "textDocument/hover",
        at("file:///x.treaty", json!({ "line": 0, "character": 0 })),
    );
    assert_eq!(early["error"]["code"], -32002);
    // Not JSON, and JSON that is no message: each answered, the server goes on.
    c.raw(b"{not json");
    let error = c.next();
    assert_eq!(
        (error["id"].clone(), error["error"]["code"].clone()),
        (Value::Null, json!(-32700))
    );
    c.raw(b"[1, 2]");
    assert_eq!(c.next()["error"]["code"], -32600);
    let answer = c.request("initialize", json!({ "capabilities": {} }));
    assert!(answer["result"]["capabilities"]["hoverProvider"].as_bool().unwrap());
    // Bad parameters, an unknown method, an unknown document.
    let bad = c.request("textDocument/hover", json!({ "textDocument": 3 }));
    assert_eq!(bad["error"]["code"], -32602);
    let unknown = c.request("textDocument/nonsense", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let nothing = c.result(
        "textDocument/hover",
        at("file:///nowhere.treaty", json!({ "line": 9, "character": 9 })),
    );
    assert_eq!(nothing, Value::Null);
    let far = c.result(
        "textDocument/definition",
        at("file:///nowhere.treaty", json!({ "line": 99999, "character": 99999 })),
    );
    assert_eq!(far, Value::Null);
    c.exit();
}

#[test]
fn every_line_typed_of_every_bundled_treaty_leaves_the_server_answering() {
    let mut c = Client::initialized();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("treaties"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "treaty"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 6);
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let uri = uri_of(&path);
        c.open(&uri, "");
        let mut typed = 0;
        for (version, line) in text.split_inclusive('\n').enumerate() {
            typed += line.len();
            let prefix = &text[..typed];
            c.change(&uri, version as i64 + 2, prefix);
            // Asked at the end of what is typed, the server answers every request.
            let end = text[..typed].lines().count();
            for method in [
                "textDocument/hover",
                "textDocument/definition",
                "textDocument/completion",
            ] {
                c.result(
                    method,
                    at(&uri, json!({ "line": end.saturating_sub(1), "character": 4 })),
                );
            }
            c.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
            c.result(
                "textDocument/semanticTokens/full",
                json!({ "textDocument": { "uri": uri } }),
            );
            c.result("textDocument/foldingRange", json!({ "textDocument": { "uri": uri } }));
        }
        // The whole text typed, the server says what `check` says.
        let published: Vec<(String, String)> = c
            .change(&uri, 100_000, &text)
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut sources = treatyc::source::SourceMap::new();
        let unit = treatyc::check_source(&mut sources, &uri, text.as_bytes(), &Default::default());
        let checked: Vec<(String, String)> = unit
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str().to_string(), d.message.clone()))
            .collect();
        assert_eq!(published.len(), checked.len(), "{}", path.display());
        for ((code, message), (c_code, c_message)) in published.iter().zip(&checked) {
            assert_eq!(code, c_code);
            assert!(message.starts_with(c_message.as_str()), "{message} / {c_message}");
        }
    }
    c.exit();
}

#[test]
fn the_textmate_grammar_is_json_and_names_every_keyword_of_the_grammar() {
    let text = std::fs::read_to_string(root().join("editors/vscode/syntaxes/treaty.tmLanguage.json")).unwrap();
    let grammar: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(grammar["scopeName"], "source.treaty");
    let pattern = grammar["repository"]["keywords"]["match"].as_str().unwrap();
    let inner = pattern
        .strip_prefix("(?<![A-Za-z0-9_-])(?:")
        .and_then(|p| p.strip_suffix(")(?![A-Za-z0-9_-])"))
        .unwrap();
    let named: std::collections::BTreeSet<&str> = inner.split('|').collect();
    let pest = std::fs::read_to_string(root().join("grammar/treaty.pest")).unwrap();
    let mut keywords = Vec::new();
    for line in pest.lines().filter(|l| l.starts_with("k_")) {
        keywords.extend(
            line.split('"')
                .skip(1)
                .step_by(2)
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        );
    }
    assert!(keywords.len() > 150, "{keywords:?}");
    let missing: Vec<&String> = keywords.iter().filter(|k| !named.contains(k.as_str())).collect();
    assert!(
        missing.is_empty(),
        "keywords of grammar/treaty.pest missing from the TextMate grammar: {missing:?}"
    );
    // Longer words first, so that `members` is not highlighted as `member` + `s`.
    let order: Vec<&str> = inner.split('|').collect();
    assert!(order.windows(2).all(|w| w[0].len() >= w[1].len()), "{order:?}");
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("editors/vscode/package.json")).unwrap()).unwrap();
    assert_eq!(
        package["contributes"]["grammars"][0]["path"],
        "./syntaxes/treaty.tmLanguage.json"
    );
}

#[test]
fn formatting_gives_the_bytes_treatyc_fmt_writes() {
    let mut c = Client::initialized();
    let uri = wsc_uri();
    // Laid out by hand: a rule indented too far, a body on one line.
    let messy = wsc()
        .replacen("    rule court_majority", "          rule  court_majority", 1)
        .replacen(
            "  external body ICJ \"International Court of Justice\" {\n    arbitrates disputes\n  }",
            "  external body ICJ \"International Court of Justice\" { arbitrates disputes }",
            1,
        );
    c.open(&uri, &messy);
    let format = |c: &mut Client| {
        c.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
    };
    let edits = format(&mut c)["result"].clone();
    let formatted = apply(&messy, edits.as_array().unwrap());
    assert_ne!(formatted, messy);
    let mut fmt = Command::new(env!("CARGO_BIN_EXE_treatyc"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    fmt.stdin.take().unwrap().write_all(messy.as_bytes()).unwrap();
    let out = fmt.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(formatted.as_bytes(), out.stdout.as_slice());
    // Laid out already: nothing to change. Not parsing: refused, as `fmt` refuses it.
    c.change(&uri, 2, &formatted);
    assert_eq!(format(&mut c)["result"], json!([]));
    c.change(&uri, 3, "treaty t {");
    let refused = format(&mut c);
    assert!(
        refused["error"]["message"].as_str().unwrap().contains("does not parse"),
        "{refused}"
    );
    c.exit();
}

#[test]
fn the_weight_of_an_entry_into_force_is_the_member_fact() {
    let mut c = Client::initialized();
    let path = root().join("treaties/paris-agreement.treaty");
    let uri = uri_of(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(c.open(&uri, &text), Vec::<Value>::new());
    // Over `emissions` in `55% of emissions`: the fact's declaration, as over the fact itself.
    let hover = c.result(
        "textDocument/hover",
        at(&uri, position(&text, "55% of emissions", 0, 8)),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("emissions"), "{value}");
    let declared = c.result(
        "textDocument/hover",
        at(&uri, position(&text, "emissions: count", 0, 0)),
    );
    assert_eq!(hover, declared);
    c.exit();
}
