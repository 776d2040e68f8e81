//! `treatyc lsp`: a language server. Every answer comes from the analyses `check`
//! runs (`analysis::analyse` goes through the same `Session`), so what the editor
//! shows is the compiler's own.
//!
//! The server never stops on bad input: a request before `initialize` gets
//! ServerNotInitialized, bad parameters InvalidParams, an unknown method
//! MethodNotFound, a document it does not know an empty answer; only `exit` (or
//! the client closing the connection) ends it. It does no input or output of its
//! own: the command line hands it a connection and a way to read the treaty
//! files of a workspace folder.

pub mod analysis;
mod completion;
mod diagnostics;
mod hover;
mod navigation;
pub mod position;
mod symbols;
mod text;
mod tokens;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, FoldingRangeRequest, Formatting, GotoDefinition,
    HoverRequest, References, Rename, Request as _, SemanticTokensFullRequest, WorkspaceSymbolRequest,
};
use lsp_types::*;
use serde::de::DeserializeOwned;

pub use analysis::{analyse, Analysis, Source};
pub use position::Encoding;

/// Reads the treaty files (`*.treaty`) under a workspace folder, for amendments
/// found there to be linked to their treaty. Given by the command line.
pub type ReadFolder<'r> = &'r dyn Fn(&Path) -> Vec<(PathBuf, Vec<u8>)>;

/// Serves one client over `connection` until it sends `exit` or goes away;
/// whether it asked to shut down first (the protocol's clean end).
pub fn serve(connection: &Connection, read_folder: ReadFolder<'_>) -> bool {
    let mut server = Server {
        world: World {
            encoding: Encoding::Utf16,
            open: BTreeMap::new(),
            disk: BTreeMap::new(),
        },
        state: State::Uninitialized,
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                let response = server.request(request, read_folder);
                if connection.sender.send(Message::Response(response)).is_err() {
                    return server.state == State::ShutDown;
                }
            }
            Message::Notification(n) if n.method == "exit" => return server.state == State::ShutDown,
            Message::Notification(n) => {
                for out in server.notification(n) {
                    if connection.sender.send(Message::Notification(out)).is_err() {
                        return server.state == State::ShutDown;
                    }
                }
            }
            Message::Response(_) => {}
        }
    }
    server.state == State::ShutDown
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

struct Server {
    world: World,
    state: State,
}

/// The documents the server knows: those open in the editor, and the treaty
/// files of the workspace folder (an open document hides its file).
pub struct World {
    encoding: Encoding,
    open: BTreeMap<String, Analysis>,
    disk: BTreeMap<String, Analysis>,
}

impl World {
    fn analysis(&self, uri: &Uri) -> Option<&Analysis> {
        let key = uri.as_str();
        self.open.get(key).or_else(|| self.disk.get(key))
    }

    fn all(&self) -> impl Iterator<Item = &Analysis> {
        self.open
            .values()
            .chain(self.disk.values().filter(|a| !self.open.contains_key(&a.uri)))
    }

    /// A treaty (by URI) and the amendments linted against it.
    fn family(&self, anchor: &str) -> Vec<&Analysis> {
        self.all().filter(|a| a.anchor == anchor).collect()
    }

    /// The treaty named `name` for a document at `near`: open ones before files,
    /// then the one that shares the most of `near`'s folders (the amendment's own
    /// folder, then the one above, as `check` looks), then the first by path.
    fn treaty(&self, name: &str, near: &str) -> Option<Source<'_>> {
        let shared = |uri: &str| uri.split('/').zip(near.split('/')).take_while(|(a, b)| a == b).count();
        let found = self
            .all()
            .filter(|a| !a.amendment && a.treaty.as_deref() == Some(name))
            .min_by_key(|a| {
                (
                    !self.open.contains_key(&a.uri),
                    std::cmp::Reverse(shared(&a.uri)),
                    &a.uri,
                )
            });
        found.map(|a| Source {
            uri: &a.uri,
            text: &a.text,
        })
    }

    fn analyse(&self, uri: &str, text: &str) -> Analysis {
        analysis::analyse(Source { uri, text }, &|name| self.treaty(name, uri), self.encoding)
    }
}

/// An answer, or an error for the client.
type Answer = Result<serde_json::Value, (ErrorCode, String)>;

