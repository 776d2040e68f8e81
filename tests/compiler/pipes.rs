//! Wherever a file is read, a pipe works as well: `-`, `/dev/stdin`, a FIFO,
//! `<(...)`. Each kind of input goes through a real FIFO and must give what the
//! same file gives; a stream is bounded by the input limit, read once, and its
//! diagnostics carry the name given.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn treatyc() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_treatyc"));
    command.current_dir(root()).env("NO_COLOR", "1").stdin(Stdio::null());
    command
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Runs `args` with `FIFO` standing for a FIFO that a thread feeds with
/// `bytes`. The FIFO is named `name` in a fresh folder (its extension counts:
/// `.json` facts are read as JSON).
fn through_fifo(args: &[&str], name: &str, bytes: &[u8]) -> (Output, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join(name);
    mkfifo(&fifo);
    let writer = {
        let (fifo, bytes) = (fifo.clone(), bytes.to_vec());
        // Opening for writing waits for treatyc to open it for reading.
        std::thread::spawn(move || {
            std::fs::OpenOptions::new()
                .write(true)
                .open(&fifo)
                .and_then(|mut f| f.write_all(&bytes))
        })
    };
    let shown = fifo.display().to_string();
    let words: Vec<&str> = args
        .iter()
        .map(|a| if *a == "FIFO" { shown.as_str() } else { a })
        .collect();
    let out = treatyc().args(&words).output().unwrap();
    // Had treatyc not opened it, the writer would wait for ever: a reader that
    // opens without waiting, and goes, releases it.
    if !writer.is_finished() {
        use std::os::unix::fs::OpenOptionsExt;
        let _ = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(i32::try_from(rustix::fs::OFlags::NONBLOCK.bits()).unwrap())
            .open(&fifo);
    }
    let written = writer.join().unwrap();
    assert!(written.is_ok(), "{words:?}: the FIFO was not read whole: {written:?}");
    (out, fifo, dir)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every input a command reads, with the file it reads there: given through a
/// FIFO, the answer is the one the file gives, and the exit code too.
#[test]
fn every_kind_of_input_is_read_through_a_fifo_as_from_its_file() {
    let facts = "treaties/data/wsc_members_2024.csv";
    let population = "treaties/data/eu_council_population.csv";
    let amendment = "treaties/amendments/defence-target-3-5.treaty";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        // A treaty, for every command that reads one.
        (vec!["check", "FIFO"], "treaties/wsc.treaty"),
        (vec!["check", "FIFO"], "docs/examples/draft.treaty"),
        (vec!["parse", "FIFO"], "treaties/eu-council.treaty"),
        (vec!["graph", "FIFO", "--format", "mermaid"], "treaties/wsc.treaty"),
        (vec!["emit", "FIFO"], "treaties/imf.treaty"),
        (vec!["stages", "FIFO"], "treaties/wsc.treaty"),
        // A treaty whose scenarios read no file beside it (the FIFO has no folder).
        (vec!["test", "FIFO"], "tests/ui/eval/membership-floor.treaty"),
        (vec!["fmt", "--check", "FIFO"], "treaties/north-atlantic.treaty"),
        (
            vec!["diff", "FIFO", "treaties/wsc.treaty"],
            "treaties/north-atlantic.treaty",
        ),
        (
            vec!["diff", "treaties/north-atlantic.treaty", "FIFO"],
            "treaties/wsc.treaty",
        ),
        (vec!["lint-amendment", "FIFO", amendment], "treaties/wsc.treaty"),
        (vec!["amend", "FIFO", amendment], "treaties/wsc.treaty"),
        // An amendment.
        (vec!["lint-amendment", "treaties/wsc.treaty", "FIFO"], amendment),
        (vec!["amend", "treaties/wsc.treaty", "FIFO"], amendment),
        (vec!["check", "treaties/wsc.treaty", "FIFO"], amendment),
        // Facts, CSV, for every command that takes them.
        (
            vec![
                "eval",
                "treaties/wsc.treaty",
                "--facts",
                "FIFO",
                "eligible",
                "--candidate",
                "POL",
            ],
            facts,
        ),
        (vec!["eval", "treaties/wsc.treaty", "--facts", "FIFO", "comply"], facts),
        (
            vec!["check", "treaties/eu-council.treaty", "--facts", "FIFO"],
            population,
        ),
        (
            vec![
                "power",
                "treaties/eu-council.treaty",
                "--facts",
                "FIFO",
                "--body",
                "Council",
                "--decision",
                "ordinary",
                "--index",
                "banzhaf",
            ],
            population,
        ),
        // A history.
        (
            vec![
                "eval",
                "treaties/eu-treaties.treaty",
                "--history",
                "FIFO",
                "--on",
                "2019-06-01",
                "status",
            ],
            "treaties/data/eu-history.csv",
        ),
        (
            vec![
                "graph",
                "treaties/eu-treaties.treaty",
                "--on",
                "2020-02-01",
                "--history",
                "FIFO",
            ],
            "treaties/data/eu-history.csv",
        ),
        // The treaty a drawing or a power is compared with.
        (
            vec!["graph", "treaties/wsc.treaty", "--diff", "FIFO", "--format", "json"],
            "treaties/north-atlantic.treaty",
        ),
        (
            vec![
                "power",
                "treaties/un-security-council.treaty",
                "--compare",
                "FIFO",
                "--body",
                "SecurityCouncil",
                "--decision",
                "substantive",
                "--index",
                "banzhaf",
            ],
            "treaties/un-security-council.treaty",
        ),
    ];
    for (args, file) in &cases {
        let bytes = std::fs::read(root().join(file)).unwrap();
        let (piped, fifo, _dir) = through_fifo(args, "input", &bytes);
        let words: Vec<&str> = args.iter().map(|a| if *a == "FIFO" { *file } else { a }).collect();
        let direct = treatyc().args(&words).output().unwrap();
        let fifo = fifo.display().to_string();
        let same = |bytes: &[u8]| text(bytes).replace(&fifo, file);
        assert_eq!(
            piped.status.code(),
            direct.status.code(),
            "{args:?} with {file}:\n{}",
            text(&piped.stderr)
        );
        assert_eq!(same(&piped.stdout), text(&direct.stdout), "{args:?} with {file}");
        assert_eq!(same(&piped.stderr), text(&direct.stderr), "{args:?} with {file}");
    }
}

