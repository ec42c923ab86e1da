//! A page body rendered as a Tera template, then Markdown, inside the example site:
//! any text gives HTML or located errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "example_site.rs"]
mod example_site;
use example_site::site;

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