fn params<P: DeserializeOwned>(value: serde_json::Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(value).map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

fn json<T: serde::Serialize>(value: T) -> Answer {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

fn reply(id: RequestId, answer: Answer) -> Response {
    match answer {
        Ok(result) => Response::new_ok(id, result),
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}

impl Server {
    fn request(&mut self, request: Request, read_folder: ReadFolder<'_>) -> Response {
        let Request { id, method, params } = request;
        let answer = match (self.state, method.as_str()) {
            (State::Uninitialized, "initialize") => self.initialize(params, read_folder),
            (State::Uninitialized, _) => Err((
                ErrorCode::ServerNotInitialized,
                "the server is not initialized: send `initialize` first".to_string(),
            )),
            (_, "initialize") => Err((
                ErrorCode::InvalidRequest,
                "the server is already initialized".to_string(),
            )),
            (State::ShutDown, _) => Err((ErrorCode::InvalidRequest, "the server is shut down".to_string())),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                Ok(serde_json::Value::Null)
            }
            (State::Running, _) => self.answer(&method, params),
        };
        reply(id, answer)
    }

    fn initialize(&mut self, params: serde_json::Value, read_folder: ReadFolder<'_>) -> Answer {
        let init: InitializeParams = self::params(params)?;
        let offered = init
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        self.world.encoding = match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        };
        #[allow(deprecated, reason = "`rootUri` is how older clients name the folder")]
        let folders: Vec<Uri> = match (&init.workspace_folders, &init.root_uri) {
            (Some(folders), _) if !folders.is_empty() => folders.iter().map(|f| f.uri.clone()).collect(),
            (_, Some(root)) => vec![root.clone()],
            _ => Vec::new(),
        };
        for folder in folders {
            let Some(path) = uri_path(&folder) else { continue };
            for (file, bytes) in read_folder(&path) {
                let Ok(text) = String::from_utf8(bytes) else { continue };
                let uri = path_uri(&file);
                let analysis = self.world.analyse(&uri, &text);
                self.world.disk.insert(uri, analysis);
            }
        }
        // Amendments read before their treaty are linked to it now.
        let amendments: Vec<(String, String)> = self
            .world
            .disk
            .values()
            .filter(|a| a.amendment)
            .map(|a| (a.uri.clone(), a.text.clone()))
            .collect();
        for (uri, text) in amendments {
            let analysis = self.world.analyse(&uri, &text);
            self.world.disk.insert(uri, analysis);
        }
        self.state = State::Running;
        let encoding = match self.world.encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        };
        json(InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "treatyc".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    fn answer(&mut self, method: &str, params: serde_json::Value) -> Answer {
        let world = &self.world;
        let at = |p: &TextDocumentPositionParams| {
            let a = world.analysis(&p.text_document.uri)?;
            Some((a, a.lines.offset(&a.text, p.position, world.encoding)))
        };
        match method {
            HoverRequest::METHOD => {
                let p: HoverParams = self::params(params)?;
                let hover = at(&p.text_document_position_params).and_then(|(a, offset)| hover_at(world, a, offset));
                json(hover)
            }
            GotoDefinition::METHOD => {
                let p: GotoDefinitionParams = self::params(params)?;
                let found = at(&p.text_document_position_params)
                    .map(|(a, offset)| navigation::definition(world, a, offset))
                    .unwrap_or_default();
                json((!found.is_empty()).then_some(GotoDefinitionResponse::Array(found)))
            }
            References::METHOD => {
                let p: ReferenceParams = self::params(params)?;
                let found = at(&p.text_document_position)
                    .map(|(a, offset)| navigation::references(world, a, offset, p.context.include_declaration))
                    .unwrap_or_default();
                json(found)
            }
            Rename::METHOD => {
                let p: RenameParams = self::params(params)?;
                let Some((a, offset)) = at(&p.text_document_position) else {
                    return Err((ErrorCode::InvalidParams, "the document is not open".to_string()));
                };
                let edit =
                    navigation::rename(world, a, offset, &p.new_name).map_err(|e| (ErrorCode::RequestFailed, e))?;
                json(edit)
            }
            DocumentSymbolRequest::METHOD => {
                let p: DocumentSymbolParams = self::params(params)?;
                let outline = world
                    .analysis(&p.text_document.uri)
                    .map(|a| a.outline.clone())
                    .unwrap_or_default();
                json(DocumentSymbolResponse::Nested(outline))
            }
            WorkspaceSymbolRequest::METHOD => {
                let p: WorkspaceSymbolParams = self::params(params)?;
                json(workspace_symbols(world, &p.query))
            }
            Completion::METHOD => {
                let p: CompletionParams = self::params(params)?;
                let items = at(&p.text_document_position)
                    .map(|(a, offset)| completion::complete(world, a, offset))
                    .unwrap_or_default();
                json(CompletionResponse::Array(items))
            }
            SemanticTokensFullRequest::METHOD => {
                let p: SemanticTokensParams = self::params(params)?;
                let data = world
                    .analysis(&p.text_document.uri)
                    .map(|a| tokens::semantic_tokens(a, world.encoding))
                    .unwrap_or_default();
                json(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data }))
            }
            FoldingRangeRequest::METHOD => {
                let p: FoldingRangeParams = self::params(params)?;
                let ranges = world
                    .analysis(&p.text_document.uri)
                    .map(|a| tokens::folding_ranges(a, world.encoding))
                    .unwrap_or_default();
                json(ranges)
            }
            CodeActionRequest::METHOD => {
                let p: CodeActionParams = self::params(params)?;
                json(
                    world
                        .analysis(&p.text_document.uri)
                        .map(|a| code_actions(a, p.range))
                        .unwrap_or_default(),
                )
            }
            Formatting::METHOD => {
                let p: DocumentFormattingParams = self::params(params)?;
                match world.analysis(&p.text_document.uri) {
                    Some(a) => json(formatting(world, a)?),
                    None => json(None::<Vec<TextEdit>>),
                }
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("`{method}` is not a request treatyc answers"),
            )),
        }
    }

    /// Documents opened, changed and closed; what to publish in return.
    fn notification(&mut self, n: Notification) -> Vec<Notification> {
        if self.state != State::Running {
            return Vec::new();
        }
        // A notification has no answer: one with bad parameters is dropped.
        let changed = match n.method.as_str() {
            DidOpenTextDocument::METHOD => serde_json::from_value::<DidOpenTextDocumentParams>(n.params)
                .ok()
                .map(|p| (p.text_document.uri, Some(p.text_document.text))),
            DidChangeTextDocument::METHOD => serde_json::from_value::<DidChangeTextDocumentParams>(n.params)
                .ok()
                .map(|p| {
                    let text = self.changed(&p.text_document.uri, p.content_changes);
                    (p.text_document.uri, Some(text))
                }),
            DidCloseTextDocument::METHOD => serde_json::from_value::<DidCloseTextDocumentParams>(n.params)
                .ok()
                .map(|p| (p.text_document.uri, None)),
            _ => None,
        };
        let Some((uri, text)) = changed else {
            return Vec::new();
        };
        let mut out = Vec::new();
        match text {
            Some(text) => {
                let analysis = self.world.analyse(uri.as_str(), &text);
                let treaty = (!analysis.amendment).then(|| analysis.treaty.clone()).flatten();
                out.push(publish(&uri, &analysis.diagnostics));
                self.world.open.insert(uri.as_str().to_string(), analysis);
                // The open amendments of a treaty that changed are linted again.
                if let Some(name) = treaty {
                    let amendments: Vec<(String, String)> = self
                        .world
                        .open
                        .values()
                        .filter(|a| a.amendment && a.treaty.as_deref() == Some(name.as_str()))
                        .map(|a| (a.uri.clone(), a.text.clone()))
                        .collect();
                    for (u, t) in amendments {
                        let analysis = self.world.analyse(&u, &t);
                        if let Ok(parsed) = u.parse::<Uri>() {
                            out.push(publish(&parsed, &analysis.diagnostics));
                        }
                        self.world.open.insert(u, analysis);
                    }
                }
            }
            None => {
                self.world.open.remove(uri.as_str());
                out.push(publish(&uri, &[]));
            }
        }
        out
    }
}

