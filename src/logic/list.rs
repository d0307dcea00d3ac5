//! The job list: rows, filters, search, sort and selection.

use std::collections::BTreeSet;

use waybill_rules::wire::{Expandable, JobResponse};
use waybill_rules::{JobSnapshot, JobState, JobType, Reason, Timestamp};

use waybill_rules::wire::JobAddress;

/// One row of the job list: what the table shows, read once from the job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRow {
    /// The job's address.
    pub key: JobAddress,
    /// The address as ARM compares it, kept for selection and keyed rendering.
    pub id: String,
    /// Import or Export, or a type these rules do not know, as sent (`None` when the job does
    /// not say).
    pub job_type: Option<Expandable<JobType>>,
    /// The current state (a state these rules do not know is shown as sent).
    pub state: Expandable<JobState>,
    /// The storage account's name.
    pub storage_account: String,
    /// The Azure location.
    pub location: String,
    /// How many drives.
    pub drives: usize,
    /// A cancellation was requested.
    pub cancel_requested: bool,
    /// When the job was created.
    pub created: Option<Timestamp>,
    /// What the rules look at; for a state they do not know, why they allow nothing.
    pub snapshot: Result<JobSnapshot, Reason>,
    /// The name, lowercased once for searching and sorting.
    name_key: String,
    /// The storage account, lowercased once for sorting.
    account_key: String,
}

impl JobRow {
    /// The row id of the job at `address`: equal for every address ARM takes for that job.
    pub fn id_of(address: &JobAddress) -> String {
        let (subscription, group, name) = address.identity();
        format!("{subscription}/{group}/{name}")
    }

    /// The row of a job, or `None` when the job has no valid id.
    pub fn of(job: &JobResponse) -> Option<JobRow> {
        let key = JobAddress::from_resource_id(job.id.as_deref()?)?;
        let props = job.properties.as_ref();
        let snapshot = JobSnapshot::of(job);
        let storage_account = props
            .and_then(|p| p.storage_account_id.as_deref())
            .and_then(|id| id.rsplit('/').next())
            .unwrap_or_default()
            .to_owned();
        Some(JobRow {
            id: JobRow::id_of(&key),
            name_key: key.name.to_lowercase(),
            account_key: storage_account.to_lowercase(),
            key,
            job_type: props.and_then(|p| p.job_type.clone()),
            state: props
                .and_then(|p| p.state.clone())
                .unwrap_or(Expandable::Known(JobState::Creating)),
            storage_account,
            location: job.location.clone().unwrap_or_default(),
            drives: props.and_then(|p| p.drive_list.as_ref()).map_or(0, Vec::len),
            cancel_requested: props.and_then(|p| p.cancel_requested).unwrap_or(false),
            created: job
                .system_data
                .as_ref()
                .and_then(|s| s.created_at.as_deref())
                .and_then(|t| Timestamp::parse_rfc3339(t).ok()),
            snapshot,
        })
    }
}

/// The columns the list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Job name.
    Name,
    /// Import/Export.
    Type,
    /// Lifecycle order.
    State,
    /// Storage account.
    Account,
    /// The data center the drives go to.
    Location,
    /// Number of drives.
    Drives,
    /// Creation time.
    Created,
}

/// How the list is narrowed and ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListView {
    /// Only this state.
    pub state: Option<JobState>,
    /// Only this type.
    pub job_type: Option<JobType>,
    /// Only names containing this text (case-insensitive).
    pub search: String,
    /// The sort column.
    pub sort: SortKey,
    /// Descending order.
    pub descending: bool,
}

impl Default for ListView {
    fn default() -> Self {
        ListView {
            state: None,
            job_type: None,
            search: String::new(),
            sort: SortKey::Created,
            descending: true,
        }
    }
}

