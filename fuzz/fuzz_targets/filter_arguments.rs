//! traction's filters with any value and any arguments, called directly and
//! from a page body: a figure, a located error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use traction::format;

#[path = "example_site.rs"]
mod example_site;
use example_site::site;

const FILTERS: [&str; 5] = ["number", "percent", "money", "date", "markdown"];
const ARGS: [&str; 6] = ["decimals", "short", "cents", "format", "inline", "x"];

fuzz_target!(|data: &[u8]| {
    if data.len() < 12 {
        return;
    }
    let value = f64::from_le_bytes(data[..8].try_into().unwrap());
    let n = u32::from_le_bytes(data[8..12].try_into().unwrap()) as usize;
    let rest = String::from_utf8_lossy(&data[12..]).into_owned();
    let _ = format::number(value, n);
    let _ = format::percent(value, n);
    let _ = format::money(value, n & 1 == 1, n & 2 == 2);
    let _ = format::parse_money(&rest);
    let _ = format::date(&rest, &rest);

    // `{{ VALUE | FILTER(ARG=TEXT) }}` with the rest as the argument's text.
    let filter = FILTERS[n % FILTERS.len()];
    let arg = ARGS[(n / 8) % ARGS.len()];
    let body = format!("{{{{ {value:?} | {filter}({arg}={rest}) }}}}\n\n{{{{ \"{rest}\" | {filter} }}}}\n");
    let mut guard = site().lock().unwrap();
    let (site, view, page) = &mut *guard;
    site.content.pages[*page].body = body;
    let renderer = traction::render::html::Renderer::new(site, view).unwrap();
    match renderer.render_page(*page) {
        Ok(html) => assert!(html.contains("</html>")),
        Err(errors) => assert!(errors.iter().all(|e| !e.file.as_os_str().is_empty())),
    }
});
