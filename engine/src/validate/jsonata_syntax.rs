//! A JSONata syntax check: a tokenizer and a Pratt parser shaped like jsonata-js's, that
//! builds nothing and only says whether (and where) an expression fails to parse.
//!
//! Binding powers follow jsonata-js; range (`..`), `:` and `;` are separators handled by the
//! constructs that own them (array constructors, conditionals, objects, blocks).
//!
//! It also applies the States Language rule that an expression MUST NOT reference an
//! unqualified field name, `$` or `$$` at the top level (AWS: "Reference to 'x' at the top
//! level is not supported"): Step Functions evaluates JSONata with no context item, so paths
//! start from `$states` or a variable. Names inside a step, predicate, group, sort, transform or
//! function body are relative to an item and allowed.

/// One token: its text and its kind.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A number, string, regex, `true`/`false`/`null`, or a `$variable`.
    Value,
    /// A field name (or a backtick-quoted one); also `and`/`or`/`in` in prefix position.
    Name(String),
    /// An operator or punctuation.
    Op(&'static str),
}

const OPS2: &[&str] = &["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"];
const OPS1: &[&str] =
    &[".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<", ">", "^", "&", "!", "~"];

/// Whether a `/` after `prev` starts a regex (prefix position) rather than dividing.
fn regex_allowed(prev: Option<&Tok>) -> bool {
    match prev {
        None => true,
        Some(Tok::Op(op)) => !matches!(*op, ")" | "]" | "}"),
        Some(_) => false,
    }
}

fn tokenize(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out: Vec<Tok> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('*') {
            let end = (i + 2..chars.len().saturating_sub(1)).find(|&j| chars[j] == '*' && chars[j + 1] == '/');
            i = end.ok_or("unterminated comment")? + 2;
        } else if c == '/' && regex_allowed(out.last()) {
            i = skip_quoted(&chars, i, '/').ok_or("unterminated regular expression")?;
            while chars.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
                i += 1;
            }
            out.push(Tok::Value);
        } else if c == '"' || c == '\'' {
            i = skip_quoted(&chars, i, c).ok_or("unterminated string")?;
            out.push(Tok::Value);
        } else if c == '`' {
            let end = (i + 1..chars.len()).find(|&j| chars[j] == '`').ok_or("unterminated `name`")?;
            out.push(Tok::Name(chars[i + 1..end].iter().collect()));
            i = end + 1;
        } else if c.is_ascii_digit() {
            i = number_end(&chars, i);
            out.push(Tok::Value);
        } else if let Some(op) = next.and_then(|n| OPS2.iter().find(|o| o.starts_with(c) && o.ends_with(n))) {
            out.push(Tok::Op(op));
            i += 2;
        } else if let Some(op) = OPS1.iter().find(|o| o.starts_with(c)) {
            out.push(Tok::Op(op));
            i += 1;
        } else {
            let start = i;
            i += 1;
            while i < chars.len() && !is_break(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(match word.as_str() {
                // The context item and the root: names, as far as the top-level rule goes.
                "$" | "$$" => Tok::Name(word),
                w if w.starts_with('$') => Tok::Value,
                "true" | "false" | "null" => Tok::Value,
                _ => Tok::Name(word),
            });
        }
    }
    Ok(out)
}

fn is_break(c: char) -> bool {
    c.is_whitespace() || "`\"'.[]{}(),@#;:?+-*/%|=<>^&!~".contains(c)
}

/// The index after the closing `quote` of a quoted run starting at `start` (backslash escapes).
fn skip_quoted(chars: &[char], start: usize, quote: char) -> Option<usize> {
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn number_end(chars: &[char], mut i: usize) -> usize {
    let digits = |i: &mut usize| {
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
    };
    digits(&mut i);
    if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
        i += 1;
        digits(&mut i);
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+' | '-')) {
            j += 1;
        }
        if chars.get(j).is_some_and(char::is_ascii_digit) {
            i = j;
            digits(&mut i);
        }
    }
    i
}

/// Checks that `src` (the text between `{%` and `%}`) is a JSONata expression.
pub(super) fn check(src: &str) -> Result<(), String> {
    let toks = tokenize(src)?;
    let mut p = Parser { toks, pos: 0, depth: 0, nested: 0, top_level: None };
    p.expression(0)?;
    if let Some(t) = p.peek() {
        return Err(format!("unexpected {} after the end of the expression", describe(Some(t))));
    }
    match p.top_level {
        Some(name) => Err(format!(
            "reference to '{name}' at the top level is not supported; start from $states.input or a variable"
        )),
        None => Ok(()),
    }
}