/// JSON facts are known by their name: a FIFO named `*.json` is read as JSON.
#[test]
fn json_facts_come_through_a_fifo_named_json() {
    let csv = std::fs::read_to_string(root().join("treaties/data/wsc_members_2024.csv")).unwrap();
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let members: Vec<serde_json::Value> = rows
        .map(|row| {
            let cells: Vec<&str> = row.split(',').collect();
            let object: serde_json::Map<String, serde_json::Value> = header
                .iter()
                .zip(&cells)
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
                .collect();
            serde_json::Value::Object(object)
        })
        .collect();
    assert!(csv.lines().all(|l| !l.contains('"')), "the CSV is split on commas here");
    let json = serde_json::to_vec(&serde_json::json!({ "members": members })).unwrap();
    let args = ["eval", "treaties/wsc.treaty", "--facts", "FIFO", "comply"];
    let (piped, _, _dir) = through_fifo(&args, "members.json", &json);
    let direct = treatyc()
        .args([
            "eval",
            "treaties/wsc.treaty",
            "--facts",
            "treaties/data/wsc_members_2024.csv",
            "comply",
        ])
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(0), "{}", text(&piped.stderr));
    assert_eq!(text(&piped.stdout), text(&direct.stdout));
}

/// Runs `line` with bash (for `<(...)`), in the repository, with treatyc on the PATH.
fn shell(line: &str, env: &[(&str, &str)]) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_treatyc"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    let mut command = Command::new("bash");
    command
        .args(["-o", "pipefail", "-c", line])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("PATH", format!("{bin}:{}", std::env::var("PATH").unwrap_or_default()));
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

