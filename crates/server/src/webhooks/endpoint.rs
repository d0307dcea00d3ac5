//! Where a webhook may be sent, and sending it: an endpoint URL is `http` or `https` with a
//! host, no credentials and no fragment; its host's addresses are resolved by the service,
//! checked (loopback, private, link-local, shared, multicast and reserved addresses are
//! refused unless the operator allowed them with `--allow-private-webhooks`), and the
//! connection goes to exactly an address that passed the check, so a name cannot be pointed
//! elsewhere between the check and the request. One request per connection, bounded in time
//! (`--webhook-timeout`) and in what is read back (64 KiB).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::Request;
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderName, HeaderValue, USER_AGENT};
use hyper_util::rt::TokioIo;

/// The most of a receiver's answer read back (the validation handshake's code is short).
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// The longest endpoint URL accepted.
pub const MAX_URL_CHARS: usize = 2048;

/// A checked endpoint URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Whether the connection is TLS.
    pub https: bool,
    /// The host as written (a name, or an address without brackets).
    pub host: String,
    /// The port (the scheme's default when none is written).
    pub port: u16,
    /// The path and query sent in the request line.
    pub path_and_query: String,
    /// The `Host` header.
    pub authority: String,
    /// The URL without its query: what the API shows (a query may carry a key).
    pub base_url: String,
}

/// Why an endpoint URL is not accepted, or a request to it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointError {
    /// The URL is malformed or not of a kind the service sends to.
    Malformed(String),
    /// The host resolves to an address the operator did not allow.
    NotAllowed(String),
    /// The host could not be resolved, connected to, or did not answer in time.
    Unreachable(String),
}

impl std::fmt::Display for EndpointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EndpointError::Malformed(m)
            | EndpointError::NotAllowed(m)
            | EndpointError::Unreachable(m) => f.write_str(m),
        }
    }
}

impl Endpoint {
    /// Reads and checks the shape of `text` (not yet its addresses: see [`Endpoint::resolve`]).
    pub fn parse(text: &str) -> Result<Endpoint, EndpointError> {
        let bad = |why: &str| EndpointError::Malformed(why.to_owned());
        if text.chars().count() > MAX_URL_CHARS {
            return Err(bad("The endpoint URL is longer than 2048 characters."));
        }
        let url = url::Url::parse(text.trim()).map_err(|e| {
            EndpointError::Malformed(format!("The endpoint URL is not a URL: {e}."))
        })?;
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            other => {
                return Err(EndpointError::NotAllowed(format!(
                    "Webhooks are sent over http or https only, not '{other}'."
                )));
            }
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad(
                "The endpoint URL may not carry credentials; give the webhook a secret instead.",
            ));
        }
        if url.fragment().is_some() {
            return Err(bad("The endpoint URL may not have a fragment (#...)."));
        }
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_owned(),
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            None => return Err(bad("The endpoint URL has no host.")),
        };
        let port = url.port_or_known_default().unwrap_or(if https { 443 } else { 80 });
        let authority = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            (None, _) => return Err(bad("The endpoint URL has no host.")),
        };
        let path_and_query = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        let mut base = url.clone();
        base.set_query(None);
        Ok(Endpoint { https, host, port, path_and_query, authority, base_url: base.to_string() })
    }

    /// The endpoint's addresses, every one checked: all must be allowed (a name that resolves
    /// to one public and one private address is refused, as either could be used).
    pub async fn resolve(&self, allow_private: bool) -> Result<Vec<SocketAddr>, EndpointError> {
        let found: Vec<SocketAddr> = match self.host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, self.port)],
            Err(_) => tokio::net::lookup_host((self.host.as_str(), self.port))
                .await
                .map_err(|e| {
                    EndpointError::Unreachable(format!(
                        "The endpoint's host '{}' could not be resolved: {e}.",
                        self.host
                    ))
                })?
                .collect(),
        };
        if found.is_empty() {
            return Err(EndpointError::Unreachable(format!(
                "The endpoint's host '{}' has no address.",
                self.host
            )));
        }
        if !allow_private && let Some(bad) = found.iter().find(|a| !is_public(a.ip())) {
            return Err(EndpointError::NotAllowed(format!(
                "The endpoint's host '{}' is at {}, a loopback, private, link-local or reserved \
                 address; the service sends webhooks to such addresses only when started with \
                 --allow-private-webhooks.",
                self.host,
                bad.ip()
            )));
        }
        Ok(found)
    }
}

/// Whether `ip` is an address on the public internet (not loopback, private, link-local,
/// shared, multicast, documentation, benchmarking or otherwise reserved).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            // NAT64 (64:ff9b::/96) carries an IPv4 address.
            if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
                let [a, b] = s[6].to_be_bytes();
                let [c, d] = s[7].to_be_bytes();
                return is_public_v4(Ipv4Addr::new(a, b, c, d));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || s[0..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible (deprecated)
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

/// A receiver's answer: its status and the start of its body.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// At most [`MAX_ANSWER_BYTES`] of the body.
    pub body: Bytes,
}

/// Aborts a spawned task when dropped (the connection's driver, once the exchange is over or
/// timed out).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The TLS client settings (made once): the Mozilla roots, TLS 1.2 and 1.3 with ring; `None`
/// only if ring refused its own default versions, and then https endpoints are unreachable.
fn tls_config() -> Option<Arc<rustls::ClientConfig>> {
    static CONFIG: OnceLock<Option<Arc<rustls::ClientConfig>>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let builder = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .ok()?;
            Some(Arc::new(builder.with_root_certificates(roots).with_no_client_auth()))
        })
        .clone()
}

