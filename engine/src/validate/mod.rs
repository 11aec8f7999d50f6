//! Validation (placeholder until implemented).
