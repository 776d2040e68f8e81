//! The sites `treatyc doc` writes, opened in a real headless Chromium: no console
//! error, every link and anchor resolves, nothing is fetched from the network,
//! axe-core finds no WCAG 2.1 A/AA violation, the search box finds an article,
//! and screenshots of the WSC treaty's front page and of a redline are saved in
//! `target/screenshots/` for a person to look at.
//!
//! Chromium is found as `TREATYC_CHROMIUM`, `chromium` or `chromium-browser`.
//! Without it these tests say that they were skipped and pass, except when
//! `CI=true`, where they are required (`.ci/run` installs it).

#[path = "browser/cdp.rs"]
mod cdp;
#[path = "browser/site.rs"]
mod site;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cdp::Browser;
use site::{check_search, check_site, file_url, screenshot_first_change, Tab};

use crate::support::{treatyc, BUNDLED};

/// A running browser, or `None` (after saying so) when none is installed and
/// the tests may be skipped.
fn browser_or_skip(test: &str) -> Option<Browser> {
    let Some(program) = cdp::find_chromium() else {
        let required = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !required,
            "{test}: chromium is not installed, and the browser tests are required when CI=true \
             (Debian: apt-get install chromium fonts-dejavu-core; or set TREATYC_CHROMIUM)"
        );
        // Straight to the standard error, past the test harness's capture, so
        // that a skip is seen in the output of a passing run.
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped: chromium is not installed (Debian: apt-get install chromium; or set TREATYC_CHROMIUM)"
        );
        return None;
    };
    Some(Browser::launch(&program).unwrap_or_else(|e| panic!("{test}: {e}")))
}

fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("screenshots")
}

/// Writes a site with `treatyc doc ARGS -o DIR` and returns DIR.
fn write_site(scratch: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = scratch.join(name);
    let out_arg = out.to_str().unwrap();
    let mut all: Vec<&str> = vec!["doc"];
    all.extend(args);
    all.extend(["-o", out_arg]);
    let (code, stdout, stderr) = treatyc(&all);
    assert_eq!(code, 0, "treatyc {} failed:\n{stdout}\n{stderr}", all.join(" "));
    assert!(
        out.join("index.html").is_file(),
        "treatyc {} wrote no index.html",
        all.join(" ")
    );
    out
}

const CLEAN_INDEX: &str = r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A clean page</title></head>
<body><main><h1>A clean page</h1>
<p><a href="article.html#article-8">Article 8</a> and <a href="#results">the results</a>.</p>
<label for="q">Search</label> <input type="search" id="q">
<ul id="results"></ul>
<script>
const box = document.getElementById('q');
box.addEventListener('input', () => {
  const list = document.getElementById('results');
  list.textContent = '';
  if (box.value.toLowerCase().startsWith('compl')) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = 'article.html#article-8';
    link.textContent = 'Article 8: Compliance';
    item.append(link);
    list.append(item);
  }
});
</script></main></body></html>
"##;

const CLEAN_ARTICLE: &str = r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Article 8</title></head>
<body><main><h1 id="article-8">Article 8: Compliance</h1><p><a href="index.html">Back</a></p></main></body></html>
"##;

/// A page with one fault of every kind the checks look for.
const FAULTY_INDEX: &str = r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A faulty page</title></head>
<body><main><h1>A faulty page</h1>
<p><a href="errors.html">errors</a>, <a href="index.html#nowhere">a broken anchor</a>,
<a href="missing.html">a missing page</a>, <a href="../outside.html">a page outside</a>.</p>
<img src="picture.svg">
<p style="color: #bbbbbb; background: #ffffff">Faint text that few can read.</p>
<img src="http://127.0.0.1:9/remote.png" alt="a picture from elsewhere">
<label for="q">Search</label> <input type="search" id="q">
</main></body></html>
"##;

const FAULTY_ERRORS: &str = r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Errors</title>
<link rel="stylesheet" href="absent.css"></head>
<body><main><h1>Errors</h1>
<script>console.error('a deliberate console error');</script>
<script>notAFunction();</script>
</main></body></html>
"##;

const PICTURE: &str =
    r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"##;

fn write_fixture(folder: &Path, files: &[(&str, &str)]) {
    std::fs::create_dir_all(folder).unwrap();
    for (name, text) in files {
        std::fs::write(folder.join(name), text).unwrap();
    }
}

