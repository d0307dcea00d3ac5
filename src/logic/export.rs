//! The job list taken away: the rows as shown (filters, search and order applied), every
//! column of the table plus each job's resource id, as CSV (for spreadsheets, in the user's
//! words) and as JSON (for programs, in the API's words).

use serde_json::{Value, json};
use waybill_rules::wire::Expandable;

use super::csv;
use super::list::JobRow;

/// The CSV document of `rows`: `header` names the columns (name, type, state, cancel
/// requested, storage account, location, drives, created, resource id) in the user's words;
/// `words` turns a row's type and state into them; `yes` is the word for a requested
/// cancellation.
pub fn jobs_csv<'a>(
    header: &[&str; 9],
    rows: impl Iterator<Item = &'a JobRow>,
    words: impl Fn(&JobRow) -> (String, String),
    yes: &str,
) -> String {
    let rows: Vec<Vec<String>> = rows
        .map(|row| {
            let (job_type, state) = words(row);
            vec![
                row.key.name.clone(),
                job_type,
                state,
                if row.cancel_requested { yes.to_owned() } else { String::new() },
                row.storage_account.clone(),
                row.location.clone(),
                row.drives.to_string(),
                row.created.map(|t| t.to_rfc3339()).unwrap_or_default(),
                row.key.resource_id(),
            ]
        })
        .collect();
    csv::document(header, &rows)
}

/// The JSON document of `rows`: an array of objects with the API's values as sent.
pub fn jobs_json<'a>(rows: impl Iterator<Item = &'a JobRow>) -> String {
    let items: Vec<Value> = rows
        .map(|row| {
            json!({
                "name": row.key.name,
                "jobType": row.job_type.as_ref().map(Expandable::as_str),
                "state": row.state.as_str(),
                "cancelRequested": row.cancel_requested,
                "storageAccount": row.storage_account,
                "location": row.location,
                "drives": row.drives,
                "created": row.created.map(|t| t.to_rfc3339()),
                "id": row.key.resource_id(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use waybill_rules::wire::{JobDetails, JobResponse};

    use super::*;

    fn row(name: &str) -> JobRow {
        JobRow::of(&JobResponse {
            id: Some(format!(
                "/subscriptions/s/resourceGroups/g/providers/Microsoft.ImportExport/jobs/{name}"
            )),
            name: Some(name.into()),
            location: Some("West US".into()),
            properties: Some(JobDetails { cancel_requested: Some(true), ..JobDetails::default() }),
            ..JobResponse::default()
        })
        .expect("row")
    }

    #[test]
    fn the_csv_has_every_column_and_the_resource_id() {
        let rows = [row("a-1"), row("b-2")];
        let header =
            ["Name", "Type", "State", "Cancel", "Account", "Location", "Drives", "Created", "Id"];
        let text = jobs_csv(&header, rows.iter(), |r| (String::new(), r.state.to_string()), "yes");
        let read = csv::records(&text);
        assert_eq!(read.len(), 3);
        assert_eq!(read[1][0], "a-1");
        assert_eq!(read[1][2], "Creating");
        assert_eq!(read[1][3], "yes");
        assert_eq!(read[1][5], "West US");
        assert_eq!(
            read[2][8],
            "/subscriptions/s/resourceGroups/g/providers/Microsoft.ImportExport/jobs/b-2"
        );
    }

    #[test]
    fn the_json_keeps_the_api_values() {
        let value: Value = serde_json::from_str(&jobs_json([row("a-1")].iter())).expect("json");
        assert_eq!(value[0]["name"], "a-1");
        assert_eq!(value[0]["state"], "Creating");
        assert_eq!(value[0]["cancelRequested"], true);
        assert_eq!(value[0]["jobType"], Value::Null);
    }
}
