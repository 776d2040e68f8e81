//! Every command the README and the docs show runs as shown: a `$ treatyc ...`
//! line in a ```text block gives the output printed under it (blocks of lines
//! between `...` lines appear, each whole and in order), and every `treatyc ...`
//! line in a ```sh block of the docs exits 0. They run in a scratch folder that
//! sees the repository's `treaties/` and `docs/`, so that files they write land
//! there, not in the repository.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch folder with `treaties` and `docs` linked from the repository.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for d in ["treaties", "docs"] {
        std::os::unix::fs::symlink(root().join(d), dir.path().join(d)).unwrap();
    }
    dir
}

/// The code blocks of a Markdown file written with `fence` (```text, ```sh).
fn blocks(text: &str, fence: &str) -> Vec<String> {
    text.split(&format!("```{fence}\n"))
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or("").to_string())
        .collect()
}

/// The commands of a ```text block with the output shown under each.
fn commands(block: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut continuing = false;
    for line in block.lines() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push((cmd.trim_end_matches('\\').trim().to_string(), Vec::new()));
            continuing = line.ends_with('\\');
        } else if continuing {
            if let Some((cmd, _)) = out.last_mut() {
                cmd.push(' ');
                cmd.push_str(line.trim_end_matches('\\').trim());
            }
            continuing = line.ends_with('\\');
        } else if let Some((_, shown)) = out.last_mut() {
            shown.push(line.trim_end().to_string());
        }
    }
    for (_, shown) in &mut out {
        while shown.last().is_some_and(String::is_empty) {
            shown.pop();
        }
    }
    out
}

fn binary_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_treatyc")).parent().unwrap().to_path_buf()
}

fn run(dir: &Path, line: &str) -> String {
    let path = format!(
        "{}:{}",
        binary_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
}

/// Whether `shown`, split at `...` lines, appears in `actual` block by block, in order.
fn appears(shown: &[String], actual: &str) -> Result<(), String> {
    let lines: Vec<&str> = actual.lines().map(str::trim_end).collect();
    let mut from = 0;
    for part in shown.split(|l| l.trim() == "...") {
        if part.is_empty() {
            continue;
        }
        let found = (from..=lines.len().saturating_sub(part.len()))
            .find(|&i| part.iter().zip(&lines[i..]).all(|(a, b)| a == b));
        match found {
            Some(i) => from = i + part.len(),
            None => return Err(format!("not found in order:\n{}", part.join("\n"))),
        }
    }
    Ok(())
}

#[test]
fn every_command_the_readme_shows_prints_what_it_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let dir = scratch();
    let mut ran = 0;
    for block in blocks(&readme, "text") {
        for (cmd, shown) in commands(&block) {
            assert!(cmd.starts_with("treatyc "), "{cmd}");
            let actual = run(dir.path(), &cmd);
            if let Err(e) = appears(&shown, &actual) {
                panic!("`{cmd}`: {e}\n--- actual output:\n{actual}");
            }
            ran += 1;
        }
    }
    assert!(ran >= 6, "only {ran} commands found");
}

#[test]
fn every_command_line_in_the_docs_exits_cleanly() {
    let dir = scratch();
    let mut ran = 0;
    for doc in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = doc.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for block in blocks(&text, "sh") {
            for line in block.lines().map(|l| l.split(" #").next().unwrap_or("").trim()) {
                if !line.starts_with("treatyc ") {
                    continue;
                }
                // A drawing piped to Graphviz needs `dot`; the rest needs nothing.
                if line.contains("| dot") && Command::new("dot").arg("-V").output().is_err() {
                    continue;
                }
                let status = Command::new("bash")
                    .arg("-c")
                    .arg(format!("set -o pipefail; {line} > /dev/null"))
                    .current_dir(dir.path())
                    .env(
                        "PATH",
                        format!(
                            "{}:{}",
                            binary_dir().display(),
                            std::env::var("PATH").unwrap_or_default()
                        ),
                    )
                    .status()
                    .unwrap();
                assert!(status.success(), "{}: `{line}` failed", path.display());
                ran += 1;
            }
        }
    }
    assert!(ran >= 5, "only {ran} command lines found");
}
