//! The rule IR: every emitted file validates against the committed JSON Schema,
//! survives a serde round trip, and is byte-identical from run to run.

use std::path::Path;

use treatyc::ir::Program;
use treatyc::session::Session;

fn emit(path: &str, stage: Option<&str>) -> Program {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    treatyc::compile_to_ir(&mut Session::new(), path, &bytes, stage).unwrap()
}

fn every_program() -> Vec<(String, Program)> {
    let mut out = Vec::new();
    for t in crate::support::BUNDLED {
        out.push((t.to_string(), emit(&format!("treaties/{t}.treaty"), None)));
    }
    for stage in ["community", "union", "federation"] {
        out.push((format!("wsc@{stage}"), emit("treaties/wsc.treaty", Some(stage))));
    }
    out
}

/// `docs/ir.schema.json` is derived from the IR's types; regenerate with
/// `TREATYC_UPDATE_DOCS=1 cargo test --test compiler ir`.
#[test]
fn the_committed_schema_is_the_one_derived_from_the_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ir.schema.json");
    let expected = serde_json::to_string_pretty(&treatyc::ir::schema()).unwrap() + "\n";
    if std::env::var_os("TREATYC_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    assert!(
        std::fs::read_to_string(&path).unwrap_or_default() == expected,
        "docs/ir.schema.json is out of date"
    );
}

#[test]
fn every_emitted_program_validates_against_the_schema() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ir.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (name, program) in every_program() {
        let value = serde_json::to_value(&program).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    // The schema is not vacuous: a wrong version type and a malformed ratio fail.
    let mut bad = serde_json::to_value(emit("treaties/eu-council.treaty", None)).unwrap();
    bad["ir_version"] = serde_json::json!("one");
    assert!(!validator.is_valid(&bad));
    let mut bad = serde_json::to_value(emit("treaties/eu-council.treaty", None)).unwrap();
    bad["rules"][0]["criteria"][0]["value"] = serde_json::json!("55%");
    assert!(!validator.is_valid(&bad), "{}", bad["rules"][0]);
    // Operators, modalities, fact and body kinds are closed sets.
    let good = serde_json::to_value(emit("treaties/wsc.treaty", None)).unwrap();
    let facts = good["facts"].as_array().unwrap();
    let derived = facts.iter().position(|f| f["kind"] == "derived").unwrap();
    assert_eq!(good["facts"][derived]["definition"]["binary"]["op"], "/");
    for (path, value) in [
        (vec!["facts", "#", "definition", "binary", "op"], "**"),
        (vec!["facts", "0", "kind"], "integer"),
        (vec!["obligations", "0", "modality"], "should"),
        (vec!["bodies", "0", "kind"], "agency"),
    ] {
        let mut bad = good.clone();
        let mut at = &mut bad;
        for key in path {
            at = match key {
                "#" => &mut at[derived],
                k if k.parse::<usize>().is_ok() => &mut at[k.parse::<usize>().unwrap()],
                k => &mut at[k],
            };
        }
        *at = serde_json::json!(value);
        assert!(!validator.is_valid(&bad), "`{value}` is accepted");
    }
}

#[test]
fn the_ir_survives_a_serde_round_trip() {
    for (name, program) in every_program() {
        let json = serde_json::to_string(&program).unwrap();
        let back: Program = serde_json::from_str(&json).unwrap();
        assert_eq!(back, program, "{name}");
    }
}

#[test]
fn emitting_twice_gives_the_same_bytes() {
    let a = serde_json::to_string_pretty(&emit("treaties/wsc.treaty", Some("union"))).unwrap();
    let b = serde_json::to_string_pretty(&emit("treaties/wsc.treaty", Some("union"))).unwrap();
    assert_eq!(a, b);
}

#[test]
fn the_ir_spells_out_rules_and_provenance() {
    let p = emit("treaties/eu-council.treaty", None);
    let qmv = p.rule("qualified_majority").unwrap();
    let json = serde_json::to_value(qmv).unwrap();
    assert_eq!(json["abstention"], "counts_against");
    assert_eq!(json["criteria"][0]["value"], "11/20");
    assert_eq!(
        json["criteria"][3],
        serde_json::json!({"kind": "blocking_minority", "min_members": 4})
    );
    assert_eq!(json["provenance"]["article"], "16(4)");
    let unanimous = p.rule("unanimity_with_abstention").unwrap();
    assert_eq!(
        serde_json::to_value(unanimous).unwrap()["abstention"],
        "does_not_prevent_adoption"
    );
    // A built-in rule used directly becomes a rule of its own.
    let unsc = emit("treaties/un-security-council.treaty", None);
    assert!(unsc.rule("two-thirds majority").is_some());
}

#[test]
fn an_emitted_ir_file_is_evaluated_like_the_treaty() {
    let dir = std::env::temp_dir().join(format!("treatyc-ir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ir = dir.join("unsc.json");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_treatyc"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let out = run(&[
        "emit",
        "treaties/un-security-council.treaty",
        "-o",
        ir.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let ballot = [
        "vote",
        "--body",
        "SecurityCouncil",
        "--decision",
        "substantive",
        "--seated",
        "DNK,GRC,PAK,PAN,SOM,BHR,COL,COD,LVA,LBR",
        "--yes",
        "CHN,FRA,GBR,USA,DNK,GRC,PAK,PAN,SOM",
        "--no",
        "RUS",
        "--format",
        "json",
    ];
    let from_ir = run(&[&["eval", ir.to_str().unwrap()][..], &ballot[..]].concat());
    let from_treaty = run(&[&["eval", "treaties/un-security-council.treaty"][..], &ballot[..]].concat());
    assert!(from_ir.status.success(), "{}", String::from_utf8_lossy(&from_ir.stderr));
    assert_eq!(from_ir.stdout, from_treaty.stdout);
    assert!(String::from_utf8_lossy(&from_ir.stdout).contains("\"passes\": false"));
    std::fs::remove_dir_all(&dir).unwrap();
}
