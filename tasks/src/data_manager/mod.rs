//! stub
use crate::config::TasksConfig;
use engine::task::TaskRegistry;
use std::sync::Arc;
/// stub
pub fn functions(_c: &Arc<TasksConfig>) -> TaskRegistry { TaskRegistry::new() }