#[test]
fn the_browser_checks_pass_a_clean_page_and_report_each_fault_of_a_faulty_one() {
    let Some(mut browser) = browser_or_skip("browser checks") else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let clean = scratch.path().join("clean");
    write_fixture(&clean, &[("index.html", CLEAN_INDEX), ("article.html", CLEAN_ARTICLE)]);
    let faulty = scratch.path().join("faulty");
    write_fixture(
        &faulty,
        &[
            ("index.html", FAULTY_INDEX),
            ("errors.html", FAULTY_ERRORS),
            ("picture.svg", PICTURE),
        ],
    );
    std::fs::write(scratch.path().join("outside.html"), CLEAN_ARTICLE).unwrap();

    let mut tab = Tab::open(&mut browser).unwrap();
    let mut seen = HashSet::new();
    let passed = check_site(&mut tab, &clean, &mut seen, |_| false);
    assert_eq!(passed.faults, Vec::<String>::new(), "the clean pages have no fault");
    assert_eq!(passed.pages, ["index.html", "article.html"]);
    check_search(&mut tab, &clean, "compliance", "Compliance").unwrap();

    let failed = check_site(&mut tab, &faulty, &mut seen, |_| false);
    let report = failed.faults.join("\n");
    for expected in [
        "errors.html: console error: a deliberate console error",
        "errors.html: uncaught exception: ReferenceError: notAFunction is not defined",
        "errors.html: failed to load file://",
        "index.html: the link `missing.html` leads to no file",
        "index.html: the link `../outside.html` leads out of the site",
        "index.html: the anchor `#nowhere` of index.html does not exist",
        "index.html: request to the network: http://127.0.0.1:9/remote.png",
        "index.html: WCAG violation `image-alt` (critical): Images must have alternative text at img[src$=\"picture.svg\"]",
        "index.html: WCAG violation `color-contrast` (serious)",
    ] {
        assert!(report.contains(expected), "the checks should report `{expected}`, they report:\n{report}");
    }
    // A search box that finds nothing: the same page without its script.
    let deaf = scratch.path().join("deaf");
    let without_script = CLEAN_INDEX.split("<script>").next().unwrap().to_string() + "</main></body></html>\n";
    write_fixture(
        &deaf,
        &[("index.html", &without_script), ("article.html", CLEAN_ARTICLE)],
    );
    let searched = check_search(&mut tab, &deaf, "compliance", "Compliance").unwrap_err();
    assert!(searched.contains("shows no new link"), "{searched}");

    // A page that never answers fails the wait, in the time given.
    let started = Instant::now();
    let hung = tab
        .evaluate_within("while (true) {}", Duration::from_secs(2))
        .unwrap_err();
    assert!(hung.contains("did not answer in time"), "{hung}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_browser_that_does_not_start_fails_with_what_it_said() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = tempfile::tempdir().unwrap();
    let fake = scratch.path().join("chromium");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho 'cannot open display: no such thing' >&2\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let started = Instant::now();
    let Err(e) = Browser::launch(&fake) else {
        panic!("a program that exits at once is no browser");
    };
    assert!(
        e.contains("closed its pipe") && e.contains("cannot open display"),
        "{e}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// A word of an article title of wsc.treaty, and the title.
const SEARCHED: (&str, &str) = ("compliance", "Compliance");

#[test]
fn the_sites_of_the_bundled_treaties_and_a_redline_pass_in_chromium() {
    let Some(mut browser) = browser_or_skip("browser sites") else {
        return;
    };
    let started = Instant::now();
    let wsc_source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/wsc.treaty")).unwrap();
    assert!(wsc_source.contains(&format!("article 8 \"{}\"", SEARCHED.1)));
    let scratch = tempfile::tempdir().unwrap();
    let mut tab = Tab::open(&mut browser).unwrap();
    let mut seen = HashSet::new();
    let mut faults = Vec::new();
    let mut pages = 0;
    let mut sites = Vec::new();
    for treaty in BUNDLED {
        let path = format!("treaties/{treaty}.treaty");
        sites.push((treaty.to_string(), write_site(scratch.path(), treaty, &[&path])));
    }
    let amendment = "defence-target-3-5";
    // With the founders' figures, the redline's site also draws the figures
    // that need them: the World Parliament's seats and each weighted rule's
    // voting power, inline SVGs that axe-core reads as images.
    let redline = write_site(
        scratch.path(),
        "redline",
        &[
            "treaties/wsc.treaty",
            "--amendment",
            &format!("treaties/amendments/{amendment}.treaty"),
            "--facts",
            "treaties/data/wsc_parties_population.csv",
        ],
    );
    for (page, figures) in [("bodies.html", 2), ("stages.html", 3)] {
        let text = std::fs::read_to_string(redline.join(page)).unwrap();
        assert_eq!(text.matches("<figure class=\"plot\">").count(), figures, "{page}");
    }
    sites.push((format!("wsc redline by {amendment}"), redline.clone()));

    let mut axe_checked = 0;
    let (mut load_time, mut axe_time) = (Duration::ZERO, Duration::ZERO);
    for (name, folder) in &sites {
        // The explanation pages are one template with the same text in every
        // site (only the treaty's name differs): axe-core reads them in the
        // first site; every site's links, anchors and console are checked.
        let first = name == "wsc";
        let check = check_site(&mut tab, folder, &mut seen, |page| {
            !first && page.starts_with("explain/")
        });
        pages += check.pages.len();
        axe_checked += check.axe_checked;
        load_time += check.load_time;
        axe_time += check.axe_time;
        faults.extend(check.faults.into_iter().map(|f| format!("{name}: {f}")));
        if name == "wsc" {
            if let Err(e) = check_search(&mut tab, folder, SEARCHED.0, SEARCHED.1) {
                faults.push(format!("{name}: {e}"));
            }
            tab.load(&file_url(&folder.join("index.html"))).unwrap();
            tab.screenshot(&screenshots().join("wsc-front-page.png")).unwrap();
        }
        if name.contains("redline") {
            let shot = screenshots().join(format!("wsc-redline-{amendment}.png"));
            if let Err(e) = screenshot_first_change(&mut tab, folder, &check.pages, &shot) {
                faults.push(format!("{name}: {e}"));
            }
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "browser sites: {} sites, {pages} pages ({axe_checked} checked by axe-core) in {:.1} s \
         (loading and links {:.1} s, axe-core {:.1} s); screenshots in {}",
        sites.len(),
        started.elapsed().as_secs_f64(),
        load_time.as_secs_f64(),
        axe_time.as_secs_f64(),
        screenshots().display()
    );
    assert!(
        faults.is_empty(),
        "{} faults in the sites:\n{}",
        faults.len(),
        faults.join("\n")
    );
}
