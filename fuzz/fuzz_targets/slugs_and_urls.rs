//! Slugs, relative links and served URLs never lead outside their folder.
#![no_main]
use libfuzzer_sys::fuzz_target;
use traction::content::{check_slug, normalize_rel, slugify_segment};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let slug = slugify_segment(&text);
    assert!(!slug.contains('/') && !slug.contains('\\') && slug != ".." && !slug.starts_with('.'));
    if check_slug(&text).is_ok() {
        assert!(!text.contains('/') && text != "..");
    }
    if let Some(rel) = normalize_rel("a/b", &text) {
        assert!(!rel.split('/').any(|s| s == ".."));
    }
    let root = std::env::temp_dir().join("traction-fuzz-root");
    let _ = std::fs::create_dir_all(&root);
    if let traction::serve::Resolved::File(path) = traction::serve::resolve(&root, &text) {
        assert!(path.starts_with(root.canonicalize().unwrap()));
    }
    let _ = traction::output::check_rel(&text);
});
