//! JSONPath and reference paths (placeholder until implemented).
