//! One file per ASL state type: its typed definition and how it runs.

mod choice;
mod fail;
mod map;
mod parallel;
mod pass;
mod succeed;
mod task;
mod wait;

pub use choice::ChoiceState;
pub use fail::FailState;
pub use map::MapState;
pub use parallel::ParallelState;
pub use pass::PassState;
pub use succeed::SucceedState;
pub use task::TaskState;
pub use wait::WaitState;
