//! The execution's steps on a time axis (a Gantt chart, like the console's timeline): one row
//! per step run — nested ones of the shown Map iterations included, indented — a bar from entry
//! to exit coloured by status, each Task attempt drawn inside it (failed attempts red, but the
//! last one in the step's colour when a Catch took it over; the retry wait between attempts
//! hatched in the retrying colour). Running bars grow with the clock. A state that ran more than
//! once (a loop, a redrive, a retry of the Parallel or Map around it) keeps its earlier runs on
//! its row, fainter, with a ×N count; one not reached yet in its container's current attempt
//! (PENDING again) has only those. Click a row to inspect it.

use crate::sync_hydrate::IntoAnySync;
use super::step_panel::format_ms;
use crate::live::scope::parse_key;
use crate::live::trace::{Attempt, Run};
use crate::live::view::ExecView;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// Rows drawn at most (the rest are counted).
const MAX_ROWS: usize = 300;

/// The chart.
#[component]
pub fn StepTimeline(view: ExecView) -> impl IntoView {
    let live = view.live;
    let axis = Memo::new(move |_| {
        let (first, last) = live.events.with(|evs| (evs.first().map(|e| e.timestamp), evs.last().map(|e| e.timestamp)));
        let (first, last) = (first?, last?);
        let running = live.status.with(|s| s.status == engine::tracker::ExecState::Running) && !live.ended.get();
        let mut end = last;
        if running {
            if let Some(now) = view.server_now_ms() {
                end = end.max(DateTime::<Utc>::from_timestamp_millis(now).unwrap_or(end));
            }
        }
        Some((first, end, ((end - first).num_milliseconds()).max(1)))
    });
    let ticks = move || {
        let (_, _, span) = axis.get()?;
        // Marks at round times (1 s, 2 s, … as the console's), not at quarters of the span
        // (1.17 s, 2.34 s, …); the last one near the end is right-aligned to stay inside.
        let step = tick_step(span);
        Some(
            (0..=span / step)
                .map(|i| {
                    let pos = i * step * 100 / span;
                    let style = format!("left:{pos}%");
                    let align = match pos {
                        0 => "",
                        p if p > 90 => "-translate-x-full whitespace-nowrap",
                        _ => "-translate-x-1/2 whitespace-nowrap",
                    };
                    view! { <span class=format!("absolute {align}") style=style>{format_ms(i * step)}</span> }
                })
                .collect_view(),
        )
    };
    let rows = move || {
        let Some((first, end, span)) = axis.get() else {
            return view! { <li class="px-3 py-4 text-sm text-slate-500">"No steps yet."</li> }.into_any_sync();
        };
        let pct = move |t: DateTime<Utc>| ((t - first).num_milliseconds() as f64 / span as f64 * 100.0).clamp(0.0, 100.0);
        let mut shown = 0usize;
        let mut hidden = 0usize;
        let list = live.status.with(|s| {
            live.trace.with(|trace| {
                s.steps
                    .iter()
                    .filter(|(key, _)| view.shows(key))
                    .filter(|_| {
                        shown += 1;
                        let keep = shown <= MAX_ROWS;
                        hidden += usize::from(!keep);
                        keep
                    })
                    .map(|(key, st)| {
                        let started = st.started_at.unwrap_or(first);
                        let finished = st.finished_at.unwrap_or(end);
                        let status = view.shown.with(|m| {
                            let (_, state) = parse_key(key);
                            m.get(state).filter(|x| &x.key == key).map_or(crate::live::step_status_name(st.status), |x| x.status)
                        });
                        let t = trace.steps.get(key);
                        let attempts = t.map(|t| t.attempts.clone()).unwrap_or_default();
                        let (earlier, earlier_count) = t.map(|t| (t.earlier.clone(), t.earlier_count)).unwrap_or_default();
                        let bar = Bar { left: pct(started), right: pct(finished), status, attempts, end, earlier, earlier_count };
                        // Not reached in its container's current attempt: only earlier runs.
                        let took = st.started_at.map(|_| (finished - started).num_milliseconds());
                        row(view, key.clone(), status, bar, took, st.retries, &pct)
                    })
                    .collect_view()
            })
        });
        view! {
            {list}
            {(hidden > 0).then(|| view! { <li class="px-3 py-2 text-xs text-slate-500">{format!("… {hidden} more steps")}</li> })}
        }
        .into_any_sync()
    };
    view! {
        <div class="px-3 pt-2">
            <div class="grid grid-cols-[12rem_1fr_6.5rem] gap-3 text-[10px] tabular-nums text-slate-400">
                <span></span>
                <span class="relative h-3">{ticks}</span>
                <span></span>
            </div>
        </div>
        <ul data-testid="step-timeline" class="max-h-[32rem] divide-y divide-slate-100 overflow-auto pb-1">{rows}</ul>
    }
}

