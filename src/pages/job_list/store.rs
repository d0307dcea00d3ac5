//! The job list's data in one store: the rows of the scope, how loading went, and the
//! selection. It loads when the session's service, token or scope changes, and refreshes on
//! demand keeping what the user has: rows that did not change are not rendered again, the
//! selection keeps the jobs still there, and focus goes back to the control that had it.
//!
//! Reading is one walk of the list's pages at a time, within the read budget of
//! [`crate::logic::pace`]: a first load shows the first page as soon as it arrives and the rest
//! as they come; a refresh sends each page's `ETag` back (`If-None-Match`), keeps the pages the
//! service answers `304` for, and paces its reads; a `429` is waited out, shown, and the same
//! page asked again. A hidden tab's refresh waits until the tab is seen again.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client::{AuthorizedApi, Client, Error, PageReply};
use crate::logic::list::{JobRow, Selection};
use crate::logic::live::{LiveChange, LiveJob};
use crate::logic::pace;
use crate::pages::{Load, page_visible, set_if_changed, sleep_ms};
use crate::session::{Credentials, Scope, Session};

/// How a walk of the list is going, for the list's status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Progress {
    /// Not reading, or reading quietly behind rows already shown.
    #[default]
    Idle,
    /// A first load: `loaded` jobs shown so far (ARM's lists do not say how many there are).
    Loading {
        /// Jobs read so far.
        loaded: usize,
    },
    /// The service asked to wait (429): reading again in `seconds`.
    Throttled {
        /// Seconds until the next try.
        seconds: u32,
    },
}

/// Why a walk is wanted: a load reads at once; a poll (no live stream) within the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Want {
    Poll,
    Load,
}

/// A page as last read: where, its tag, and its rows.
#[derive(Debug, Clone)]
struct KeptPage {
    etag: String,
    rows: Vec<JobRow>,
    next: Option<String>,
}

/// The list's data; copy it freely.
#[derive(Clone, Copy)]
pub struct JobsStore {
    /// Every job of the scope, in the service's order.
    pub rows: RwSignal<Vec<JobRow>>,
    /// How the last load went.
    pub load: RwSignal<Load<()>>,
    /// How the walk in progress is going.
    pub progress: RwSignal<Progress>,
    /// The selected jobs.
    pub selection: RwSignal<Selection>,
    client: StoredValue<Client, LocalStorage>,
    session: Session,
    /// What the rows are, or are about to be, loaded for.
    loading_for: StoredValue<Option<(Option<Credentials>, Scope)>>,
    /// Bumped by every change the live stream applies: a list read sent before one is read
    /// again rather than shown (it could put a job back as it was).
    applied: StoredValue<u64>,
    /// Bumped when the scope changes: a walk of another generation stops.
    generation: StoredValue<u64>,
    /// The generation of the walk in progress, if any.
    walking: StoredValue<Option<u64>>,
    /// What was asked for while a walk was in progress (done once it ends).
    pending: StoredValue<Option<Want>>,
    /// A load was asked for during a paced walk: it stops pacing.
    hurry: StoredValue<bool>,
    /// The pages of the last whole read, by address, with their tags.
    kept: StoredValue<HashMap<String, KeptPage>>,
    /// When the last list read was sent (ms since the epoch) and the reads the service said
    /// were left then.
    last_read: StoredValue<(f64, Option<u64>)>,
}

