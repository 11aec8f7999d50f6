//! Rows as JSON objects, for `execute_data_command`: each cell is decoded as the first Rust
//! type its SQL type accepts (sqlx checks compatibility, so a wrong guess is an `Err`, never a
//! garbled value). Types with no JSON counterpart come back as `"<TYPE>"` rather than failing.

use serde_json::{json, Map, Value};
use sqlx::mysql::MySqlRow;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::types::chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use sqlx::types::Decimal;
use sqlx::{Column, Row, TypeInfo, ValueRef};

/// Tries each `type => conversion` in turn; the first that decodes wins.
macro_rules! first_decodable {
    ($row:expr, $i:expr, $($t:ty => $conv:expr),+ $(,)?) => {{
        match $row.try_get_raw($i) {
            Ok(raw) if raw.is_null() => return Value::Null,
            Ok(_) => {}
            Err(_) => return Value::Null,
        }
        $( if let Ok(v) = $row.try_get::<$t, _>($i) { return $conv(v); } )+
        let ty = $row.columns().get($i).map(|c| c.type_info().name().to_string()).unwrap_or_default();
        Value::String(format!("<{ty}>"))
    }};
}

fn decimal(d: Decimal) -> Value {
    d.to_string().parse::<f64>().map(Value::from).unwrap_or_else(|_| Value::String(d.to_string()))
}

fn bytes(b: Vec<u8>) -> Value {
    match String::from_utf8(b) {
        Ok(s) => Value::String(s),
        Err(e) => Value::String(format!("<{} bytes>", e.as_bytes().len())),
    }
}

fn sqlite_cell(row: &SqliteRow, i: usize) -> Value {
    first_decodable!(row, i,
        i64 => Value::from,
        f64 => Value::from,
        String => Value::String,
        Vec<u8> => bytes,
    )
}

fn pg_cell(row: &PgRow, i: usize) -> Value {
    first_decodable!(row, i,
        bool => Value::Bool,
        i16 => Value::from,
        i32 => Value::from,
        i64 => Value::from,
        f32 => |v: f32| Value::from(f64::from(v)),
        f64 => Value::from,
        Decimal => decimal,
        String => Value::String,
        Value => |v| v,
        DateTime<Utc> => |v: DateTime<Utc>| json!(v.to_rfc3339()),
        NaiveDateTime => |v: NaiveDateTime| json!(v.to_string()),
        NaiveDate => |v: NaiveDate| json!(v.to_string()),
        NaiveTime => |v: NaiveTime| json!(v.to_string()),
        Vec<String> => |v| json!(v),
        Vec<i64> => |v| json!(v),
        Vec<i32> => |v| json!(v),
        Vec<u8> => bytes,
    )
}

fn mysql_cell(row: &MySqlRow, i: usize) -> Value {
    first_decodable!(row, i,
        i64 => Value::from,
        u64 => Value::from,
        f64 => Value::from,
        f32 => |v: f32| Value::from(f64::from(v)),
        Decimal => decimal,
        String => Value::String,
        NaiveDateTime => |v: NaiveDateTime| json!(v.to_string()),
        DateTime<Utc> => |v: DateTime<Utc>| json!(v.to_rfc3339()),
        NaiveDate => |v: NaiveDate| json!(v.to_string()),
        NaiveTime => |v: NaiveTime| json!(v.to_string()),
        Value => |v| v,
        Vec<u8> => bytes,
    )
}

/// Column names of a row, in order.
pub fn column_names<R: Row>(row: &R) -> Vec<String> {
    row.columns().iter().map(|c| c.name().to_string()).collect()
}

fn to_object(names: &[String], cell: impl Fn(usize) -> Value) -> Value {
    let mut m = Map::new();
    for (i, n) in names.iter().enumerate() {
        m.insert(n.clone(), cell(i));
    }
    Value::Object(m)
}

/// A SQLite row as a JSON object.
pub fn sqlite_object(row: &SqliteRow) -> Value {
    to_object(&column_names(row), |i| sqlite_cell(row, i))
}

/// A PostgreSQL row as a JSON object.
pub fn pg_object(row: &PgRow) -> Value {
    to_object(&column_names(row), |i| pg_cell(row, i))
}

/// A MySQL row as a JSON object.
pub fn mysql_object(row: &MySqlRow) -> Value {
    to_object(&column_names(row), |i| mysql_cell(row, i))
}
