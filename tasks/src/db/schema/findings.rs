//! Schema findings computed from the engine-neutral model, so every engine gets the same rules.

use super::{Index, TableInfo};
use serde_json::{json, Value};

/// All findings, table by table: `{kind, table, message, …}`.
pub fn find(tables: &[TableInfo]) -> Vec<Value> {
    let mut out = Vec::new();
    for t in tables {
        if t.primary_key.is_empty() {
            out.push(json!({"kind": "no_primary_key", "table": t.name,
                "message": format!("table {} has no primary key", t.name)}));
        }
        out.extend(unindexed_foreign_keys(t));
        out.extend(duplicate_indexes(t));
        out.extend(unused_indexes(t));
    }
    out
}

/// An index serves a foreign key when the key's columns are the index's leading columns.
fn covers(index_columns: &[String], fk_columns: &[String]) -> bool {
    if index_columns.len() < fk_columns.len() {
        return false;
    }
    let mut lead: Vec<&String> = index_columns[..fk_columns.len()].iter().collect();
    let mut want: Vec<&String> = fk_columns.iter().collect();
    lead.sort();
    want.sort();
    lead == want
}

fn unindexed_foreign_keys(t: &TableInfo) -> Vec<Value> {
    t.foreign_keys
        .iter()
        .filter(|fk| !covers(&t.primary_key, &fk.columns) && !t.indexes.iter().any(|i| covers(&i.columns, &fk.columns)))
        .map(|fk| {
            json!({"kind": "unindexed_foreign_key", "table": t.name, "columns": fk.columns,
                "references_table": fk.references_table,
                "message": format!("foreign key {}({}) → {} has no index; joins and deletes on {} scan the table",
                    t.name, fk.columns.join(", "), fk.references_table, fk.references_table)})
        })
        .collect()
}

/// Exact duplicates (same columns in the same order); the one reported is the one to drop:
/// never the primary key, and a unique index wins over a plain one.
fn duplicate_indexes(t: &TableInfo) -> Vec<Value> {
    let rank = |i: &Index| (i.primary, i.unique);
    let mut out = Vec::new();
    for (a_pos, a) in t.indexes.iter().enumerate() {
        let twin = t.indexes.iter().enumerate().find(|(b_pos, b)| {
            *b_pos != a_pos && b.columns == a.columns && !a.columns.is_empty() && (rank(b) > rank(a) || (rank(b) == rank(a) && *b_pos < a_pos))
        });
        if let Some((_, keep)) = twin {
            out.push(json!({"kind": "duplicate_index", "table": t.name, "index": a.name, "duplicate_of": keep.name,
                "columns": a.columns,
                "message": format!("index {} on {}({}) duplicates {}", a.name, t.name, a.columns.join(", "), keep.name)}));
        }
    }
    out
}

fn unused_indexes(t: &TableInfo) -> Vec<Value> {
    t.indexes
        .iter()
        .filter(|i| i.scans == Some(0) && !i.unique && !i.primary)
        .map(|i| {
            json!({"kind": "unused_index", "table": t.name, "index": i.name, "scans": 0,
                "message": format!("index {} on {} has not been used since statistics were reset", i.name, t.name)})
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::ForeignKey;
    use super::*;

    fn idx(name: &str, cols: &[&str], unique: bool, scans: Option<i64>) -> Index {
        Index { name: name.into(), columns: cols.iter().map(|c| c.to_string()).collect(), unique, primary: false, scans }
    }

    #[test]
    fn finds_each_kind_once() {
        let mut t = TableInfo::named("items".into(), 10);
        t.foreign_keys.push(ForeignKey { columns: vec!["product_id".into()], references_table: "products".into(), references_columns: vec![] });
        t.foreign_keys.push(ForeignKey { columns: vec!["order_id".into()], references_table: "orders".into(), references_columns: vec![] });
        t.indexes = vec![
            idx("u_order", &["order_id", "line"], true, Some(3)),
            idx("i_order", &["order_id", "line"], false, Some(0)),
        ];
        let kinds: Vec<String> = find(&[t]).iter().map(|f| f["kind"].as_str().unwrap().to_string()).collect();
        assert_eq!(kinds, ["no_primary_key", "unindexed_foreign_key", "duplicate_index", "unused_index"]);
    }

    #[test]
    fn a_primary_key_covers_its_foreign_key() {
        let mut t = TableInfo::named("profile".into(), 1);
        t.primary_key = vec!["user_id".into()];
        t.foreign_keys.push(ForeignKey { columns: vec!["user_id".into()], references_table: "users".into(), references_columns: vec![] });
        assert!(find(&[t]).is_empty());
    }
}
