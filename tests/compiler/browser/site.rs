//! The checks a static site must pass in a real browser: no console error, every
//! link and anchor resolves inside the site, no request leaves the machine, no
//! WCAG 2.1 A/AA violation that axe-core finds, and a search box that finds.
//! Each check returns its faults as sentences naming the page; an empty list is
//! a pass.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::cdp::Browser;

/// axe-core, vendored (tests/data/axe-core/README.md).
const AXE: &str = include_str!("../../data/axe-core/axe.min.js");

/// The rules of WCAG 2.0 and 2.1, levels A and AA. `preload: false`: axe-core
/// would otherwise fetch the page's style sheets with XMLHttpRequest, which
/// Chromium refuses between file:// pages (an error of the harness, not of the
/// site); without it, only the rule `css-orientation-lock` reads less.
const AXE_RUN: &str = "axe.run(document, {runOnly: {type: 'tag', values: \
     ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations'], preload: false})\
     .then(r => ({passed: r.passes.length, violations: r.violations.map(v => ({id: v.id, \
     impact: v.impact, help: v.help, helpUrl: v.helpUrl, targets: v.nodes.map(n => n.target.join(' ')), \
     summary: v.nodes.length ? v.nodes[0].failureSummary : ''}))}))";

/// What a page holds for the link check: the ids of its elements, and every
/// link with the href as written and its parts once resolved.
const IDS_AND_LINKS: &str = "({ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id), \
     links: Array.from(document.querySelectorAll('a[href], area[href]')).map(a => {\
     const u = new URL(a.href, document.baseURI); \
     return {written: a.getAttribute('href'), protocol: u.protocol, \
     path: decodeURIComponent(u.pathname), fragment: decodeURIComponent(u.hash.slice(1))}; })})";

/// A browser tab, with what it reports collected from the DevTools events.
pub struct Tab<'b> {
    browser: &'b mut Browser,
    session: String,
}