impl SortKey {
    const ALL: [(SortKey, &'static str); 7] = [
        (SortKey::Name, "name"),
        (SortKey::Type, "type"),
        (SortKey::State, "state"),
        (SortKey::Account, "account"),
        (SortKey::Location, "location"),
        (SortKey::Drives, "drives"),
        (SortKey::Created, "created"),
    ];

    /// The key's name in the list's address.
    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(k, _)| *k == self).map_or("created", |(_, name)| name)
    }
}

impl ListView {
    /// The view an address's query names (`state`, `type`, `q`, `sort`, `order`); what is
    /// missing or names nothing keeps its default, so any link opens a list.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ListView {
        let default = ListView::default();
        let sort = get("sort")
            .and_then(|name| SortKey::ALL.iter().find(|(_, n)| *n == name).map(|(k, _)| *k))
            .unwrap_or(default.sort);
        let descending = match get("order").as_deref() {
            Some("asc") => false,
            Some("desc") => true,
            _ if sort == default.sort => default.descending,
            _ => matches!(sort, SortKey::Created | SortKey::Drives),
        };
        ListView {
            state: get("state").and_then(|s| s.parse().ok()),
            job_type: get("type").and_then(|t| waybill_rules::wire::ApiEnum::parse_api(&t)),
            search: get("q").unwrap_or_default(),
            sort,
            descending,
        }
    }

    /// The query that names this view (empty for the default view), for the list's address.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(state) = self.state {
            pairs.push(("state", state.as_str().to_owned()));
        }
        if let Some(job_type) = self.job_type {
            pairs.push(("type", job_type.as_str().to_owned()));
        }
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        let default = ListView::default();
        if (self.sort, self.descending) != (default.sort, default.descending) {
            pairs.push(("sort", self.sort.as_str().to_owned()));
            pairs.push(("order", if self.descending { "desc" } else { "asc" }.to_owned()));
        }
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode_query(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// True when the view narrows the list (a filter or a search).
    pub fn is_filtered(&self) -> bool {
        self.state.is_some() || self.job_type.is_some() || !self.search.trim().is_empty()
    }

    /// The same order without any filter or search.
    pub fn cleared(&self) -> ListView {
        ListView { sort: self.sort, descending: self.descending, ..ListView::default() }
    }

    /// Clicking a column header: sort by it, or flip the order when it is already the key.
    pub fn toggle_sort(&mut self, key: SortKey) {
        if self.sort == key {
            self.descending = !self.descending;
        } else {
            self.sort = key;
            self.descending = matches!(key, SortKey::Created | SortKey::Drives);
        }
    }

    /// The rows to show, in order, as indices into `rows`.
    pub fn apply(&self, rows: &[JobRow]) -> Vec<usize> {
        let needle = self.search.trim().to_lowercase();
        let mut shown: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| self.state.is_none_or(|s| r.state.known() == Some(s)))
            .filter(|(_, r)| {
                self.job_type
                    .is_none_or(|t| r.job_type.as_ref().and_then(Expandable::known) == Some(t))
            })
            .filter(|(_, r)| needle.is_empty() || r.name_key.contains(&needle))
            .map(|(i, _)| i)
            .collect();
        let by_name = |a: &JobRow, b: &JobRow| a.name_key.cmp(&b.name_key);
        shown.sort_by(|&a, &b| {
            let (a, b) = (&rows[a], &rows[b]);
            let primary = match self.sort {
                SortKey::Name => by_name(a, b),
                SortKey::Type => a
                    .job_type
                    .as_ref()
                    .map(Expandable::as_str)
                    .cmp(&b.job_type.as_ref().map(Expandable::as_str)),
                // Lifecycle order; states the rules do not know last, by their text.
                SortKey::State => state_order(&a.state).cmp(&state_order(&b.state)),
                SortKey::Account => a.account_key.cmp(&b.account_key),
                SortKey::Location => a.location.cmp(&b.location),
                SortKey::Drives => a.drives.cmp(&b.drives),
                SortKey::Created => a.created.cmp(&b.created),
            };
            let primary = if self.descending { primary.reverse() } else { primary };
            primary.then_with(|| by_name(a, b))
        });
        shown
    }
}

