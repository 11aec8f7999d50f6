//! The evaluator against `$states`, variables and AWS's added functions.

use super::*;
use serde_json::{json, Map};

fn give(expr: &str, input: Value, expected: Option<Value>) {
    let mut vars = Map::new();
    vars.insert("limit".into(), json!(2));
    let scope = Scope { states: States { input: &input, context: &Value::Null, result: None, error_output: None }, vars: &vars };
    let got = Expr::parse(expr).and_then(|e| e.eval(&scope));
    assert_eq!(got, Ok(expected), "{expr}");
}

/// `expr` evaluated against `{}` with no variables.
fn eval(expr: &str) -> Result<Option<Value>, JsonataError> {
    let input = json!({});
    let scope = Scope { states: States { input: &input, context: &Value::Null, result: None, error_output: None }, vars: &crate::env::NoVars };
    Expr::parse(expr).and_then(|e| e.eval(&scope))
}

fn fails(expr: &str, code: &str) {
    assert_eq!(eval(expr).map_err(|e| e.code), Err(code.to_string()), "{expr}");
}

/// The expression fails with `text` ("CODE: message"), as AWS quotes it after "threw an error
/// during evaluation" in a cause.
fn says(expr: &str, text: &str) {
    assert_eq!(eval(expr).map_err(|e| e.to_string()), Err(text.to_string()), "{expr}");
}

#[test]
fn reads_states_and_variables() {
    give("$states.input.a", json!({"a": [1, 2]}), Some(json!([1, 2])));
    give("$sum($states.input.a) + $limit", json!({"a": [1, 2]}), Some(json!(5)));
    give("$states.input.missing", json!({}), None);
    give("$doesNotExist", json!({}), None);
    give("{'b': 1, 'a': 2.5}", json!({}), Some(json!({"b": 1, "a": 2.5})));
    give("[1/0, -1/0]", json!({}), Some(json!(["Infinity", "-Infinity"])));
}

#[test]
fn aws_functions() {
    give("$partition([0, 1, 2], 2)", json!({}), Some(json!([[0, 1], [2]])));
    give("$partition([0], 1)", json!({}), Some(json!([[0]])));
    give("$range(0, 9, 3)", json!({}), Some(json!([0, 3, 6, 9])));
    give("$range(1, 9, 9)", json!({}), Some(json!(1)));
    give("$range(5, 1, -2)", json!({}), Some(json!([5, 3, 1])));
    give("$hash('input data', 'SHA-1')", json!({}), Some(json!("aaff4a450a104cd177d28d18d74485e8cae074b7")));
    give("$parse('{\"a\": [1, -0]}')", json!({}), Some(json!({"a": [1, 0]})));
    give("$random(7) = $random(7)", json!({}), Some(json!(true)));
    give("$random() < 1", json!({}), Some(json!(true)));
    give("$length($uuid())", json!({}), Some(json!(36)));
    // AWS's edges: fractions cut towards zero, degenerate arguments give undefined.
    give("$partition([1, 2, 3], 2.9)", json!({}), Some(json!([[1, 2], [3]])));
    give("$range(-1.7, 2, 1)", json!({}), Some(json!([-1, 0, 1, 2])));
    give("$range(0, 10, 3)", json!({}), Some(json!([0, 3, 6, 9])));
    give("$partition([1], 0)", json!({}), None);
    give("$partition([], 1)", json!({}), None);
    give("$range(0, 5, -1)", json!({}), None);
    give("$range(0, 5)", json!({}), None);
    give("$hash('x')", json!({}), None);
}

