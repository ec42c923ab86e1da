//! `traction serve`: build, watch, serve on loopback, reload open browsers.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use super::watch::{WatchArgs, report};
use super::{Ui, failed, usage};
use crate::serve::Server;
use crate::watch::{self, Outcome};

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    watch: WatchArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; anything but loopback exposes your drafts to the network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

/// Runs `serve`.
pub(crate) fn run(root: &Path, args: ServeArgs, ui: &Ui) -> ExitCode {
    let Ok(ip) = args.bind.parse::<IpAddr>() else {
        eprintln!(
            "error: --bind {} is not an IP address\n  = expected: 127.0.0.1, ::1 or 0.0.0.0",
            args.bind
        );
        return usage();
    };
    let server = Server::new(root.join("output"));
    let bound = match server.start(SocketAddr::new(ip, args.port)) {
        Ok(a) => a,
        Err(d) => {
            ui.report(&[d]);
            return failed();
        }
    };
    let host = if ip.is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        bound.ip().to_string()
    };
    let url = format!("http://{host}:{}/", bound.port());
    // The contract: this is the first line of output once the server listens.
    super::out_line(&format!("Serving {url}"));
    if !ip.is_loopback() {
        eprintln!(
            "warning: serving on {ip}, which other machines can reach; use --bind 127.0.0.1 to keep the site private"
        );
    }
    if args.open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(&url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    }
    let result = watch::run(root, args.watch.options(), |engine, outcome| {
        *server
            .root
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = engine.out_dir().to_path_buf();
        match (&outcome, report(ui, &outcome)) {
            (_, Some(error)) => server.reloader.error(&error),
            (
                Outcome::Rebuilt {
                    urls: Some(urls), ..
                },
                None,
            ) => server.reloader.reload(&urls.join(" ")),
            (Outcome::Rebuilt { urls: None, .. }, None) => server.reloader.reload("*"),
            _ => {}
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            ui.report(&[d]);
            failed()
        }
    }
}