impl<'b> Tab<'b> {
    pub fn open(browser: &'b mut Browser) -> Result<Tab<'b>, String> {
        let target = browser.call(None, "Target.createTarget", json!({"url": "about:blank"}))?;
        let target_id = target["targetId"].clone();
        let attached = browser.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        )?;
        let session = attached["sessionId"]
            .as_str()
            .ok_or("Target.attachToTarget gave no session")?
            .to_string();
        let mut tab = Tab { browser, session };
        for domain in ["Page", "Runtime", "Log", "Network"] {
            tab.call(&format!("{domain}.enable"), json!({}))?;
        }
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
        )?;
        Ok(tab)
    }

    fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.browser.call(Some(&self.session), method, params)
    }

    /// Loads a page and returns what went wrong on the way: console errors,
    /// uncaught exceptions, error log entries, failed loads and any request to
    /// the network. An `Err` is a page that did not load at all.
    pub fn load(&mut self, url: &str) -> Result<Vec<String>, String> {
        self.load_then(url, "document.readyState").map(|(_, problems)| problems)
    }

    /// The same, with the value of `expression` evaluated once the page has
    /// loaded (one round trip less than loading, then evaluating).
    pub fn load_then(&mut self, url: &str, expression: &str) -> Result<(Value, Vec<String>), String> {
        self.browser.take_events(&self.session);
        let navigated = self.call("Page.navigate", json!({"url": url}))?;
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            return Err(format!("{url} does not load: {error}"));
        }
        self.browser.wait_for_event(
            &self.session,
            super::cdp::COMMAND_TIME,
            "the page's load event",
            |method, _| method == "Page.loadEventFired",
        )?;
        // A round trip after the load: the events sent before it are now in.
        let value = self.evaluate(expression)?;
        Ok((value, self.problems()))
    }

    /// The events since the last call that say something went wrong.
    pub fn problems(&mut self) -> Vec<String> {
        let mut requests = BTreeMap::new();
        let mut problems = Vec::new();
        for (method, params) in self.browser.take_events(&self.session) {
            match method.as_str() {
                "Runtime.consoleAPICalled" if matches!(params["type"].as_str(), Some("error" | "assert")) => {
                    let words: Vec<String> = params["args"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|a| match &a["value"] {
                            Value::String(s) => s.clone(),
                            Value::Null => a["description"].as_str().unwrap_or("").to_string(),
                            other => other.to_string(),
                        })
                        .collect();
                    problems.push(format!("console error: {}", words.join(" ")));
                }
                "Runtime.exceptionThrown" => {
                    let details = &params["exceptionDetails"];
                    let text = details["exception"]["description"]
                        .as_str()
                        .or(details["text"].as_str())
                        .unwrap_or("");
                    problems.push(format!("uncaught exception: {text}"));
                }
                "Log.entryAdded" if params["entry"]["level"] == "error" => {
                    let entry = &params["entry"];
                    let url = entry["url"].as_str().map(|u| format!(" ({u})")).unwrap_or_default();
                    problems.push(format!("error logged: {}{url}", entry["text"].as_str().unwrap_or("")));
                }
                "Network.requestWillBeSent" => {
                    let url = params["request"]["url"].as_str().unwrap_or("").to_string();
                    if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("ws") {
                        problems.push(format!("request to the network: {url}"));
                    }
                    requests.insert(params["requestId"].to_string(), url);
                }
                "Network.loadingFailed" if params["canceled"] != true => {
                    let url = requests
                        .get(&params["requestId"].to_string())
                        .cloned()
                        .unwrap_or_default();
                    problems.push(format!(
                        "failed to load {url}: {}",
                        params["errorText"].as_str().unwrap_or("")
                    ));
                }
                _ => {}
            }
        }
        problems
    }

    /// The value of a JavaScript expression (a promise is awaited).
    pub fn evaluate(&mut self, expression: &str) -> Result<Value, String> {
        self.evaluate_within(expression, super::cdp::COMMAND_TIME)
    }

    /// The same, failing when the page takes longer than `time` to answer.
    pub fn evaluate_within(&mut self, expression: &str, time: Duration) -> Result<Value, String> {
        let answer = self.browser.call_within(
            Some(&self.session),
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
            time,
        )?;
        if let Some(details) = answer.get("exceptionDetails") {
            let text = details["exception"]["description"]
                .as_str()
                .or(details["text"].as_str())
                .unwrap_or("");
            return Err(format!("script failed: {text}"));
        }
        Ok(answer["result"]["value"].clone())
    }

    /// Presses the keys of `text` one by one in the focused element, as a person
    /// typing does (keydown, keypress, input, keyup).
    pub fn type_text(&mut self, text: &str) -> Result<(), String> {
        for c in text.chars() {
            let key = c.to_string();
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": "keyDown", "key": key, "text": key, "unmodifiedText": key}),
            )?;
            self.call("Input.dispatchKeyEvent", json!({"type": "keyUp", "key": key}))?;
        }
        Ok(())
    }

    /// Saves what the tab shows as a PNG file.
    pub fn screenshot(&mut self, path: &Path) -> Result<(), String> {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}))?;
        let data = shot["data"].as_str().ok_or("Page.captureScreenshot gave no data")?;
        let png = decode_base64(data)?;
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The axe-core violations of the page loaded, one sentence each.
    pub fn accessibility_faults(&mut self) -> Result<Vec<String>, String> {
        self.call("Runtime.evaluate", json!({"expression": AXE, "returnByValue": false}))?;
        let result = self.evaluate(AXE_RUN)?;
        // A run in which no rule passed checked nothing (a wrong tag, an empty
        // page): that is no pass.
        if result["passed"].as_u64().unwrap_or(0) == 0 {
            return Err("axe-core passed no rule on the page: it checked nothing".into());
        }
        Ok(result["violations"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| {
                let targets: Vec<&str> = v["targets"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                format!(
                    "WCAG violation `{}` ({}): {} at {} [{}] {}",
                    v["id"].as_str().unwrap_or(""),
                    v["impact"].as_str().unwrap_or("no impact given"),
                    v["help"].as_str().unwrap_or(""),
                    targets.join(", "),
                    v["summary"].as_str().unwrap_or("").replace('\n', " "),
                    v["helpUrl"].as_str().unwrap_or(""),
                )
            })
            .collect())
    }
}

