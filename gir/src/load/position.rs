//! Byte offset → 1-based line and column, incrementally.
//!
//! Elements arrive in document order, so the locator only scans forward from where it last stopped
//! (one `memchr` pass over the file in total). The rare backwards query (an error position before
//! the last element) restarts from the top.

/// UTF-8 byte order mark; quick-xml skips it, and so does the column count.
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) struct Locator<'a> {
    text: &'a [u8],
    /// Offsets below this have been scanned for newlines.
    scanned: usize,
    line: u32,
    line_start: usize,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a [u8]) -> Self {
        Locator {
            text,
            scanned: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// Line and column (in characters) of byte offset `off`; offsets past the end are clamped.
    pub(crate) fn locate(&mut self, off: usize) -> (u32, u32) {
        let off = off.min(self.text.len());
        if off < self.scanned {
            self.scanned = 0;
            self.line = 1;
            self.line_start = 0;
        }
        let chunk = self.text.get(self.scanned..off).unwrap_or_default();
        for nl in memchr::memchr_iter(b'\n', chunk) {
            self.line = self.line.saturating_add(1);
            self.line_start = self.scanned + nl + 1;
        }
        self.scanned = off;
        let mut prefix = self.text.get(self.line_start..off).unwrap_or_default();
        if self.line_start == 0 && prefix.starts_with(BOM) {
            prefix = prefix.get(BOM.len()..).unwrap_or_default();
        }
        // Count characters, not bytes: every byte that is not a UTF-8 continuation byte starts one.
        let chars = prefix.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        (self.line, u32::try_from(chars).unwrap_or(u32::MAX).saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::Locator;

    #[test]
    fn lines_and_columns() {
        let text = "ab\ncdé<x\n\n  <y";
        let mut l = Locator::new(text.as_bytes());
        assert_eq!(l.locate(0), (1, 1));
        assert_eq!(l.locate(2), (1, 3)); // the newline itself is still on line 1
        assert_eq!(l.locate(7), (2, 4)); // `<` after `cd` and the two-byte `é`
        assert_eq!(l.locate(text.len() - 2), (4, 3));
        // Backwards and out of range.
        assert_eq!(l.locate(3), (2, 1));
        assert_eq!(l.locate(10_000), (4, 5));
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}<r/>";
        let mut l = Locator::new(text.as_bytes());
        assert_eq!(l.locate(3), (1, 1));
    }
}
