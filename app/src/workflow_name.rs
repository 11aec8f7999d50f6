//! What makes two workflow names the same name, for the store (which refuses a second
//! workflow of a name, `server::store::names`) and for the forms (the duplicate form suggests a
//! name that is free by the same rule): one definition, on both sides of the wire.

/// The name as compared: trimmed, every run of whitespace one space, in (Unicode) lower case.
///
/// Case is ignored because a list that shows "Orders" and "orders" shows two rows a reader
/// cannot tell apart by meaning, the list's search and order already ignore case, and both
/// names would get the same id slug (one of them suffixed `-2`, the confusion being fixed).
/// Whitespace runs count as one space because HTML draws "My  flow" as "My flow". AWS lets
/// state machine names differ in case only; ours are chosen from a list by people, not ARNs.
pub fn workflow_name_key(name: &str) -> String {
    crate::lowercase::lowercase(&name.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::workflow_name_key;

    #[test]
    fn names_compare_trimmed_by_words_and_without_case() {
        assert_eq!(workflow_name_key("  Orders "), workflow_name_key("orders"));
        assert_eq!(workflow_name_key("My \t flow"), workflow_name_key("my flow"));
        assert_eq!(workflow_name_key("ÉTÉ"), workflow_name_key("été"), "Unicode, not only ASCII");
        assert_ne!(workflow_name_key("orders"), workflow_name_key("orders 2"));
        assert_ne!(workflow_name_key("my-flow"), workflow_name_key("my flow"), "punctuation counts");
    }
}
