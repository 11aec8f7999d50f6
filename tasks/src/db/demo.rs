//! The demo database: a small shop in a SQLite file, created on first use so that the example
//! workflows give real numbers on a fresh machine.
//!
//! It is built in a temporary file and renamed into place, so two tasks starting at once never
//! see half a database. Its flaws are deliberate, for `analyze_schema` to find: `audit_log` has
//! no primary key, `order_items.product_id` is a foreign key without an index, and
//! `idx_customers_email` duplicates the index behind `customers.email UNIQUE`.

use super::DbError;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::path::{Path, PathBuf};

/// Schema and deterministic data (recursive CTEs, no randomness: same numbers everywhere).
const SCRIPT: &str = r#"
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents > 0),
    stock INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    total_cents INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE order_items (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    product_id INTEGER NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL
);
CREATE TABLE audit_log (
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX idx_orders_customer_id ON orders(customer_id);
CREATE INDEX idx_orders_status ON orders(status);
CREATE INDEX idx_order_items_order_id ON order_items(order_id);
CREATE INDEX idx_customers_email ON customers(email);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250),
first(k, v) AS (VALUES (0,'Ada'),(1,'Grace'),(2,'Linus'),(3,'Margaret'),(4,'Ken'),(5,'Barbara'),(6,'Dennis'),(7,'Frances'),(8,'Edsger'),(9,'Radia')),
last(k, v) AS (VALUES (0,'Lovelace'),(1,'Hopper'),(2,'Torvalds'),(3,'Hamilton'),(4,'Thompson'),(5,'Liskov'),(6,'Ritchie'),(7,'Allen'),(8,'Dijkstra'),(9,'Perlman'),(10,'Knuth')),
country(k, v) AS (VALUES (0,'DE'),(1,'US'),(2,'FR'),(3,'GB'),(4,'NL'),(5,'SE'),(6,'ES'),(7,'JP'))
INSERT INTO customers (id, email, name, country, created_at)
SELECT i, 'customer' || i || '@example.com', first.v || ' ' || last.v, country.v,
       date('2024-01-01', '+' || ((i * 37) % 600) || ' days')
FROM n JOIN first ON first.k = i % 10 JOIN last ON last.k = (i * 7) % 11 JOIN country ON country.k = (i * 3) % 8;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40),
cat(k, v) AS (VALUES (0,'books'),(1,'games'),(2,'garden'),(3,'kitchen'),(4,'tools'))
INSERT INTO products (id, sku, name, category, price_cents, stock)
SELECT i, printf('SKU-%04d', i), cat.v || ' item ' || i, cat.v, 499 + (i * 7919) % 9500, (i * 37) % 200
FROM n JOIN cat ON cat.k = i % 5;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO orders (id, customer_id, status, created_at)
SELECT i, 1 + (i * 37 + i / 7) % 250,
       CASE WHEN i % 20 < 2 THEN 'cancelled' WHEN i % 20 < 5 THEN 'pending' WHEN i % 20 < 8 THEN 'shipped' ELSE 'delivered' END,
       datetime('2024-03-01', '+' || (i * 7) || ' hours', '+' || ((i * 613) % 3600) || ' seconds')
FROM n;

WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 4)
INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents)
SELECT o.id, p.id, 1 + (o.id + k.j) % 3, p.price_cents
FROM orders o JOIN k ON k.j <= 1 + (o.id * 31) % 4
JOIN products p ON p.id = 1 + (o.id * 17 + k.j * 11) % 40;

UPDATE orders SET total_cents = (SELECT SUM(quantity * unit_price_cents) FROM order_items WHERE order_id = orders.id);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO audit_log (at, actor, action, detail)
SELECT datetime('2025-01-01', '+' || (i * 97) || ' minutes'), CASE i % 3 WHEN 0 THEN 'admin' WHEN 1 THEN 'system' ELSE 'support' END,
       CASE i % 4 WHEN 0 THEN 'login' WHEN 1 THEN 'refund' WHEN 2 THEN 'price_change' ELSE 'export' END, 'entry ' || i
FROM n;

CREATE VIEW order_summary AS
SELECT c.country, o.status, COUNT(*) AS orders, SUM(o.total_cents) / 100.0 AS revenue
FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.country, o.status;

ANALYZE;
"#;

/// Makes sure the demo database exists at `path` and returns that path.
pub async fn ensure(path: &Path) -> Result<PathBuf, DbError> {
    if path.exists() {
        return Ok(path.to_path_buf());
    }
    let fail = |e: &dyn std::fmt::Display| DbError::ConnectionFailed {
        target: format!("demo database {}", path.display()),
        message: format!("cannot create it: {e}"),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
    }
    let tmp = path.with_extension(format!("tmp-{}-{}", std::process::id(), unique_suffix()));
    build(&tmp).await.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(&e)
    })?;
    if path.exists() {
        let _ = std::fs::remove_file(&tmp);
    } else {
        std::fs::rename(&tmp, path).map_err(|e| fail(&e))?;
    }
    Ok(path.to_path_buf())
}

fn unique_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

async fn build(path: &Path) -> Result<(), sqlx::Error> {
    let opts = SqliteConnectOptions::new().filename(path).create_if_missing(true).foreign_keys(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(opts).await?;
    let result = sqlx::raw_sql(SCRIPT).execute(&pool).await;
    pool.close().await;
    result.map(|_| ())
}