fn describe(t: Option<&Tok>) -> String {
    match t {
        None => "end of expression".into(),
        Some(Tok::Value) => "value".into(),
        Some(Tok::Name(n)) => format!("name '{n}'"),
        Some(Tok::Op(o)) => format!("'{o}'"),
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
    /// How many item contexts (steps, predicates, …) enclose the current token.
    nested: usize,
    /// The first field name referenced at the top level, if any.
    top_level: Option<String>,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    /// Runs `f` with names relative to an item (inside a step, predicate, group, …).
    fn in_item(&mut self, f: impl FnOnce(&mut Self) -> Result<(), String>) -> Result<(), String> {
        self.nested += 1;
        let r = f(self);
        self.nested -= 1;
        r
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(o)) if *o == op)
    }

    fn expect(&mut self, op: &str) -> Result<(), String> {
        if self.is_op(op) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("expected '{op}', found {}", describe(self.peek())))
        }
    }

    /// Infix binding power of the next token (0 ends an expression).
    fn lbp(&self) -> u8 {
        match self.peek() {
            Some(Tok::Op(op)) => match *op {
                "." => 75,
                "[" | "(" | "@" | "#" => 80,
                "{" => 70,
                "*" | "/" | "%" => 60,
                "+" | "-" | "&" => 50,
                "=" | "!=" | "<" | "<=" | ">" | ">=" | "^" | "~>" | "?:" | "??" => 40,
                "?" => 20,
                ":=" => 10,
                _ => 0,
            },
            Some(Tok::Name(n)) => match n.as_str() {
                "in" => 40,
                "and" => 30,
                "or" => 25,
                _ => 0,
            },
            _ => 0,
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<(), String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("expression nested too deeply".into());
        }
        self.nud()?;
        while rbp < self.lbp() {
            self.led()?;
        }
        self.depth -= 1;
        Ok(())
    }

    /// A list of `item`s separated by `,` up to `close` (possibly empty).
    fn list(&mut self, close: &str, mut item: impl FnMut(&mut Self) -> Result<(), String>) -> Result<(), String> {
        if self.is_op(close) {
            self.pos += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            if self.is_op(",") {
                self.pos += 1;
            } else {
                return self.expect(close);
            }
        }
    }

    fn nud(&mut self) -> Result<(), String> {
        let t = self.next();
        match &t {
            Some(Tok::Value) => Ok(()),
            Some(Tok::Name(n)) if (n == "function" || n == "λ") && self.is_op("(") => self.lambda(),
            Some(Tok::Name(n)) => {
                if self.nested == 0 && self.top_level.is_none() {
                    self.top_level = Some(n.clone());
                }
                Ok(())
            }
            Some(Tok::Op(op)) => match *op {
                "-" => self.expression(70),
                "*" | "**" | "%" => Ok(()),
                "(" => self.block(),
                "[" => self.list("]", |p| {
                    p.expression(0)?;
                    if p.is_op("..") {
                        p.pos += 1;
                        p.expression(0)?;
                    }
                    Ok(())
                }),
                "{" => self.object(),
                "|" => self.in_item(|p| {
                    p.expression(0)?;
                    p.expect("|")?;
                    p.expression(0)?;
                    if p.is_op(",") {
                        p.pos += 1;
                        p.expression(0)?;
                    }
                    p.expect("|")
                }),
                _ => Err(format!("unexpected {}", describe(t.as_ref()))),
            },
            None => Err("unexpected end of expression".into()),
        }
    }

    fn led(&mut self) -> Result<(), String> {
        let t = self.next();
        let Some(t) = t else { return Ok(()) };
        let op = match &t {
            Tok::Name(n) => return self.expression(if n == "in" { 40 } else if n == "and" { 30 } else { 25 }),
            Tok::Op(op) => *op,
            Tok::Value => return Err("unexpected value".into()),
        };
        match op {
            "(" => self.list(")", |p| if p.is_op("?") { p.pos += 1; Ok(()) } else { p.expression(0) }),
            "[" => {
                if self.is_op("]") {
                    self.pos += 1;
                    return Ok(());
                }
                self.in_item(|p| p.expression(0))?;
                self.expect("]")
            }
            "{" => self.in_item(Self::object),
            "?" => {
                self.expression(0)?;
                if self.is_op(":") {
                    self.pos += 1;
                    self.expression(0)?;
                }
                Ok(())
            }
            ":=" => self.expression(9),
            "@" | "#" => match self.next() {
                Some(Tok::Value) => Ok(()),
                other => Err(format!("expected a $variable after '{op}', found {}", describe(other.as_ref()))),
            },
            "^" => {
                self.expect("(")?;
                self.in_item(|p| {
                    p.list(")", |p| {
                        if p.is_op("<") || p.is_op(">") {
                            p.pos += 1;
                        }
                        p.expression(0)
                    })
                })
            }
            "." => self.in_item(|p| p.expression(75)),
            "*" | "/" | "%" => self.expression(60),
            "+" | "-" | "&" => self.expression(50),
            _ => self.expression(40),
        }
    }

    /// `( expr ; expr ; … )` after the opening parenthesis.
    fn block(&mut self) -> Result<(), String> {
        if self.is_op(")") {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.expression(0)?;
            if self.is_op(";") {
                self.pos += 1;
                if self.is_op(")") {
                    self.pos += 1;
                    return Ok(());
                }
            } else {
                return self.expect(")");
            }
        }
    }

    /// `{ key: value, … }` after the opening brace.
    fn object(&mut self) -> Result<(), String> {
        self.list("}", |p| {
            p.expression(0)?;
            p.expect(":")?;
            p.expression(0)
        })
    }

    /// `function($a, $b)<signature>? { body }` after the keyword.
    fn lambda(&mut self) -> Result<(), String> {
        self.expect("(")?;
        self.list(")", |p| match p.next() {
            Some(Tok::Value) => Ok(()),
            other => Err(format!("expected a $parameter, found {}", describe(other.as_ref()))),
        })?;
        if self.is_op("<") {
            let mut depth = 0usize;
            while let Some(t) = self.next() {
                match t {
                    Tok::Op("<") => depth += 1,
                    Tok::Op(">") => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
            }
        }
        self.expect("{")?;
        self.in_item(|p| p.expression(0))?;
        self.expect("}")
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_jsonata_from_the_documentation() {
        // Step Functions has no context item: the documentation's paths start from $states.input here.
        let ok = [
            "$states.input.Account.Order.Product.(Price * Quantity)",
            "$sum($states.input.Account.Order.Product.(Price * Quantity))",
            "$states.input.Phone[type='mobile'].number",
            "$a.City & ', ' & $a.Postcode",
            "$p.{type: number}",
            "$p{type: number[]}",
            "$reduce([1..5], function($i, $j){$i * $j})",
            "$states.input.**.Postcode",
            "$states.input.Order.Product.%.OrderID",
            "$states.input.Order@$o.Product#$i.{'id': $o.OrderID, 'i': $i}",
            "[1,2,3][$ > 1]",
            "-5 + 10 % 3",
            "\"a\" in [\"a\", \"b\"] and $not($x) or $y",
            "$x ?: $y",
            "$x ?? 'default'",
            "true ? 'a' : false ? 'b' : 'c'",
            "$states.input.Product^(>Price, <`Product Name`)",
            "$map($x, λ($v) { $v })",
            "$states.input.items[$ > 1 and $$.x]",
            "{\"a\": 1, 'b': [1, 2], 'c d': {}}",
            "$match($s, /^[a-z]+\\/x$/i)",
            "($x := function($a)<n:n> { $a + 1 }; $x(1.5e3))",
            "'it\\'s' & \"q\\\"\"",
            "/* c */ $a.b.c[0][1]",
            "$states.input ~> $keys() ~> $count()",
            "$substring(?, 1)",
            "$states.input ~> | Account.Order | {'Total': $sum(Product.Price)}, ['Items'] |",
            "()",
        ];
        for src in ok {
            assert_eq!(check(src), Ok(()), "{src}");
        }
    }

    #[test]
    fn rejects_broken_jsonata() {
        let bad = ["420.", "10 + * 2", "$.a[?(@.b < 1)]", "$sum($x", "1 2", "[1, 2", "{'a' 1}", "'open", "$a ? ", "/* open", "$f(,)"];
        for src in bad {
            assert!(check(src).is_err(), "{src}");
        }
        let top_level = ["phone", "Account.Order", "$sum(price)", "[a, 1]", "{'k': v}", "$x ? y : 1", "$", "$$.a"];
        for src in top_level {
            assert!(check(src).is_err_and(|e| e.contains("at the top level")), "{src}");
        }
    }
}