impl JobsStore {
    /// The store, loading at once and again whenever the session's service, token or scope
    /// changes (from empty, with "loading" shown).
    pub fn new(client: Client) -> JobsStore {
        let session = Session::expect();
        let store = JobsStore {
            rows: RwSignal::new(Vec::new()),
            load: RwSignal::new(Load::Loading),
            progress: RwSignal::new(Progress::Idle),
            selection: RwSignal::new(Selection::default()),
            client: StoredValue::new_local(client),
            session,
            loading_for: StoredValue::new(None),
            applied: StoredValue::new(0),
            generation: StoredValue::new(0),
            walking: StoredValue::new(None),
            pending: StoredValue::new(None),
            hurry: StoredValue::new(false),
            kept: StoredValue::new(HashMap::new()),
            last_read: StoredValue::new((0.0, None)),
        };
        Effect::new(move |_| {
            let wanted = (session.credentials(), session.scope());
            if store.loading_for.with_value(|l| l.as_ref() == Some(&wanted)) {
                return;
            }
            store.loading_for.set_value(Some(wanted));
            store.restart();
        });
        store
    }

    /// Forgets everything read for the previous scope and loads the new one.
    fn restart(&self) {
        self.generation.update_value(|g| *g += 1);
        self.walking.set_value(None);
        self.pending.set_value(None);
        self.kept.set_value(HashMap::new());
        self.load.set(Load::Loading);
        self.progress.set(Progress::Idle);
        self.rows.set(Vec::new());
        self.refresh();
    }

    /// Reads the scope's jobs again at once (the first subscription's when none is chosen yet).
    pub fn refresh(&self) {
        self.want(Want::Load);
    }

    /// Reads the scope's jobs again within the read budget (a refresh without a live stream).
    pub fn poll(&self) {
        self.want(Want::Poll);
    }

    fn want(&self, want: Want) {
        let generation = self.generation.get_value();
        if self.walking.get_value() == Some(generation) {
            self.pending.update_value(|p| *p = (*p).max(Some(want)));
            if want == Want::Load {
                self.hurry.set_value(true);
            }
            return;
        }
        let Some(api) = self.client.with_value(Client::authorized) else { return };
        self.walking.set_value(Some(generation));
        self.hurry.set_value(want == Want::Load);
        let store = *self;
        spawn_local(async move {
            let mut rereads = 0;
            loop {
                let applied = store.applied.get_value();
                if !store.walk(&api, generation).await {
                    break;
                }
                // A change applied meanwhile may be newer than what the read found: read
                // again (a few times at most; the stream keeps applying what comes after).
                if store.applied.get_value() != applied && rereads < 3 {
                    rereads += 1;
                    store.pending.update_value(|p| *p = Some(Want::Load));
                }
                match store.pending.try_update_value(Option::take).flatten() {
                    Some(next) if store.generation.get_value() == generation => {
                        store.hurry.set_value(next == Want::Load);
                    }
                    _ => break,
                }
            }
            if store.walking.get_value() == Some(generation) {
                store.walking.set_value(None);
            }
        });
    }

