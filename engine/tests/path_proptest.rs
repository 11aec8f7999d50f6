//! Property tests: neither parser (paths, intrinsic calls) panics on any input, and whatever
//! parses also evaluates without panicking.

use engine::env::Env;
use engine::{intrinsics, path::Path};
use proptest::prelude::*;
use serde_json::json;

/// Strings built from the characters that matter to both grammars.
fn syntax_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("$".to_string()),
            Just(".".to_string()),
            Just("..".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("*".to_string()),
            Just("'".to_string()),
            Just("\"".to_string()),
            Just("\\".to_string()),
            Just("?(".to_string()),
            Just(")".to_string()),
            Just("(".to_string()),
            Just("@".to_string()),
            Just(",".to_string()),
            Just(":".to_string()),
            Just("-1".to_string()),
            Just("0".to_string()),
            Just("a".to_string()),
            Just(" ".to_string()),
            Just("==".to_string()),
            Just("<".to_string()),
            Just("&&".to_string()),
            Just("States.".to_string()),
            Just("Format".to_string()),
            Just("Array".to_string()),
            Just("{}".to_string()),
            Just("length()".to_string()),
            Just("é".to_string()),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn input() -> serde_json::Value {
    json!({"a": [1, {"a": "x"}, [0, -1]], "0": {"a": null}, "é": "u", "s": "a,b"})
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn path_parser_never_panics(s in any::<String>()) {
        let _ = Path::parse(&s);
    }

    #[test]
    fn intrinsic_parser_never_panics(s in any::<String>()) {
        let _ = intrinsics::parse(&s);
        let _ = intrinsics::is_intrinsic(&s);
    }

    #[test]
    fn structured_paths_parse_and_evaluate(s in syntax_soup()) {
        let (doc, ctx) = (input(), json!({}));
        if let Ok(p) = Path::parse(&s) {
            let _ = p.eval(&Env::new(&doc, &ctx));
            let _ = p.normalized();
            let _ = engine::path::set_at(doc.clone(), &p, json!(1));
        }
    }

    #[test]
    fn structured_calls_parse_and_evaluate(s in syntax_soup()) {
        let (doc, ctx) = (input(), json!({}));
        if let Ok(c) = intrinsics::parse(&s) {
            let _ = c.eval(&Env::new(&doc, &ctx));
        }
        let call = format!("States.Array({s})");
        if let Ok(c) = intrinsics::parse(&call) {
            let _ = c.eval(&Env::new(&doc, &ctx));
        }
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = "States.Array(".repeat(10_000) + &")".repeat(10_000);
    assert!(intrinsics::parse(&deep).is_err());
    let filters = format!("$.a{}", "[?(@.a".repeat(100_000));
    assert!(Path::parse(&filters).is_err());
    let parens = format!("$.a[?({}@.a{})]", "(".repeat(100_000), ")".repeat(100_000));
    assert!(Path::parse(&parens).is_err());
    let negations = format!("$.a[?({}@.a)]", "!".repeat(100_000));
    let _ = Path::parse(&negations);
}