#[test]
fn format_functions_seuil_lacks() {
    give("$formatNumber(1234.5, '#,##0.00')", json!({}), Some(json!("1,234.50")));
    give("$formatNumber(12345678.9, '#,###')", json!({}), Some(json!("12,345,679")));
    give("$formatNumber(0.125, '0.0#')", json!({}), Some(json!("0.12")));
    give("$formatNumber(-3.5, '$#0.0')", json!({}), Some(json!("-$3.5")));
    give("$formatNumber(0.25, '#0%')", json!({}), Some(json!("25%")));
    give("$formatNumber(-2, '0;(0)')", json!({}), Some(json!("(2)")));
    give("$formatNumber(7, '000')", json!({}), Some(json!("007")));
    give("$formatBase(255, 16)", json!({}), Some(json!("ff")));
    give("$formatBase(-5, 2)", json!({}), Some(json!("-101")));
    give("$formatBase(10)", json!({}), Some(json!("10")));
}

#[test]
fn format_number_exponents_groupings_options_and_picture_rules() {
    give("$formatNumber(1234.5678, '00.000e0')", json!({}), Some(json!("12.346e2")));
    give("$formatNumber(0.234, '0.0e0')", json!({}), Some(json!("2.3e-1")));
    give("$formatNumber(-1234, '0.0e0')", json!({}), Some(json!("-1.2e3")));
    give("$formatNumber(0, '0.0e00')", json!({}), Some(json!("0.0e00")));
    give("$formatNumber(1234567.891, '#,##0.00')", json!({}), Some(json!("1,234,567.89")));
    give("$formatNumber(1234567, '#,##,##0')", json!({}), Some(json!("12,34,567")));
    give("$formatNumber(12, '#,##,##0')", json!({}), Some(json!("12")));
    give("$formatNumber(1234.5, '#.##0,00', {'decimal-separator': ',', 'grouping-separator': '.'})", json!({}), Some(json!("1.234,50")));
    give("$formatNumber(2.5, '0')", json!({}), Some(json!("2")));
    give("$formatNumber(1, '0.' & $join([1..30].('0')))", json!({}), Some(json!(format!("1.{}", "0".repeat(30)))));
    give("$formatBase(2.5)", json!({}), Some(json!("2")));
    give("$formatBase(10, 1.5)", json!({}), Some(json!("1010")));
    // The picture rules; a picture with no digit at all breaks the passive-character rule last.
    fails("$formatNumber(1, 'x')", "D3086");
    fails("$formatNumber(1, '0;0;0')", "D3080");
    fails("$formatNumber(1, '0.0.0')", "D3081");
    fails("$formatNumber(1, '#,.0')", "D3087");
    fails("$formatNumber(1, '#,,0')", "D3089");
    fails("$formatNumber(1, '0#')", "D3090");
    fails("$formatNumber(1, '0.#0')", "D3091");
    fails("$formatNumber(1, '0%e0')", "D3092");
    fails("$formatNumber(1, '0e')", "D3093");
    fails("$formatNumber(1, '#,##0.00;')", "D3085");
}

#[test]
fn errors_carry_jsonata_codes() {
    fails("$randomSeeded(1)", "T1006");
    fails("$partition('a', 1)", "T0410");
    fails("$range(0, 400000, 1)", "");
    fails("$range(-9e18, 9e18, 1)", "");
    give("$range(9e18, -9e18, -9e18)", json!({}), Some(json!([9_000_000_000_000_000_000_i64, 0, -9_000_000_000_000_000_000_i64])));
    fails("$error('boom')", "D3137");
    fails("$formatBase(1, 99)", "D3100");
    fails("$formatNumber(1, '')", "D3085");
    assert!(Expr::parse("1 +").is_err_and(|e| e.code.starts_with('S')));
}

#[test]
fn deep_recursion_fails_instead_of_overflowing_the_stack() {
    // Task futures run on threads with small stacks; the depth limit must fire first.
    let handle = std::thread::Builder::new().stack_size(1 << 20).spawn(|| eval("($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))"));
    let got = handle.unwrap().join().expect("no stack overflow");
    assert!(got.is_err(), "{got:?}");
}

