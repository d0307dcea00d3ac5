//! The job list's data in one store: the rows of the scope, how loading went, and the
//! selection. It loads when the session's service, token or scope changes, and refreshes on
//! demand keeping what the user has: rows that did not change are not rendered again, the
//! selection keeps the jobs still there, and focus goes back to the control that had it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client::{Client, Error};
use crate::logic::list::{JobRow, Selection};
use crate::logic::live::{LiveChange, LiveJob};
use crate::pages::{Load, set_if_changed};
use crate::session::{Credentials, Scope, Session};

/// The list's data; copy it freely.
#[derive(Clone, Copy)]
pub struct JobsStore {
    /// Every job of the scope, in the service's order.
    pub rows: RwSignal<Vec<JobRow>>,
    /// How the last load went.
    pub load: RwSignal<Load<()>>,
    /// The selected jobs.
    pub selection: RwSignal<Selection>,
    client: StoredValue<Client, LocalStorage>,
    session: Session,
    /// What the rows are, or are about to be, loaded for.
    loading_for: StoredValue<Option<(Option<Credentials>, Scope)>>,
    /// Bumped by every change the live stream applies: a list read sent before one is read
    /// again rather than shown (it could put a job back as it was).
    applied: StoredValue<u64>,
}

impl JobsStore {
    /// The store, loading at once and again whenever the session's service, token or scope
    /// changes (from empty, with "loading" shown).
    pub fn new(client: Client) -> JobsStore {
        let session = Session::expect();
        let store = JobsStore {
            rows: RwSignal::new(Vec::new()),
            load: RwSignal::new(Load::Loading),
            selection: RwSignal::new(Selection::default()),
            client: StoredValue::new_local(client),
            session,
            loading_for: StoredValue::new(None),
            applied: StoredValue::new(0),
        };
        Effect::new(move |_| {
            let wanted = (session.credentials(), session.scope());
            if store.loading_for.with_value(|l| l.as_ref() == Some(&wanted)) {
                return;
            }
            store.loading_for.set_value(Some(wanted));
            store.load.set(Load::Loading);
            store.rows.set(Vec::new());
            store.refresh();
        });
        store
    }

    /// Loads the scope's jobs again (the first subscription's when none is chosen yet).
    pub fn refresh(&self) {
        let Some(api) = self.client.with_value(Client::authorized) else { return };
        let store = *self;
        let mut scope = self.session.scope_untracked();
        spawn_local(async move {
            if scope.subscription.is_empty() {
                match api.subscriptions().await {
                    Ok(subs) if !subs.is_empty() => {
                        // The first subscription's jobs are asked for at once, in this task;
                        // the scope bar follows the session meanwhile.
                        scope.subscription = subs[0].id.clone();
                        let credentials = store.session.credentials_untracked();
                        store.loading_for.set_value(Some((credentials, scope.clone())));
                        store.session.choose_subscription(scope.subscription.clone());
                    }
                    Ok(_) => return set_if_changed(store.load, Load::Ready(())),
                    Err(e) if e != Error::Aborted => {
                        return set_if_changed(store.load, Load::Failed(e));
                    }
                    Err(_) => return,
                }
            }
            let mut sent_at = store.applied.get_value();
            let mut result = api.list_all_jobs(&scope).await;
            // A change applied meanwhile may be newer than what the read found: read again
            // (a few times at most; the stream keeps applying what comes after).
            for _ in 0..3 {
                if result.is_err() || store.applied.get_value() == sent_at {
                    break;
                }
                sent_at = store.applied.get_value();
                result = api.list_all_jobs(&scope).await;
            }
            match result {
                Ok(jobs) => {
                    let fresh = jobs.iter().filter_map(JobRow::of).collect();
                    // The parsed documents go now (10,000 of them take ~10 ms to free), not in
                    // the middle of the first render.
                    drop(jobs);
                    store.show(fresh);
                }
                Err(Error::Aborted) => {}
                Err(e) => set_if_changed(store.load, Load::Failed(e)),
            }
        });
    }

    /// Applies one change from the live stream: the job's row replaced (or added at the end,
    /// as the service lists a new job last), or removed once the job is gone; a change
    /// outside the scope shown is ignored. Selection and focus are kept as by a refresh.
    /// `false` when the change's job could not be read: the list is to be read again.
    pub fn apply(&self, change: LiveChange) -> bool {
        let Some(address) = waybill_rules::wire::JobAddress::from_resource_id(&change.resource_id)
        else {
            return true;
        };
        let scope = self.session.scope_untracked();
        let in_scope = address.subscription.eq_ignore_ascii_case(&scope.subscription)
            && (scope.resource_group.is_empty()
                || address.resource_group.eq_ignore_ascii_case(&scope.resource_group));
        if !in_scope || !matches!(self.load.get_untracked(), Load::Ready(())) {
            return true;
        }
        let row = match &change.job {
            LiveJob::Now(job) => JobRow::of(job),
            LiveJob::Gone => None,
            LiveJob::Unreadable => return false,
        };
        self.applied.update_value(|n| *n += 1);
        let id = JobRow::id_of(&address);
        let focused = focused_in_list();
        self.rows.update(|rows| {
            let at = rows.iter().position(|r| r.id == id);
            match (row, at) {
                (Some(row), Some(i)) => rows[i] = row,
                (Some(row), None) => rows.push(row),
                (None, Some(i)) => {
                    rows.remove(i);
                }
                (None, None) => {}
            }
        });
        let mut kept = self.selection.get_untracked();
        self.rows.with_untracked(|rows| kept.retain_present(rows));
        set_if_changed(self.selection, kept);
        if let Some(focused) = focused {
            request_animation_frame(move || refocus_in_list(&focused));
        }
        true
    }

    /// Shows fresh rows, keeping the selection of jobs still there and the focus.
    fn show(&self, fresh: Vec<JobRow>) {
        let mut kept = self.selection.get_untracked();
        kept.retain_present(&fresh);
        set_if_changed(self.selection, kept);
        crate::perf::mark("waybill:rows-set");
        // A row whose job changed is rendered anew: if it held the focus, the same control of
        // the new row takes it back.
        let focused = focused_in_list();
        set_if_changed(self.rows, fresh);
        if let Some(focused) = focused {
            request_animation_frame(move || refocus_in_list(&focused));
        }
        crate::perf::measure_at_next_frame("waybill:list-render", "waybill:rows-set");
        crate::perf::measure_after_paint("waybill:list-painted", "waybill:rows-set");
        set_if_changed(self.load, Load::Ready(()));
    }
}

/// The control of the job table that has the focus, named by what identifies it across a
/// re-render: its accessible name (a row's checkbox) or its link.
fn focused_in_list() -> Option<(&'static str, String)> {
    let active = document().active_element()?;
    active.closest("table.jobs").ok()??;
    for attribute in ["aria-label", "href"] {
        if let Some(value) = active.get_attribute(attribute) {
            return Some((attribute, value));
        }
    }
    None
}

/// Focuses the table's control that `focused` names, unless focus is somewhere already.
fn refocus_in_list((attribute, value): &(&'static str, String)) {
    use wasm_bindgen::JsCast;
    let lost = document().active_element().is_none_or(|a| a.tag_name() == "BODY");
    if !lost {
        return;
    }
    let Ok(candidates) = document().query_selector_all("table.jobs input, table.jobs a") else {
        return;
    };
    let target = (0..candidates.length())
        .filter_map(|i| candidates.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|el| el.get_attribute(attribute).as_deref() == Some(value.as_str()));
    if let Some(el) = target {
        let _ = el.focus();
    }
}
