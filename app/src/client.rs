//! The browser's side of the REST API (DESIGN.md, `/api`): JSON requests with `fetch` and the
//! execution event stream with `EventSource`. Only the wasm talks to the API this way; on the
//! server the functions exist (so pages compile for SSR) but answer with an error.

use serde_json::Value;

/// A REST call that failed: the API's `message`, or the transport error.
pub type ApiResult = Result<Value, String>;

/// `GET url` → its JSON body.
pub async fn get_json(url: &str) -> ApiResult {
    imp::send("GET", url, None).await
}

/// `DELETE url` → its JSON body (`null` for 204).
pub async fn delete(url: &str) -> ApiResult {
    imp::send("DELETE", url, None).await
}

/// `POST url` with a JSON body → its JSON body.
pub async fn post_json(url: &str, body: &Value) -> ApiResult {
    imp::send("POST", url, Some(body)).await
}

#[cfg(feature = "hydrate")]
mod imp {
    use super::ApiResult;
    use gloo_net::http::{Method, RequestBuilder};
    use serde_json::Value;

    pub async fn send(method: &str, url: &str, body: Option<&Value>) -> ApiResult {
        let method = Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
        let builder = RequestBuilder::new(url).method(method);
        let request = match body {
            Some(b) => builder.json(b),
            None => builder.build(),
        };
        let resp = request.map_err(|e| e.to_string())?.send().await.map_err(|e| e.to_string())?;
        let ok = resp.ok();
        let status = resp.status();
        let text = resp.text().await.map_err(|e| e.to_string())?;
        let value: Value = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        if ok {
            Ok(value)
        } else {
            let message = value.get("message").and_then(Value::as_str).map(str::to_string);
            Err(message.unwrap_or_else(|| format!("the server answered {status}")))
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    use super::ApiResult;
    use serde_json::Value;

    pub async fn send(_method: &str, _url: &str, _body: Option<&Value>) -> ApiResult {
        Err("the REST client runs in the browser only".into())
    }
}
