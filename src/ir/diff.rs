//! A semantic diff of two compiled treaties: bodies, powers, voting rules,
//! obligations, criteria and sanctions added, removed or changed, with the before
//! and after of each change. Where things are written does not matter; what they
//! say does, so provenance is left out of every comparison.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Program;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// `body`, `power`, `rule`, `obligation`, `criterion`, `sanction`, `member`, `stage`, `procedure`.
    pub kind: &'static str,
    /// What the element is called: `Council`, `Council.admission`, `qmv`, ...
    pub name: String,
    pub change: ChangeKind,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// The value without its provenance, for comparison.
fn meaning<T: Serialize>(x: &T) -> serde_json::Value {
    let mut v = serde_json::to_value(x).unwrap_or(serde_json::Value::Null);
    strip(&mut v);
    v
}

fn strip(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.remove("provenance");
            map.values_mut().for_each(strip);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

fn compare(
    kind: &'static str,
    before: BTreeMap<String, serde_json::Value>,
    after: BTreeMap<String, serde_json::Value>,
    out: &mut Vec<Difference>,
) {
    for (name, b) in &before {
        match after.get(name) {
            None => out.push(Difference {
                kind,
                name: name.clone(),
                change: ChangeKind::Removed,
                before: Some(b.clone()),
                after: None,
            }),
            Some(a) if a != b => out.push(Difference {
                kind,
                name: name.clone(),
                change: ChangeKind::Changed,
                before: Some(b.clone()),
                after: Some(a.clone()),
            }),
            Some(_) => {}
        }
    }
    for (name, a) in after {
        if !before.contains_key(&name) {
            out.push(Difference {
                kind,
                name,
                change: ChangeKind::Added,
                before: None,
                after: Some(a),
            });
        }
    }
}

/// What changes from `before` to `after`, in a stable order.
pub fn diff(before: &Program, after: &Program) -> Vec<Difference> {
    let mut out = Vec::new();
    let members = |p: &Program| p.members.iter().map(|m| (m.id.clone(), meaning(m))).collect();
    compare("member", members(before), members(after), &mut out);
    // A body is compared without its powers, which are compared one by one.
    let bodies = |p: &Program| {
        p.bodies
            .iter()
            .map(|b| {
                let mut v = meaning(b);
                if let serde_json::Value::Object(map) = &mut v {
                    map.remove("powers");
                }
                (b.name.clone(), v)
            })
            .collect()
    };
    compare("body", bodies(before), bodies(after), &mut out);
    let powers = |p: &Program| {
        p.bodies
            .iter()
            .flat_map(|b| {
                b.powers
                    .iter()
                    .map(move |w| (format!("{}.{}", b.name, w.decision), meaning(w)))
            })
            .collect()
    };
    compare("power", powers(before), powers(after), &mut out);
    let rules = |p: &Program| p.rules.iter().map(|r| (r.name.clone(), meaning(r))).collect();
    compare("rule", rules(before), rules(after), &mut out);
    let facts = |p: &Program| {
        p.facts
            .iter()
            .map(|f| (format!("{}.{}", f.entity, f.name), meaning(f)))
            .collect()
    };
    compare("fact", facts(before), facts(after), &mut out);
    let criteria = |p: &Program| p.criteria.iter().map(|c| (c.name.clone(), meaning(c))).collect();
    compare("criterion", criteria(before), criteria(after), &mut out);
    // An obligation is known by its label, else by its article and what it requires.
    let obligations = |p: &Program| {
        p.obligations
            .iter()
            .map(|o| {
                let name = o.label.clone().unwrap_or_else(|| {
                    let what = o.action.clone().unwrap_or_else(|| "constraint".to_string());
                    format!(
                        "article {}: {} {} {}",
                        o.provenance.article.as_deref().unwrap_or("-"),
                        o.subject,
                        o.modality.keyword(),
                        what
                    )
                });
                (name, meaning(o))
            })
            .collect()
    };
    compare("obligation", obligations(before), obligations(after), &mut out);
    let sanctions = |p: &Program| {
        p.sanctions
            .iter()
            .map(|s| {
                (
                    s.name
                        .clone()
                        .unwrap_or_else(|| format!("{} may {}", s.body, s.measure)),
                    meaning(s),
                )
            })
            .collect()
    };
    compare("sanction", sanctions(before), sanctions(after), &mut out);
    let stages = |p: &Program| p.stages.iter().map(|s| (s.name.clone(), meaning(s))).collect();
    compare("stage", stages(before), stages(after), &mut out);
    let procedures = |p: &Program| p.procedures.iter().map(|x| (x.name.clone(), meaning(x))).collect();
    compare("procedure", procedures(before), procedures(after), &mut out);
    let in_force = |p: &Program| {
        p.in_force_from
            .iter()
            .map(|d| ("the treaty".to_string(), serde_json::json!({ "in_force_from": d })))
            .collect()
    };
    compare("entry into force", in_force(before), in_force(after), &mut out);
    let states = |p: &Program| p.other_states.iter().map(|m| (m.id.clone(), meaning(m))).collect();
    compare("other state", states(before), states(after), &mut out);
    // Each way the membership changes, by its name.
    let membership = |p: &Program| {
        let m = &p.membership;
        let mut out = BTreeMap::new();
        if let Some(a) = &m.accession {
            out.insert("accession".to_string(), meaning(a));
        }
        if let Some(w) = &m.withdrawal {
            out.insert("withdrawal".to_string(), meaning(w));
        }
        if let Some(s) = &m.suspension {
            out.insert("suspension".to_string(), serde_json::json!({ "by": s.to_string() }));
        }
        if let Some(e) = &m.expulsion {
            out.insert("expulsion".to_string(), serde_json::json!({ "by": e.to_string() }));
        }
        out
    };
    compare("membership", membership(before), membership(after), &mut out);
    out
}