#[test]
fn only_the_members_of_states_an_expression_mentions_are_read() {
    assert_eq!(Reads::of("$states.input.a + $x"), Reads { input: true, ..Reads::default() });
    assert_eq!(Reads::of("$states.result.v & $states.context.State.Name"), Reads { result: true, context: true, ..Reads::default() });
    assert_eq!(Reads::of("$keys($states)"), Reads { input: true, context: true, result: true, error_output: true });
    give("$keys($states)", json!({}), Some(json!(["input", "context"])));
}

#[test]
fn string_writes_numbers_as_javascript_does() {
    // 15 significant digits, rounded; exponents from 1e21 and below 1e-6, with their sign.
    give("$string(1.5e300)", json!({}), Some(json!("1.5e+300")));
    give("$string(1e21)", json!({}), Some(json!("1e+21")));
    give("$string(1e20)", json!({}), Some(json!("100000000000000000000")));
    give("$string(-2.5e-7)", json!({}), Some(json!("-2.5e-7")));
    give("$string(0.000001)", json!({}), Some(json!("0.000001")));
    give("$string(1/3)", json!({}), Some(json!("0.333333333333333")));
    give("$string(0.1 + 0.2)", json!({}), Some(json!("0.3")));
    give("$string(123456789012345678)", json!({}), Some(json!("123456789012346000")));
    give("$string(1.7976931348623157e308)", json!({}), Some(json!("null")));
    give("$string(-1.7976931348623e308)", json!({}), Some(json!("-1.7976931348623e+308")));
    give("$string({'a': [1e21, 'x\"'], 'b': null})", json!({}), Some(json!("{\"a\":[1e+21,\"x\\\"\"],\"b\":null}")));
    give("$string({'a': [1, {}], 'b': []}, true)", json!({}), Some(json!("{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}")));
    give("$string('s')", json!({}), Some(json!("s")));
    give("$string($sum)", json!({}), Some(json!("")));
    give("$states.input.n.$string()", json!({"n": 5}), Some(json!("5")));
    give("$map([1.5e300, 'a'], $string)", json!({}), Some(json!(["1.5e+300", "a"])));
    give("$string($states.input.missing)", json!({}), None);
    // `&` writes its operands as `$string` does, everywhere in an expression.
    give("'x' & 1/3 & 1e21 & null & true & [1.5e-7]", json!({}), Some(json!("x0.3333333333333331e+21nulltrue[1.5e-7]")));
    give("$map([1e21], function($v) { {'k': ($v & '')} }).k", json!({}), Some(json!("1e+21")));
    give("$states.input.n & $states.input.missing & ''", json!({"n": 2.5}), Some(json!("2.5")));
    give("('a' & 'b')[0] & $string(1)", json!({}), Some(json!("ab1")));
    fails("'x' & 1/0", "D3001");
    fails("$string(1/0)", "D3001");
    fails("$string(1, 2)", "T0410");
}

#[test]
fn extreme_arguments_fail_or_answer_instead_of_crashing() {
    give("$substring('abc', 1e300)", json!({}), Some(json!("")));
    give("$substring('abc', 1, 9e18)", json!({}), Some(json!("bc")));
    give("$substring('abc', -1e300, 2)", json!({}), Some(json!("ab")));
    give("$pad('x', -3, '#')", json!({}), Some(json!("##x")));
    // A gigabyte string, or 2^63 bytes (an abort, not a panic), is refused as AWS refuses it.
    fails("$pad('x', 1e9)", "");
    fails("$pad('x', -1e300)", "");
    // A range this long is refused before anything is built (seuil's own operator overflowed).
    refused("$count([-9000000000000000000..9000000000000000000])");
}

/// The expression fails with AWS's memory-limit error, which has no JSONata code.
fn refused(expr: &str) {
    says(expr, "Expression evaluation memory limit exceeded: Check for excessive memory usage");
}

