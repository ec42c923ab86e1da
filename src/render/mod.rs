//! Renderers over the computed site: HTML pages (Tera), charts, and the extras.

pub mod budget;
pub mod charts;
pub mod dashboards;
pub(crate) mod deck;
pub mod extras;
pub mod feeds;
pub mod html;
pub mod metrics;
pub mod pdf;
pub mod search;
pub mod share;
pub mod template_errors;
pub(crate) mod urls;
pub mod values;
