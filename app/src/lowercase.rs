//! Unicode lower case for comparing names and search text, without Unicode's case tables in the
//! wasm.
//!
//! `str::to_lowercase` links core's case-mapping tables (about 5 KB gzipped), and wasm-split
//! keeps every data table in `app.wasm`, which every page downloads. The browser already has the
//! same mapping (`String.prototype.toLowerCase`, Unicode's default case conversion, final sigma
//! included), so the wasm asks it; the server, which owns the rule that decides (the store's
//! unique names, `workflow_name_key`), uses Rust's.

/// `text` in lower case, by Unicode's default case conversion.
pub fn lowercase(text: &str) -> String {
    #[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
    {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }
    #[cfg(not(all(feature = "hydrate", target_arch = "wasm32")))]
    {
        text.to_lowercase()
    }
}
