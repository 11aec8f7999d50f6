//! Parsing: which paths AWS accepts, and how they classify (reference, definite, root,
//! normalized form).

use engine::path::{Path, PathRoot};

#[test]
fn classification() {
    // (path, reference, definite, normalized)
    let table = [
        ("$", true, true, "$"),
        ("$.a.b[0]", true, true, "$['a']['b'][0]"),
        ("$['x y']", true, true, "$['x y']"),
        ("$.a[-1]", true, true, "$['a'][-1]"),
        ("$$.Execution.Id", true, true, "$$['Execution']['Id']"),
        ("$var", true, true, "$var"),
        ("$var.a[1]", true, true, "$var['a'][1]"),
        ("$.a[*]", false, false, "$['a'][*]"),
        ("$.*", false, false, "$[*]"),
        ("$..a", false, false, "$..['a']"),
        ("$.a[1:2]", false, false, "$['a'][1:2]"),
        ("$.a[:2]", false, false, "$['a'][:2]"),
        ("$.a[0,1]", false, false, "$['a'][0,1]"),
        ("$['a','b']", false, true, "$['a','b']"),
        ("$['a','b'].c", false, false, "$['a','b']['c']"),
        ("$.a[?(@.x > 1)]", false, false, "$['a'][?]"),
        ("$.a.length()", false, true, "$['a'].length()"),
    ];
    for (src, reference, definite, normalized) in table {
        let p = Path::parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert_eq!(p.is_reference_path(), reference, "{src} reference");
        assert_eq!(p.is_definite(), definite, "{src} definite");
        assert_eq!(p.normalized(), normalized, "{src} normalized");
        assert_eq!(p.as_str(), src);
        assert_eq!(p.to_string(), src);
    }
}

#[test]
fn roots() {
    assert_eq!(Path::parse("$.a").unwrap().root(), PathRoot::Input);
    assert_eq!(Path::parse("$$.a").unwrap().root(), PathRoot::Context);
    assert_eq!(Path::parse("$$").unwrap().root(), PathRoot::Context);
    assert_eq!(
        Path::parse("$x_1.a").unwrap().root(),
        PathRoot::Variable("x_1".into())
    );
    assert_eq!(
        Path::parse("$errorVar").unwrap().root(),
        PathRoot::Variable("errorVar".into())
    );
}

#[test]
fn rejected() {
    for bad in [
        "",
        "a.b",
        "$.",
        "$..",
        "$.a.",
        "$[",
        "$[0",
        "$['a'",
        "$['a]",
        "$.a b",
        "$[1:2:3]",
        "$[x]",
        "$.a[?(@.x > 1]",
        "$.a[?@.x]",
        "$...a",
        "$.a.nosuchfn()",
        "$.a.length().b",
        "$.a[]",
        " $.a",
        "States.Format('{}', $.a)",
        "$.a[?()]",
    ] {
        assert!(Path::parse(bad).is_err(), "{bad:?} should be rejected");
    }
}

#[test]
fn syntax_error_says_what_and_where() {
    let e = Path::parse("$.a b").unwrap_err();
    assert_eq!(e.path, "$.a b");
    assert!(e.to_string().contains("bracket notation"), "{e}");
}