/// What checking one site found.
#[derive(Default)]
pub struct SiteCheck {
    /// Each fault, prefixed by the page (relative to the site's folder).
    pub faults: Vec<String>,
    /// The pages visited, relative to the site's folder, in the order visited.
    pub pages: Vec<String>,
    /// Links to other sites: followed by no one, but listed.
    pub external_links: BTreeSet<String>,
    /// How many pages axe-core checked.
    pub axe_checked: usize,
    /// The time spent loading pages and examining their links, and in axe-core.
    pub load_time: Duration,
    pub axe_time: Duration,
}

/// Visits every page reachable from `index.html` by links, checking each as it
/// goes. axe-core, the slow check, skips the pages whose bytes it has checked
/// before (`seen`, shared between sites) and those `axe_skips` names (by path
/// relative to the site's folder).
pub fn check_site(
    tab: &mut Tab,
    folder: &Path,
    seen: &mut HashSet<u64>,
    axe_skips: impl Fn(&str) -> bool,
) -> SiteCheck {
    let mut check = SiteCheck::default();
    let folder = match folder.canonicalize() {
        Ok(f) => f,
        Err(e) => {
            check.faults.push(format!("{}: {e}", folder.display()));
            return check;
        }
    };
    let name = |path: &Path| path.strip_prefix(&folder).unwrap_or(path).display().to_string();
    let mut queue = VecDeque::from([folder.join("index.html")]);
    let mut queued: BTreeSet<PathBuf> = queue.iter().cloned().collect();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    // (target page, fragment) -> the page that links to it
    let mut anchors: BTreeMap<(PathBuf, String), String> = BTreeMap::new();
    while let Some(page) = queue.pop_front() {
        let here = name(&page);
        check.pages.push(here.clone());
        if !page.is_file() {
            check.faults.push(format!("{here}: no such page"));
            continue;
        }
        let loading = Instant::now();
        let (found, problems) = match tab.load_then(&file_url(&page), IDS_AND_LINKS) {
            Ok(answer) => answer,
            Err(e) => {
                check.load_time += loading.elapsed();
                check.faults.push(format!("{here}: {e}"));
                continue;
            }
        };
        check
            .faults
            .extend(problems.into_iter().map(|p| format!("{here}: {p}")));
        let mut page_faults = Vec::new();
        let list = found["ids"].as_array().into_iter().flatten().filter_map(Value::as_str);
        ids.insert(page.clone(), list.map(str::to_string).collect());
        for link in found["links"].as_array().into_iter().flatten() {
            let written = link["written"].as_str().unwrap_or("");
            let fragment = link["fragment"].as_str().unwrap_or("");
            match link["protocol"].as_str().unwrap_or("") {
                "file:" => {
                    let target = PathBuf::from(link["path"].as_str().unwrap_or(""));
                    if !target.starts_with(&folder) {
                        page_faults.push(format!("the link `{written}` leads out of the site"));
                    } else if !target.is_file() {
                        page_faults.push(format!("the link `{written}` leads to no file"));
                    } else {
                        let is_page = target.extension().is_some_and(|e| e == "html");
                        if is_page && !fragment.is_empty() {
                            anchors
                                .entry((target.clone(), fragment.to_string()))
                                .or_insert(here.clone());
                        }
                        if is_page && queued.insert(target.clone()) {
                            queue.push_back(target);
                        }
                    }
                }
                "http:" | "https:" => {
                    check.external_links.insert(written.to_string());
                }
                "mailto:" => {}
                other => page_faults.push(format!("the link `{written}` uses `{other}`")),
            }
        }
        check.load_time += loading.elapsed();
        let bytes = std::fs::read(&page).unwrap_or_default();
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        if !axe_skips(&here) && seen.insert(hasher.finish()) {
            check.axe_checked += 1;
            let axe = Instant::now();
            let faults = tab.accessibility_faults();
            check.axe_time += axe.elapsed();
            match faults {
                Ok(faults) => page_faults.extend(faults),
                Err(e) => page_faults.push(format!("axe-core did not run: {e}")),
            }
        }
        // Anything logged while the page was examined (axe's own errors too).
        page_faults.extend(tab.problems());
        check
            .faults
            .extend(page_faults.into_iter().map(|f| format!("{here}: {f}")));
    }
    for ((target, fragment), from) in anchors {
        let found = ids.get(&target).is_some_and(|ids| ids.contains(&fragment));
        if !found && ids.contains_key(&target) {
            check.faults.push(format!(
                "{from}: the anchor `#{fragment}` of {} does not exist",
                name(&target)
            ));
        }
    }
    check
}