#[test]
fn values_are_bounded_by_aws_memory_limit() {
    // Doubling a string: 2^22 characters are accepted, 2^23 refused (AWS holds one value to
    // 6,990,256 bytes), and sixty doublings are refused at the first one past the limit.
    let doubled = |n: u32| format!("($f := function($s, $n) {{ $n = 0 ? $s : $f($s & $s, $n - 1) }}; $length($f('x', {n})))");
    give(&doubled(22), json!({}), Some(json!(4_194_304)));
    refused(&doubled(23));
    refused(&doubled(60));
    give("$length($pad('', 262144, 'x') & $pad('', 262144, 'y'))", json!({}), Some(json!(524_288)));
    // The range operator: AWS accepts 873,782 numbers, not one more (seuil built ten million).
    give("[1..873782] ~> $count()", json!({}), Some(json!(873_782)));
    refused("[1..873783] ~> $count()");
    refused("$sum([1..900000])");
    give("[[3..1], [1..3, 5], ['a'][[0..0]]]", json!({}), Some(json!([[], [1, 2, 3, 5], "a"])));
    fails("[1.5..3]", "T2003");
    fails("[1..'a']", "T2004");
    // Functions that build one long string from many shared pieces.
    let big = "$s := $pad('', 1000000, 'x')";
    refused(&format!("({big}; $join([1..10].($s)))"));
    refused(&format!("({big}; $string([1..10].($s)))"));
    refused(&format!("({big}; $length($replace($s, 'x', 'yyyyyyyy')))"));
    let hundred = "$t := $pad('', 100000, 'x'); $y := $pad('', 100, 'y')";
    refused(&format!("({hundred}; $length($replace($t, /x/, $y)))"));
    refused(&format!("({hundred}; $length($replace($t, /(x)/, '$1' & $y)))"));
    refused(&format!("({big}; $length($replace($s, /x/, function($m) {{ $s }})))"));
    give(&format!("({big}; $length($replace($s, 'zz', 'yyyyyyyyyy')))"), json!({}), Some(json!(1_000_000)));
    give(&format!("({big}; $length($replace($s, 'x', 'yyyyyyyy', 5)))"), json!({}), Some(json!(1_000_035)));
    give(&format!("({hundred}; $length($replace($t, /x/, $y, 10)))"), json!({}), Some(json!(100_990)));
    give(&format!("({big}; $length($join([1..5].($s), ',')))"), json!({}), Some(json!(5_000_004)));
    // The result, and the arena as a whole: 600 distinct strings of a megabyte each.
    refused(&format!("({big}; [1..10].($s))"));
    refused(&format!("({big}; $count([1..600].($s & $)))"));
}

#[test]
fn integers_beyond_2_pow_53_pass_through_exact() {
    let input = json!({"id": 9007199254740993_i64, "ids": [-1234567890123456789_i64], "small": 3, "max": i64::MAX});
    give("$states.input.id", input.clone(), Some(json!(9007199254740993_i64)));
    give("{'a': $states.input.ids, 'b': $states.input.ids[0]}", input.clone(), Some(json!({"a": [-1234567890123456789_i64], "b": -1234567890123456789_i64})));
    give("[$states.input.id][0]", input.clone(), Some(json!(9007199254740993_i64)));
    give("$sort([$states.input.max, $states.input.id])", input.clone(), Some(json!([9007199254740993_i64, i64::MAX])));
    give("$states.input.small + 1", input, Some(json!(4)));
}