impl Server {
    /// A document's text after its changes: the whole text, or (from a client
    /// that sends them though full sync was asked) ranges replaced in order.
    fn changed(&self, uri: &Uri, changes: Vec<TextDocumentContentChangeEvent>) -> String {
        let mut text = self
            .world
            .open
            .get(uri.as_str())
            .map(|a| a.text.clone())
            .unwrap_or_default();
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let lines = position::LineIndex::new(&text);
                    let start = lines.offset(&text, range.start, self.world.encoding);
                    let end = lines.offset(&text, range.end, self.world.encoding).max(start);
                    text.replace_range(start..end, &change.text);
                }
            }
        }
        text
    }
}

fn publish(uri: &Uri, diagnostics: &[Diagnostic]) -> Notification {
    let params = PublishDiagnosticsParams {
        uri: uri.clone(),
        diagnostics: diagnostics.to_vec(),
        version: None,
    };
    Notification::new(PublishDiagnostics::METHOD.to_string(), params)
}

fn capabilities(encoding: PositionEncodingKind) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_string(), " ".to_string()]),
            ..CompletionOptions::default()
        }),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        )),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// The hover over a name (its definition's text) and over a diagnostic (its
/// code's `explain` page).
fn hover_at(world: &World, analysis: &Analysis, offset: usize) -> Option<Hover> {
    let mut parts = Vec::new();
    if let Some(o) = navigation::occurrence_at(analysis, offset) {
        let text = if o.definition {
            analysis.hovers.get(&o.start)
        } else {
            None
        };
        let text = text.or_else(|| {
            world.family(&o.symbol.treaty).into_iter().find_map(|a| {
                a.occurrences
                    .iter()
                    .filter(|d| d.definition && d.symbol == o.symbol)
                    .find_map(|d| a.hovers.get(&d.start))
            })
        });
        if let Some(t) = text {
            parts.push(t.clone());
        }
    }
    for (start, end, code) in &analysis.codes {
        if *start <= offset && offset <= *end {
            parts.push(format!(
                "**{}** ({}): {}\n\n{}",
                code.as_str(),
                crate::diagnostics::severity_word(code.severity()),
                code.title(),
                code.page()
            ));
        }
    }
    parts.dedup();
    (!parts.is_empty()).then(|| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

/// The document in `treatyc fmt`'s layout (the same function, so the same
/// bytes): one edit replacing the whole text, none when it is laid out already.
/// A document with a syntax error is not formatted, as `fmt` refuses it.
fn formatting(world: &World, a: &Analysis) -> Result<Vec<TextEdit>, (ErrorCode, String)> {
    let formatted = crate::fmt::format(crate::source::FileId(0), &a.text).map_err(|errors| {
        let first = errors.first().map(|d| format!(": {}", d.message)).unwrap_or_default();
        (
            ErrorCode::RequestFailed,
            format!("the document does not parse, so it is not formatted{first}"),
        )
    })?;
    if formatted == a.text {
        return Ok(Vec::new());
    }
    Ok(vec![TextEdit {
        range: a.lines.range(&a.text, 0, a.text.len(), world.encoding),
        new_text: formatted,
    }])
}

/// Quick fixes for the diagnostics in `range`: the replacement each suggests.
fn code_actions(analysis: &Analysis, range: Range) -> Vec<CodeActionOrCommand> {
    let overlaps = |r: &Range| r.start <= range.end && range.start <= r.end;
    analysis
        .fixes
        .iter()
        .filter(|f| overlaps(&f.diagnostic.range))
        .filter_map(|f| {
            let uri: Uri = analysis.uri.parse().ok()?;
            let edit = TextEdit {
                range: f.diagnostic.range,
                new_text: f.replacement.clone(),
            };
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace with `{}`", f.replacement),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![f.diagnostic.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: None,
                    document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                        edits: vec![OneOf::Left(edit)],
                    }])),
                    change_annotations: None,
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}

