//! Link scanning of rendered HTML and CSS never panics and finds no more links than attributes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use traction::check::links::{is_external, scan, scan_css, scan_html};

fuzz_target!(|data: &[u8]| {
    let facts = scan_html(data);
    let attributes = data.iter().filter(|&&b| b == b'=').count();
    assert!(facts.links.len() <= attributes);
    for (link, _) in &facts.links {
        let _ = is_external(link);
    }
    for base in ["", "https://example.com", "https://example.com/sub/"] {
        let _ = scan(base, "plans/week-10/index.html", data);
        let _ = scan_css(base, "css/site.css", data);
    }
});
