//! Table-driven tests of path evaluation with Jayway's semantics (as AWS uses it): definite
//! paths give a value or Jayway's error message, indefinite paths give every match.

use engine::env::Env;
use engine::path::{Path, PathEvalError};
use serde_json::{json, Value};

fn eval(path: &str, input: &Value) -> Result<Value, PathEvalError> {
    let ctx = json!({"Execution": {"Id": "exec-id", "Input": {"k": 1}}, "State": {"Name": "S"}});
    Path::parse(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .eval(&Env::new(input, &ctx))
}

fn give(path: &str, input: Value, expected: Value) {
    let got = eval(path, &input).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(got, expected, "{path} on {input}");
}

fn miss(path: &str, input: Value, message: &str) {
    let err = eval(path, &input).expect_err(path);
    assert_eq!(err.to_string(), message, "{path}");
}

fn store() -> Value {
    json!({"store": {
        "book": [
            {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
            {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
            {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
            {"category": "fiction", "author": "J. R. R. Tolkien", "title": "LOTR", "isbn": "0-395", "price": 22.99}
        ],
        "bicycle": {"color": "red", "price": 19.95}
    }, "expensive": 10})
}

#[test]
fn definite_paths() {
    let input = json!({"a": {"b": [10, 20, {"c": null}]}, "x y": 1, "Test\\\"\"Name\"": "Value\"\\", "n": null});
    give("$", input.clone(), input.clone());
    give("$.a.b[1]", input.clone(), json!(20));
    give("$.a.b[-1].c", input.clone(), json!(null));
    give("$['a']['b'][0]", input.clone(), json!(10));
    give("$[\"a\"].b[0]", input.clone(), json!(10));
    give("$['x y']", input.clone(), json!(1));
    give("$.n", input.clone(), json!(null));
    give("$['Test\\\"\"Name\"']", input.clone(), json!("Value\"\\"));
    give("$.a-b", json!({"a-b": 2}), json!(2));
    give("$.a:b", json!({"a:b": 3}), json!(3));
    give("$$.Execution.Id", json!({}), json!("exec-id"));
    give("$$.Execution.Input.k", json!({}), json!(1));
    give(
        "$$",
        json!({}),
        json!({"Execution": {"Id": "exec-id", "Input": {"k": 1}}, "State": {"Name": "S"}}),
    );
    give(
        "$.items[0]",
        json!({"items": [{"item_key": 0}, {"item_key": 1}]}),
        json!({"item_key": 0}),
    );
}

#[test]
fn jayway_errors_for_definite_paths() {
    miss(
        "$.NoSuchInputPath",
        json!({"int-literal": 0}),
        "No results for path: $['NoSuchInputPath']",
    );
    miss("$.a.b", json!({"c": 1}), "Missing property in path $['a']");
    miss(
        "$.a.b.c",
        json!({"a": {}}),
        "Missing property in path $['a']['b']",
    );
    miss(
        "$.a[5]",
        json!({"a": [1]}),
        "No results for path: $['a'][5]",
    );
    miss(
        "$.a[0].b",
        json!({"a": []}),
        "No results for path: $['a'][0]['b']",
    );
    miss("$.a[0]", json!({"a": null}), "The path $['a'] is null");
    miss(
        "$.a[0]",
        json!({"a": {"x": 1}}),
        "Filter: [0] can only be applied to arrays. Current context is: {\"x\":1}",
    );
    let err = eval("$.a.b", &json!({"a": "text"}))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("Expected to find an object with property ['b'] in path $['a'] but found 'java.lang.String'"), "{err}");
}

#[test]
fn indefinite_paths() {
    let table: Vec<(&str, Value)> = vec![
        (
            "$.store.book[*].author",
            json!([
                "Nigel Rees",
                "Evelyn Waugh",
                "Herman Melville",
                "J. R. R. Tolkien"
            ]),
        ),
        (
            "$..author",
            json!([
                "Nigel Rees",
                "Evelyn Waugh",
                "Herman Melville",
                "J. R. R. Tolkien"
            ]),
        ),
        ("$.store.*.color", json!(["red"])),
        ("$.store..price", json!([8.95, 12.99, 8.99, 22.99, 19.95])),
        ("$..book[2].title", json!(["Moby Dick"])),
        ("$..book[-1:].title", json!(["LOTR"])),
        ("$..book[0,1].title", json!(["Sayings", "Sword"])),
        ("$..book[:2].title", json!(["Sayings", "Sword"])),
        ("$.store.book[1:3].title", json!(["Sword", "Moby Dick"])),
        ("$.store.book[-3:-1].title", json!(["Sword", "Moby Dick"])),
        ("$.store.book[10:].title", json!([])),
        ("$..book[?(@.isbn)].title", json!(["Moby Dick", "LOTR"])),
        (
            "$.store.book[?(@.price < 10)].title",
            json!(["Sayings", "Moby Dick"]),
        ),
        (
            "$..book[?(@.price <= $['expensive'])].title",
            json!(["Sayings", "Moby Dick"]),
        ),
        (
            "$..book[?(@.author == 'Evelyn Waugh')].price",
            json!([12.99]),
        ),
        (
            "$..book[?(@.author != \"Evelyn Waugh\" && @.price > 20)].title",
            json!(["LOTR"]),
        ),
        (
            "$..book[?(@.price > 20 || @.category == 'reference')].title",
            json!(["Sayings", "LOTR"]),
        ),
        (
            "$..book[?(!(@.category == 'fiction'))].title",
            json!(["Sayings"]),
        ),
        (
            "$..book[?(@.category in ['reference', 'x'])].title",
            json!(["Sayings"]),
        ),
        (
            "$..book[?(@.category nin ['fiction'])].title",
            json!(["Sayings"]),
        ),
        ("$..book[?(@.title size 4)].title", json!(["LOTR"])),
        (
            "$.store.book[*]['title','price']",
            json!([
        {"title": "Sayings", "price": 8.95}, {"title": "Sword", "price": 12.99},
        {"title": "Moby Dick", "price": 8.99}, {"title": "LOTR", "price": 22.99}]),
        ),
        (
            "$.store.bicycle['color','nope','price']",
            json!({"color": "red", "price": 19.95}),
        ),
    ];
    for (path, expected) in table {
        give(path, store(), expected);
    }
    let rows =
        json!([{"k": 1, "j": true, "a": [1, 2]}, {"k": 2, "j": false, "a": []}, {"k": null}]);
    let first = json!([rows[0].clone()]);
    for filter in [
        "$[?((@.k == 1))]",
        "$[?(@.k==1&&@.j==true)]",
        "$[?(@.k in [1,3])]",
        "$[?(@.a anyof [2])]",
        "$[?(@.a empty false)]",
        "$[?(@.a contains 2)]",
        "$[?(@.k < 2)]",
    ] {
        give(filter, rows.clone(), first.clone());
    }
    give("$[?(@.a noneof [1])].k", rows.clone(), json!([2]));
    let users = json!({"users": [{"status": 0, "n": "a"}, {"status": 1, "n": "b"}], "x": {"status": 0, "n": "c"}});
    give("$..[?(@.status == 0)].n", users.clone(), json!(["a", "c"]));
    give(
        "$..['status','n']",
        users.clone(),
        json!([{"status": 0, "n": "a"}, {"status": 1, "n": "b"}, {"status": 0, "n": "c"}]),
    );
    give("$..[0].n", users.clone(), json!(["a", "b"]));
    give("$..[1]", users.clone(), json!([{"status": 1, "n": "b"}]));
    give("$[?(@.a subsetof [1,2,3])].k", rows.clone(), json!([1, 2]));
    give("$[?(@.j)].k", rows.clone(), json!([1, 2]));
    give("$[?(@.k == null)].k", rows.clone(), json!([null]));
    give("$[?(!@.a)].k", rows.clone(), json!([null]));
    give(
        "$..book[?(@.author =~ /.*REES/i)].title",
        store(),
        json!(["Sayings"]),
    );
    give("$..book[?(@.author =~ /Rees/)].title", store(), json!([]));
    give(
        "$..book[?(@.isbn =~ /0-\\d+/)].title",
        store(),
        json!(["Moby Dick", "LOTR"]),
    );
    give(
        "$.users[?(@.status == 0)]",
        json!({"users": [{"year": 1997, "status": 0}, {"year": 1998, "status": 1}]}),
        json!([{"year": 1997, "status": 0}]),
    );
    give(
        "$[?(@.k == 1)]",
        json!([{"k": 1}, {"k": "1"}, {"k": 2}]),
        json!([{"k": 1}, {"k": "1"}]),
    );
    give("$.*", json!({"a": 1, "b": [2]}), json!([1, [2]]));
    give("$..*", json!({"a": {"b": 1}}), json!([{"b": 1}, 1]));
    give("$..[0]", json!({"a": [1, [2, 3]]}), json!([1, 2]));
}

#[test]
fn indefinite_paths_on_missing_input_are_empty() {
    for path in [
        "$[*]",
        "$.item.items[*]",
        "$.item.items[1:]",
        "$.item.items[1:5]",
        "$.items[1:]",
        "$.items[1:].itemValue",
        "$.items[*].itemValue",
        "$..nothing",
        "$.a[?(@.x)]",
    ] {
        give(path, json!({}), json!([]));
    }
    give("$.s[*]", json!({"s": "text"}), json!([]));
    give("$.s[0:1]", json!({"s": 5}), json!([]));
}

#[test]
fn functions() {
    let s = store();
    give("$.store.book.length()", s.clone(), json!(4));
    give("$..price.length()", s.clone(), json!(5));
    give(
        "$.store.bicycle.keys()",
        s.clone(),
        json!(["color", "price"]),
    );
    give("$..book[*].price.min()", s.clone(), json!(8.95));
    give("$..book[*].price.max()", s.clone(), json!(22.99));
    give("$.n.sum()", json!({"n": [1, 2, 3]}), json!(6.0));
    give("$.n.avg()", json!({"n": [1, 2, 3]}), json!(2.0));
    give("$.n.first()", json!({"n": [1, 2, 3]}), json!(1));
    give("$.n.last()", json!({"n": [1, 2, 3]}), json!(3));
    assert!(eval("$.n.max()", &json!({"n": []})).is_err());
}

#[test]
fn variables() {
    let input = json!({"i": 1});
    let ctx = json!({});
    let mut vars = serde_json::Map::new();
    vars.insert("var".into(), json!({"a": [5, 6]}));
    vars.insert("theAnswer".into(), json!(42));
    let env = Env {
        input: &input,
        context: &ctx,
        vars: &vars,
    };
    let at = |p: &str| Path::parse(p).unwrap().eval(&env);
    assert_eq!(at("$var.a[1]").unwrap(), json!(6));
    assert_eq!(at("$var['a'][0]").unwrap(), json!(5));
    assert_eq!(at("$theAnswer").unwrap(), json!(42));
    assert_eq!(at("$var.a[*]").unwrap(), json!([5, 6]));
    assert_eq!(
        at("$nope").unwrap_err(),
        PathEvalError::UndefinedVariable("nope".into())
    );
    assert_eq!(at("$.i").unwrap(), json!(1));
}
