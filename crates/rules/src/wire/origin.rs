//! An origin (`scheme://host[:port]`), as both sides check one: the service for the services
//! its console may call and the browsers it allows, the console for the service Settings keeps.

/// `text` as an origin (`http` or `https`, a host of letters, digits, `.`, `-` or a bracketed
/// IPv6 address, an optional port, no path, query or credentials), in lowercase; `None` for
/// anything else.
pub fn parse_origin(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/');
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" || rest.is_empty() {
        return None;
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (rest, None),
    };
    let host_ok = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !v6.is_empty() && v6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
    } else {
        !host.is_empty()
            && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    (host_ok && port_ok).then(|| text.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_origins_are_accepted_as_services_to_connect_to() {
        assert_eq!(
            parse_origin("HTTPS://Waybill.Example:8443/").as_deref(),
            Some("https://waybill.example:8443")
        );
        assert_eq!(parse_origin("http://127.0.0.1:9000").as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(parse_origin("http://[::1]:9000").as_deref(), Some("http://[::1]:9000"));
        assert_eq!(parse_origin("http://[::1]").as_deref(), Some("http://[::1]"));
        assert_eq!(
            parse_origin("http://[::ffff:127.0.0.1]:80").as_deref(),
            Some("http://[::ffff:127.0.0.1]:80")
        );
        for bad in [
            "waybill.example",
            "ftp://x",
            "https://x/path",
            "https://u:p@x",
            "https://x:99999999",
            "https://x;script-src *",
            "https://",
            "https://x?q",
            "http://[]",
            "http://[zz]:80",
            "http://[::1",
        ] {
            assert_eq!(parse_origin(bad), None, "{bad}");
        }
    }
}
