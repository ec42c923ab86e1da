//! The example site loaded once per fuzzing process, shared by the targets that
//! render a page body inside it (included with `#[path]`; not a target itself).
use std::sync::{Mutex, OnceLock};
use traction::site::Site;

/// The example site, its default profile's view and the page bodies are rendered as.
pub fn site() -> &'static Mutex<(Site, traction::audience::View, usize)> {
    static SITE: OnceLock<Mutex<(Site, traction::audience::View, usize)>> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        for (path, bytes) in traction::theme::EXAMPLE {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        let (site, _) = traction::site::load(&dir).unwrap();
        let profile = site.config.default_profile().clone();
        let view = traction::audience::select(&site, &profile, false, false).unwrap();
        let page = site.content.page_by_rel("playbooks/reference-call-script.md").unwrap();
        Mutex::new((site, view, page))
    })
}
