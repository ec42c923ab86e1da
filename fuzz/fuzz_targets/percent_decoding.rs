//! Percent-decoding of links and served URLs never panics; encoding then decoding gives the text back.
#![no_main]
use libfuzzer_sys::fuzz_target;
use traction::check::links::percent_decode;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let decoded = percent_decode(&text);
    if !text.contains('%') {
        assert_eq!(decoded, text);
    }
    // Every escape the decoder sees in an encoded text is one the encoder wrote.
    let encoded: String =
        percent_encoding::utf8_percent_encode(&text, percent_encoding::NON_ALPHANUMERIC).collect();
    assert_eq!(percent_decode(&encoded), text);
    // Served URLs: malformed escapes and non-UTF-8 results are refused, never a panic.
    let root = std::env::temp_dir().join("traction-fuzz-percent");
    let _ = std::fs::create_dir_all(&root);
    let _ = traction::serve::resolve(&root, &format!("/{text}"));
});
