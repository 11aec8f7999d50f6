//! An incremental Server-Sent Events parser: bytes in (split anywhere, even inside a UTF-8
//! character), complete `event`/`data` records out.

/// One SSE record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SseEvent {
    /// The `event:` field (empty when absent).
    pub event: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

/// Buffers bytes until a blank line ends a record.
#[derive(Debug, Default)]
pub struct SseParser {
    buf: Vec<u8>,
    current: SseEvent,
    has_data: bool,
}

impl SseParser {
    /// Feeds bytes; returns the records they completed.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        self.buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        while let Some(pos) = self.buf.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.buf.drain(..=pos).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\n', '\r']);
            if let Some(ev) = self.line(line) {
                out.push(ev);
            }
        }
        out
    }

    /// Ends the input: a last record without its blank line still counts.
    pub fn finish(&mut self) -> Vec<SseEvent> {
        let rest = std::mem::take(&mut self.buf);
        let mut out = self.push(&rest);
        out.extend(self.push(b"\n\n"));
        out
    }

    fn line(&mut self, line: &str) -> Option<SseEvent> {
        if line.is_empty() {
            let done = std::mem::take(&mut self.current);
            return std::mem::take(&mut self.has_data).then_some(done);
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => self.current.event = value.to_string(),
            "data" => {
                if self.has_data {
                    self.current.data.push('\n');
                }
                self.current.data.push_str(value);
                self.has_data = true;
            }
            _ => {}
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_split_anywhere_are_reassembled() {
        let text = "event: a\ndata: {\"x\":\"é\"}\n\n: comment\ndata: 1\ndata: 2\n\ndata: [DONE]";
        let bytes = text.as_bytes();
        let mut p = SseParser::default();
        let mut got = Vec::new();
        for chunk in bytes.chunks(3) {
            got.extend(p.push(chunk));
        }
        got.extend(p.finish());
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], SseEvent { event: "a".into(), data: "{\"x\":\"é\"}".into() });
        assert_eq!(got[1].data, "1\n2");
        assert_eq!(got[2].data, "[DONE]");
    }
}
