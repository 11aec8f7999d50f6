//! A rejected save or import: the error, and each validation problem with its code and JSON
//! pointer, so people can find the field.

use crate::error::AppError;
use leptos::prelude::*;

/// The error of a failed save; nothing when `error` is None.
#[component]
pub fn ProblemList(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let problems = e.problems().to_vec();
            let headline = match &e {
                AppError::Invalid { problems, .. } if !problems.is_empty() => {
                    format!("The definition has {}", crate::words::count(problems.len(), "problem"))
                }
                other => other.to_string(),
            };
            view! {
                <div data-testid="problems" role="alert" class="rounded-md border border-red-200 bg-red-50 p-3 text-sm">
                    <p class="font-semibold text-red-800">{headline}</p>
                    <ul class="mt-1 space-y-1">
                        {problems.into_iter().map(|p| view! {
                            <li data-problem-path=p.path.clone() class="text-red-900">
                                <code class="rounded bg-red-100 px-1 font-mono text-xs">{p.path.clone()}</code>
                                " "
                                <span class="font-mono text-xs text-red-700">{p.code}</span>
                                " "
                                {p.message}
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
