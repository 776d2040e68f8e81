//! `treatyc graph`: the institutions drawn, or compared with another version.

use super::facts::load_history;
use super::*;

pub(super) fn graph(req: GraphArgs) -> Result<ExitCode, Failure> {
    use crate::graph::Selection;
    let mut inputs = vec![req.file.as_path()];
    inputs.extend(req.diff.as_deref());
    refuse_to_overwrite(req.output.as_deref(), &inputs)?;
    // Drawing needs a treaty that parses; each file is parsed once.
    let mut session = crate::session::Session::new();
    let new_file = session.add(&req.file.display().to_string(), &read(&req.file)?);
    let old_file = match &req.diff {
        Some(path) => Some(session.add(&path.display().to_string(), &read(path)?)),
        None => None,
    };
    let treaty = match session.sound_treaty(new_file) {
        Ok(t) => t,
        Err(d) => return Err(shown(&session, &d)),
    };
    let old_treaty = match old_file.map(|f| session.sound_treaty(f)) {
        Some(Ok(t)) => Some(t),
        Some(Err(d)) => return Err(shown(&session, &d)),
        None => None,
    };
    let sources = session.sources();
    let new = Selection {
        treaty,
        stage: req.stage.as_deref(),
    };
    let old = match (&old_treaty, &req.diff_stage) {
        // The same stage of the other treaty when it has one, else the treaty as written.
        (Some(t), _) => Some(Selection {
            treaty: t,
            stage: req.stage.as_deref().filter(|s| crate::graph::has_stage(t, s)),
        }),
        (None, Some(s)) => Some(Selection {
            treaty,
            stage: Some(s.as_str()),
        }),
        (None, None) => None,
    };
    use crate::graph::{Format, Layout, View};
    let picture = crate::graph::Picture {
        format: match req.format {
            GraphFormat::Dot => Format::Dot,
            GraphFormat::Mermaid => Format::Mermaid,
            GraphFormat::Svg => Format::Svg,
            GraphFormat::Json => Format::Json,
        },
        view: match req.view {
            GraphView::All => View::All,
            GraphView::Appointments => View::Appointments,
            GraphView::Decisions => View::Decisions,
            GraphView::Relations => View::Relations,
        },
        layout: match req.layout {
            GraphLayout::Auto => Layout::Auto,
            GraphLayout::Dot => Layout::Dot,
            GraphLayout::Builtin => Layout::Builtin,
        },
    };
    let text = match &req.on {
        Some(day) => {
            let date = crate::time::Date::parse(day).map_err(|why| {
                crate::diagnostics::Problem::new(Code::E1001, format!("`--on {day}` is not a date: {why}"))
                    .about(day.as_str())
                    .with_help("write the day as `2020-02-01`")
            })?;
            let program = match session
                .compile(new_file, &crate::check::Config::default())
                .and_then(|c| c.program(req.stage.as_deref()))
            {
                Ok(p) => p,
                Err(d) => return Err(shown(&session, &d)),
            };
            let history = load_history(
                &program,
                req.history.as_ref(),
                Vec::new(),
                None,
                &crate::eval::Context::default(),
            )?;
            let situation = history.situation(&program, date);
            let members = crate::graph::MembersOn {
                date: date.to_string(),
                members: situation.members().iter().map(|m| m.to_string()).collect(),
                notes: situation
                    .states
                    .iter()
                    .filter(|s| {
                        !matches!(
                            s.standing,
                            crate::timeline::Standing::Member | crate::timeline::Standing::NotMember
                        )
                    })
                    .map(|s| format!("{}: {}", s.state, s.standing.describe()))
                    .collect(),
            };
            crate::graph::draw_on(new, &members, picture, sources)?
        }
        None => crate::graph::draw(new, old, picture, sources)?,
    };
    match &req.output {
        Some(path) => write(path, text.as_bytes())?,
        None => out!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