#[test]
fn arithmetic_is_done_in_javascript_doubles() {
    // 2^53 + 1 is no double: read by any arithmetic or comparison it is 2^53, as in JavaScript
    // (where `9007199254740993 + 0` is 9007199254740992), whether it came in or was written.
    let input = json!({"id": 9007199254740993_i64, "max": i64::MAX});
    let cases = [
        ("9007199254740993 + 0", json!(9007199254740992_i64)),
        ("$states.input.id + 0", json!(9007199254740992_i64)),
        ("$states.input.id + 1", json!(9007199254740992_i64)),
        ("$states.input.id - 1", json!(9007199254740991_i64)),
        ("$states.input.id * 3", json!(27021597764222976_i64)),
        ("$states.input.id / 2", json!(4503599627370496_i64)),
        ("$states.input.id % 10", json!(2)),
        ("-$states.input.id", json!(-9007199254740992_i64)),
        ("$abs($states.input.id)", json!(9007199254740992_i64)),
        ("$sum([$states.input.id, 1])", json!(9007199254740992_i64)),
        ("$states.input.id = 9007199254740992", json!(true)),
        ("$states.input.id > 9007199254740992", json!(false)),
        ("$string($states.input.id)", json!("9007199254740990")),
        // 2^63 - 1 reads as 2^63, which is past i64 and written as a double.
        ("$states.input.max + 0", json!(9.223372036854776e18)),
        // The product's double, written in full (JavaScript prints it 121932631112635260).
        ("123456789 * 987654321", json!(121932631112635264_i64)),
        ("0.1 + 0.2", json!(0.30000000000000004)),
        ("7 % -3", json!(1)),
        ("-7 % 3", json!(-1)),
        ("1e308 * 10", json!("Infinity")),
    ];
    for (expr, want) in cases {
        give(expr, input.clone(), Some(want));
    }
}

#[test]
fn errors_are_worded_as_aws_words_them() {
    // Recorded from AWS (TestState; floci-io/floci#2668, #2736): the code, then jsonata-js's
    // message with names, operators and values written as JSON.
    says("1 + {}", "T2002: The right side of the \"+\" operator must evaluate to a number");
    says("$sum(['a'])", "T0412: Argument 1 of function \"sum\" must be an array of \"numbers\"");
    says("$each('x', function($v) { $v })", "T0410: Argument 1 of function \"each\" does not match function signature");
    says("$parse(null)", "T0410: Argument 1 of function \"parse\" does not match function signature");
    says("$reduce([1, 2], function($a) { $a })", "D3050: The second argument of reduce function must be a function with at least two arguments");
    says("$single([1, 2], function($x) { true })", "D3138: The $single() function expected exactly 1 matching result.  Instead it matched more.");
    says("$sqrt(-1)", "D3060: The sqrt function cannot be applied to a negative number: -1");
    says("$split('a', 'b', -1)", "D3020: Third argument of split function must evaluate to a positive number");
    says("$randomSeeded(1)", "T1006: Attempted to invoke a non-function");
    // The same catalog where AWS's answer was not recorded.
    says("'a' + 1", "T2001: The left side of the \"+\" operator must evaluate to a number");
    says("1 < 'a'", "T2009: The values 1 and \"a\" either side of operator \"<\" must be of the same data type");
    says("-'a'", "D1002: Cannot negate a non-numeric value: \"a\"");
    says("{1.5: 2}", "T1003: Key in object structure must evaluate to a string; got: 1.5");
    says("$join([1])", "T0412: Argument 1 of function \"join\" must be an array of \"strings\"");
    says("$sort([1, 'a'])", "D3070: The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function");
    says("$formatInteger(1, 'x')", "D3130: Formatting or parsing an integer as a sequence starting with \"x\" is not supported by this implementation");
    // AWS's own bounds have no code (recorded, floci-io/floci#2737).
    says("($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000))", "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.");
}

#[test]
fn surplus_arguments_are_refused_naming_the_first() {
    let surplus = |expr: &str, index: usize, name: &str| says(expr, &format!("T0410: Argument {index} of function \"{name}\" does not match function signature"));
    surplus("$substring('abc', 1, 2, 3)", 4, "substring");
    surplus("$uppercase('a', 'b')", 2, "uppercase");
    surplus("$count([1], 2)", 2, "count");
    surplus("$keys({}, 1)", 2, "keys");
    surplus("$partition([1], 1, 1)", 3, "partition");
    surplus("$random(1, 2)", 2, "random");
    surplus("$uuid(1)", 1, "uuid");
    surplus("$string(1, true, 3)", 3, "string");
    surplus("$map([1], $count, 1)", 3, "map");
    // Calls within the signature, functions passed to higher-order ones and a variable of the
    // same name are as before.
    give("$substring('abc', 1, 1) & $uppercase('a') & $count([1])", json!({}), Some(json!("bA1")));
    give("{'u': $map(['a', 'b'], $uppercase), 'b': $filter([1, 0, 2], $boolean), 's': $map([1.5, 2], $string)}", json!({}), Some(json!({"u": ["A", "B"], "b": [1, 2], "s": ["1.5", "2"]})));
    give("($count := function($a, $b) { $a + $b }; $count(1, 2))", json!({}), Some(json!(3)));
}

