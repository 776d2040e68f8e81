//! `treatyc power`: exact voting power, vetoes and blocking coalitions.

use super::facts::*;
use super::*;

pub(super) fn power(args: PowerArgs) -> Result<ExitCode, Failure> {
    // With `--compare-stage`, both stages come from one reading of the file.
    let stages = [args.stage.as_deref(), args.compare_stage.as_deref()];
    let asked = if args.compare.is_none() && args.compare_stage.is_some() {
        &stages[..]
    } else {
        &stages[..1]
    };
    let mut programs = load_programs(&args.file, asked)?;
    // Which rule the figures are for, when the proposer chooses it (TFEU 238(2)).
    let proposal_note = programs.first().and_then(|p| {
        let (power, _) = crate::eval::rule_for(p, &args.body, &args.decision).ok()?;
        let other = power.requires.otherwise_by.as_ref()?;
        let from = power.requires.on_proposal_from.join("` or `");
        Some(match &args.proposed_by {
            Some(b) if power.requires.on_proposal_from.contains(b) => {
                format!("under `{}`, on a proposal from `{b}`", power.rule)
            }
            Some(b) => format!("under `{other}`, on a proposal from `{b}` (not from `{from}`)"),
            None => format!(
                "under `{}`, on a proposal from `{from}` (on any other, `{other}`: `--proposed-by`)",
                power.rule
            ),
        })
    });
    if let Some(proposer) = &args.proposed_by {
        for p in programs.iter_mut() {
            *p = crate::eval::as_proposed_by(p, &args.body, &args.decision, proposer)?;
        }
    }
    let compared_stage = (programs.len() > 1).then(|| programs.pop()).flatten();
    let Some(program) = programs.pop() else {
        return Err("internal error: no program compiled".into());
    };
    let (facts, _) = load_facts_for(&program, args.facts.as_ref())?;
    let absent = crate::power::Absent {
        participants: args.participants.clone(),
        concerned: args.concerned.clone(),
        suspended: args.suspended.clone(),
    };
    // Without the member concerned named, it would be counted as voting on its
    // own case: the question is incomplete, as it is for `eval vote`.
    let (power, _) = crate::eval::rule_for(&program, &args.body, &args.decision)?;
    if power.excluding_concerned && absent.concerned.is_empty() {
        return Err(crate::diagnostics::Problem::new(
            crate::diagnostics::Code::E0903,
            format!(
                "`{}` decides `{}` excluding the member concerned: name it with `--concerned ID` (several: `--concerned A,B`)",
                args.body, args.decision
            ),
        )
        .into());
    }
    let index = match args.index {
        PowerIndex::Banzhaf => crate::power::Index::Banzhaf,
        PowerIndex::ShapleyShubik => crate::power::Index::ShapleyShubik,
    };
    if args.compare.is_some() || args.compare_stage.is_some() {
        let old = match (&args.compare, compared_stage) {
            (Some(path), _) => load_program(path, None),
            (None, Some(p)) => Ok(p),
            (None, None) => Err(Failure::from("internal error: no stage to compare with")),
        }?;
        let before = crate::power::game_among(&old, &args.body, &args.decision, &facts, &args.seated, &absent)?;
        let after = crate::power::game_among(&program, &args.body, &args.decision, &facts, &args.seated, &absent)?;
        let shift = crate::power::compare(&before, &after, index)?;
        match args.format {
            PowerFormat::Json => print_json(&shift)?,
            PowerFormat::Csv => {
                outln!("id,before,after,change");
                for m in &shift.members {
                    let [before, after, change] = &m.text;
                    outln!("{},{before},{after},{change}", m.id);
                }
            }
            PowerFormat::Human => {
                outln!(
                    "{} index of `{}` deciding `{}`, before and after:",
                    shift.index,
                    args.body,
                    args.decision
                );
                for m in &shift.members {
                    let [before, after, change] = &m.text;
                    outln!(
                        "  {:<width$} {before} -> {after}  ({change})",
                        m.id,
                        width = width(shift.members.iter().map(|m| m.id.as_str()))
                    );
                }
                if let (Some(b), Some(a)) = (shift.winning_only_before, shift.winning_only_after) {
                    outln!("coalitions winning only before: {b}; only after: {a}");
                }
                let (before, after) = (&shift.coleman_before, &shift.coleman_after);
                outln!(
                    "Coleman's power of the collectivity to act: {} -> {}",
                    before.power_to_act.decimal,
                    after.power_to_act.decimal
                );
                outln!("power to prevent and to initiate action (Coleman), before -> after:");
                let ids = before.members.iter().map(|m| m.id.as_str());
                let w = width(ids);
                for (b, a) in before.members.iter().zip(&after.members) {
                    outln!(
                        "  {:<w$} prevent {} -> {}  initiate {} -> {}",
                        b.id,
                        share(b.prevent.as_ref()),
                        share(a.prevent.as_ref()),
                        share(b.initiate.as_ref()),
                        share(a.initiate.as_ref())
                    );
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let exact = crate::power::power_among(
        &program,
        &args.body,
        &args.decision,
        &facts,
        &args.seated,
        &absent,
        index,
    );
    let mut report = match (exact, args.estimate) {
        (Ok(r), _) => r,
        (Err(p), Some(samples)) if p.code == crate::diagnostics::Code::E0906 => {
            let e = crate::power::estimate_among(
                &program,
                &args.body,
                &args.decision,
                &facts,
                &args.seated,
                &absent,
                samples,
                &p.message,
            )?;
            print_estimate(&e, args.format)?;
            return Ok(ExitCode::SUCCESS);
        }
        // Only where the game itself is sound and merely too large to count.
        (Err(p), None)
            if p.code == crate::diagnostics::Code::E0906
                && crate::power::game_among(&program, &args.body, &args.decision, &facts, &args.seated, &absent)
                    .is_ok() =>
        {
            let estimate =
                "a Monte-Carlo estimate of the Banzhaf and Shapley-Shubik indices with their errors: `--estimate 1000000`";
            let help = match &p.help {
                Some(h) => format!("{h}; or ask for {estimate}"),
                None => format!("ask for {estimate}"),
            };
            return Err(p.with_help(help).into());
        }
        (Err(p), _) => return Err(p.into()),
    };
    if let Some(path) = &args.plot {
        let inputs: Vec<&std::path::Path> = std::iter::once(args.file.as_path())
            .chain(args.facts.as_deref())
            .collect();
        refuse_to_overwrite(Some(path), &inputs)?;
        let index = match index {
            crate::power::Index::Banzhaf => "Banzhaf",
            crate::power::Index::ShapleyShubik => "Shapley-Shubik",
        };
        let title = format!("{index} index of {} deciding {}", report.body, report.decision);
        let plot = crate::plot::power_of(&title, index, &report.members, &facts, &args.plot_by, true)?;
        write(path, crate::plot::svg(&plot).as_bytes())?;
    }
    if let Some(attribute) = &args.penrose {
        report.penrose = Some(crate::power::penrose(
            &program,
            &args.body,
            &args.decision,
            &facts,
            &args.seated,
            &absent,
            attribute,
        )?);
    }
    match args.format {
        PowerFormat::Json => print_json(&report)?,
        PowerFormat::Csv => {
            outln!("id,value");
            for m in &report.members {
                outln!("{},{}", m.id, m.value);
            }
        }
        PowerFormat::Human => {
            outln!(
                "{} index of `{}` deciding `{}`:",
                report.index,
                report.body,
                report.decision
            );
            if let Some(note) = &proposal_note {
                outln!("{note}");
            }
            for m in &report.members {
                outln!(
                    "  {:<width$} {}  ({})",
                    m.id,
                    m.decimal,
                    m.fraction,
                    width = width(report.members.iter().map(|m| m.id.as_str()))
                );
            }
            outln!(
                "vetoes: {}",
                if report.vetoes.is_empty() {
                    "none".to_string()
                } else {
                    report.vetoes.join(", ")
                }
            );
            if let Some(size) = report.smallest_blocking_size {
                let shown: Vec<String> = report
                    .smallest_blocking_coalitions
                    .iter()
                    .take(3)
                    .map(|c| format!("{{{}}}", c.join(", ")))
                    .collect();
                let more = report.smallest_blocking_count.saturating_sub(shown.len() as u128);
                outln!(
                    "smallest blocking coalitions: {} of {} ({}{})",
                    report.smallest_blocking_count,
                    plural(size, "member"),
                    shown.join(", "),
                    if more > 0 {
                        format!(", and {more} more")
                    } else {
                        String::new()
                    }
                );
            }
            if let Some(stopped) = report.blocking_search_stopped_at {
                outln!(
                    "smallest blocking coalitions: none of fewer than {} (the search stops there: more than 5,000,000 coalitions to try)",
                    plural(stopped, "member")
                );
            }
            print_coleman(&report.coleman);
            if let Some(p) = &report.penrose {
                print_penrose(p);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An estimate, said to be one on every line a reader may quote alone.
fn print_estimate(e: &crate::power::estimate::Estimate, format: PowerFormat) -> Result<(), Failure> {
    match format {
        PowerFormat::Json => print_json(e)?,
        PowerFormat::Csv => {
            outln!(
                "id,banzhaf_estimate,banzhaf_low,banzhaf_high,shapley_shubik_estimate,shapley_shubik_low,shapley_shubik_high"
            );
            for m in &e.members {
                let (b, s) = (&m.banzhaf, &m.shapley_shubik);
                outln!(
                    "{},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6}",
                    m.id,
                    b.value,
                    b.low,
                    b.high,
                    s.value,
                    s.low,
                    s.high
                );
            }
        }
        PowerFormat::Human => {
            outln!(
                "ESTIMATE, not exact: banzhaf and shapley-shubik indices of `{}` deciding `{}`, from {} random coalitions and {} random orders of the members",
                e.body,
                e.decision,
                e.samples,
                e.samples
            );
            outln!("  not counted exactly: {}", e.not_exact);
            outln!(
                "  every interval holds its true value, all together, with {:.0}% confidence: Banzhaf by Hoeffding's bound (each decisiveness within {:.6}), Shapley-Shubik by its relative-entropy form (the {:.0}% risk shared among the {} intervals)",
                e.confidence * 100.,
                e.error,
                (1. - e.confidence) * 100.,
                e.members.len()
            );
            outln!("  the same question always draws the same coalitions and orders");
            let w = width(e.members.iter().map(|m| m.id.as_str()));
            outln!("  {:<w$} {:<35} shapley-shubik", "", "banzhaf");
            for m in &e.members {
                let (b, s) = (&m.banzhaf, &m.shapley_shubik);
                outln!(
                    "  {:<w$} {:<35} ~{:.6}  ({:.6} to {:.6})",
                    m.id,
                    format!("~{:.6}  ({:.6} to {:.6})", b.value, b.low, b.high),
                    s.value,
                    s.low,
                    s.high
                );
            }
            outln!(
                "ESTIMATE of Coleman's power of the collectivity to act: ~{:.6}  ({:.6} to {:.6})",
                e.power_to_act.value,
                e.power_to_act.low,
                e.power_to_act.high
            );
        }
    }
    Ok(())
}

/// The column width for players' names: at least 8, as long as the longest.
fn width<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    ids.map(|i| i.chars().count()).max().unwrap_or(0).max(8)
}

/// Coleman's measures: the power to act, then each member's power to prevent
/// and to initiate action.
fn print_coleman(c: &crate::power::Coleman) {
    outln!(
        "Coleman's power of the collectivity to act: {}  ({} of {} coalitions win)",
        c.power_to_act.decimal,
        c.winning_coalitions,
        c.coalitions
    );
    let w = width(c.members.iter().map(|m| m.id.as_str()));
    outln!("  {:<w$} {:<14}  {}", "", "to prevent", "to initiate");
    for m in &c.members {
        outln!(
            "  {:<w$} {:<14}  {}",
            m.id,
            share(m.prevent.as_ref()),
            share(m.initiate.as_ref())
        );
    }
    if c.winning_coalitions == "0" {
        outln!("  (to prevent is undefined: no coalition wins)");
    }
    if c.winning_coalitions == c.coalitions {
        outln!("  (to initiate is undefined: every coalition wins, the empty one too)");
    }
}

/// A Coleman share for people: twelve decimals, or why it has none.
fn share(s: Option<&crate::power::Share>) -> String {
    s.map_or_else(|| "undefined".to_string(), |s| s.decimal.clone())
}

/// The square-root law and the Jagiellonian compromise, for people.
fn print_penrose(p: &crate::power::Penrose) {
    let w = width(p.members.iter().map(|m| m.id.as_str()));
    outln!(
        "Penrose's square-root law: each member's Banzhaf index (beta) against its share of the square roots of `{}` (s = sqrt(P) / sum of sqrt(P)); a citizen's power relative to equality is beta / s:",
        p.attribute
    );
    outln!("  {:<w$} {:<9} {:<9} beta / s", "", "beta", "s");
    for m in &p.members {
        outln!(
            "  {:<w$} {:<9.6} {:<9.6} {:.4}",
            m.id,
            m.banzhaf,
            m.square_root_share,
            m.citizen_power
        );
    }
    outln!(
        "mean discrepancy (Slomczynski-Zyczkowski), sqrt(sum (beta - s)^2 / n): {:.6}",
        p.mean_discrepancy
    );
    outln!(
        "citizens' power, most over least (max beta/s / min beta/s): {:.4}",
        p.citizen_power_ratio
    );
    let j = &p.jagiellonian;
    outln!(
        "Jagiellonian compromise: weights floor(10^{} * sqrt({})), {} in all; the optimal quota, closest to the weights, is {} < q <= {} (a coalition passes with at least {} of {}){}",
        j.decimals,
        p.attribute,
        j.total_weight,
        j.quota_text[0],
        j.quota_text[1],
        j.threshold_from,
        j.total_weight,
        match j.other_optimal_intervals {
            0 => String::new(),
            k => format!("; {k} more interval(s) of quotas are as close"),
        }
    );
    outln!(
        "  mean discrepancy at the optimal quota, sqrt(sum (beta - w/W)^2 / n): {:.6}",
        j.mean_discrepancy
    );
    outln!("  {:<w$} {:<8} beta at the optimal quota", "", "weight");
    for (m, (_, weight)) in j.members.iter().zip(&j.weights) {
        outln!("  {:<w$} {:<8} {}", m.id, weight, m.decimal);
    }
}
