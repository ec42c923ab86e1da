//! The one matcher of names (anonymisation and the leak audit): never panics,
//! its spans are valid slices of the input, and after anonymisation no form of
//! the hidden name is left for the audit to find.
#![no_main]
use libfuzzer_sys::fuzz_target;
use traction::audience::Anonymizer;
use traction::matcher::{Markup, Pattern, fold};

const SHOWN: &str = "Customer #1";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (name, text) = text.split_once('\u{0}').unwrap_or(("Cascade Provisions", &text));
    for markup in [Markup::Text, Markup::Html] {
        let folded = fold(text, markup);
        if let Some(p) = Pattern::new(name) {
            for hit in folded.find_all(&p) {
                assert!(text.get(hit.start..hit.end).is_some(), "span on a char boundary");
            }
        }
    }
    let Some(p) = Pattern::new(name) else { return };
    // A name sharing a word with the replacement ("customer", "1", "s") can be
    // rebuilt from the alias and the text around it ("Customer #1" + " 8" for
    // a name "1 8"): such names are out of this property's scope.
    let shown = fold(&format!("a {SHOWN}'s"), Markup::Text);
    let shown_words: Vec<&str> = shown.text().split(' ').collect();
    if p.folded().split(' ').any(|w| shown_words.contains(&w)) || p.folded().len() < 3 {
        return;
    }
    let anon = Anonymizer::new(vec![(name.to_string(), SHOWN.to_string())]);
    if let Some(out) = anon.replace(text) {
        assert!(!anon.mentions(&out), "{name:?} left in {out:?}");
    }
});
