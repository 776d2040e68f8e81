//! Facts files for `eval`, `power` and `test`: read once, checked against the program.

use super::*;
use crate::diagnostics::Problem;

/// Reads a facts file into `sources`; a file that is not a table is a diagnostic.
pub(super) fn read_facts(
    sources: &mut SourceMap,
    path: &PathBuf,
) -> Result<Result<crate::facts::FactTable, Diagnostic>, Failure> {
    let text = read_text(path)?;
    let file = sources.add(path.display().to_string(), text);
    if is_json(path) {
        return Ok(crate::facts::parse_json(file, sources.text(file)));
    }
    Ok(crate::facts::parse_csv(file, sources.text(file)))
}

/// A whole input file as UTF-8 text; a file that is not is E0908.
pub(super) fn read_text(path: &PathBuf) -> Result<String, Failure> {
    String::from_utf8(read(path)?).map_err(|e| {
        Failure::file(
            Code::E0908,
            path,
            format!("`{}` is not UTF-8 text: {e}", path.display()),
        )
        .with_help("save the file as UTF-8 text (spreadsheets offer it as `CSV UTF-8`)")
    })
}

/// What each member fact the program declares must hold in a facts file.
pub(super) fn expected_facts(
    program: &crate::ir::Program,
) -> std::collections::BTreeMap<String, crate::facts::Expected> {
    use crate::facts::Expected;
    let zero = Some(crate::ast::Rational::ZERO);
    let rational = |r: &Option<crate::ir::Rational>| r.and_then(|r| crate::ast::Rational::new(r.num, r.den));
    program
        .facts
        .iter()
        .filter(|f| f.entity == "member" && f.kind != FactKind::Derived)
        .map(|f| {
            let e = match f.kind {
                FactKind::Bool => Expected::Bool,
                FactKind::Enumeration => Expected::OneOf(f.variants.clone()),
                FactKind::Score => Expected::Number {
                    min: rational(&f.min),
                    max: rational(&f.max),
                    whole: false,
                },
                FactKind::Money | FactKind::Percent => Expected::number(zero),
                FactKind::Count => Expected::whole(zero),
                FactKind::Year => Expected::whole(None),
                FactKind::Ratio | FactKind::Derived => Expected::number(None),
            };
            (f.name.clone(), e)
        })
        .collect()
}

/// Member facts for evaluation, read once and checked against the program: a
/// value that does not fit is an error naming file, row and column. The numbers
/// (for weights) and the cells as written (for conditions) come from the one read.
pub(super) fn load_facts_for(
    program: &crate::ir::Program,
    path: Option<&PathBuf>,
) -> Result<(crate::eval::Facts, crate::eval::Records), Failure> {
    let Some(path) = path else {
        return Ok((crate::eval::Facts::new(), crate::eval::Records::new()));
    };
    let mut sources = SourceMap::new();
    let table = match read_facts(&mut sources, path)? {
        Ok(t) => t,
        Err(d) => return Err(Failure::cannot_run(&sources, &[d])),
    };
    let problems = table.validate(&expected_facts(program), &[]);
    if !problems.is_empty() {
        return Err(Failure::cannot_run(&sources, &problems));
    }
    Ok(numbers_of(&table))
}

/// A facts table's numbers (for weights) and its cells as written (for
/// conditions), by member.
pub(super) fn numbers_of(table: &crate::facts::FactTable) -> (crate::eval::Facts, crate::eval::Records) {
    let (mut facts, mut records) = (crate::eval::Facts::new(), crate::eval::Records::new());
    for m in &table.members {
        let numbers = facts.entry(m.id.text.clone()).or_default();
        let mut cells = std::collections::BTreeMap::new();
        // Validated above: a cell that is not a number is a true/false or enumeration value.
        for (attribute, cell) in table.cells(m) {
            if let Some(v) = crate::ast::number::parse_decimal(&cell.text) {
                numbers.insert(attribute.to_string(), crate::ir::Rational { num: v.num, den: v.den });
            }
            cells.insert(attribute.to_string(), cell.text.clone());
        }
        records.insert(m.id.text.clone(), cells);
    }
    (facts, records)
}

