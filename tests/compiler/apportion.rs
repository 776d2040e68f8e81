//! `treatyc apportion` on real figures: the US House of 2020 reproduced seat for
//! seat from the Census Bureau's apportionment populations, with its margin
//! (Minnesota took the 435th seat; New York fell 89 people short), and the
//! shapes of the CSV and JSON answers.

use crate::support::treatyc;

const US_2020: &str = "tests/data/us_apportionment_2020.csv";

/// The House seats of each state after the 2020 census (Census Bureau, Table 1,
/// "Apportionment Population and Number of Representatives by State: 2020 Census").
const OFFICIAL_SEATS: [(&str, u64); 50] = [
    ("AL", 7),
    ("AK", 1),
    ("AZ", 9),
    ("AR", 4),
    ("CA", 52),
    ("CO", 8),
    ("CT", 5),
    ("DE", 1),
    ("FL", 28),
    ("GA", 14),
    ("HI", 2),
    ("ID", 2),
    ("IL", 17),
    ("IN", 9),
    ("IA", 4),
    ("KS", 4),
    ("KY", 6),
    ("LA", 6),
    ("ME", 2),
    ("MD", 8),
    ("MA", 9),
    ("MI", 13),
    ("MN", 8),
    ("MS", 4),
    ("MO", 8),
    ("MT", 2),
    ("NE", 3),
    ("NV", 4),
    ("NH", 2),
    ("NJ", 12),
    ("NM", 3),
    ("NY", 26),
    ("NC", 14),
    ("ND", 1),
    ("OH", 15),
    ("OK", 5),
    ("OR", 6),
    ("PA", 17),
    ("RI", 2),
    ("SC", 7),
    ("SD", 1),
    ("TN", 9),
    ("TX", 38),
    ("UT", 4),
    ("VT", 1),
    ("VA", 11),
    ("WA", 10),
    ("WV", 2),
    ("WI", 8),
    ("WY", 1),
];

/// The House of 435 seats, at least one a state, by `method`.
fn house_by(method: &str, format: &str) -> (i32, String, String) {
    let words = format!("apportion --facts {US_2020} --seats 435 --method {method} --min 1 --format {format}");
    treatyc(&words.split(' ').collect::<Vec<_>>())
}

fn house(format: &str) -> (i32, String, String) {
    house_by("huntington-hill", format)
}

#[test]
fn the_us_house_of_2020_is_reproduced_seat_for_seat() {
    let (code, out, err) = house("json");
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["population"], 331_108_434u64);
    assert_eq!(doc["seats"], 435);
    let states = doc["states"].as_array().unwrap();
    assert_eq!(states.len(), 50);
    for (id, seats) in OFFICIAL_SEATS {
        let row = states
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no row for {id}"));
        assert_eq!(row["seats"], seats, "{id}");
    }
    let total: u64 = states.iter().map(|s| s["seats"].as_u64().unwrap()).sum();
    assert_eq!(total, 435);
    // Minnesota's 8th seat was the 435th; New York's 27th would have been the 436th.
    assert_eq!(doc["last_seat"]["state"], "MN");
    assert_eq!(doc["last_seat"]["seat"], 8);
    assert_eq!(doc["next_seat"]["state"], "NY");
    assert_eq!(doc["next_seat"]["seat"], 27);
    assert_eq!(doc["margin_people"], 89);
    assert!(doc["tie"].is_null());
    // Priorities: 5,709,752 / sqrt(56) and 20,215,751 / sqrt(702).
    assert_eq!(doc["last_seat"]["claim"], "762997.705265");
    assert_eq!(doc["next_seat"]["claim"], "762994.352842");
    let paradoxes: Vec<(&str, &str)> = doc["paradoxes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["paradox"].as_str().unwrap(), p["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        paradoxes,
        [
            ("alabama", "not found"),
            ("new-state", "not found"),
            ("population", "not checked")
        ]
    );
    let california = states.iter().find(|s| s["id"] == "CA").unwrap();
    assert_eq!(california["quota_fraction"], "5738629765/110369478");
    assert_eq!(california["quota"], "51.9947");
}

#[test]
fn the_human_answer_names_the_margin() {
    let (code, out, err) = house("human");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("435 seats by huntington-hill, at least 1 each: 50 states, population 331108434\n"),
        "{out}"
    );
    for line in [
        "last seat given: `MN`'s 8th, claim 762997.705265",
        "next seat: `NY`'s 27th, claim 762994.352842",
        "margin: `NY` needed 89 more people to take the last seat",
        "  population: not checked: no previous populations were given to compare with",
        "  CA       39576757  51.9947     52",
    ] {
        assert!(out.contains(&format!("\n{line}\n")), "{line}:\n{out}");
    }
}

#[test]
fn the_csv_answer_is_one_row_per_state() {
    let (code, out, err) = house("csv");
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 51);
    assert_eq!(lines[0], "id,population,quota,seats");
    assert_eq!(lines[1], "AL,5030053,6.6083,7");
    assert_eq!(lines[50], "WY,577719,0.7589,1");
}

#[test]
fn other_methods_give_other_houses() {
    // An alias names the same method; Jefferson favours the large states and Adams
    // the small, so neither gives the 2020 House.
    let run = |method: &str| {
        let (code, out, err) = house_by(method, "csv");
        assert_eq!(code, 0, "{method}: {err}");
        out
    };
    let hill = run("huntington-hill");
    assert_eq!(run("equal-proportions"), hill);
    assert_ne!(run("jefferson"), hill);
    assert_ne!(run("adams"), hill);
}

#[test]
fn a_malformed_population_is_an_error_at_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("states.csv");
    std::fs::write(&file, "id,population\nA,100\nB,1.5e3\nC,7\n").unwrap();
    let (code, out, err) = treatyc(&[
        "apportion",
        "--facts",
        file.to_str().unwrap(),
        "--seats",
        "5",
        "--method",
        "webster",
    ]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("error[E0602]: `population` of `B`: not a number"), "{err}");
    assert!(err.contains("states.csv:3:3"), "{err}");
    // A missing column is named too, never read as no one.
    let (code, _, err) = treatyc(&[
        "apportion",
        "--facts",
        file.to_str().unwrap(),
        "--weight",
        "people",
        "--seats",
        "5",
        "--method",
        "webster",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("[E0604]") && err.contains("`people`"), "{err}");
}

#[test]
fn a_method_without_its_parts_is_refused() {
    for (words, wanted) in [
        (vec!["--method", "cambridge", "--seats", "10"], "base seats"),
        (vec!["--method", "penrose", "--seats", "10"], "divisor method to round"),
        (vec!["--seats", "10"], "needs a method"),
        (vec!["--method", "webster"], "needs the number of seats"),
    ] {
        let mut args = vec!["apportion", "--facts", US_2020];
        args.extend(words);
        let (code, _, err) = treatyc(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("[E0910]") && err.contains(wanted), "{args:?}: {err}");
    }
}