/// POSTs `body` (JSON) with `headers` to `endpoint`, at one of `addresses`, within `timeout`
/// (connecting, TLS, sending and reading the answer together).
pub async fn post(
    endpoint: &Endpoint,
    addresses: &[SocketAddr],
    headers: &[(HeaderName, HeaderValue)],
    body: Bytes,
    timeout: Duration,
) -> Result<Answer, EndpointError> {
    match tokio::time::timeout(timeout, exchange(endpoint, addresses, headers, body)).await {
        Ok(answer) => answer,
        Err(_) => Err(EndpointError::Unreachable(format!(
            "The endpoint did not answer within {} s.",
            timeout.as_secs_f64()
        ))),
    }
}

async fn exchange(
    endpoint: &Endpoint,
    addresses: &[SocketAddr],
    headers: &[(HeaderName, HeaderValue)],
    body: Bytes,
) -> Result<Answer, EndpointError> {
    let unreachable =
        |what: &str, e: &dyn std::fmt::Display| EndpointError::Unreachable(format!("{what}: {e}."));
    let mut last_error = None;
    let mut stream = None;
    for address in addresses {
        match tokio::net::TcpStream::connect(address).await {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last_error = Some(e),
        }
    }
    let Some(tcp) = stream else {
        return Err(match last_error {
            Some(e) => unreachable("The endpoint refused the connection", &e),
            None => EndpointError::Unreachable("The endpoint has no address.".into()),
        });
    };
    let _ = tcp.set_nodelay(true);
    let request = {
        let mut builder = Request::post(endpoint.path_and_query.as_str())
            .header(HOST, endpoint.authority.as_str())
            .header(CONTENT_TYPE, "application/json; charset=utf-8")
            .header(CONTENT_LENGTH, body.len())
            .header(USER_AGENT, concat!("waybill-webhooks/", env!("CARGO_PKG_VERSION")));
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        builder
            .body(Full::new(body))
            .map_err(|e| unreachable("The request could not be built", &e))?
    };
    if endpoint.https {
        let name = rustls::pki_types::ServerName::try_from(endpoint.host.clone())
            .map_err(|e| unreachable("The endpoint's host is not a TLS server name", &e))?;
        let config = tls_config()
            .ok_or_else(|| EndpointError::Unreachable("TLS is not available.".into()))?;
        let tls = tokio_rustls::TlsConnector::from(config)
            .connect(name, tcp)
            .await
            .map_err(|e| unreachable("TLS with the endpoint failed", &e))?;
        send(TokioIo::new(tls), request).await
    } else {
        send(TokioIo::new(tcp), request).await
    }
}

async fn send<IO>(io: IO, request: Request<Full<Bytes>>) -> Result<Answer, EndpointError>
where
    IO: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let failed = |e: &dyn std::fmt::Display| {
        EndpointError::Unreachable(format!("The request to the endpoint failed: {e}."))
    };
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(io).await.map_err(|e| failed(&e))?;
    let _driver = AbortOnDrop(tokio::spawn(async move {
        let _ = connection.await;
    }));
    let response = sender.send_request(request).await.map_err(|e| failed(&e))?;
    let status = response.status().as_u16();
    // An answer longer than the limit is cut: its status is what counts.
    let body = match Limited::new(response.into_body(), MAX_ANSWER_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    Ok(Answer { status, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_urls_with_a_host_and_no_credentials_are_read() {
        let e = Endpoint::parse("https://hooks.example.com/in?code=abc").expect("reads");
        assert!(e.https);
        assert_eq!((e.host.as_str(), e.port), ("hooks.example.com", 443));
        assert_eq!(e.path_and_query, "/in?code=abc");
        assert_eq!(e.authority, "hooks.example.com");
        assert_eq!(e.base_url, "https://hooks.example.com/in");
        let e = Endpoint::parse("http://[::1]:8081/x").expect("reads");
        assert_eq!((e.host.as_str(), e.port, e.authority.as_str()), ("::1", 8081, "[::1]:8081"));
        for bad in ["ftp://example.com/", "file:///etc/passwd", "gopher://x/", "javascript:1"] {
            assert!(matches!(Endpoint::parse(bad), Err(EndpointError::NotAllowed(_))), "{bad}");
        }
        for bad in ["", "example.com/in", "https://user:pw@example.com/", "https://e.com/#f"] {
            assert!(matches!(Endpoint::parse(bad), Err(EndpointError::Malformed(_))), "{bad}");
        }
        let long = format!("https://example.com/{}", "a".repeat(2100));
        assert!(matches!(Endpoint::parse(&long), Err(EndpointError::Malformed(_))));
    }

    #[test]
    fn internal_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.1",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip.parse().expect(ip)), "{ip}");
        }
        for ip in ["8.8.8.8", "20.38.1.1", "2603:1030::1", "::ffff:8.8.8.8"] {
            assert!(is_public(ip.parse().expect(ip)), "{ip}");
        }
    }

    #[tokio::test]
    async fn a_literal_private_address_is_refused_unless_allowed() {
        let e = Endpoint::parse("http://127.0.0.1:9/hook").expect("reads");
        assert!(matches!(e.resolve(false).await, Err(EndpointError::NotAllowed(_))));
        assert_eq!(e.resolve(true).await.expect("allowed").len(), 1);
        let e = Endpoint::parse("http://localhost:9/hook").expect("reads");
        assert!(matches!(e.resolve(false).await, Err(EndpointError::NotAllowed(_))));
    }
}
