//! The lifecycle as a picture: the path the rules say the job took or will take
//! ([`waybill_rules::lifecycle`]): states passed, the current one, states ahead, states a
//! cancellation skipped, and where the cancellation ends the job.

use leptos::prelude::*;
use waybill_rules::{Passage, Stage};

use crate::i18n::td_string;
use crate::i18n::{t_string, use_i18n};
use crate::text;
use crate::text::tr;

/// The timeline of a job's `stages`; `finished` when the job is in a final state (then skipped
/// states were skipped, else they will be).
#[component]
pub fn Timeline(stages: Vec<Stage>, finished: bool) -> impl IntoView {
    let i18n = use_i18n();
    let steps = stages
        .into_iter()
        .map(|stage| {
            let status = match stage.passage {
                Passage::Passed => "done",
                Passage::Current => "current",
                Passage::Ahead => "todo",
                Passage::Skipped => "skipped",
                Passage::NotKnown => "unknown",
            };
            let current = (stage.passage == Passage::Current).then_some("step");
            let note = move || match stage.passage {
                Passage::Skipped if !finished => t_string!(i18n, stage_will_skip),
                Passage::Skipped => t_string!(i18n, stage_skipped),
                Passage::NotKnown => t_string!(i18n, stage_not_known),
                Passage::Current if stage.ends_cancelled => t_string!(i18n, ended_cancelled),
                Passage::Ahead if stage.ends_cancelled => t_string!(i18n, next_cancelled),
                _ => "",
            };
            view! {
                <li
                    class=format!("step {status}")
                    aria-current=current
                    data-state=stage.state.as_str()
                >
                    <span class="dot" aria-hidden="true"></span>
                    <span class="label">
                        {move || text::state(i18n.get_locale(), stage.state)}{note}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ol class="timeline" aria-label=tr(|l| td_string!(l, lifecycle))>
            {steps}
        </ol>
    }
}
