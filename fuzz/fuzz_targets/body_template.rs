//! A page body rendered as a Tera template, then Markdown, inside the example site:
//! any text gives HTML or located errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};
use traction::site::Site;

fn site() -> &'static Mutex<(Site, traction::audience::View, usize)> {
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

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data).into_owned();
    let mut guard = site().lock().unwrap();
    let (site, view, page) = &mut *guard;
    site.content.pages[*page].body = body;
    let renderer = traction::render::html::Renderer::new(site, view).unwrap();
    match renderer.render_page(*page) {
        Ok(html) => assert!(html.contains("</html>")),
        Err(errors) => assert!(errors.iter().all(|e| !e.file.as_os_str().is_empty())),
    }
});
