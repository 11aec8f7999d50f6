//! One file per route.

mod execution;
mod home;
mod not_found;
mod workflow;

pub use execution::ExecutionPage;
pub use home::HomePage;
pub use not_found::NotFound;
pub use workflow::WorkflowPage;
