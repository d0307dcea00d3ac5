//! Who is asking, and which request: the context every event of the activity log carries.
//! The request-context middleware opens it for each request (with its `x-ms-request-id`, the
//! event's correlation id); authentication names the caller in it; `Db::write_job` reads it
//! when it writes the event in the change's own transaction. Background work (the automatic
//! data center, cancellations carried out, retention) runs outside any request and is
//! recorded as the service's own.

use std::sync::Mutex;

tokio::task_local! {
    static CONTEXT: Context;
}

/// The name events carry for what the service does by itself.
pub const SERVICE_CALLER: &str = "Microsoft.ImportExport";

/// One request's context.
#[derive(Debug)]
pub struct Context {
    request_id: String,
    method: String,
    caller: Mutex<Option<String>>,
    action: Mutex<Option<&'static str>>,
}

/// Who and which request, as an event records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The caller's name (the token's), or [`SERVICE_CALLER`].
    pub caller: String,
    /// The request's id; `None` for the service's own work.
    pub correlation_id: Option<String>,
    /// The request's HTTP method; `None` for the service's own work.
    pub method: Option<String>,
}

/// Runs `work` (a request) inside its context.
pub async fn scope<F: Future>(request_id: String, method: String, work: F) -> F::Output {
    let context =
        Context { request_id, method, caller: Mutex::new(None), action: Mutex::new(None) };
    CONTEXT.scope(context, work).await
}

/// Names the authenticated caller of the current request.
pub fn set_caller(name: &str) {
    let _ = CONTEXT.try_with(|c| {
        if let Ok(mut caller) = c.caller.lock() {
            *caller = Some(name.to_owned());
        }
    });
}

/// Names what the current request asks (`cancel`, `ship`, ...), for its event if refused.
pub fn set_action(action: &'static str) {
    let _ = CONTEXT.try_with(|c| {
        if let Ok(mut a) = c.action.lock() {
            *a = Some(action);
        }
    });
}

/// What the current request asked, when its handler said.
pub fn action() -> Option<&'static str> {
    CONTEXT.try_with(|c| c.action.lock().ok().and_then(|a| *a)).ok().flatten()
}

/// The caller of the current request, once authenticated.
pub fn caller() -> Option<String> {
    CONTEXT.try_with(|c| c.caller.lock().ok().and_then(|c| c.clone())).ok().flatten()
}

/// The actor of what runs now: the request's caller and id, or the service itself.
pub fn actor() -> Actor {
    CONTEXT
        .try_with(|c| Actor {
            caller: c
                .caller
                .lock()
                .ok()
                .and_then(|c| c.clone())
                .unwrap_or_else(|| SERVICE_CALLER.to_owned()),
            correlation_id: Some(c.request_id.clone()),
            method: Some(c.method.clone()),
        })
        .unwrap_or_else(|_| Actor {
            caller: SERVICE_CALLER.to_owned(),
            correlation_id: None,
            method: None,
        })
}

/// The job a write request is about, and its action by method, from its path:
/// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs/{job}`
/// (and `/listBitLockerKeys`), or the data center's `/_emulator/…/jobs/{job}/advance`.
pub fn job_target(
    method: &str,
    path: &str,
) -> Option<(waybill_rules::wire::JobAddress, &'static str)> {
    let segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(|segment| {
            percent_encoding::percent_decode_str(segment).decode_utf8().ok().map(Into::into)
        })
        .collect::<Option<_>>()?;
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    let lower = |i: usize| s.get(i).map(|x| x.to_ascii_lowercase());
    let is = |i: usize, want: &str| lower(i).as_deref() == Some(want);
    let (sub, rg, job, action) = match s.len() {
        8 | 9
            if is(0, "subscriptions")
                && is(2, "resourcegroups")
                && is(4, "providers")
                && is(5, "microsoft.importexport")
                && is(6, "jobs") =>
        {
            let action = match (s.len(), method) {
                (9, "POST") if is(8, "listbitlockerkeys") => "listBitLockerKeys",
                (9, _) => return None,
                (_, "PUT") => "create",
                (_, "PATCH") => "update",
                (_, "DELETE") => "delete",
                _ => return None,
            };
            (s[1], s[3], s[7], action)
        }
        8 if is(0, "_emulator")
            && is(1, "subscriptions")
            && is(3, "resourcegroups")
            && is(5, "jobs")
            && is(7, "advance")
            && method == "POST" =>
        {
            (s[2], s[4], s[6], "advance")
        }
        _ => return None,
    };
    let address = waybill_rules::wire::JobAddress::parse(sub, rg, job).ok()?;
    Some((address, action))
}
