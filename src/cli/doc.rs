//! `treatyc doc`: a treaty as a static site, written into a folder.
//!
//! Everything is read, checked and rendered before the first page is written:
//! a treaty with errors gets no site (exit 1), an input that cannot be read
//! none either (exit 2). Pages are written one by one through `files`, each
//! atomically; a page is never written over an input, through a symbolic link,
//! or into a folder that is a link.

use std::path::Path;

use super::facts::{load_history, numbers_of, read_facts};
use super::*;
use crate::ast::{Document, Item};
use crate::diagnostics::Problem;

/// What `treatyc doc` is asked.
#[derive(clap::Args, Debug)]
pub struct DocArgs {
    /// The treaties to publish; several go into one folder each, named by the treaty
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The folder to write the site into (created if missing; pages in it are replaced)
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Member facts (CSV), for the checker's analyses and the voting power an
    /// amendment shifts under a weighted rule
    #[arg(long, value_name = "FILE")]
    facts: Option<PathBuf>,
    /// Dated events (CSV: `date,event,state,act,detail`), replayed for `--on`
    #[arg(long, value_name = "FILE", requires = "on")]
    history: Option<PathBuf>,
    /// Add a page of the membership on this day (`2020-02-01`), after the history's events
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// An amendment to render as a redline against the treaty it amends (repeatable)
    #[arg(long, value_name = "AMENDMENT")]
    amendment: Vec<PathBuf>,
}