/// Where a step's bar goes, in % of the axis.
struct Bar {
    left: f64,
    right: f64,
    status: &'static str,
    attempts: Vec<Attempt>,
    end: DateTime<Utc>,
    /// The state's earlier runs (a loop, a redrive), drawn on the same row.
    earlier: Vec<Run>,
    earlier_count: usize,
}

/// `took` is `None` for a step not reached yet (PENDING): no bar of its own.
fn row(view: ExecView, key: String, status: &'static str, bar: Bar, took: Option<i64>, retries: u32, pct: &dyn Fn(DateTime<Utc>) -> f64) -> impl IntoView {
    let (segments, state) = parse_key(&key);
    let depth = segments.len();
    let scope = segments.last().map(|s| format!("{}[{}]", s.container, s.index));
    let width = (bar.right - bar.left).max(0.6);
    let fill = bar_fill(bar.status);
    // Each attempt inside the bar; the hatched gaps between them are retry waits.
    let last = bar.attempts.len().saturating_sub(1);
    let attempts = (bar.attempts.len() > 1).then(|| {
        bar.attempts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let (l, r) = (pct(a.start), pct(a.end.unwrap_or(bar.end)));
                let tone = attempt_fill(a, i == last, bar.status);
                let title = a.error.clone().unwrap_or_else(|| "attempt".into());
                view! { <span class=format!("absolute top-0 h-full rounded-sm {tone}") style=format!("left:{l:.2}%;width:{:.2}%", (r - l).max(0.4)) title=title></span> }
            })
            .collect_view()
    });
    let plain = attempts.is_none();
    // Earlier runs of the state on the same row (a redrive keeps the failed one in sight).
    let earlier = bar
        .earlier
        .iter()
        .map(|r| {
            let (l, w) = (pct(r.start), (pct(r.end) - pct(r.start)).max(0.6));
            let title = format!("Earlier run: {}, {}", r.status, format_ms((r.end - r.start).num_milliseconds()));
            view! {
                <span data-testid="earlier-run" data-status=r.status title=title
                    class=format!("absolute top-0 h-4 rounded opacity-70 {}", bar_fill(r.status))
                    style=format!("left:{l:.2}%;width:{w:.2}%")></span>
            }
        })
        .collect_view();
    let n = bar.earlier_count + usize::from(took.is_some());
    let runs = (n > 1).then(|| {
        view! { <span class="shrink-0 rounded bg-slate-100 px-1 text-[10px] text-slate-500" title=format!("Ran {n} times; the bar is the latest run")>{format!("×{n}")}</span> }
    });
    let retry_note = (retries > 0).then(|| format!(" ↻{retries}"));
    let state = state.to_string();
    let k = key.clone();
    let is_selected = move || {
        let sel = view.selected.read();
        sel.as_deref() == Some(state.as_str()) && view.shown.with(|m| m.get(&state).is_some_and(|s| s.key == k))
    };
    let click_key = key.clone();
    let label = parse_key(&key).1.to_string();
    view! {
        <li
            data-step-key=key.clone()
            data-status=status
            class=move || format!(
                "grid cursor-pointer grid-cols-[12rem_1fr_6.5rem] items-center gap-3 px-3 py-1 hover:bg-slate-50 {}",
                if is_selected() { "bg-orange-50" } else { "" },
            )
            on:click=move |_| view.select_key(&click_key)
        >
            <span class="flex min-w-0 items-center gap-1 text-sm" style=format!("padding-left:{}rem", depth as f64 * 0.9) title=key.clone()>
                {(depth > 0).then(|| view! { <span class="text-slate-300">"└"</span> })}
                <span class="truncate font-medium text-slate-800">{label}</span>
                {scope.map(|s| view! { <span class="shrink-0 rounded bg-slate-100 px-1 font-mono text-[10px] text-slate-500">{s}</span> })}
                {runs}
            </span>
            <span class="relative h-4 rounded bg-slate-100">
                {earlier}
                {took.is_some().then(|| view! {
                    <span
                        class=format!("absolute top-0 h-4 overflow-hidden rounded {}", if plain { fill } else { RETRY_WAIT })
                        style=format!("left:{:.2}%;width:{width:.2}%", bar.left)
                    ></span>
                })}
                {attempts}
            </span>
            <span class="text-right text-xs tabular-nums text-slate-500">{took.map(format_ms)}{retry_note}</span>
        </li>
    }
}

