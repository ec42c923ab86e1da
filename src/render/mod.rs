//! Renderers over the computed site: HTML pages (Tera), charts, and the extras.

pub mod budget;
pub mod charts;
pub mod extras;
pub mod html;
pub mod metrics;
pub mod pdf;
pub mod values;

// `format` and `theme` moved beneath `kpis` and `site` (issue #12); the old
// paths stay while files other branches of that issue edit still use them.
pub use crate::{format, theme};
