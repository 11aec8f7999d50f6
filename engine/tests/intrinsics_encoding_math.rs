//! Table tests of Base64Encode/Decode, Hash, MathAdd, MathRandom and UUID, plus argument
//! paths that do not resolve.

mod intrinsics_common;

use engine::env::Env;
use engine::intrinsics;
use intrinsics_common::*;
use serde_json::json;

#[test]
fn encoding_and_hashing() {
    give("States.Base64Encode($.s)", json!({"s": ""}), json!(""));
    give(
        "States.Base64Encode($.s)",
        json!({"s": "Data to encode"}),
        json!("RGF0YSB0byBlbmNvZGU="),
    );
    give(
        "States.Base64Encode('Hello World')",
        json!({}),
        json!("SGVsbG8gV29ybGQ="),
    );
    give("States.Base64Encode('✓')", json!({}), json!("4pyT"));
    let dec = "States.Base64Decode($.s)";
    give(dec, json!({"s": ""}), json!(""));
    give(
        dec,
        json!({"s": "RGF0YSB0byBlbmNvZGU="}),
        json!("Data to encode"),
    );
    give(dec, json!({"s": "4pyT"}), json!("✓"));
    give(dec, json!({"s": "YWJjZA"}), json!("abcd"));
    give(dec, json!({"s": " YWJjZA== "}), json!("abcd"));
    give(dec, json!({"s": "YWJjAGRlZg=="}), json!("abc\u{0}def"));
    give(
        "States.Base64Decode(States.Base64Encode('round trip'))",
        json!({}),
        json!("round trip"),
    );
    let a10000 = "a".repeat(10_000);
    give(
        "States.Hash($.s, 'SHA-256')",
        json!({ "s": a10000 }),
        json!("27dd1f61b867b6a0f6e9d8a41c43231de52107e53ae424de8f847b821db4b711"),
    );
    invalid(
        "States.Base64Encode($.s)",
        json!({ "s": "a".repeat(10_001) }),
        "Base64Encode",
    );
    invalid(
        "States.Base64Decode($.s)",
        json!({ "s": "A".repeat(10_001) }),
        "Base64Decode",
    );
    invalid("States.Base64Encode($.s)", json!({"s": 1}), "Base64Encode");

    let h = "States.Hash($.d, $.a)";
    let d = "input data";
    give(
        h,
        json!({"d": d, "a": "MD5"}),
        json!("812f45842bc6d66ee14572ce20db8e86"),
    );
    give(
        h,
        json!({"d": d, "a": "SHA-1"}),
        json!("aaff4a450a104cd177d28d18d74485e8cae074b7"),
    );
    give(
        h,
        json!({"d": d, "a": "SHA-256"}),
        json!("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
    );
    give(h, json!({"d": d, "a": "SHA-384"}), json!("d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"));
    give(h, json!({"d": d, "a": "SHA-512"}), json!("6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"));
    give(
        "States.Hash('hello', 'MD5')",
        json!({}),
        json!("5d41402abc4b2a76b9719d911017c592"),
    );
    give(
        "States.Hash('', 'SHA-256')",
        json!({}),
        json!("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    );
    give(
        "States.Hash('🚀', 'SHA-256')",
        json!({}),
        json!("ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5"),
    );
    for algo in ["sha-256", "SHA256", "MD-5", "", "SHA-257"] {
        invalid(h, json!({"d": d, "a": algo}), "Hash");
    }
    invalid(h, json!({ "d": "a".repeat(10_001), "a": "MD5" }), "Hash");
}

#[test]
fn math() {
    let add = "States.MathAdd($.a, $.b)";
    for (a, b, sum) in [
        (json!(-9), json!(3), -6),
        (json!(1.49), json!(1.5), 3),
        (json!(1.5), json!(1.51), 4),
        (json!(-1.49), json!(-1.5), -2),
        (json!(-1.5), json!(-1.51), -3),
        (json!(1.49), json!(0), 1),
        (json!(1.49), json!(-1.49), 0),
        (json!(1.5), json!(0), 2),
        (json!(1.51), json!(0), 2),
        (json!(-1.49), json!(0), -1),
        (json!(-1.5), json!(0), -1),
        (json!(-1.51), json!(0), -2),
        (json!(0.5), json!(0), 1),
        (json!(2.5), json!(0), 3),
        (json!(3.5), json!(0), 4),
        (json!(-0.5), json!(0.5), 1),
        (json!(-0.5), json!(0), 0),
        (json!(-2.5), json!(0), -2),
        (json!(-3.5), json!(0), -3),
        (json!(2147483647), json!(1), 2147483648_i64),
    ] {
        give(add, json!({"a": a, "b": b}), json!(sum));
    }
    give(
        "States.MathAdd(States.MathAdd(States.MathAdd($.y, $.x), $.z), $.bias)",
        json!({"x": 9, "y": 44, "z": 6, "bias": 4.3}),
        json!(63),
    );
    invalid(add, json!({"a": "1", "b": 2}), "MathAdd");
    invalid(add, json!({"a": 1e12, "b": 2}), "MathAdd");

    for (start, end, lo, hi) in [
        (12.5, 44.51, 12, 44),
        (9999.0, 99999.0, 9999, 99998),
        (-99999.0, -9999.0, -99999, -10000),
        (1.6, 5.4, 1, 4),
    ] {
        for _ in 0..50 {
            let ctx = context();
            let input = json!({"a": start, "b": end});
            let v = intrinsics::parse("States.MathRandom($.a, $.b)")
                .unwrap()
                .eval(&Env::new(&input, &ctx))
                .unwrap();
            let n = v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"));
            assert!((lo..=hi).contains(&n), "{n} not in [{lo}, {hi}]");
        }
    }
    let seeded = |seed: i64| {
        let ctx = context();
        let input = json!({});
        intrinsics::parse(&format!("States.MathRandom(1, 1000, {seed})"))
            .unwrap()
            .eval(&Env::new(&input, &ctx))
            .unwrap()
    };
    assert_eq!(seeded(42), seeded(42));
    assert!(seeded(-10).as_i64().is_some());
    invalid("States.MathRandom(1, 1)", json!({}), "MathRandom");
    invalid("States.MathRandom(10, 5)", json!({}), "MathRandom");
    invalid("States.MathRandom(1.4, 1.6)", json!({}), "MathRandom");
    invalid(
        "States.MathRandom($.a, 10)",
        json!({"a": "a"}),
        "MathRandom",
    );
    invalid(
        "States.MathRandom(1, 10, $.s)",
        json!({"s": null}),
        "MathRandom",
    );
}

#[test]
fn uuid() {
    let ctx = context();
    let input = json!({});
    let call = intrinsics::parse("States.UUID()").unwrap();
    let a = call.eval(&Env::new(&input, &ctx)).unwrap();
    let b = call.eval(&Env::new(&input, &ctx)).unwrap();
    let s = a.as_str().unwrap();
    assert_ne!(a, b);
    assert_eq!(s.len(), 36);
    assert_eq!(&s[14..15], "4", "version 4: {s}");
    assert!(
        matches!(&s[19..20], "8" | "9" | "a" | "b"),
        "RFC 4122 variant: {s}"
    );
}

#[test]
fn missing_paths_and_variables() {
    fails(
        "States.Hash($.missing, 'SHA-256')",
        json!({}),
        "States.Hash($.missing, 'SHA-256')",
        "The JsonPath argument for the field '$.missing' could not be found in the input '{}'",
    );
    fails(
        "States.Array(States.Base64Decode($.m))",
        json!({"a": 1}),
        "States.Base64Decode($.m)",
        "The JsonPath argument for the field '$.m' could not be found in the input '{\"a\":1}'",
    );
    let ctx = context();
    let input = json!({});
    let mut vars = serde_json::Map::new();
    vars.insert("x".into(), json!([1, 2]));
    let env = Env {
        input: &input,
        context: &ctx,
        vars: &vars,
    };
    let call = intrinsics::parse("States.ArrayLength($x)").unwrap();
    assert_eq!(call.eval(&env).unwrap(), json!(2));
    assert!(intrinsics::parse("States.ArrayLength($y)")
        .unwrap()
        .eval(&env)
        .is_err());
}