/// The track behind a retried step's attempts: what shows between them is the retry wait, in
/// the legend's "Retrying" orange whatever the step's status.
const RETRY_WAIT: &str = "bg-[repeating-linear-gradient(45deg,#fed7aa_0_4px,#ffedd5_4px_8px)]";

/// An attempt's fill: red when it failed, unless it is the last and a Catch took its failure
/// over (the step's colour then, as the graph shows it); else the step's.
fn attempt_fill(a: &Attempt, last: bool, status: &str) -> &'static str {
    let caught = last && status == "caught";
    bar_fill(if a.error.is_some() && !caught { "failed" } else { status })
}

/// A bar's fill per status, in the legend's colours.
fn bar_fill(status: &str) -> &'static str {
    match status {
        "running" => "bg-sky-500 animate-pulse",
        "succeeded" => "bg-emerald-500",
        "failed" => "bg-red-500",
        "caught" => "bg-amber-500",
        "retrying" => "bg-orange-400 animate-pulse",
        "aborted" => "bg-slate-400",
        _ => "bg-slate-300",
    }
}

/// The spacing of the timeline's marks for a span of `span_ms`: the smallest 1, 2 or 5 × 10ⁿ ms
/// that leaves at most four intervals.
fn tick_step(span_ms: i64) -> i64 {
    let mut unit = 1;
    loop {
        for m in [1, 2, 5] {
            if span_ms / (m * unit) <= 4 {
                return m * unit;
            }
        }
        unit *= 10;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn marks_fall_on_round_times() {
        assert_eq!([4_680, 7_240, 3, 1, 250, 95_000].map(super::tick_step), [1_000, 2_000, 1, 1, 100, 20_000]);
    }

    use super::*;

    /// The review's run: a retried Parallel whose last attempt failed and was caught reads
    /// "caught" in the graph, so its last attempt is amber, not red; a retry wait is orange.
    #[test]
    fn a_caught_last_attempt_has_the_caught_colour_and_earlier_failures_are_red() {
        let failed = Attempt { start: DateTime::UNIX_EPOCH, end: Some(DateTime::UNIX_EPOCH), error: Some("E".into()) };
        assert_eq!(attempt_fill(&failed, true, "caught"), bar_fill("caught"));
        assert_eq!(attempt_fill(&failed, false, "caught"), bar_fill("failed"));
        assert_eq!(attempt_fill(&failed, true, "failed"), bar_fill("failed"));
        assert_eq!(attempt_fill(&failed, true, "retrying"), bar_fill("failed"));
        let ok = Attempt { error: None, ..failed };
        assert_eq!(attempt_fill(&ok, true, "succeeded"), bar_fill("succeeded"));
        assert!(RETRY_WAIT.contains("#fed7aa") && bar_fill("retrying").contains("orange"), "the wait is in the Retrying orange");
    }
}