#[allow(
    deprecated,
    reason = "`SymbolInformation.deprecated` is a field the protocol type still requires"
)]
fn workspace_symbols(world: &World, query: &str) -> Vec<SymbolInformation> {
    let query = query.to_lowercase();
    let mut out = Vec::new();
    for a in world.all() {
        let Ok(uri) = a.uri.parse::<Uri>() else { continue };
        for o in a.occurrences.iter().filter(|o| o.definition) {
            if !o.symbol.name.to_lowercase().contains(&query) {
                continue;
            }
            out.push(SymbolInformation {
                name: o.symbol.name.clone(),
                kind: match o.symbol.kind {
                    analysis::SymbolKind::Body => SymbolKind::CLASS,
                    analysis::SymbolKind::Decision => SymbolKind::METHOD,
                    analysis::SymbolKind::Rule | analysis::SymbolKind::Procedure => SymbolKind::FUNCTION,
                    analysis::SymbolKind::Article | analysis::SymbolKind::Treaty => SymbolKind::MODULE,
                    analysis::SymbolKind::Fact => SymbolKind::FIELD,
                    analysis::SymbolKind::Party => SymbolKind::ENUM_MEMBER,
                    analysis::SymbolKind::Stage => SymbolKind::EVENT,
                    _ => SymbolKind::VARIABLE,
                },
                tags: None,
                deprecated: None,
                location: Location {
                    uri: uri.clone(),
                    range: a.lines.range(&a.text, o.start, o.end, world.encoding),
                },
                container_name: a.treaty.clone(),
            });
        }
    }
    out
}

