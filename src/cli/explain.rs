//! `treatyc explain`: the page of a diagnostic code.

use super::*;
use crate::diagnostics::{explain_page, severity_word};

pub(super) fn explain(code: Option<&str>, list: bool) -> Result<ExitCode, Failure> {
    if list {
        for c in Code::ALL {
            outln!("{}  {:<7}  {}", c.as_str(), severity_word(c.severity()), c.title());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let name = code.unwrap_or("");
    match Code::parse(name) {
        Some(c) => {
            out!("{}", explain_page(c));
            Ok(ExitCode::SUCCESS)
        }
        None => Err(
            crate::diagnostics::Problem::new(Code::E0910, format!("no diagnostic code `{name}`"))
                .about(name)
                .with_help("`treatyc explain --list` lists them all")
                .into(),
        ),
    }
}
