//! `treatyc apportion`: the seats each state gets under a rule of apportionment,
//! from a population file: quotas, the margin, and the paradoxes checked.

use schemars::JsonSchema;
use serde::Serialize;

use super::facts::{load_facts_for, read_facts};
use super::*;
use crate::apportion::paradox::{self, Finding};
use crate::apportion::{Apportionment, Constraints, Divisor, Method, Shortfall, Total};
use crate::diagnostics::Problem;

#[derive(clap::Args, Debug)]
pub struct ApportionArgs {
    /// A treaty (or its rule IR) whose body's own seat rule gives the seats
    /// (`seats apportioned by ...`), with `--body`
    #[arg(value_name = "TREATY", requires = "body")]
    treaty: Option<PathBuf>,
    /// The body whose seats the treaty's rule apportions
    #[arg(long, value_name = "BODY", requires = "treaty", conflicts_with_all = ["seats", "cube_root", "min", "max", "weight"])]
    body: Option<String>,
    /// The stage whose treaty to read (`--stage federation`); by default the treaty as written
    #[arg(long, value_name = "STAGE", requires = "treaty")]
    stage: Option<String>,
    /// The populations (CSV or JSON facts: `id`, optional `name`, a column of
    /// whole numbers named by `--weight`); with a treaty, its facts, a row for
    /// each member (the seats are shared among the treaty's members)
    #[arg(long, value_name = "FILE")]
    facts: PathBuf,
    /// The column holding each state's population (`population` unless given;
    /// with a treaty, the fact its rule names)
    #[arg(long, value_name = "COLUMN")]
    weight: Option<String>,
    /// The seats to share
    #[arg(long, value_name = "N", conflicts_with = "cube_root")]
    seats: Option<u64>,
    /// As many seats as the cube root of the total population, to the nearest seat
    #[arg(long)]
    cube_root: bool,
    /// The method: a divisor method, `hamilton` (largest remainder), `cambridge`
    /// (with `--base` and `--max`) or `penrose` (square-root weights, with `--rounding`)
    #[arg(long, value_enum)]
    method: Option<MethodArg>,
    /// The divisor method that rounds Penrose's square-root weights
    #[arg(long, value_enum, value_name = "DIVISOR")]
    rounding: Option<MethodArg>,
    /// The Cambridge Compromise's base seats per state
    #[arg(long, value_name = "N")]
    base: Option<u64>,
    /// The fewest seats a state has
    #[arg(long, value_name = "N")]
    min: Option<u64>,
    /// The most seats a state may have (the Cambridge Compromise's cap)
    #[arg(long, value_name = "N")]
    max: Option<u64>,
    /// The populations of an earlier count (same states and column), for the
    /// population paradox
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// `csv`: one row per state; `json`: everything, with exact quotas
    #[arg(long, value_enum, default_value_t = ApportionFormat::Human)]
    pub(super) format: ApportionFormat,
    /// Also draw seats against population as SVG, with the proportional and
    /// square-root ideals, into FILE (never over an input)
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApportionFormat {
    Human,
    Csv,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodArg {
    #[value(alias = "dhondt")]
    Jefferson,
    #[value(alias = "sainte-lague")]
    Webster,
    Adams,
    #[value(alias = "equal-proportions")]
    HuntingtonHill,
    Dean,
    #[value(alias = "largest-remainder", alias = "hare")]
    Hamilton,
    Cambridge,
    Penrose,
}

impl MethodArg {
    /// The divisor method it names, if it names one.
    fn divisor(self) -> Option<Divisor> {
        Some(match self {
            MethodArg::Jefferson => Divisor::Jefferson,
            MethodArg::Webster => Divisor::Webster,
            MethodArg::Adams => Divisor::Adams,
            MethodArg::HuntingtonHill => Divisor::HuntingtonHill,
            MethodArg::Dean => Divisor::Dean,
            MethodArg::Hamilton | MethodArg::Cambridge | MethodArg::Penrose => return None,
        })
    }
}

/// What `apportion --format json` prints.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ApportionReport {
    /// The method, as `treatyc apportion --method` names it.
    pub method: String,
    pub seats: u64,
    /// `fixed`, or `cube root` of the population.
    pub total_rule: String,
    pub min: u64,
    pub max: Option<u64>,
    pub population: u128,
    /// In the order of the facts file.
    pub states: Vec<StateRow>,
    /// The last seat the count gave (none when the bounds gave every seat).
    pub last_seat: Option<MarginSeat>,
    /// The seat the count would give next.
    pub next_seat: Option<MarginSeat>,
    /// How many more people the next seat's state needed to take the last seat.
    pub margin_people: Option<u64>,
    /// Why `margin_people` is not given.
    pub margin_note: Option<String>,
    /// Seats no one state gets: the count ends at a claim several states share.
    pub tie: Option<TieReport>,
    pub paradoxes: Vec<ParadoxReport>,
    /// The treaty's rule the seats were counted by (`apportion TREATY --body B`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Rows of the facts that are not members of the treaty: no seats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_counted: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct StateRow {
    pub id: String,
    pub population: u64,
    /// The standard quota, truncated to four places.
    pub quota: String,
    /// The exact quota (none where it is irrational: square roots).
    pub quota_fraction: Option<String>,
    pub seats: u64,
    pub at_min: bool,
    pub at_max: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct MarginSeat {
    pub state: String,
    /// Which of the state's seats (its 8th, say).
    pub seat: u64,
    /// Its priority (divisor methods) or remainder (largest remainder), truncated
    /// to six places; comparisons were made exactly.
    pub claim: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct TieReport {
    pub states: Vec<String>,
    pub seats: u64,
    pub claim: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ParadoxReport {
    /// `alabama`, `new-state` or `population`.
    pub paradox: String,
    /// `found`, `not found` or `not checked`.
    pub outcome: String,
    /// Each instance found, in words.
    pub found: Vec<String>,
    /// Why it was not checked.
    pub why_not_checked: Option<String>,
    /// What was compared, and what the method guarantees.
    pub note: String,
}

pub(super) fn apportion(args: ApportionArgs) -> Result<ExitCode, Failure> {
    if let (Some(treaty), Some(body)) = (&args.treaty, &args.body) {
        return by_treaty(&args, treaty, body);
    }
    let weight = args.weight.as_deref().unwrap_or("population");
    let states = populations(&args.facts, weight)?;
    let method = method(&args)?;
    let total = match (args.seats, args.cube_root) {
        (Some(n), _) => Total::Fixed(n),
        (None, true) => Total::CubeRoot,
        (None, false) => {
            return Err(Problem::new(Code::E0910, "`apportion` needs the number of seats")
                .with_help("give `--seats N`, or `--cube-root` for the cube root of the population")
                .into())
        }
    };
    let constraints = Constraints {
        total,
        min: args.min.unwrap_or(0),
        max: args.max,
    };
    let run = crate::apportion::apportion(&states, &method, &constraints)?;
    let previous = args.previous.as_ref().map(|p| populations(p, weight)).transpose()?;
    let checks = paradox::check(&states, &method, &constraints, &run, previous.as_deref())?;
    let report = report(&run, &constraints, &checks);
    let inputs: Vec<&std::path::Path> = std::iter::once(args.facts.as_path())
        .chain(args.previous.as_deref())
        .collect();
    plot(
        &args,
        &run,
        &format!("{} seats by {}", run.total, run.method.name()),
        &inputs,
    )?;
    print(&args, &report)
}

/// `--plot FILE`: seats against population, written before the report so that
/// a file that cannot be written stops the command with nothing half done.
fn plot(args: &ApportionArgs, run: &Apportionment, title: &str, inputs: &[&std::path::Path]) -> Result<(), Failure> {
    let Some(path) = &args.plot else { return Ok(()) };
    refuse_to_overwrite(Some(path), inputs)?;
    let states: Vec<(String, u64, u64)> = run
        .states
        .iter()
        .map(|s| (s.id.clone(), s.population, s.seats))
        .collect();
    let square_root = matches!(run.method, Method::Penrose { .. });
    let svg = crate::plot::svg(&crate::plot::seats(title, &states, square_root));
    write(path, svg.as_bytes())
}

/// The seats by a treaty body's own rule, on the treaty's facts; `--method`
/// compares another method under the rule's total and bounds.
fn by_treaty(args: &ApportionArgs, treaty: &PathBuf, body: &str) -> Result<ExitCode, Failure> {
    let program = load_program(treaty, args.stage.as_deref())?;
    let (facts, _) = load_facts_for(&program, Some(&args.facts))?;
    let other = args.method.map(|_| method(args)).transpose()?;
    let (rule, run) = crate::eval::seats_by_rule(&program, body, &facts, other)?;
    let (_, constraints) = crate::apportion::of_rule(&rule)?;
    let states: Vec<(String, u64)> = run.states.iter().map(|s| (s.id.clone(), s.population)).collect();
    let previous = args.previous.as_ref().map(|p| populations(p, &rule.fact)).transpose()?;
    let checks = paradox::check(&states, &run.method, &constraints, &run, previous.as_deref())?;
    let mut report = report(&run, &constraints, &checks);
    let stage = args
        .stage
        .as_ref()
        .map(|s| format!(" (stage `{s}`)"))
        .unwrap_or_default();
    report.rule = Some(format!(
        "the rule of `{body}`{stage}: {}{}",
        rule.written(),
        if other.is_some() {
            format!("; counted here by {} instead", run.method.name())
        } else {
            String::new()
        }
    ));
    let inputs: Vec<&std::path::Path> = [treaty.as_path(), args.facts.as_path()]
        .into_iter()
        .chain(args.previous.as_deref())
        .collect();
    plot(
        args,
        &run,
        &format!("{body}: {} seats by {}", run.total, run.method.name()),
        &inputs,
    )?;
    if !program.members.is_empty() {
        report.not_counted = facts
            .keys()
            .filter(|id| !program.members.iter().any(|m| &m.id == *id))
            .cloned()
            .collect();
    }
    print(args, &report)
}

fn print(args: &ApportionArgs, report: &ApportionReport) -> Result<ExitCode, Failure> {
    match args.format {
        ApportionFormat::Json => print_json(report)?,
        ApportionFormat::Csv => {
            outln!("id,population,quota,seats");
            for s in &report.states {
                outln!("{},{},{},{}", s.id, s.population, s.quota, s.seats);
            }
        }
        ApportionFormat::Human => human(report),
    }
    Ok(ExitCode::SUCCESS)
}

/// The method asked for; a method's missing part is an error, never a default.
fn method(args: &ApportionArgs) -> Result<Method, Failure> {
    let Some(asked) = args.method else {
        return Err(Problem::new(Code::E0910, "`apportion` needs a method")
            .with_help("give `--method`, such as `--method huntington-hill` (`treatyc help apportion` lists them)")
            .into());
    };
    Ok(match (asked, asked.divisor()) {
        (_, Some(divisor)) => Method::Divisor { divisor },
        (MethodArg::Cambridge, _) => match args.base {
            Some(base) => Method::Cambridge { base },
            None => {
                return Err(
                    Problem::new(Code::E0910, "the Cambridge Compromise needs its base seats")
                        .about("cambridge")
                        .with_help("give `--base N` (5 in the Compromise of 2011) and the cap as `--max N`")
                        .into(),
                )
            }
        },
        (MethodArg::Penrose, _) => match args.rounding.and_then(MethodArg::divisor) {
            Some(divisor) => Method::Penrose { divisor },
            None => {
                return Err(Problem::new(
                    Code::E0910,
                    "Penrose's square-root weights need a divisor method to round them",
                )
                .about("penrose")
                .with_help("give `--rounding` a divisor method, such as `--rounding webster`")
                .into())
            }
        },
        // Of the methods that are not divisor methods, the largest remainder is left.
        (_, None) => Method::LargestRemainder,
    })
}

/// Each state's population from a facts file: a whole number of people, or an
/// error at its file, row and column.
fn populations(path: &PathBuf, column: &str) -> Result<Vec<(String, u64)>, Failure> {
    let mut sources = SourceMap::new();
    let table = match read_facts(&mut sources, path)? {
        Ok(t) => t,
        Err(d) => return Err(Failure::cannot_run(&sources, &[d])),
    };
    let expected = std::collections::BTreeMap::from([(
        column.to_string(),
        crate::facts::Expected::whole(Some(crate::ast::Rational::ZERO)),
    )]);
    // The file may hold other columns: only the population is read.
    let problems: Vec<Diagnostic> = table
        .validate(&expected, &[column])
        .into_iter()
        .filter(|d| d.code != Code::E0603)
        .collect();
    if !problems.is_empty() {
        return Err(Failure::cannot_run(&sources, &problems));
    }
    let mut out = Vec::with_capacity(table.members.len());
    for m in &table.members {
        let Some(cell) = table.value(m, column) else { continue };
        let whole = crate::ast::number::parse_decimal(cell.text.trim()).and_then(|v| u64::try_from(v.num).ok());
        let Some(population) = whole else {
            let d = Diagnostic::new(
                Code::E0602,
                cell.span,
                format!("`{column}` of `{}`: out of range", m.id.text),
            )
            .with_primary_label(format!("`{}`", cell.text.trim()))
            .with_help("a population is a whole number of people below 2^64");
            return Err(Failure::cannot_run(&sources, &[d]));
        };
        out.push((m.id.text.clone(), population));
    }
    Ok(out)
}

fn report(run: &Apportionment, constraints: &Constraints, checks: &[paradox::Check]) -> ApportionReport {
    let margin = |a: &crate::apportion::Award| MarginSeat {
        state: a.state.clone(),
        seat: a.seat,
        claim: a.claim.decimal(),
    };
    let (margin_people, margin_note) = match &run.shortfall {
        Shortfall::People(n) => (Some(*n), None),
        Shortfall::NotComputed(why) => (None, Some(why.clone())),
    };
    ApportionReport {
        method: run.method.name(),
        seats: run.total,
        total_rule: match constraints.total {
            Total::Fixed(_) => "fixed".to_string(),
            Total::CubeRoot => "cube root".to_string(),
        },
        min: constraints.min,
        max: constraints.max,
        population: run.population,
        states: run
            .states
            .iter()
            .zip(run.quotas())
            .map(|(s, quota)| StateRow {
                id: s.id.clone(),
                population: s.population,
                quota: quota.decimal,
                quota_fraction: quota.fraction,
                seats: s.seats,
                at_min: s.at_min,
                at_max: s.at_max,
            })
            .collect(),
        last_seat: run.last.as_ref().map(margin),
        next_seat: run.next.as_ref().map(margin),
        margin_people,
        margin_note,
        tie: run.tie.as_ref().map(|t| TieReport {
            states: t.states.clone(),
            seats: t.seats,
            claim: t.claim.clone(),
        }),
        paradoxes: checks
            .iter()
            .map(|c| {
                let (outcome, found, why) = match &c.finding {
                    Finding::Found(list) => ("found", list.clone(), None),
                    Finding::NotFound => ("not found", Vec::new(), None),
                    Finding::NotChecked(why) => ("not checked", Vec::new(), Some(why.clone())),
                };
                ParadoxReport {
                    paradox: c.paradox.name().to_string(),
                    outcome: outcome.to_string(),
                    found,
                    why_not_checked: why,
                    note: c.note.clone(),
                }
            })
            .collect(),
        rule: None,
        not_counted: Vec::new(),
    }
}

fn human(r: &ApportionReport) {
    if let Some(rule) = &r.rule {
        outln!("{rule}");
    }
    if !r.not_counted.is_empty() {
        outln!(
            "not counted, not members of the treaty: {}",
            r.not_counted
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let bounds = match (r.min, r.max) {
        (0, None) => String::new(),
        (min, None) => format!(", at least {min} each"),
        (0, Some(max)) => format!(", at most {max} each"),
        (min, Some(max)) => format!(", at least {min} and at most {max} each"),
    };
    let rule = if r.total_rule == "fixed" {
        ""
    } else {
        " (the cube root of the population)"
    };
    outln!(
        "{} seats{rule} by {}{bounds}: {}, population {}",
        r.seats,
        r.method,
        plural(r.states.len(), "state"),
        r.population
    );
    let id = r.states.iter().map(|s| s.id.chars().count()).max().unwrap_or(2).max(5);
    let pop = r
        .states
        .iter()
        .map(|s| s.population.to_string().len())
        .max()
        .unwrap_or(0)
        .max(10);
    let quota = r.states.iter().map(|s| s.quota.len()).max().unwrap_or(0).max(5);
    outln!("  {:<id$}  {:>pop$}  {:>quota$}  seats", "state", "population", "quota");
    for s in &r.states {
        let mark = match (s.at_min, s.at_max) {
            (_, true) => "  (at the maximum)",
            (true, false) if r.min > 0 => "  (at the minimum)",
            _ => "",
        };
        outln!(
            "  {:<id$}  {:>pop$}  {:>quota$}  {:>5}{mark}",
            s.id,
            s.population,
            s.quota,
            s.seats
        );
    }
    if let Some(t) = &r.tie {
        outln!(
            "TIE: {} at one claim ({}) among {}: the arithmetic gives them to no one state; each state above holds only the seats surely its own",
            plural(usize::try_from(t.seats).unwrap_or(usize::MAX), "seat"),
            t.claim,
            t.states.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        );
    }
    match &r.last_seat {
        Some(l) => outln!(
            "last seat given: `{}`'s {}, claim {}",
            l.state,
            ordinal(l.seat),
            l.claim
        ),
        None => outln!("last seat given: none in the count (the bounds gave every seat)"),
    }
    match &r.next_seat {
        Some(n) => outln!("next seat: `{}`'s {}, claim {}", n.state, ordinal(n.seat), n.claim),
        None => outln!("next seat: none (no state can take another)"),
    }
    match (&r.margin_people, &r.next_seat, &r.margin_note) {
        (Some(people), Some(n), _) => outln!(
            "margin: `{}` needed {people} more {} to take the last seat",
            n.state,
            if *people == 1 { "person" } else { "people" }
        ),
        (_, _, Some(note)) => outln!("margin: not computed: {note}"),
        _ => {}
    }
    outln!("paradoxes:");
    for p in &r.paradoxes {
        match &p.why_not_checked {
            Some(why) => outln!("  {}: not checked: {why}", p.paradox),
            None if p.found.is_empty() => outln!("  {}: not found", p.paradox),
            None => outln!("  {}: FOUND", p.paradox),
        }
        for f in &p.found {
            outln!("    - {f}");
        }
        outln!("    {}", p.note);
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`.
fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The JSON Schema of `apportion --format json`.
pub fn schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(ApportionReport)).unwrap_or_default();
    if let Some(o) = schema.as_object_mut() {
        o.insert(
            "title".to_string(),
            serde_json::Value::String(
                "treatyc apportion --format json: each state's seats, the margin and the paradoxes checked".to_string(),
            ),
        );
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::ordinal;

    #[test]
    fn ordinals_follow_english() {
        let words: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 435].map(ordinal).to_vec();
        assert_eq!(
            words,
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th", "435th"]
        );
    }
}
