//! Reading SQL just enough to keep command sets safe: which bytes are code (not inside a
//! string, quoted identifier, comment or PostgreSQL dollar quote), `:name` parameters turned
//! into the driver's placeholders, and the statement's leading keyword and count.

/// Placeholder style of the target engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholders {
    /// `?` per occurrence (SQLite, MySQL): a name used twice is bound twice.
    Question,
    /// `$1`, `$2` per distinct name (PostgreSQL).
    Dollar,
}

/// SQL with positional placeholders and the parameter name for each bind, in bind order.
#[derive(Debug, Clone, PartialEq)]
pub struct Rewritten {
    /// The SQL to send.
    pub sql: String,
    /// Names to bind, in order.
    pub binds: Vec<String>,
}

/// `true` for every byte that is SQL code, `false` inside literals and comments.
pub fn code_mask(sql: &str) -> Vec<bool> {
    let b = sql.as_bytes();
    let mut mask = vec![true; b.len()];
    let mut i = 0;
    while i < b.len() {
        let end = match (b[i], b.get(i + 1)) {
            (q @ (b'\'' | b'"' | b'`'), _) => close_quote(b, i, q),
            (b'-', Some(b'-')) => b[i..].iter().position(|c| *c == b'\n').map_or(b.len(), |p| i + p),
            (b'/', Some(b'*')) => find(b, i + 2, b"*/").map_or(b.len(), |p| p + 2),
            (b'$', _) => match dollar_tag(b, i) {
                Some(tag) => find(b, i + tag.len(), tag).map_or(b.len(), |p| p + tag.len()),
                None => i + 1,
            },
            _ => {
                i += 1;
                continue;
            }
        };
        mask[i..end].iter_mut().for_each(|m| *m = false);
        i = end.max(i + 1);
    }
    mask
}

fn close_quote(b: &[u8], start: usize, q: u8) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        if b[i] == q {
            if b.get(i + 1) == Some(&q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    (from..=b.len().saturating_sub(needle.len())).find(|&p| b[p..].starts_with(needle))
}

/// `$tag$` at `i` (tag empty or an identifier not starting with a digit), else `None` (`$1`).
fn dollar_tag(b: &[u8], i: usize) -> Option<&[u8]> {
    let mut j = i + 1;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        if j == i + 1 && b[j].is_ascii_digit() {
            return None;
        }
        j += 1;
    }
    (b.get(j) == Some(&b'$')).then(|| &b[i..=j])
}

fn is_ident(c: u8, first: bool) -> bool {
    c == b'_' || c.is_ascii_alphabetic() || (!first && c.is_ascii_digit())
}

/// Replaces each `:name` in code with a placeholder (`::type` casts are left alone).
pub fn rewrite(sql: &str, style: Placeholders) -> Rewritten {
    let b = sql.as_bytes();
    let mask = code_mask(sql);
    let (mut out, mut binds, mut distinct) = (String::new(), Vec::new(), Vec::<String>::new());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        let param = mask[i] && b[i] == b':' && (i == 0 || b[i - 1] != b':') && b.get(i + 1).is_some_and(|c| is_ident(*c, true));
        if !param {
            i += 1;
            continue;
        }
        let end = (i + 1..b.len()).find(|&j| !is_ident(b[j], false)).unwrap_or(b.len());
        let name = sql[i + 1..end].to_string();
        out.push_str(&sql[copied..i]);
        match style {
            Placeholders::Question => {
                out.push('?');
                binds.push(name);
            }
            Placeholders::Dollar => {
                let n = distinct.iter().position(|d| *d == name).unwrap_or_else(|| {
                    distinct.push(name.clone());
                    binds.push(name);
                    distinct.len() - 1
                });
                out.push_str(&format!("${}", n + 1));
            }
        }
        copied = end;
        i = end;
    }
    out.push_str(&sql[copied..]);
    Rewritten { sql: out, binds }
}

/// The first keyword of the statement, uppercase (leading comments and `(` skipped).
pub fn first_keyword(sql: &str) -> String {
    let mask = code_mask(sql);
    let b = sql.as_bytes();
    let start = (0..b.len()).find(|&i| mask[i] && !b[i].is_ascii_whitespace() && b[i] != b'(');
    let Some(start) = start else { return String::new() };
    let end = (start..b.len()).find(|&i| !b[i].is_ascii_alphabetic()).unwrap_or(b.len());
    sql[start..end].to_ascii_uppercase()
}

/// Whether more than one statement is present (a `;` in code followed by more code).
pub fn has_several_statements(sql: &str) -> bool {
    let mask = code_mask(sql);
    let b = sql.as_bytes();
    match (0..b.len()).find(|&i| mask[i] && b[i] == b';') {
        Some(semi) => (semi + 1..b.len()).any(|i| mask[i] && !b[i].is_ascii_whitespace() && b[i] != b';'),
        None => false,
    }
}

/// Statements a read-only command may start with.
pub const READ_KEYWORDS: &[&str] = &["SELECT", "WITH", "VALUES", "TABLE", "EXPLAIN", "SHOW", "DESCRIBE", "DESC"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_placeholders_outside_literals() {
        let sql = "SELECT ':skip', \"a:b\", x::text FROM t -- :no\nWHERE a = :a AND b = :b OR a2 = :a /* :c */";
        let q = rewrite(sql, Placeholders::Question);
        assert_eq!(q.sql, "SELECT ':skip', \"a:b\", x::text FROM t -- :no\nWHERE a = ? AND b = ? OR a2 = ? /* :c */");
        assert_eq!(q.binds, ["a", "b", "a"]);
        let d = rewrite(sql, Placeholders::Dollar);
        assert!(d.sql.ends_with("a = $1 AND b = $2 OR a2 = $1 /* :c */"), "{}", d.sql);
        assert_eq!(d.binds, ["a", "b"]);
        assert_eq!(rewrite("SELECT :since::date", Placeholders::Dollar).sql, "SELECT $1::date");
        assert_eq!(rewrite("SELECT $$ :x $$, $1", Placeholders::Dollar).binds, Vec::<String>::new());
    }

    #[test]
    fn keywords_and_statement_counts() {
        assert_eq!(first_keyword("  -- hi\n (select 1)"), "SELECT");
        assert_eq!(first_keyword("/* x */ DELETE FROM t"), "DELETE");
        assert!(has_several_statements("SELECT 1; DROP TABLE t"));
        assert!(!has_several_statements("SELECT ';'; "));
        assert!(!has_several_statements("SELECT 1 -- ; drop"));
    }
}