fn state_order(state: &Expandable<JobState>) -> (bool, Option<JobState>, &str) {
    match state {
        Expandable::Known(s) => (false, Some(*s), ""),
        Expandable::Unknown(text) => (true, None, text),
    }
}

/// Percent-encodes a query value (everything but unreserved characters).
fn encode_query(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The selected jobs, by id. Ids of jobs that disappear are dropped on refresh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection(pub BTreeSet<String>);

impl Selection {
    /// Selects or unselects one job.
    pub fn toggle(&mut self, id: &str) {
        if !self.0.remove(id) {
            self.0.insert(id.to_owned());
        }
    }

    /// True when `id` is selected.
    pub fn contains(&self, id: &str) -> bool {
        self.0.contains(id)
    }

    /// Selects all of `ids`, or unselects them when all already are.
    pub fn toggle_all<'a>(&mut self, ids: impl IntoIterator<Item = &'a str> + Clone) {
        let all = ids.clone().into_iter().all(|id| self.0.contains(id));
        for id in ids {
            if all {
                self.0.remove(id);
            } else {
                self.0.insert(id.to_owned());
            }
        }
    }

    /// Keeps only ids still present in `rows`.
    pub fn retain_present(&mut self, rows: &[JobRow]) {
        let present: BTreeSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        self.0.retain(|id| present.contains(id.as_str()));
    }

    /// How many selected jobs are not among `shown` (hidden by the filters).
    pub fn hidden(&self, rows: &[JobRow], shown: &[usize]) -> usize {
        let visible: BTreeSet<&str> = shown.iter().map(|&i| rows[i].id.as_str()).collect();
        self.0.iter().filter(|id| !visible.contains(id.as_str())).count()
    }

    /// How many jobs are selected.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn row(
        name: &str,
        state: JobState,
        job_type: &str,
        created: &str,
        drives: usize,
    ) -> JobRow {
        let drive_list: Vec<_> = (0..drives).map(|i| json!({"driveId": format!("D{i}")})).collect();
        let job: JobResponse = serde_json::from_value(json!({
            "id": format!("/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/{name}"),
            "name": name, "location": "West US",
            "systemData": {"createdAt": created},
            "properties": {"state": state.as_str(), "jobType": job_type, "driveList": drive_list,
                "storageAccountId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct"}
        }))
        .expect("job");
        JobRow::of(&job).expect("row")
    }

    fn rows() -> Vec<JobRow> {
        vec![
            row("beta", JobState::Transferring, "Import", "2024-01-02T00:00:00Z", 2),
            row("alpha", JobState::Creating, "Export", "2024-01-03T00:00:00Z", 0),
            row("gamma", JobState::Completed, "Import", "2024-01-01T00:00:00Z", 5),
        ]
    }

    fn names(rows: &[JobRow], view: &ListView) -> Vec<String> {
        view.apply(rows).into_iter().map(|i| rows[i].key.name.clone()).collect()
    }

    #[test]
    fn a_row_reads_what_the_table_shows() {
        let r = &rows()[0];
        assert_eq!(
            (r.storage_account.as_str(), r.drives, r.state.known()),
            ("acct", 2, Some(JobState::Transferring))
        );
        assert_eq!(r.created.map(|t| t.to_string()).as_deref(), Some("2024-01-02T00:00:00Z"));
    }

    #[test]
    fn newest_first_by_default_and_sorting_toggles() {
        let rows = rows();
        let mut view = ListView::default();
        assert_eq!(names(&rows, &view), ["alpha", "beta", "gamma"]);
        view.toggle_sort(SortKey::Name);
        assert_eq!(names(&rows, &view), ["alpha", "beta", "gamma"]);
        view.toggle_sort(SortKey::Name);
        assert_eq!(names(&rows, &view), ["gamma", "beta", "alpha"]);
        view.toggle_sort(SortKey::State);
        assert_eq!(names(&rows, &view), ["alpha", "beta", "gamma"], "lifecycle order");
        view.toggle_sort(SortKey::Drives);
        assert_eq!(names(&rows, &view), ["gamma", "beta", "alpha"]);
    }

    #[test]
    fn filters_and_search_narrow_the_list() {
        let rows = rows();
        let view = ListView { state: Some(JobState::Transferring), ..ListView::default() };
        assert_eq!(names(&rows, &view), ["beta"]);
        let view = ListView { job_type: Some(JobType::Import), ..ListView::default() };
        assert_eq!(names(&rows, &view), ["beta", "gamma"]);
        let view = ListView { search: " AM ".into(), ..ListView::default() };
        assert_eq!(names(&rows, &view), ["gamma"]);
    }

    #[test]
    fn a_state_or_type_the_rules_do_not_know_is_listed_as_sent_and_allows_nothing() {
        let job: JobResponse = serde_json::from_value(json!({
            "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/odd",
            "properties": {"state": "Quarantined", "jobType": "Migrate"}
        }))
        .expect("job");
        let odd = JobRow::of(&job).expect("row");
        assert_eq!(
            (odd.state.as_str(), odd.job_type.as_ref().map(Expandable::as_str)),
            ("Quarantined", Some("Migrate"))
        );
        assert_eq!(odd.snapshot, Err(Reason::UnknownState { value: "Quarantined".into() }));
        let mut all = rows();
        all.push(odd);
        let view = ListView { sort: SortKey::State, descending: false, ..ListView::default() };
        assert_eq!(names(&all, &view), ["alpha", "beta", "gamma", "odd"], "unknown states last");
        let view = ListView { state: Some(JobState::Creating), ..ListView::default() };
        assert_eq!(names(&all, &view), ["alpha"]);
    }

    #[test]
    fn the_view_travels_in_the_address_and_back() {
        let view = ListView {
            state: Some(JobState::Transferring),
            job_type: Some(JobType::Export),
            search: "café & co".into(),
            sort: SortKey::Name,
            descending: false,
        };
        let query = view.to_query();
        assert_eq!(
            query,
            "state=Transferring&type=Export&q=caf%C3%A9%20%26%20co&sort=name&order=asc"
        );
        let pairs: Vec<(String, String)> = query
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').expect("pair");
                let v = js_free_decode(v);
                (k.to_owned(), v)
            })
            .collect();
        let back =
            ListView::from_query(|k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()));
        assert_eq!(back, view);
        assert_eq!(ListView::default().to_query(), "");
        assert_eq!(ListView::from_query(|_| Some("nonsense".into())).state, None);
        assert!(view.is_filtered() && !view.cleared().is_filtered());
        assert_eq!(view.cleared().sort, SortKey::Name, "clearing filters keeps the order");
    }

    fn js_free_decode(v: &str) -> String {
        let bytes = v.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn selected_jobs_hidden_by_the_filters_are_counted() {
        let rows = rows();
        let mut selection = Selection::default();
        selection.toggle(&rows[0].id);
        selection.toggle(&rows[1].id);
        let view = ListView { state: Some(JobState::Transferring), ..ListView::default() };
        assert_eq!(selection.hidden(&rows, &view.apply(&rows)), 1);
    }

    #[test]
    fn selection_toggles_and_survives_refresh_of_present_jobs() {
        let rows = rows();
        let mut selection = Selection::default();
        selection.toggle(&rows[0].id);
        selection.toggle_all(rows.iter().map(|r| r.id.as_str()));
        assert_eq!(selection.len(), 3);
        selection.toggle_all(rows.iter().map(|r| r.id.as_str()));
        assert!(selection.is_empty());
        selection.toggle(&rows[1].id);
        selection.toggle(&rows[2].id);
        selection.retain_present(&rows[..2]);
        assert_eq!(selection.0.iter().collect::<Vec<_>>(), [&rows[1].id]);
    }
}
