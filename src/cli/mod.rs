//! Command-line interface: one file per subcommand. This is the edge where
//! diagnostics are printed and exit codes chosen (0 ok, 1 content errors, 2 usage).

mod build;
mod check;
mod init;
mod kpis;
mod new;
mod schema;
mod serve;
mod watch;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::Diagnostic;

/// traction: go-to-market and investor sites, PDFs and KPIs from Markdown and YAML.
#[derive(Debug, Parser)]
#[command(name = "traction", version, about)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// Site root (default: current directory).
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Print only errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print more detail.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Colour output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build every profile's site into output/.
    Build(build::BuildArgs),
    /// Validate everything `build` would, plus links; writes nothing.
    Check(check::CheckArgs),
    /// Print the computed KPIs and their formulas.
    Kpis(kpis::KpisArgs),
    /// Create a new site with the example content and the default theme.
    Init(init::InitArgs),
    /// Scaffold new content from the theme's archetypes.
    New(new::NewArgs),
    /// Write JSON Schemas of site.yaml, front matter and data files for editors.
    Schema(schema::SchemaArgs),
    /// Rebuild on every change until Ctrl-C.
    Watch(watch::WatchArgs),
    /// Build, watch and serve the site on loopback with live reload.
    Serve(serve::ServeArgs),
}

/// Output settings derived from the global options.
pub(crate) struct Ui {
    color: bool,
    quiet: bool,
    verbose: bool,
}

impl Ui {
    fn new(global: &Global) -> Ui {
        let color = match global.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        };
        Ui {
            color,
            quiet: global.quiet,
            verbose: global.verbose,
        }
    }

    /// Prints diagnostics to stderr (warnings hidden with -q) and a count line.
    fn report(&self, diagnostics: &[Diagnostic]) {
        let mut errors = 0;
        let mut warnings = 0;
        for d in diagnostics {
            if d.is_error() {
                errors += 1;
            } else {
                warnings += 1;
                if self.quiet {
                    continue;
                }
            }
            err(&d.render(self.color));
        }
        if errors > 0 {
            let all: Vec<&Diagnostic> = diagnostics.iter().collect();
            err(&format!("{}\n", crate::diagnostics::errors_found(&all)));
        } else if warnings > 0 && !self.quiet {
            err(&format!(
                "{warnings} warning{}\n",
                if warnings == 1 { "" } else { "s" }
            ));
        }
    }

    /// Prints a progress or result line unless quiet.
    fn say(&self, text: &str) {
        if !self.quiet {
            out_line(text);
        }
    }
}

/// Writes `text` and a line end to stdout. A reader that went away (`build |
/// head`) is not an error of ours: the rest of the output is dropped quietly,
/// where `println!` would panic (exit 101).
fn out_line(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let written = writeln!(stdout, "{text}").and_then(|()| stdout.flush());
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        err(&format!("error: could not write to standard output: {e}\n"));
    }
}

/// Writes `text` to stderr; a closed stderr (`2>&1 | head`) is not worth a panic.
fn err(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let ui = Ui::new(&cli.global);
    let root = cli.global.root.clone();
    match cli.command {
        Command::Build(args) => build::run(&root, args, &ui),
        Command::Check(args) => check::run(&root, args, &ui),
        Command::Kpis(args) => kpis::run(&root, args, &ui),
        Command::Init(args) => init::run(&root, args, &ui),
        Command::New(args) => new::run(&root, args, &ui),
        Command::Schema(args) => schema::run(&root, args, &ui),
        Command::Watch(args) => watch::run(&root, args, &ui),
        Command::Serve(args) => serve::run(&root, args, &ui),
    }
}

/// A `--profile` that names no profile is a usage error (exit 2), reported
/// before any work; a broken `site.yaml` is left to the command to report.
fn check_profile_arg(
    root: &std::path::Path,
    profile: Option<&str>,
    ui: &Ui,
) -> Result<(), ExitCode> {
    let Some(name) = profile else { return Ok(()) };
    let Ok(config) = crate::config::Config::load(root) else {
        return Ok(());
    };
    match config.select_profiles(Some(name)) {
        Ok(_) => Ok(()),
        Err(d) => {
            ui.report(&[d]);
            Err(usage())
        }
    }
}

/// Exit code for content errors.
fn failed() -> ExitCode {
    ExitCode::from(1)
}

/// Exit code for usage errors.
fn usage() -> ExitCode {
    ExitCode::from(2)
}
