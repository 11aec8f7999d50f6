//! `wfm validate DEF [--json]`: exit 0 valid, 1 invalid (2 when the file cannot be read).

use serde_json::json;
use std::path::Path;

pub fn validate(path: &Path, as_json: bool) -> u8 {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            return 2;
        }
    };
    let problems = engine::validate::validate_str(&text);
    if as_json {
        println!("{}", json!({"valid": problems.is_empty(), "problems": problems}));
    } else if problems.is_empty() {
        println!("{}: valid", path.display());
    } else {
        for p in &problems {
            println!("{}:{} [{}] {}", path.display(), p.path, p.code, p.message);
        }
        println!("{}", app::words::count(problems.len(), "problem"));
    }
    u8::from(!problems.is_empty())
}
