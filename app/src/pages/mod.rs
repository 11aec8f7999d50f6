//! One file per route.

mod home;
mod not_found;
mod workflow;

pub use home::HomePage;
pub use not_found::NotFound;
pub use workflow::WorkflowPage;