#[test]
fn format_and_parse_integer() {
    // The examples of the JSONata documentation.
    give("$formatInteger(2789, 'w')", json!({}), Some(json!("two thousand, seven hundred and eighty-nine")));
    give("$formatInteger(1999, 'I')", json!({}), Some(json!("MCMXCIX")));
    give("$parseInteger('twelve thousand, four hundred and seventy-six', 'w')", json!({}), Some(json!(12476)));
    give("$parseInteger('12,345,678', '#,##0')", json!({}), Some(json!(12345678)));
    // Decimal patterns: padding, grouping (regular and not), other digit families, ordinals.
    give("$formatInteger(7, '000')", json!({}), Some(json!("007")));
    give("$formatInteger(1234567, '#,##0')", json!({}), Some(json!("1,234,567")));
    give("$formatInteger(1234567, '#,##,##0')", json!({}), Some(json!("12,34,567")));
    give("$formatInteger(12, '#,##,##0')", json!({}), Some(json!("12")));
    give("$formatInteger(42, '٠')", json!({}), Some(json!("٤٢")));
    give("[1, 2, 3, 4, 11, 12, 13, 21, 112].$formatInteger($, '0;o')", json!({}), Some(json!(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "112th"])));
    give("$formatInteger(-12.7, '0')", json!({}), Some(json!("-13")));
    // Letters, Roman numerals and words, with their cases and ordinals.
    give("[1, 26, 27, 702, 703].$formatInteger($, 'a')", json!({}), Some(json!(["a", "z", "aa", "zz", "aaa"])));
    give("$formatInteger(28, 'A')", json!({}), Some(json!("AB")));
    give("$formatInteger(1994, 'i')", json!({}), Some(json!("mcmxciv")));
    give("$formatInteger(20, 'w;o')", json!({}), Some(json!("twentieth")));
    give("$formatInteger(101, 'Ww;o')", json!({}), Some(json!("One Hundred and First")));
    give("$formatInteger(1000000, 'W')", json!({}), Some(json!("ONE MILLION")));
    give("$formatInteger(0, 'w')", json!({}), Some(json!("zero")));
    give("$parseInteger('aaa', 'a')", json!({}), Some(json!(703)));
    give("$parseInteger('MCMXCIX', 'I')", json!({}), Some(json!(1999)));
    give("$parseInteger('twenty-first', 'w;o')", json!({}), Some(json!(21)));
    give("$parseInteger('21st', '0;o')", json!({}), Some(json!(21)));
    give("$parseInteger('٤٢', '٠')", json!({}), Some(json!(42)));
    // Text it cannot read is NaN, which AWS writes as "NaN".
    give("$parseInteger('abc', '0')", json!({}), Some(json!("NaN")));
    give("$parseInteger('one zillion', 'w')", json!({}), Some(json!("NaN")));
    fails("$formatInteger(1, 'x')", "D3130");
    fails("$formatInteger(1, '0١')", "D3131");
    fails("$formatInteger(1/0, 'w')", "T0410");
    fails("$formatInteger(1e300, 'i')", "");
}

