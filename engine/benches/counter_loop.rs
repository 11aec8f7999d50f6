//! In-process speed of the interpreter on the bench workflows of ../shared/bench
//! (copied under tests/bench): transitions per second with no history listener.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use engine::exec::{ExecOptions, ExecutionInfo, Executor};
use engine::history::NullSink;
use serde_json::Value;
use std::sync::Arc;

fn load(name: &str) -> (engine::StateMachine, Value) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bench");
    let def = std::fs::read_to_string(dir.join(format!("{name}.asl.json"))).expect("bench definition");
    let input = std::fs::read_to_string(dir.join(format!("{name}.input.json"))).expect("bench input");
    (engine::parse(&def).expect("valid"), serde_json::from_str(&input).expect("json"))
}

fn bench(c: &mut Criterion) {
    for (name, transitions) in [("counter-loop", 100_000u64), ("wide-map", 60_000u64)] {
        let (machine, input) = load(name);
        let opts = ExecOptions { max_history_events: 0, ..ExecOptions::default() };
        let ex = Executor::builder(&machine).options(opts).build().expect("compiles");
        let mut g = c.benchmark_group(name);
        g.sample_size(10);
        g.throughput(Throughput::Elements(transitions));
        g.bench_function("run", |b| {
            b.iter(|| futures::executor::block_on(ex.run(input.clone(), ExecutionInfo::new(name), Arc::new(NullSink))))
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
