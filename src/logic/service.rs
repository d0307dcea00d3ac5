//! Which service the console may talk to: the address typed in Settings, checked before it is
//! kept, against the services the page's Content-Security-Policy lets it reach.

use waybill_rules::wire::parse_origin;

/// Why a service address is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceProblem {
    /// Not `http(s)://host[:port]`: a path, a query or something else that is no origin.
    NotAnOrigin,
    /// An origin this page may not reach; the ones it may.
    NotAllowed(Vec<String>),
}

/// Checks the address typed in Settings. Empty means the service that served the page (`own`).
/// `allowed` is what the serving service says its pages may reach besides their own origin,
/// when it says (a console served otherwise, e.g. by `trunk serve`, is not checked).
pub fn check_service(
    typed: &str,
    own: &str,
    allowed: Option<&[String]>,
) -> Result<String, ServiceProblem> {
    if typed.trim().is_empty() {
        return Ok(String::new());
    }
    let origin = parse_origin(typed).ok_or(ServiceProblem::NotAnOrigin)?;
    if origin == own.to_ascii_lowercase() {
        return Ok(String::new());
    }
    match allowed {
        Some(list) if !list.iter().any(|a| a.eq_ignore_ascii_case(&origin)) => {
            Err(ServiceProblem::NotAllowed(list.to_vec()))
        }
        _ => Ok(origin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_keep_only_origins_the_page_may_reach() {
        let allowed =
            ["https://management.azure.com".to_owned(), "http://127.0.0.1:9000".to_owned()];
        let own = "http://127.0.0.1:8080";
        let check = |typed| check_service(typed, own, Some(&allowed));
        assert_eq!(check(""), Ok(String::new()));
        assert_eq!(check("http://127.0.0.1:8080/"), Ok(String::new()), "its own service");
        assert_eq!(
            check("HTTPS://Management.Azure.com/"),
            Ok("https://management.azure.com".into())
        );
        assert_eq!(check("http://127.0.0.1:9000"), Ok("http://127.0.0.1:9000".into()));
        assert_eq!(check("http://127.0.0.1:9000/subscriptions"), Err(ServiceProblem::NotAnOrigin));
        assert_eq!(check("127.0.0.1:9000"), Err(ServiceProblem::NotAnOrigin));
        assert_eq!(
            check("http://127.0.0.1:9001"),
            Err(ServiceProblem::NotAllowed(allowed.to_vec()))
        );
        assert_eq!(check_service("http://anything:1", own, None), Ok("http://anything:1".into()));
    }
}