#[test]
fn url_encoding_as_javascript() {
    give("$encodeUrlComponent('?x=test&y=é ü')", json!({}), Some(json!("%3Fx%3Dtest%26y%3D%C3%A9%20%C3%BC")));
    give("$encodeUrl('https://x.com/a b?q=1&r=é')", json!({}), Some(json!("https://x.com/a%20b?q=1&r=%C3%A9")));
    give("$decodeUrlComponent('%3Fx%3Dtest%26y%3D%C3%A9')", json!({}), Some(json!("?x=test&y=é")));
    give("$decodeUrl('https://x.com/a%20b%2Fc%3F')", json!({}), Some(json!("https://x.com/a b%2Fc%3F")));
    give("$states.input.s.$encodeUrlComponent()", json!({"s": "a b"}), Some(json!("a%20b")));
    give("$encodeUrl($states.input.missing)", json!({}), None);
    fails("$decodeUrlComponent('%E0%A4%A')", "D3140");
    fails("$decodeUrl('%+1')", "D3140");
    fails("$encodeUrl(1)", "T0410");
}

/// A panic caught inside an evaluation (here `bumpalo` refusing to grow the arena past its cap)
/// prints nothing; one outside, on the same thread afterwards, is reported as usual. Run in a
/// child process, as the panic hook is global to the process.
#[test]
fn caught_panics_stay_quiet_and_others_are_reported() {
    const CHILD: &str = "WFM_QUIET_PANIC_CHILD";
    if std::env::var_os(CHILD).is_some() {
        refused("($s := $pad('', 1000000, 'x'); $count([1..600].($s & $)))");
        let _ = std::panic::catch_unwind(|| panic!("a panic outside JSONata"));
        return;
    }
    let name = concat!(module_path!(), "::caught_panics_stay_quiet_and_others_are_reported");
    let name = name.split_once("::").map_or(name, |(_, rest)| rest);
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&child.stderr);
    assert!(child.status.success(), "{stderr}");
    assert!(String::from_utf8_lossy(&child.stdout).contains("1 passed"), "the child ran no test");
    assert!(!stderr.contains("allocation error"), "{stderr}");
    assert_eq!(stderr.matches("a panic outside JSONata").count(), 1, "{stderr}");
}

/// jsonata-js's sequences: a function or path whose result is a sequence of one gives the value
/// itself, an empty one gives nothing, and a plain array stays an array (`functions.js`).
#[test]
fn singleton_sequences_collapse_as_in_jsonata_js() {
    let two_ones = json!({"b": [{"c": 1}, {"c": 1}]});
    let cases = [
        // Sequences: $map, $filter, $each, $match, $spread of an object, paths.
        ("$map([1], function($v) { $v })", Some(json!(1))),
        ("$map(5, function($v) { $v * 2 })", Some(json!(10))),
        ("$map([[1]], function($v) { $v })", Some(json!([1]))),
        ("$map([1, 2], function($v) { $v })", Some(json!([1, 2]))),
        ("$map([], function($v) { $v })", None),
        ("$map([1], function($v) { $v })[]", Some(json!([1]))),
        ("[$map([1], function($v) { $v })]", Some(json!([1]))),
        ("$filter([5], function($v) { true })", Some(json!(5))),
        ("$filter([5, 6], function($v) { $v > 5 })", Some(json!(6))),
        ("$filter([5, 6, 7], function($v) { $v > 5 })", Some(json!([6, 7]))),
        ("$filter([5, 6], function($v) { false })", None),
        ("$each({'a': 1}, function($v) { $v })", Some(json!(1))),
        ("$each({'a': 1, 'b': 2}, function($v) { $v })", Some(json!([1, 2]))),
        ("$match('ab', /a/, 1).index", Some(json!(0))),
        ("$count($match('ab', /a/, 1))", Some(json!(1))),
        ("$spread({'a': 1})", Some(json!({"a": 1}))),
        ("$spread({})", None),
        ("[{'a': 1}].a", Some(json!(1))),
        ("[{'a': [1]}].a", Some(json!([1]))),
        ("[1]", Some(json!([1]))),
        // Plain arrays: $append, $spread of an array, $sort, $reverse and $shuffle.
        ("$append(1, [])", Some(json!([1]))),
        ("$append([], 1)", Some(json!([1]))),
        ("$append([], [])", Some(json!([]))),
        ("$append($map([1], function($v) { $v }), [])", Some(json!([1]))),
        ("$append(1, $nothing)", Some(json!(1))),
        ("$spread([{'a': 1}])", Some(json!([{"a": 1}]))),
        ("$spread([[{'a': 1, 'b': 2}]])", Some(json!([{"a": 1}, {"b": 2}]))),
        ("$spread([{}])", Some(json!([]))),
        ("$spread([])", None),
        ("$sort([1])", Some(json!([1]))),
        ("$sort(1)", Some(json!([1]))),
        ("$distinct($sort($states.input.b.c))", Some(json!([1]))),
        ("$reverse(1)", Some(json!([1]))),
        ("$reverse([1])", Some(json!([1]))),
        ("$reverse([1, 2])", Some(json!([2, 1]))),
        ("$shuffle(1)", Some(json!([1]))),
        ("$sort($shuffle([3, 1, 2]))", Some(json!([1, 2, 3]))),
        // $distinct: a sequence of a sequence (a path's result), else an array.
        ("$distinct($states.input.b.c)", Some(json!(1))),
        ("$distinct([1, 1])", Some(json!([1]))),
        ("$distinct(1)", Some(json!(1))),
        // jsonata-js swaps two items when the comparator's result is truthy in JavaScript.
        ("$sort([1, 3, 2], function($l, $r) { $r - $l })", Some(json!([2, 3, 1]))),
    ];
    for (expr, expected) in cases {
        give(expr, two_ones.clone(), expected);
    }
}