/// The path of a `file:` URI, its `%XX` escapes decoded.
fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(h)) => {
                decoded.push(h);
                i += 3;
            }
            _ => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(decoded).ok().map(PathBuf::from)
}

/// The `file:` URI of a path, with everything but unreserved characters and `/` escaped.
fn path_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_and_paths_round_trip() {
        let path = PathBuf::from("/work/traités/wsc draft.treaty");
        let uri = path_uri(&path);
        assert_eq!(uri, "file:///work/trait%C3%A9s/wsc%20draft.treaty");
        let parsed: Uri = uri.parse().unwrap();
        assert_eq!(uri_path(&parsed), Some(path));
    }

    fn world(documents: &[(&str, &str)]) -> World {
        let mut world = World {
            encoding: Encoding::Utf16,
            open: BTreeMap::new(),
            disk: BTreeMap::new(),
        };
        for (uri, text) in documents {
            let a = world.analyse(uri, text);
            world.open.insert(uri.to_string(), a);
        }
        world
    }

    const TREATY: &str = "treaty t {\n  facts member { population: count }\n  rule qmv = members >= 55% and population >= 65%\n  body Council {\n    seats: one per member\n    decides admission by qmv\n  }\n  accession by Council.admission\n}\n";

    #[test]
    fn a_name_is_found_by_its_place_and_its_definition_by_its_name() {
        let w = world(&[("file:///t.treaty", TREATY)]);
        let a = w.open.get("file:///t.treaty").unwrap();
        let reference = TREATY.find("by qmv").unwrap() + 3;
        let at = navigation::occurrence_at(a, reference).unwrap();
        assert_eq!(at.symbol.kind, analysis::SymbolKind::Rule);
        assert_eq!(at.symbol.name, "qmv");
        let found = navigation::definition(&w, a, reference);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.start, Position::new(2, 7));
        // `Council.admission` names the decision the body defines.
        let decision = TREATY.find(".admission").unwrap() + 1;
        let at = navigation::occurrence_at(a, decision).unwrap();
        assert_eq!(at.symbol.name, "Council.admission");
        assert_eq!(navigation::references(&w, a, decision, true).len(), 2);
    }

    #[test]
    fn two_treaties_of_one_name_are_not_mixed_and_an_amendment_takes_the_nearest() {
        let amendment = "amendment a amends t {\n  replace body Council {\n    seats: one per member\n    decides admission by qmv\n  }\n}\n";
        let w = world(&[
            ("file:///drafts/old/t.treaty", TREATY),
            ("file:///drafts/new/t.treaty", TREATY),
            ("file:///drafts/new/a.treaty", amendment),
        ]);
        let old = w.open.get("file:///drafts/old/t.treaty").unwrap();
        let rule = TREATY.find("rule qmv").unwrap() + 5;
        let used: Vec<String> = navigation::references(&w, old, rule, true)
            .into_iter()
            .map(|l| l.uri.as_str().to_string())
            .collect();
        assert_eq!(used, ["file:///drafts/old/t.treaty", "file:///drafts/old/t.treaty"]);
        let a = w.open.get("file:///drafts/new/a.treaty").unwrap();
        assert_eq!(a.anchor, "file:///drafts/new/t.treaty");
        let w = world(&[
            ("file:///drafts/new/t.treaty", TREATY),
            ("file:///drafts/old/t.treaty", TREATY),
            ("file:///drafts/old/a.treaty", amendment),
        ]);
        let a = w.open.get("file:///drafts/old/a.treaty").unwrap();
        assert_eq!(a.anchor, "file:///drafts/old/t.treaty");
    }

    #[test]
    fn an_amendment_names_its_treaty_and_what_the_treaty_defines() {
        let amendment = "amendment a amends t {\n  replace body Council {\n    seats: one per member\n    decides admission by qmv\n  }\n}\n";
        let w = world(&[("file:///t.treaty", TREATY), ("file:///a.treaty", amendment)]);
        let t = w.open.get("file:///t.treaty").unwrap();
        let rule = TREATY.find("rule qmv").unwrap() + 5;
        let used: Vec<String> = navigation::references(&w, t, rule, false)
            .into_iter()
            .map(|l| l.uri.as_str().to_string())
            .collect();
        assert_eq!(used, ["file:///a.treaty", "file:///t.treaty"]);
    }
}