pub(super) fn doc(args: DocArgs, color: ColorMode) -> Result<ExitCode, Failure> {
    let dir = args.output.as_path();
    refuse_folder(dir)?;
    let mut sources = SourceMap::new();
    let mut config = crate::check::Config::default();
    if let Some(path) = &args.facts {
        match read_facts(&mut sources, path)? {
            Ok(table) => config.facts = Some(table),
            Err(d) => return Err(Failure::cannot_run(&sources, &[d])),
        }
    }
    let (facts, records) = config.facts.as_ref().map(numbers_of).unwrap_or_default();
    let mut treaties = Vec::new();
    for path in &args.files {
        let unit = crate::parse_source(&mut sources, &path.display().to_string(), &read(path)?);
        treaties.push(unit);
    }
    let mut amendments = Vec::new();
    for path in &args.amendment {
        let unit = crate::parse_source(&mut sources, &path.display().to_string(), &read(path)?);
        if unit.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Failure::errors(&sources, &unit.diagnostics));
        }
        if !matches!(unit.document, Some(Document::Amendment(_))) {
            return Err(
                Problem::new(Code::E0910, format!("`{}` is not an amendment", path.display()))
                    .about(path.display().to_string())
                    .with_help("`--amendment` names a file that begins `amendment NAME ... amends TREATY`")
                    .into(),
            );
        }
        amendments.push(unit);
    }
    let amendment_docs: Vec<&crate::ast::Amendment> = amendments
        .iter()
        .filter_map(|u| match &u.document {
            Some(Document::Amendment(a)) => Some(a),
            _ => None,
        })
        .collect();
    // Columns an amendment declares are the facts of the treaty as amended.
    let declared_by_amendments = amendment_facts(&amendment_docs);

    // Every treaty checked before anything is written.
    let mut checked = Vec::new();
    let mut errors = Vec::new();
    for unit in &treaties {
        let Some(Document::Treaty(treaty)) = &unit.document else {
            if unit.diagnostics.iter().any(Diagnostic::is_error) {
                errors.extend(unit.diagnostics.iter().cloned());
            } else if let Some(Document::Amendment(a)) = &unit.document {
                errors.push(
                    Diagnostic::new(Code::E0901, a.name.span, "this file is an amendment, not a treaty")
                        .with_primary_label("an amendment is published as a redline of its treaty")
                        .with_help("name the treaty it amends, and this file with `--amendment`"),
                );
            }
            continue;
        };
        if unit.diagnostics.iter().any(Diagnostic::stops_analysis) {
            errors.extend(unit.diagnostics.iter().cloned());
            continue;
        }
        let models = crate::model::models(treaty);
        let mut found = unit.diagnostics.clone();
        found.extend(crate::check::check_models(&models, &config));
        found.retain(|d| {
            !(d.code == Code::E0603
                && declared_by_amendments
                    .iter()
                    .any(|f| d.message.contains(&format!("`{f}`"))))
        });
        crate::diagnostics::sort(&mut found);
        if found.iter().any(|d| is_facts_problem(d) && d.is_error()) {
            let facts_errors: Vec<Diagnostic> = found.into_iter().filter(is_facts_problem).collect();
            return Err(Failure::cannot_run(&sources, &facts_errors));
        }
        if found.iter().any(Diagnostic::is_error) {
            errors.extend(found);
            continue;
        }
        let mut programs = Vec::new();
        if let Some(base) = models.base() {
            programs.push(crate::ir::lower(base, &sources));
        }
        for stage in models.stage_names() {
            if let Some(m) = models.stage(Some(stage)) {
                programs.push(crate::ir::lower(m, &sources));
            }
        }
        checked.push((treaty, found, programs));
    }
    if !errors.is_empty() {
        report::show_diagnostics(&sources, &errors, color);
        report::print_err("nothing written: the treaty has errors (`treatyc check` lists them)\n");
        return Ok(ExitCode::from(report::EXIT_ERRORS));
    }
    if args.history.is_some() && checked.len() > 1 {
        return Err(Problem::new(
            Code::E0905,
            "`--history` is the history of one treaty; several are named",
        )
        .with_help("publish the treaty whose history it is on its own")
        .into());
    }
    let date = match &args.on {
        Some(day) => Some(crate::time::Date::parse(day).map_err(|why| {
            Problem::new(Code::E1001, format!("`--on {day}` is not a date: {why}"))
                .about(day.as_str())
                .with_help("write the day as `2020-02-01`")
        })?),
        None => None,
    };
    // Each amendment goes with the treaty it amends (with one treaty, to it: the
    // lint says so when it names another).
    let single = checked.len() == 1;
    for a in &amendment_docs {
        if !single && !checked.iter().any(|(t, _, _)| t.name.name == a.amends.name) {
            return Err(Problem::new(
                Code::E0910,
                format!(
                    "the amendment `{}` amends `{}`, which is not among the treaties named",
                    a.name.name, a.amends.name
                ),
            )
            .about(a.amends.name.clone())
            .with_help("name the treaty it amends among the FILEs")
            .into());
        }
    }
    let mut sites = Vec::new();
    for (treaty, found, programs) in &checked {
        let situation = match (date, programs.first()) {
            (Some(date), Some(program)) => {
                let context = crate::eval::Context {
                    members: records.clone(),
                    ..Default::default()
                };
                let history = load_history(program, args.history.as_ref(), Vec::new(), Some(&sources), &context)?;
                Some(history.situation_in(program, date, &context))
            }
            _ => None,
        };
        let mine: Vec<&crate::ast::Amendment> = amendment_docs
            .iter()
            .copied()
            .filter(|a| single || a.amends.name == treaty.name.name)
            .collect();
        let input = crate::doc::Input {
            sources: &sources,
            treaty,
            programs,
            diagnostics: found,
            facts: &facts,
            on: situation.as_ref(),
            amendments: &mine,
        };
        let title = treaty
            .title
            .as_ref()
            .map_or_else(|| treaty.name.name.clone(), |t| t.value.clone());
        sites.push((treaty.name.name.clone(), title, crate::doc::site(&input)));
    }
    let mut names: Vec<&str> = sites.iter().map(|(n, _, _)| n.as_str()).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w.first() == w.get(1)) {
        return Err(Problem::new(
            Code::E0910,
            format!(
                "two files are the treaty `{}`: their sites would be one folder",
                w.first().copied().unwrap_or_default()
            ),
        )
        .with_help("publish them one at a time, into different folders")
        .into());
    }
    let site = if sites.len() == 1 {
        sites.pop().map(|(_, _, s)| s).unwrap_or_default()
    } else {
        crate::doc::collection(sites)
    };
    let mut inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    inputs.extend(args.amendment.iter().map(PathBuf::as_path));
    inputs.extend(args.facts.as_deref());
    inputs.extend(args.history.as_deref());
    write_site(dir, &site, &inputs)?;
    report::print_err(&format!(
        "wrote {} into `{}`\n",
        plural(site.pages.len(), "file"),
        dir.display()
    ));
    if site.amendment_errors > 0 {
        report::print_err(&format!(
            "the amendments have {}: each is shown beside its change (`treatyc lint-amendment` lists them)\n",
            plural(site.amendment_errors, "error")
        ));
        return Ok(ExitCode::from(report::EXIT_ERRORS));
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether a diagnostic is about the facts file rather than a treaty.
fn is_facts_problem(d: &Diagnostic) -> bool {
    matches!(
        d.code,
        Code::E0601 | Code::E0602 | Code::E0603 | Code::E0604 | Code::E0605
    )
}

/// The member facts the amendments declare, anywhere in their changes.
fn amendment_facts(amendments: &[&crate::ast::Amendment]) -> Vec<String> {
    fn walk(items: &[&Item], out: &mut Vec<String>) {
        for item in items {
            match item {
                Item::Facts(f) if f.entity.name == "member" => {
                    out.extend(f.attributes.iter().map(|a| a.name.name.clone()));
                }
                Item::Article(a) => walk(&a.items.iter().collect::<Vec<_>>(), out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for a in amendments {
        let items: Vec<&Item> = a
            .changes
            .iter()
            .filter_map(|c| match c {
                crate::ast::Change::Add { item, .. }
                | crate::ast::Change::Insert { item, .. }
                | crate::ast::Change::Replace { item, .. } => Some(item.as_ref()),
                _ => None,
            })
            .collect();
        walk(&items, &mut out);
    }
    out
}

/// A folder that cannot take a site: a file, a link, or something else.
fn refuse_folder(dir: &Path) -> Result<(), Failure> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => Err(Failure::file(
            Code::E0909,
            dir,
            format!(
                "`{}` is a symbolic link: the site is written only into a real folder",
                dir.display()
            ),
        )
        .with_help("name the folder the link points to")),
        Ok(meta) if !meta.is_dir() => Err(Failure::file(
            Code::E0909,
            dir,
            format!("`{}` is not a folder: the site is a folder of pages", dir.display()),
        )
        .with_help("name a folder (it is created if missing)")),
        _ => Ok(()),
    }
}

/// Writes every page under `dir`: folders created as needed, each page
/// atomically, none over an input or through a link.
fn write_site(dir: &Path, site: &crate::doc::Site, inputs: &[&Path]) -> Result<(), Failure> {
    let cannot = |path: &Path, why: String| Failure::file(Code::E0909, path, why);
    std::fs::create_dir_all(dir)
        .map_err(|e| cannot(dir, format!("cannot create the folder `{}`: {e}", dir.display())))?;
    for (relative, bytes) in &site.pages {
        let path = dir.join(relative);
        // Each folder below `dir` on the way, and the page itself, must not be a link.
        let mut at = dir.to_path_buf();
        for part in Path::new(relative).components() {
            at.push(part);
            if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(cannot(
                    &at,
                    format!(
                        "`{}` is a symbolic link: a page is never written through one",
                        at.display()
                    ),
                ));
            }
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| cannot(parent, format!("cannot create the folder `{}`: {e}", parent.display())))?;
        }
        refuse_to_overwrite(Some(&path), inputs)?;
        write(&path, bytes)?;
    }
    Ok(())
}