#[test]
fn shuffle_shuffles() {
    let sorted = Some(json!((1..=20).collect::<Vec<_>>()));
    let orders: Vec<_> = (0..5).map(|_| eval("$shuffle([1..20])").unwrap()).collect();
    assert!(orders.iter().any(|o| *o != sorted), "{orders:?}");
    assert!(orders.iter().all(|o| eval(&format!("$sort({})", o.clone().unwrap())).unwrap() == sorted));
}

#[test]
fn distinct_compares_as_jsonata_js_deep_equals() {
    // jsonata-js keeps the first of the values its `deepEquals` finds equal: numbers by `===`
    // (`0` and `-0` alike, `1` and `1.0` alike), arrays member by member, objects by their keys and
    // values in any order.
    let cases = [
        ("$distinct([0, -0, 1])", json!([0, 1])),
        ("$distinct([-0, 0]) ~> function($a) { 1 / $a[0] }", json!("-Infinity")),
        ("$distinct([1, 1.0, 2])", json!([1, 2])),
        ("$distinct([{'a': 1}, {'a': 1}])", json!([{"a": 1}])),
        ("$distinct([{'a': 1, 'b': [0]}, {'b': [-0], 'a': 1}])", json!([{"a": 1, "b": [0]}])),
        ("$distinct([{'a': 1}, {'a': 1, 'b': 2}, {'a': '1'}])", json!([{"a": 1}, {"a": 1, "b": 2}, {"a": "1"}])),
        ("$distinct([[1, 2], [1, 2], [2, 1]])", json!([[1, 2], [2, 1]])),
        ("$distinct([[1..3], [1, 2, 3]])", json!([[1, 2, 3]])),
        ("$distinct([1, '1', true, null, null, [], {}])", json!([1, "1", true, null, [], {}])),
    ];
    for (expr, expected) in cases {
        give(expr, json!({}), Some(expected));
    }
}

#[test]
fn functions_jsonata_js_lacks_are_undefined() {
    // `seuil` offers `$flatten`; jsonata-js (which AWS runs) has no such function.
    says("$flatten([1, [2]])", "T1006: Attempted to invoke a non-function");
    give("$exists($flatten)", json!({}), Some(json!(false)));
    give("($flatten := function($a) { $a }; $flatten(1))", json!({}), Some(json!(1)));
}
