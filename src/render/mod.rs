//! Renderers over the computed site: HTML pages (Tera), and the extras.

pub mod format;
