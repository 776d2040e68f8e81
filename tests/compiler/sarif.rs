//! Every SARIF log treatyc writes is valid against the official SARIF 2.1.0
//! schema (OASIS, shipped in tests/data), names files by URIs and never by bare
//! paths (what validators check as SARIF1004), and points each finding of an
//! amendment at its line.

use std::path::{Path, PathBuf};

use crate::support::treatyc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The one defect of the official schema: the pattern of `language` (twice)
/// has a stray `]`, which no ECMA-262 regular expression engine compiles
/// (oasis-tcs/sarif-spec#490 and #562). It is read as the two-letter language
/// with an optional two-letter region it describes; nothing else is touched.
const STRAY_BRACKET: &str = r#""pattern": "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
const AS_MEANT: &str = r#""pattern": "^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$""#;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    assert_eq!(
        text.matches(STRAY_BRACKET).count(),
        2,
        "the shipped schema is not the official one"
    );
    let schema: serde_json::Value = serde_json::from_str(&text.replace(STRAY_BRACKET, AS_MEANT)).unwrap();
    assert_eq!(
        schema["$id"],
        "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Every `artifactLocation` of a log.
fn artifact_locations(v: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k == "artifactLocation" {
                    out.push(v.clone());
                }
                artifact_locations(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| artifact_locations(v, out)),
        _ => {}
    }
}

/// Whether a URI reference begins with a scheme (`file:`, `https:`).
fn has_scheme(uri: &str) -> bool {
    uri.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Checks a log: valid against the schema; every location an absolute URI or a
/// relative reference with a base the run defines as an absolute `file://` URI
/// ending in `/`; every result with a region. Returns the log.
fn valid_log(args: &[&str], out: &str, schema: &jsonschema::Validator) -> serde_json::Value {
    let log: serde_json::Value =
        serde_json::from_str(out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"));
    let errors: Vec<String> = schema
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{args:?}: not a valid SARIF 2.1.0 log:\n{}",
        errors.join("\n")
    );
    let run = &log["runs"][0];
    let mut locations = Vec::new();
    artifact_locations(&log, &mut locations);
    for at in &locations {
        let uri = at["uri"].as_str().unwrap();
        assert!(!uri.contains('\\') && !uri.contains(' '), "{args:?}: a bare path {uri}");
        if has_scheme(uri) {
            assert!(uri.starts_with("file:///"), "{args:?}: {uri}");
        } else {
            let base = at["uriBaseId"]
                .as_str()
                .unwrap_or_else(|| panic!("{args:?}: {uri} has no base"));
            let base_uri = run["originalUriBaseIds"][base]["uri"].as_str().unwrap();
            assert!(
                base_uri.starts_with("file:///") && base_uri.ends_with('/'),
                "{base_uri}"
            );
        }
    }
    for result in run["results"].as_array().unwrap() {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1, "{args:?}: {result}");
    }
    log
}

fn files_in(folder: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "treaty"))
        .map(|p| p.strip_prefix(root()).unwrap().to_str().unwrap().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn every_sarif_log_is_valid_against_the_official_schema() {
    let schema = validator();
    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut cases = files_in("treaties");
    for corpus in ["syntax", "check", "command", "amend"] {
        cases.extend(files_in(&format!("tests/ui/{corpus}/err")));
    }
    for file in &cases {
        runs.push(vec!["check".into(), file.clone(), "--format".into(), "sarif".into()]);
    }
    // Every amendment, bundled or in the corpus, against the treaty it amends.
    let mut amendments = files_in("treaties/amendments");
    amendments.extend(files_in("tests/ui/amend/err"));
    amendments.extend(files_in("tests/ui/amend/ok"));
    for amendment in &amendments {
        let text = std::fs::read_to_string(root().join(amendment)).unwrap();
        let base = if text.contains("amends north_atlantic") && amendment.starts_with("treaties") {
            "treaties/north-atlantic.treaty"
        } else {
            "treaties/wsc.treaty"
        };
        runs.push(vec![
            "lint-amendment".into(),
            base.into(),
            amendment.clone(),
            "--format".into(),
            "sarif".into(),
            "--site-url".into(),
            "https://example.org/treatyc".into(),
        ]);
    }
    // A base with errors and an amendment with a syntax error: findings too.
    for (base, amendment) in [
        (
            "tests/ui/check/err/E0301-neutral-member-must-not-assist.treaty",
            "treaties/amendments/defence-target-3-5.treaty",
        ),
        (
            "treaties/wsc.treaty",
            "tests/ui/syntax/err/E0001-ampersand-for-and.treaty",
        ),
    ] {
        runs.push(vec![
            "lint-amendment".into(),
            base.into(),
            amendment.into(),
            "--format".into(),
            "sarif".into(),
        ]);
    }
    assert!(runs.len() > 200, "{} runs", runs.len());
    let mut results = 0;
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = treatyc(&args);
        assert!(code == 0 || code == 1 || code == 2, "{args:?}: exit {code}\n{err}");
        if code == 2 && out.trim().is_empty() {
            // The command could not run (a file that is not an amendment): no log.
            continue;
        }
        let log = valid_log(&args, &out, &schema);
        results += log["runs"][0]["results"].as_array().unwrap().len();
    }
    assert!(results > 200, "{results} results in all");
}

