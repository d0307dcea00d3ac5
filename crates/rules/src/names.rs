//! The shapes of the names in a job's resource id: subscription, resource group, job.
//! Both sides parse names with these, so the console can refuse a bad deep link the same way
//! the service refuses a bad request.

/// True for a job name: 2 to 64 ASCII letters, digits, `-` or `_`, starting and ending with a
/// letter or digit.
pub fn is_valid_job_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (2..=64).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
}

/// True for a resource group name as ARM accepts it: 1 to 90 letters, digits, `_`, `-`, `.`,
/// `(` or `)`, not ending in `.`.
pub fn is_valid_resource_group_name(name: &str) -> bool {
    let count = name.chars().count();
    (1..=90).contains(&count)
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')'))
        && !name.ends_with('.')
}

/// True for a subscription id: 1 to 64 ASCII letters, digits or `-` (a GUID in Azure).
pub fn is_valid_subscription_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}