/// Types `word` into the search box of the site's index page and follows the
/// result that appears: it must lead to an element whose text has `title`.
pub fn check_search(tab: &mut Tab, folder: &Path, word: &str, title: &str) -> Result<(), String> {
    let index = folder.join("index.html");
    let problems = tab.load(&file_url(&index))?;
    if !problems.is_empty() {
        return Err(format!("index.html: {}", problems.join("; ")));
    }
    let found = tab.evaluate(
        "(() => { const box = document.querySelector(\"input[type=search], [role=searchbox]\"); \
         if (!box) return false; \
         const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length) \
           && getComputedStyle(e).visibility !== 'hidden'; \
         for (const a of document.querySelectorAll('a[href]')) a.__shownBefore = shown(a); \
         box.focus(); return document.activeElement === box; })()",
    )?;
    if found != json!(true) {
        return Err("index.html: no search box (input type=search or role=searchbox) that takes the focus".into());
    }
    tab.type_text(word)?;
    let needle = serde_json::to_string(&word.to_lowercase()).map_err(|e| e.to_string())?;
    let results = format!(
        "(() => {{ const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length) \
           && getComputedStyle(e).visibility !== 'hidden'; \
         return Array.from(document.querySelectorAll('a[href]')).filter(a => !a.__shownBefore && shown(a) \
           && a.textContent.toLowerCase().includes({needle})).map(a => a.href); }})()"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    let hrefs = loop {
        let hrefs = tab.evaluate(&results)?;
        let hrefs: Vec<String> = hrefs
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        if !hrefs.is_empty() {
            break hrefs;
        }
        if Instant::now() > deadline {
            let problems = tab.problems();
            return Err(format!(
                "index.html: typing `{word}` into the search box shows no new link with that word within 5 s{}",
                if problems.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", problems.join("; "))
                }
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let problems = tab.problems();
    if !problems.is_empty() {
        return Err(format!("index.html, while searching: {}", problems.join("; ")));
    }
    // A result leads to the article: the element its anchor names has the title.
    let needle = serde_json::to_string(&title.to_lowercase()).map_err(|e| e.to_string())?;
    for href in &hrefs {
        let (page, fragment) = href.split_once('#').unwrap_or((href, ""));
        tab.load(page)?;
        let fragment = serde_json::to_string(fragment).map_err(|e| e.to_string())?;
        let leads = tab.evaluate(&format!(
            "(() => {{ const f = decodeURIComponent({fragment}); \
             const e = f ? document.getElementById(f) : document.body; \
             return !!e && e.textContent.toLowerCase().includes({needle}); }})()"
        ))?;
        if leads == json!(true) {
            return Ok(());
        }
    }
    Err(format!(
        "index.html: searching `{word}` shows {}, none of which leads to `{title}`",
        hrefs.join(", ")
    ))
}

/// Scrolls the first inserted or deleted passage (`ins`, `del`) of the site into
/// view, preferring one inside a section to a legend above them, and saves a
/// screenshot; the pages are tried in the order given.
pub fn screenshot_first_change(tab: &mut Tab, folder: &Path, pages: &[String], to: &Path) -> Result<String, String> {
    for page in pages {
        tab.load(&file_url(&folder.join(page)))?;
        let found = tab.evaluate(
            "(() => { const c = document.querySelector('section ins, section del') \
             || document.querySelector('ins, del'); \
             if (!c) return false; c.scrollIntoView({block: 'center'}); return true; })()",
        )?;
        if found == json!(true) {
            tab.screenshot(to)?;
            return Ok(page.clone());
        }
    }
    Err("no page of the redline marks a change with <ins> or <del>".into())
}

pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut count) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        bits = (bits << 6 | u32::from(value(c).ok_or("the screenshot is not base64")?)) & 0xFFFF;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
        }
    }
    Ok(bytes)
}
