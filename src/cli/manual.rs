//! `treatyc completions` and `treatyc man`: the shell completions and the
//! manual pages, both generated from the one description of the command line
//! (`Cli`), so that neither can drift from what the commands accept.

use clap::CommandFactory;

use super::report::print_out;
use super::*;

pub(super) fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "treatyc", &mut script);
    print_out(&String::from_utf8_lossy(&script));
    Ok(ExitCode::SUCCESS)
}

pub(super) fn man(output: Option<&std::path::Path>) -> Result<ExitCode, Failure> {
    let pages = pages()?;
    let Some(dir) = output.filter(|d| !files::is_stdio(d)) else {
        // Standard output gets the page of treatyc itself; the others need a folder.
        if let Some((_, page)) = pages.first() {
            print_out(&String::from_utf8_lossy(page));
        }
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::file(
            Code::E0909,
            dir,
            format!("cannot create the folder `{}`: {e}", dir.display()),
        )
    })?;
    for (name, page) in &pages {
        write(&dir.join(name), page)?;
    }
    report::print_err(&format!(
        "wrote {} into `{}`\n",
        plural(pages.len(), "manual page"),
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// Every page, `treatyc.1` first, then one per command and per `eval` question
/// (`treatyc-check.1`, `treatyc-eval-vote.1`), each with its file name.
pub fn pages() -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let mut root = Cli::command();
    // Built, so that global options (`--color`) and the usage lines of
    // subcommands (`treatyc check ...`) are filled in.
    root.build();
    let mut out = Vec::new();
    add_pages(&root, "treatyc", &mut out)?;
    Ok(out)
}

fn add_pages(command: &clap::Command, name: &str, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), Failure> {
    let page = clap_mangen::Man::new(command.clone().name(name.to_string()));
    let mut bytes = Vec::new();
    page.render(&mut bytes)
        .map_err(|e| Failure::from(format!("internal error: cannot render the manual page `{name}`: {e}")))?;
    out.push((format!("{name}.1"), bytes));
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        add_pages(sub, &format!("{name}-{}", sub.get_name()), out)?;
    }
    Ok(())
}
