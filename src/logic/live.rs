//! The live stream's frames (`/_waybill/subscriptions/{sub}/events`, server-sent events) read
//! into changes: a job's change with the job as it is now, gone, or in a shape the console
//! cannot read (the page then reads it again, as any answer).

use waybill_rules::wire::JobResponse;

/// One job change from a live stream (`/_waybill/subscriptions/{sub}/events`).
#[derive(Debug, Clone, PartialEq)]
pub struct LiveChange {
    /// The activity log's event id (where a reconnect resumes).
    pub id: i64,
    /// The job's resource id.
    pub resource_id: String,
    /// The job as it is now.
    pub job: LiveJob,
}

/// The job a live change carries.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveJob {
    /// As it is now.
    Now(Box<JobResponse>),
    /// Gone (deleted).
    Gone,
    /// Sent, but not in a shape the console reads: the page reads the job (or list) again,
    /// where such an answer is shown as any answer is.
    Unreadable,
}

/// A `job` event of the live stream, when the frame is one.
pub fn change_of(frame: &str) -> Option<LiveChange> {
    let field = |name: &str| {
        frame.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.strip_prefix(' ').unwrap_or(v))
    };
    if field("event:")? != "job" {
        return None;
    }
    /// What the console reads of an event's data (parsed from text, as every answer is, so
    /// the job's serde code is the one the console has already); `J` is the job's reading.
    #[derive(serde::Deserialize)]
    struct LiveData<J> {
        #[serde(rename = "resourceId")]
        resource_id: String,
        #[serde(default = "Option::default")]
        job: Option<J>,
    }
    let id = field("id:")?.trim().parse().ok()?;
    let text = field("data:")?;
    let (resource_id, job) = match serde_json::from_str::<LiveData<JobResponse>>(text) {
        Ok(data) => {
            (data.resource_id, data.job.map_or(LiveJob::Gone, |j| LiveJob::Now(Box::new(j))))
        }
        // A job the console cannot read is still a change of that job.
        Err(_) => {
            let data = serde_json::from_str::<LiveData<serde::de::IgnoredAny>>(text).ok()?;
            (data.resource_id, data.job.map_or(LiveJob::Gone, |_| LiveJob::Unreadable))
        }
    };
    Some(LiveChange { id, resource_id, job })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(id: i64, data: &str) -> String {
        format!("id: {id}\nevent: job\ndata: {data}\n\n")
    }

    const ID: &str = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ImportExport/jobs/j";

    #[test]
    fn a_change_carries_the_job_as_it_is_now() {
        let data = format!(
            r#"{{"eventId":7,"resourceId":"{ID}","job":{{"name":"j","properties":{{"state":"Shipping"}}}}}}"#
        );
        let change = change_of(&frame(7, &data)).expect("a change");
        assert_eq!((change.id, change.resource_id.as_str()), (7, ID));
        let LiveJob::Now(job) = change.job else { panic!("a job: {:?}", change.job) };
        assert_eq!(job.name.as_deref(), Some("j"));
    }

    #[test]
    fn a_deleted_job_is_gone_and_an_unreadable_one_is_still_a_change() {
        let gone = change_of(&frame(8, &format!(r#"{{"resourceId":"{ID}","job":null}}"#)));
        assert_eq!(gone.map(|c| c.job), Some(LiveJob::Gone));
        // A value the console's types cannot take: the change is kept, its job unread.
        let odd = format!(r#"{{"resourceId":"{ID}","job":{{"properties":5}}}}"#);
        let change = change_of(&frame(9, &odd)).expect("still a change");
        assert_eq!((change.id, change.job), (9, LiveJob::Unreadable));
    }

    #[test]
    fn comments_other_events_and_broken_frames_are_not_changes() {
        assert_eq!(change_of(": keep-alive\n\n"), None);
        assert_eq!(change_of("id: 1\nevent: other\ndata: {}\n\n"), None);
        assert_eq!(change_of(&frame(1, "not json")), None);
        assert_eq!(change_of(&frame(1, r#"{"job":null}"#)), None, "no resource id");
    }
}
