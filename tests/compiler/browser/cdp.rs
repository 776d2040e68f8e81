//! A headless Chromium spoken to over the DevTools protocol on a pipe
//! (`--remote-debugging-pipe`: the browser reads commands on its fd 3 and writes
//! answers and events on its fd 4, each message JSON ended by a NUL byte).
//!
//! Written here rather than taken from a CDP crate: the few commands the tests
//! need fit in this file, and a fresh `cargo test` stays fast (issue #22, item 6).
//! Every wait has a deadline, so a hung browser fails a test with a message;
//! the browser and every process it started are killed when the value is dropped.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long one command may take before the browser is taken to be hung.
pub const COMMAND_TIME: Duration = Duration::from_secs(60);

/// The browser to use: `TREATYC_CHROMIUM` if set, else `chromium` or
/// `chromium-browser` found on the PATH; `None` when there is none.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TREATYC_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// One running browser.
pub struct Browser {
    child: Child,
    /// Messages to the browser go through a thread, so that a browser that stops
    /// reading blocks that thread, not the test: the test's wait has a deadline.
    outgoing: Option<Sender<Vec<u8>>>,
    incoming: Receiver<Value>,
    /// Events that arrived while waiting for an answer, oldest first.
    pending: VecDeque<Value>,
    next_id: u64,
    /// The browser's profile, removed with the browser.
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn launch(program: &Path) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| format!("no temporary profile folder: {e}"))?;
        // Pipe ends are created close-on-exec and numbered 10 or above, so that
        // moving them to 3 and 4 in the child never overwrites one with the other.
        let (to_browser_read, to_browser_write) = pipe()?;
        let (from_browser_read, from_browser_write) = pipe()?;
        let child_in = to_browser_read.as_raw_fd();
        let child_out = from_browser_write.as_raw_fd();
        let mut profile_flag = OsString::from("--user-data-dir=");
        profile_flag.push(profile.path());
        // What the browser says on its standard error, to quote if it fails to start.
        let log_path = profile.path().join("stderr.log");
        let log = File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let mut command = Command::new(program);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--remote-debugging-pipe",
                "--hide-scrollbars",
                "--disable-site-isolation-trials",
                "--disable-features=site-per-process,IsolateOrigins,BackForwardCache",
                "--font-render-hinting=none",
            ])
            .arg(profile_flag)
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            // Its own process group: the renderers and helpers are killed with it.
            .process_group(0);
        // SAFETY: only dup2, which is async-signal-safe, runs between fork and exec.
        unsafe {
            command.pre_exec(move || {
                if libc::dup2(child_in, 3) < 0 || libc::dup2(child_out, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        // The child's ends now belong to the child alone: when it dies, reads see
        // the end of the stream.
        drop(to_browser_read);
        drop(from_browser_write);

        let (outgoing, to_send) = channel::<Vec<u8>>();
        let mut writer = File::from(to_browser_write);
        std::thread::spawn(move || {
            for message in to_send {
                if writer.write_all(&message).is_err() {
                    break;
                }
            }
        });
        let (deliver, incoming) = channel::<Value>();
        let mut reader = BufReader::new(File::from(from_browser_read));
        std::thread::spawn(move || loop {
            let mut message = Vec::new();
            match reader.read_until(0, &mut message) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    message.pop();
                    let value =
                        serde_json::from_slice(&message).unwrap_or_else(|e| json!({"unreadable": e.to_string()}));
                    if deliver.send(value).is_err() {
                        break;
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            outgoing: Some(outgoing),
            incoming,
            pending: VecDeque::new(),
            next_id: 0,
            _profile: profile,
        };
        browser.call(None, "Browser.getVersion", json!({})).map_err(|e| {
            let said = std::fs::read_to_string(&log_path).unwrap_or_default();
            let last: Vec<&str> = said.lines().rev().take(10).collect();
            let last: Vec<&str> = last.into_iter().rev().collect();
            format!(
                "{} does not answer on its DevTools pipe: {e}; it said:\n{}",
                program.display(),
                last.join("\n")
            )
        })?;
        Ok(browser)
    }

    /// Sends one command (to a page when `session` is given) and waits for its answer.
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        self.call_within(session, method, params, COMMAND_TIME)
    }

    pub fn call_within(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
        time: Duration,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).map_err(|e| e.to_string())?;
        bytes.push(0);
        let sent = self.outgoing.as_ref().is_some_and(|out| out.send(bytes).is_ok());
        if !sent {
            return Err(format!("{method}: the browser's pipe is closed"));
        }
        let deadline = Instant::now() + time;
        loop {
            let message = self.receive(deadline).map_err(|e| format!("{method}: {e}"))?;
            if message.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(error) = message.get("error") {
                    return Err(format!("{method}: {error}"));
                }
                return Ok(message.get("result").cloned().unwrap_or(Value::Null));
            }
            if message.get("method").is_some() {
                self.pending.push_back(message);
            }
        }
    }

    /// Waits for an event of `session` that `wanted` accepts; the events before it
    /// stay pending, for `take_events`.
    pub fn wait_for_event(
        &mut self,
        session: &str,
        time: Duration,
        what: &str,
        wanted: impl Fn(&str, &Value) -> bool,
    ) -> Result<Value, String> {
        let is_wanted = |event: &Value| {
            event.get("sessionId").and_then(Value::as_str) == Some(session)
                && wanted(
                    event.get("method").and_then(Value::as_str).unwrap_or(""),
                    event.get("params").unwrap_or(&Value::Null),
                )
        };
        if let Some(index) = self.pending.iter().position(is_wanted) {
            return Ok(self.pending.remove(index).unwrap_or(Value::Null));
        }
        let deadline = Instant::now() + time;
        loop {
            let message = self.receive(deadline).map_err(|e| format!("waiting for {what}: {e}"))?;
            if is_wanted(&message) {
                return Ok(message);
            }
            if message.get("method").is_some() {
                self.pending.push_back(message);
            }
        }
    }

    /// The events of `session` received so far (method and parameters), oldest
    /// first, including those still in the pipe; they are consumed.
    pub fn take_events(&mut self, session: &str) -> Vec<(String, Value)> {
        while let Ok(message) = self.incoming.try_recv() {
            if message.get("method").is_some() {
                self.pending.push_back(message);
            }
        }
        let (mine, others): (Vec<Value>, Vec<Value>) = self
            .pending
            .drain(..)
            .partition(|e| e.get("sessionId").and_then(Value::as_str) == Some(session));
        self.pending = others.into();
        mine.into_iter()
            .map(|mut e| {
                let method = e.get("method").and_then(Value::as_str).unwrap_or("").to_string();
                (method, e.get_mut("params").map(Value::take).unwrap_or(Value::Null))
            })
            .collect()
    }

    fn receive(&mut self, deadline: Instant) -> Result<Value, String> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(message) => Ok(message),
            Err(RecvTimeoutError::Timeout) => Err("the browser did not answer in time (hung?)".to_string()),
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.try_wait().ok().flatten();
                Err(format!("the browser closed its pipe (exit status: {status:?})"))
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.outgoing = None;
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // The whole group the browser leads (its id is the group's id).
            // SAFETY: a plain system call on a process group this value started.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pipe() -> Result<(OwnedFd, OwnedFd), String> {
    let mut ends = [0; 2];
    // SAFETY: `ends` has room for the two descriptors pipe2 writes.
    if unsafe { libc::pipe2(ends.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(format!("no pipe: {}", std::io::Error::last_os_error()));
    }
    // SAFETY: pipe2 succeeded, so both are open descriptors this process owns.
    let [read, write] = ends.map(|fd| unsafe { OwnedFd::from_raw_fd(fd) });
    Ok((renumber(read)?, renumber(write)?))
}

/// The same descriptor, numbered 10 or above and still close-on-exec.
fn renumber(fd: OwnedFd) -> Result<OwnedFd, String> {
    // SAFETY: F_DUPFD_CLOEXEC on an open descriptor returns a new one or -1.
    let new = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 10) };
    if new < 0 {
        return Err(format!("cannot renumber a pipe: {}", std::io::Error::last_os_error()));
    }
    // SAFETY: `new` is an open descriptor this process owns; `fd` closes on return.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}
