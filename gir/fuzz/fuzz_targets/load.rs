//! Arbitrary bytes → `gir::load::parse_str` must return `Ok` or `Err`, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // parse_str takes text; invalid UTF-8 is the file reader's concern (tested separately).
    let text = String::from_utf8_lossy(data);
    let mut files = gir::model::Files::default();
    if let Err(e) = gir::load::parse_str(&mut files, "fuzz.gir".into(), &text) {
        // Formatting the error must not panic either.
        let _ = e.to_string();
    }
});
