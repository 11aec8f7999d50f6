//! One file per route.

mod execution;
mod executions;
mod home;
mod not_found;
mod versions;
mod workflow;

pub use execution::ExecutionPage;
pub use executions::ExecutionsPage;
pub use home::HomePage;
pub use not_found::NotFound;
pub use versions::VersionsPage;
pub use workflow::WorkflowPage;