#[test]
fn an_amendments_findings_point_at_its_lines() {
    let args = [
        "lint-amendment",
        "treaties/wsc.treaty",
        "treaties/amendments/low-spenders-opt-out.treaty",
        "--format",
        "sarif",
    ];
    let (code, out, _) = treatyc(&args);
    assert_eq!(code, 1);
    let log = valid_log(&args, &out, &validator());
    let results = log["runs"][0]["results"].as_array().unwrap();
    let lines: Vec<(String, u64)> = results
        .iter()
        .map(|r| {
            let at = &r["locations"][0]["physicalLocation"];
            (
                at["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                at["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    let amendment = "treaties/amendments/low-spenders-opt-out.treaty".to_string();
    // E0802 where article 5 is replaced, W0503 and E0301 on the new provision.
    assert!(lines.contains(&(amendment.clone(), 12)), "{lines:?}");
    assert!(lines.contains(&(amendment.clone(), 9)), "{lines:?}");
    assert!(lines.iter().all(|(file, _)| *file == amendment), "{lines:?}");
    // Without --site-url no rule links anywhere; each carries its explain page.
    for rule in log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap() {
        assert!(rule.get("helpUri").is_none(), "{rule}");
        let code = rule["id"].as_str().unwrap();
        let (_, page, _) = treatyc(&["explain", code]);
        assert_eq!(rule["help"]["text"].as_str().unwrap(), page);
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .starts_with(&format!("**{code}**")));
    }
}

#[test]
fn each_rule_links_to_its_explain_page_in_the_site() {
    let schema = validator();
    let file = "tests/ui/check/err/E0301-neutral-member-must-not-assist.treaty";
    for (site, expected) in [
        (
            "https://treaties.example/docs/",
            "https://treaties.example/docs/explain/E0301.html".to_string(),
        ),
        (
            "site",
            format!("file://{}/site/explain/E0301.html", root().to_str().unwrap()),
        ),
    ] {
        let args = ["check", file, "--format", "sarif", "--site-url", site];
        let (code, out, _) = treatyc(&args);
        assert_eq!(code, 1);
        let log = valid_log(&args, &out, &schema);
        assert_eq!(
            log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"],
            expected.as_str()
        );
    }
}

#[test]
fn absolute_paths_become_file_uris_with_spaces_and_letters_encoded() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("traités et accords");
    std::fs::create_dir(&folder).unwrap();
    let broken = folder.join("projet révisé.treaty");
    std::fs::copy(
        root().join("tests/ui/check/err/E0301-neutral-member-must-not-assist.treaty"),
        &broken,
    )
    .unwrap();
    let path = broken.to_str().unwrap();
    let args = ["check", path, "--format", "sarif"];
    let (code, out, _) = treatyc(&args);
    assert_eq!(code, 1);
    let log = valid_log(&args, &out, &validator());
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(
        uri.ends_with("/trait%C3%A9s%20et%20accords/projet%20r%C3%A9vis%C3%A9.treaty"),
        "{uri}"
    );
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId"),
        None
    );
    // The same file named relative to the working directory: a relative
    // reference, encoded alike, resolved against %SRCROOT%.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_treatyc"))
        .args(["check", "traités et accords/projet révisé.treaty", "--format", "sarif"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let log = valid_log(&args, &String::from_utf8(out.stdout).unwrap(), &validator());
    let at = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        at["uri"],
        "trait%C3%A9s%20et%20accords/projet%20r%C3%A9vis%C3%A9.treaty"
    );
    assert_eq!(at["uriBaseId"], "%SRCROOT%");
    let base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    let canonical = Path::new(dir.path()).canonicalize().unwrap();
    let expected_end = format!("{}/", canonical.file_name().unwrap().to_str().unwrap());
    assert!(base.starts_with("file:///") && base.ends_with(&expected_end), "{base}");
}
