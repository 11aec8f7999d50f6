//! Markdown of LLM answers, made safe for `inner_html` in the browser. Server only: the browser
//! asks for it through `api::render_markdown`, so the wasm carries no Markdown parser.
//!
//! An answer is untrusted text: it may hold `<script>`, `<img onerror=…>` or `javascript:`
//! links. Instead of rendering HTML and sanitizing it afterwards, the renderer never lets HTML
//! through: raw HTML blocks and inline tags become escaped text, link targets other than
//! `http(s)`, `mailto` and relative ones are dropped, and images become links (an answer must not
//! make the browser fetch anything). The output holds only the tags pulldown-cmark writes itself.
//!
//! ```
//! let html = app::markdown::render("**hi** <script>alert(1)</script>");
//! assert!(html.contains("<strong>hi</strong>"));
//! assert!(html.contains("&lt;script&gt;"));
//! ```

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Renders `text` as HTML that runs nothing and loads nothing.
pub fn render(text: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(text, options).map(make_safe);
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// One event, with HTML turned into text and unsafe link targets removed.
fn make_safe(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
        }
        Event::Start(Tag::Image { dest_url, title, id, .. }) => {
            Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url: safe_url(dest_url), title, id })
        }
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    }
}

/// `url` when its scheme is harmless, else an empty target.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        None | Some("http" | "https" | "mailto") => url,
        Some(_) => CowStr::Borrowed(""),
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn formats_common_markdown() {
        let html = render("# Title\n\n- one\n- **two**\n\n`code` and [link](https://example.com)");
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(html.contains("<li><strong>two</strong></li>"), "{html}");
        assert!(html.contains("<code>code</code>"), "{html}");
        assert!(html.contains(r#"<a href="https://example.com">link</a>"#), "{html}");
    }

    #[test]
    fn raw_html_is_escaped_text() {
        for input in [
            "<script>alert(1)</script>",
            "text <img src=x onerror=alert(1)> more",
            "<div onclick=\"x()\">block</div>\n",
            "<svg onload=alert(1)>",
        ] {
            let html = render(input);
            assert!(!html.contains("<script"), "{html}");
            assert!(!html.contains("<img"), "{html}");
            assert!(!html.contains("<div"), "{html}");
            assert!(!html.contains("<svg"), "{html}");
            assert!(html.contains("&lt;"), "{html}");
        }
    }

    #[test]
    fn dangerous_links_and_images_are_defused() {
        let html = render("[x](javascript:alert(1)) [y](JavaScript:alert(1)) ![z](https://e.com/a.png) [w](/ok)");
        assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains(r#"<a href="https://e.com/a.png">z</a>"#), "{html}");
        assert!(html.contains(r#"<a href="/ok">w</a>"#), "{html}");
    }
}
