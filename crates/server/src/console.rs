//! The built console as the service serves it: its folder and the Content-Security-Policy for
//! its pages. The policy allows scripts only from this origin plus the one inline bootstrap
//! script Trunk writes into `index.html` (by its SHA-256), WebAssembly compilation, styles and
//! images from this origin, and API calls to this origin, Azure Resource Manager (the console
//! can target it) and the services the operator names (`--console-connect`). No other origin,
//! no inline event handler, no framing.

use std::path::{Path, PathBuf};

use axum::http::HeaderValue;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use waybill_rules::wire::parse_origin;

/// Where the console's API calls may go besides this origin (Settings can target Azure).
pub const ARM_ORIGIN: &str = "https://management.azure.com";

/// The served console.
#[derive(Debug, Clone)]
pub struct Console {
    /// The folder holding `index.html` and the bundle.
    pub dir: PathBuf,
    /// The Content-Security-Policy header for its pages.
    pub csp: HeaderValue,
    /// The services the console may call besides its own origin: Azure Resource Manager and
    /// those the operator named (`--console-connect`).
    pub connect: Vec<String>,
}

impl Console {
    /// Reads `dir/index.html` and derives the policy from its inline scripts; the console may
    /// call its own origin, Azure Resource Manager and the `connect` origins.
    pub fn load(dir: &Path, connect: &[String]) -> Result<Console, String> {
        let index = dir.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(|e| {
            format!("{} cannot be read ({e}): build the console first", index.display())
        })?;
        let mut all = vec![ARM_ORIGIN.to_owned()];
        for origin in connect {
            let origin = parse_origin(origin)
                .ok_or_else(|| format!("--console-connect '{origin}' is not an origin such as https://waybill.example:8443"))?;
            if !all.contains(&origin) {
                all.push(origin);
            }
        }
        let csp = content_security_policy(&html, &all);
        let csp = HeaderValue::from_str(&csp).map_err(|e| format!("bad policy: {e}"))?;
        Ok(Console { dir: dir.to_owned(), csp, connect: all })
    }
}

/// The bodies of `<script>` elements without a `src` attribute.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else { break };
        let tag = &after[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = after[body_start..].find("</script>") else { break };
        if !tag.contains(" src=") && !tag.contains(" src ") {
            scripts.push(&after[body_start..body_start + close]);
        }
        rest = &after[body_start + close + "</script>".len()..];
    }
    scripts
}

/// The policy for a console page whose HTML is `html` and whose API calls may go to its own
/// origin and to `connect`.
pub fn content_security_policy(html: &str, connect: &[String]) -> String {
    let connect = connect.join(" ");
    let hashes: String = inline_scripts(html)
        .into_iter()
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        })
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self' {connect}; \
         manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_nothing_else_inline() {
        let html = r#"<html><script type=module>init()</script><script src="/a.js"></script><script>b()</script></html>"#;
        assert_eq!(inline_scripts(html), ["init()", "b()"]);
        let csp = content_security_policy(html, &[ARM_ORIGIN.to_owned()]);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{csp}");
        assert_eq!(csp.matches("'sha256-").count(), 2);
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains(&format!("connect-src 'self' {ARM_ORIGIN};")), "{csp}");
    }
}
