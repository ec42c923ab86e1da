//! `traction new case-study SLUG`: scaffold from the archetype.

use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::{Ui, failed, usage};
use crate::content::Kind;
use crate::theme::EXAMPLE;

/// Arguments of `new`.
#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// A customer case study in the case-study section.
    CaseStudy {
        /// File name and URL segment, e.g. northwind-logistics.
        slug: String,
    },
}

/// Runs `new`.
pub(crate) fn run(root: &Path, args: NewArgs, ui: &Ui) -> ExitCode {
    let What::CaseStudy { slug } = args.what;
    if let Err(why) = crate::content::check_slug(&slug) {
        eprintln!(
            "error: slug `{slug}` {why}\n  = expected: letters, digits, `-`, `_` or `.`, e.g. northwind-logistics"
        );
        return usage();
    }
    let archetype = match std::fs::read_to_string(root.join("archetypes/case-study.md")) {
        Ok(text) => text,
        Err(_) => match EXAMPLE
            .iter()
            .find(|(p, _)| *p == "archetypes/case-study.md")
        {
            Some((_, bytes)) => String::from_utf8_lossy(bytes).into_owned(),
            None => {
                eprintln!("error: no archetype for case studies (archetypes/case-study.md)");
                return failed();
            }
        },
    };
    let section = case_study_section(root).unwrap_or_else(|| "case-studies".to_string());
    let path = root
        .join("content")
        .join(&section)
        .join(format!("{slug}.md"));
    if path.exists() {
        eprintln!(
            "error: {} already exists\n  = hint: choose another slug",
            path.display()
        );
        return failed();
    }
    let result = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, archetype));
    if let Err(e) = result {
        eprintln!("error: could not write {}: {e}", path.display());
        return failed();
    }
    ui.say(&format!(
        "Created {}",
        path.strip_prefix(root).unwrap_or(&path).display()
    ));
    ExitCode::SUCCESS
}

/// The section whose `_index.md` says `page_kind: case_study`.
fn case_study_section(root: &Path) -> Option<String> {
    let (content, _) = crate::content::load(root).ok()?;
    content
        .sections
        .values()
        .find(|s| s.page_kind == Kind::CaseStudy)
        .map(|s| s.path.clone())
}
