//! Intrinsic functions (placeholder until implemented).