/// A history of events for `program`: the file's events (`path`) and `more`
/// (a scenario's), checked against the treaty. Problems in the file are rendered
/// at its rows and columns; problems in `more` at their place in `treaty_sources`.
pub(super) fn load_history(
    program: &crate::ir::Program,
    path: Option<&PathBuf>,
    more: Vec<crate::timeline::Event>,
    treaty_sources: Option<&SourceMap>,
    context: &crate::eval::Context,
) -> Result<crate::timeline::History, Failure> {
    // The file is added after the treaty's sources, so that one map renders both.
    let mut sources = treaty_sources.cloned().unwrap_or_default();
    let mut events = more;
    if let Some(path) = path {
        let text = read_text(path)?;
        let file = sources.add(path.display().to_string(), text.clone());
        match crate::timeline::parse_csv(file, &text) {
            Ok(read) => events.extend(read),
            Err(d) => return Err(Failure::cannot_run(&sources, &d)),
        }
    }
    crate::timeline::History::with_facts(program, events, context).map_err(|d| Failure::cannot_run(&sources, &d))
}

/// `KEY=VALUE` pairs as a map.
/// A key given twice is an error: which value was meant is unknowable.
pub(super) fn pairs(list: &[String], flag: &str) -> Result<std::collections::BTreeMap<String, String>, Failure> {
    let mut out = std::collections::BTreeMap::new();
    for p in list {
        let (k, v) = p
            .split_once('=')
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .ok_or_else(|| {
                Problem::new(Code::E0905, format!("`--{flag} {p}` is not a fact"))
                    .about(p.as_str())
                    .with_help("write KEY=VALUE")
            })?;
        if k.is_empty() {
            return Err(Problem::new(Code::E0905, format!("`--{flag} {p}`: the key is empty"))
                .about(p.as_str())
                .with_help("write KEY=VALUE")
                .into());
        }
        if let Some(previous) = out.insert(k.clone(), v) {
            return Err(Problem::new(
                Code::E0905,
                format!("`--{flag}` gives `{k}` twice (`{k}={previous}` and `{p}`)"),
            )
            .about(p.as_str())
            .with_help("give each fact once: which value was meant cannot be known")
            .into());
        }
    }
    Ok(out)
}

/// `--world`/`--situation` facts, each checked against the treaty's declaration
/// as a facts file's cells are: a malformed number is an error, never 0.
pub(super) fn entity_facts(
    program: &crate::ir::Program,
    list: &[String],
    entity: &str,
) -> Result<std::collections::BTreeMap<String, String>, Failure> {
    let values = pairs(list, entity)?;
    for (key, value) in &values {
        let Some(decl) = program.facts.iter().find(|f| f.entity == entity && f.name == *key) else {
            let known: Vec<String> = program
                .facts
                .iter()
                .filter(|f| f.entity == entity)
                .map(|f| format!("`{}`", f.name))
                .collect();
            return Err(
                Problem::new(Code::E0902, format!("the treaty declares no fact `{entity}.{key}`"))
                    .about(format!("{key}={value}"))
                    .with_help(if known.is_empty() {
                        format!("it declares no {entity} facts")
                    } else {
                        format!("its {entity} facts are {}", known.join(", "))
                    })
                    .into(),
            );
        };
        let ok = match decl.kind {
            FactKind::Bool => matches!(value.as_str(), "true" | "false"),
            FactKind::Enumeration => decl.variants.contains(value),
            FactKind::Derived => true,
            // A count or a year has no fraction: `1999.5` is not a year.
            FactKind::Count | FactKind::Year => crate::ast::number::parse_decimal(value).is_some_and(|v| v.den == 1),
            _ => crate::ast::number::parse_decimal(value).is_some(),
        };
        if !ok {
            return Err(Problem::new(
                Code::E0905,
                format!("`{value}` is not a {} value for `{entity}.{key}`", decl.kind.name()),
            )
            .about(format!("{key}={value}"))
            .with_help(match decl.kind {
                FactKind::Bool => "write `true` or `false`".to_string(),
                FactKind::Enumeration => format!("write one of {}", decl.variants.join(", ")),
                FactKind::Count | FactKind::Year => "write a whole number, such as `1999` or `8100000000`".to_string(),
                _ => "write digits with an optional decimal part, such as `8100000000` or `2.5`".to_string(),
            })
            .into());
        }
    }
    Ok(values)
}
