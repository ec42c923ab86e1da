//! traction: a static site and document generator for go-to-market and investor material.
//!
//! The build is a pipeline of plain stages over plain data:
//! `config` -> `content` + `data` (load) -> `kpis` + `audience` (compute) ->
//! `render` (HTML, extras) -> `output` (write). See docs/ARCHITECTURE.md.

// Diagnostics are returned by value: they are cold (a failing build) and a
// `Result<_, Diagnostic>` reads better than boxing at every call site.
#![allow(clippy::result_large_err)]

pub mod audience;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostics;
pub mod format;
pub mod kpis;
pub mod markdown;
pub mod matcher;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod serve;
pub mod site;
pub mod source;
pub mod theme;
pub mod watch;
pub mod yaml;