    /// One walk of the list's pages; `false` when it stopped before the end (a newer scope, a
    /// failure, the page gone).
    async fn walk(&self, api: &AuthorizedApi, generation: u64) -> bool {
        let current = || self.generation.try_get_value() == Some(generation);
        crate::perf::mark("waybill:walk");
        let mut scope = self.session.scope_untracked();
        if scope.subscription.is_empty() {
            match api.subscriptions().await {
                Ok(subs) if !subs.is_empty() => {
                    // The first subscription's jobs are asked for at once, in this walk; the
                    // scope bar follows the session meanwhile.
                    scope.subscription = subs[0].id.clone();
                    let credentials = self.session.credentials_untracked();
                    self.loading_for.set_value(Some((credentials, scope.clone())));
                    self.session.choose_subscription(scope.subscription.clone());
                }
                Ok(_) => {
                    set_if_changed(self.load, Load::Ready(()));
                    return false;
                }
                Err(e) if e != Error::Aborted => {
                    set_if_changed(self.load, Load::Failed(e));
                    return false;
                }
                Err(_) => return false,
            }
        }
        // Nothing shown yet: each page is shown as it arrives.
        let first_load = matches!(self.load.get_untracked(), Load::Loading);
        let old = self.kept.try_update_value(std::mem::take).unwrap_or_default();
        let mut pages: Vec<(String, KeptPage)> = Vec::new();
        let mut address = AuthorizedApi::first_jobs_page(&scope);
        let mut throttled = 0;
        let mut last_shown = 0.0;
        // A bound on pages so a misbehaving service cannot loop the console forever.
        while pages.len() < 10_000 {
            if !self.pace().await || !current() {
                return false;
            }
            let held = old.get(&address);
            let etag = held.map(|p| p.etag.as_str()).filter(|t| !t.is_empty());
            self.last_read.update_value(|(at, _)| *at = js_sys::Date::now());
            if first_load && pages.is_empty() {
                crate::perf::mark("waybill:jobs-asked");
            }
            let read = match api.read_jobs_page(&address, etag).await {
                Ok(read) => read,
                Err(Error::Aborted) => return false,
                Err(e) => {
                    if current() {
                        self.kept.set_value(old);
                        self.progress.set(Progress::Idle);
                        set_if_changed(self.load, Load::Failed(e));
                    }
                    return false;
                }
            };
            if !current() {
                return false;
            }
            if let Some(left) = read.remaining_reads {
                self.last_read.update_value(|(_, remaining)| *remaining = Some(left));
            }
            let page = match read.reply {
                PageReply::Fresh(page, etag) => KeptPage {
                    etag: etag.unwrap_or_default(),
                    rows: page.value.iter().filter_map(JobRow::of).collect(),
                    next: page.next_link,
                },
                PageReply::Unchanged => match held {
                    Some(page) => page.clone(),
                    // Never: only a read that sent a tag answers `Unchanged`.
                    None => continue,
                },
                PageReply::Throttled(retry_after) => {
                    throttled += 1;
                    let wait = pace::wait_after_throttle(retry_after, throttled);
                    self.progress.set(Progress::Throttled { seconds: wait.div_ceil(1_000) });
                    sleep_ms(wait).await;
                    continue;
                }
            };
            throttled = 0;
            let next = page.next.clone();
            pages.push((address.clone(), page));
            if first_load {
                let loaded = pages.iter().map(|(_, p)| p.rows.len()).sum();
                self.progress.set(Progress::Loading { loaded });
                // The first page at once, then at most every 150 ms: each showing sorts and
                // filters every row read so far.
                let now = js_sys::Date::now();
                if pages.len() == 1 || now - last_shown >= 150.0 {
                    last_shown = now;
                    self.show(pages.iter().flat_map(|(_, p)| p.rows.iter().cloned()).collect());
                    if pages.len() == 1 {
                        crate::perf::mark("waybill:first-rows");
                    }
                }
            } else if let Progress::Throttled { .. } = self.progress.get_untracked() {
                self.progress.set(Progress::Idle);
            }
            match next {
                Some(link) if link != address => address = link,
                _ => break,
            }
        }
        let rows = pages.iter().flat_map(|(_, p)| p.rows.iter().cloned()).collect();
        self.kept.set_value(pages.into_iter().collect());
        self.progress.set(Progress::Idle);
        self.show(rows);
        if first_load {
            crate::perf::mark("waybill:all-rows");
        }
        true
    }

    /// Waits as the read budget says before the next read: the gap since the last read (none
    /// for a load while reads are plentiful), and, for a paced walk, until the tab is seen.
    /// `false` when the page went away meanwhile.
    async fn pace(&self) -> bool {
        loop {
            let Some(hurry) = self.hurry.try_get_value() else { return false };
            if !hurry && !page_visible() {
                sleep_ms(1_000).await;
                continue;
            }
            let (at, remaining) = self.last_read.get_value();
            let due = at + f64::from(pace::gap_before_read(hurry, remaining));
            let wait = due - js_sys::Date::now();
            if wait <= 0.0 {
                return true;
            }
            // Waits in short steps, so a load asked for meanwhile stops the pacing.
            sleep_ms(wait.min(250.0).ceil() as u32).await;
        }
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
