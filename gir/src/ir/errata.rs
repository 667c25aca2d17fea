//! GIR annotations known to be wrong, which would make a correct binding crash.
//!
//! The GIRs are generated from doc comments, and a few say the opposite of what the C code does.
//! PyGObject and the other GI bindings crash the same way on these (they trust the GIR). Each entry
//! names the C function and why its annotations cannot be trusted; the function is then skipped
//! with that reason (`girgen inspect` shows it) on every backend. Kept short on purpose: only
//! errors proven by a crash go here.

/// (C identifier, what is wrong).
const ERRATA: &[(&str, &str)] = &[(
    "g_mapped_file_get_contents",
    "the GIR says the return value is a NUL-terminated utf8 string the caller frees \
     (transfer full); it is the file's mapped memory, neither NUL-terminated nor freeable \
     (freeing it aborts: found by the fuzzer)",
)];

/// Why the GIR's annotations of the C function `c_identifier` are wrong, if they are known to be.
pub(super) fn erratum(c_identifier: &str) -> Option<&'static str> {
    ERRATA.iter().find(|(name, _)| *name == c_identifier).map(|(_, why)| *why)
}

#[cfg(test)]
mod tests {
    #[test]
    fn entries_are_unique_and_explained() {
        let mut names: Vec<_> = super::ERRATA.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), super::ERRATA.len());
        assert!(super::ERRATA.iter().all(|(_, why)| why.len() > 40));
    }
}