#[test]
fn standard_input_and_process_substitution_are_read_as_files_are() {
    // The pipeline `amend --help` shows: the consolidated text, compared with its base.
    let piped = shell(
        "treatyc amend treaties/wsc.treaty treaties/amendments/defence-target-3-5.treaty | treatyc diff treaties/wsc.treaty /dev/stdin",
        &[],
    );
    assert_eq!(piped.status.code(), Some(0), "{}", text(&piped.stderr));
    assert!(
        text(&piped.stdout).contains("~ obligation `defence_spending`"),
        "{}",
        text(&piped.stdout)
    );
    let dir = tempfile::tempdir().unwrap();
    let amended = dir.path().join("amended.treaty");
    let written = treatyc()
        .args([
            "amend",
            "treaties/wsc.treaty",
            "treaties/amendments/defence-target-3-5.treaty",
            "-o",
        ])
        .arg(&amended)
        .output()
        .unwrap();
    assert!(written.status.success());
    let direct = treatyc()
        .args(["diff", "treaties/wsc.treaty"])
        .arg(&amended)
        .output()
        .unwrap();
    assert_eq!(text(&piped.stdout), text(&direct.stdout));
    // `-` and `<(...)`.
    for line in [
        "treatyc check - < treaties/wsc.treaty",
        "cat treaties/wsc.treaty | treatyc check /dev/stdin",
        "treatyc check <(cat treaties/wsc.treaty)",
        "treatyc eval treaties/wsc.treaty --facts <(cat treaties/data/wsc_members_2024.csv) eligible --candidate POL",
    ] {
        let out = shell(line, &[]);
        assert_eq!(out.status.code(), Some(0), "{line}: {}", text(&out.stderr));
    }
    // A pipe's diagnostics carry the name it was given.
    let out = shell("treatyc check <(cat docs/examples/draft.treaty)", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("┌─ /dev/fd/") && err.contains(":4:23"), "{err}");
    let out = shell("cat docs/examples/draft.treaty | treatyc check /dev/stdin", &[]);
    assert!(
        text(&out.stderr).contains("┌─ /dev/stdin:4:23"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_stream_is_read_once_and_named_twice_gives_the_same_text() {
    // The same pipe under two names: the same text twice, never an empty one.
    let out = shell("cat treaties/wsc.treaty | treatyc diff - /dev/stdin", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "no difference in meaning\n");
    // Facts that every scenario reads, from one pipe.
    let dir = tempfile::tempdir().unwrap();
    let treaty = dir.path().join("t.treaty");
    std::fs::write(
        &treaty,
        "treaty t \"Two scenarios on one facts file\" {\n  facts member { population: count }\n  parties { A  B  C }\n  rule heavy = population >= 65%\n  body Council { seats: one per member  decides policy by heavy }\n  scenario big \"A holds 70%\" {\n    vote Council.policy yes A no B, C expect passes\n  }\n  scenario small \"B and C hold 30%\" {\n    vote Council.policy yes B, C no A expect fails\n  }\n}\n",
    )
    .unwrap();
    let mut child = treatyc()
        .arg("test")
        .arg(&treaty)
        .args(["--facts", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"id,population\nA,70\nB,20\nC,10\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        text(&out.stdout).contains("scenarios: 2 passed, 0 failed"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn an_endless_stream_is_refused_at_the_input_limit() {
    let limit = [("TREATYC_MAX_INPUT_BYTES", "1000")];
    for line in [
        "treatyc check /dev/zero",
        "yes | treatyc check /dev/stdin",
        "yes treaty | treatyc check -",
        "treatyc eval treaties/wsc.treaty --facts <(yes) comply",
    ] {
        // `yes` ends on the broken pipe; only treatyc's exit counts.
        let out = shell(&format!("set +o pipefail; {line}"), &limit);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{line}: {err}");
        assert!(
            err.contains("[E0908]") && err.contains("is larger than the input limit of 1000 bytes"),
            "{line}: {err}"
        );
    }
    // Through a FIFO, from a writer that would never stop.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("endless");
    mkfifo(&fifo);
    let mut writer = Command::new("sh")
        .arg("-c")
        .arg(format!("yes > '{}'", fifo.display()))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = treatyc()
        .arg("check")
        .arg(&fifo)
        .env("TREATYC_MAX_INPUT_BYTES", "1000")
        .output()
        .unwrap();
    let _ = writer.kill();
    let _ = writer.wait();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("larger than the input limit"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_directory_is_refused_and_fmt_prints_a_pipe_rather_than_write_into_it() {
    let out = treatyc().args(["check", "treaties/data"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("it is a directory"), "{}", text(&out.stderr));
    // Not laid out as fmt lays it out: printed laid out, the FIFO left a FIFO.
    let messy = b"treaty   t \"T\" {\n parties {A B}\n}\n";
    let (out, fifo, _dir) = through_fifo(&["fmt", "FIFO"], "t.treaty", messy);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "treaty t \"T\" {\n  parties {\n    A\n    B\n  }\n}\n"
    );
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(
        &std::fs::symlink_metadata(&fifo).unwrap().file_type()
    ));
}
