//! Checks beyond loading: the per-profile audit (links, leaks) that every build
//! runs, and the lints `traction check` adds (numbers, contradictions between
//! sources, encoding, external links).

pub mod audit;
pub(crate) mod carried;
pub mod contradictions;
pub mod encoding;
pub(crate) mod figures;
pub mod leaks;
pub mod links;
pub mod numbers;

pub(crate) use audit::Audit;

use crate::audience;
use crate::diagnostics::Diagnostic;
use crate::output::Discard;
use crate::render::html::Renderer;
use crate::site::Site;

/// External links of every page of the selected profiles (or all), for `check --external`.
pub(crate) fn external_links(
    site: &Site,
    profile: Option<&str>,
) -> Result<Vec<links::External>, Vec<Diagnostic>> {
    let profiles = site.config.select_profiles(profile).map_err(|d| vec![d])?;
    let mut all = Vec::new();
    for profile in &profiles {
        let view = audience::select(site, profile, false, false)?;
        let renderer = Renderer::new(site, &view)?;
        let audit = Audit::new(site, &view, &Discard);
        // Errors are reported by the build that `check` runs first.
        let _ = renderer.render_pages(&audit);
        all.extend(audit.finish().external);
    }
    all.sort();
    all.dedup();
    Ok(all)
}
