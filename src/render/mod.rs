//! Renderers over the computed site: HTML pages (Tera), charts, and the extras.

pub mod budget;
pub mod charts;
pub mod extras;
pub mod html;
pub mod metrics;
pub mod pdf;
pub mod share;
pub mod template_errors;
pub mod values;
