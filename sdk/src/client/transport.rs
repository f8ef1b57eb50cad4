//! How the client reaches Slack: which TLS roots it trusts, which proxy it goes through, which
//! HTTP versions it offers. Collected by [`ClientBuilder`](super::ClientBuilder) and turned into
//! the HTTP client when the [`Client`](super::Client) is built.

use std::fmt;

use url::Url;

use super::BuildError;

/// A root certificate to trust, e.g. a company's private certificate authority behind a
/// TLS-inspecting proxy. Checked when the client is built
/// ([`BuildError::InvalidCertificate`]).
#[derive(Clone)]
pub struct Certificate {
    encoding: Encoding,
    bytes: Vec<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Pem,
    Der,
}

impl Certificate {
    /// One or more PEM certificates (`-----BEGIN CERTIFICATE-----`), as in a CA bundle file.
    pub fn from_pem(pem: impl Into<Vec<u8>>) -> Certificate {
        Certificate {
            encoding: Encoding::Pem,
            bytes: pem.into(),
        }
    }

    /// One DER-encoded certificate.
    pub fn from_der(der: impl Into<Vec<u8>>) -> Certificate {
        Certificate {
            encoding: Encoding::Der,
            bytes: der.into(),
        }
    }
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("encoding", &self.encoding)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// The transport settings of a [`ClientBuilder`](super::ClientBuilder).
#[derive(Clone)]
pub(crate) struct TransportOptions {
    pub(crate) root_certificates: Vec<Certificate>,
    pub(crate) built_in_roots: bool,
    pub(crate) proxy: Option<String>,
    pub(crate) proxy_from_environment: bool,
    pub(crate) http1_only: bool,
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            root_certificates: Vec::new(),
            built_in_roots: true,
            proxy: None,
            proxy_from_environment: true,
            http1_only: false,
        }
    }
}

impl fmt::Debug for TransportOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportOptions")
            .field("root_certificates", &self.root_certificates)
            .field("built_in_roots", &self.built_in_roots)
            // A proxy URL may carry a password.
            .field("proxy", &self.proxy.as_deref().map(without_credentials))
            .field("proxy_from_environment", &self.proxy_from_environment)
            .field("http1_only", &self.http1_only)
            .finish()
    }
}

/// Whether this build has a TLS implementation (one of the `rustls`, `os-trust-store` or
/// `native-tls` features).
pub(crate) const HAS_TLS: bool = cfg!(any(
    feature = "rustls",
    feature = "os-trust-store",
    feature = "native-tls"
));

impl TransportOptions {
    /// The HTTP client for a [`Client`](super::Client) whose calls go to `base_url`.
    pub(crate) fn http_client(
        &self,
        user_agent: &str,
        base_url: &Url,
    ) -> Result<reqwest::Client, BuildError> {
        if base_url.scheme() == "https" && !HAS_TLS {
            return Err(BuildError::TlsUnavailable);
        }
        // Redirects are never followed: a 3xx is reported as it is (`Error::Redirect`), so a
        // request is never re-sent after it reached a server, nor sent to another host or
        // over plain http.
        let mut builder = reqwest::Client::builder()
            .user_agent(user_agent)
            .redirect(reqwest::redirect::Policy::none());
        builder = match (&self.proxy, self.proxy_from_environment) {
            (Some(proxy), _) => {
                // Parsed here first for a clear reason; neither message repeats the URL, which
                // may carry a password.
                let url = Url::parse(proxy).map_err(|e| BuildError::InvalidProxy(e.to_string()))?;
                // reqwest takes any scheme here and fails each request later; SOCKS would need
                // a feature this crate does not enable.
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(BuildError::InvalidProxy(format!(
                        "unsupported scheme `{}` (use http or https)",
                        url.scheme()
                    )));
                }
                let proxy = reqwest::Proxy::all(url)
                    .map_err(|_| BuildError::InvalidProxy("unsupported proxy URL".to_owned()))?;
                builder.proxy(proxy)
            }
            // An emulator or test server on this machine is never reached through a proxy, even
            // when `HTTPS_PROXY` or `HTTP_PROXY` is set for the outside world.
            (None, true) if super::is_loopback(base_url) => builder.no_proxy(),
            // reqwest reads `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` itself.
            (None, true) => builder,
            (None, false) => builder.no_proxy(),
        };
        if self.http1_only {
            builder = builder.http1_only();
        }
        builder = self.with_tls(builder)?;
        builder
            .build()
            .map_err(|e| BuildError::Http(with_causes(&e)))
    }

    #[cfg(any(feature = "rustls", feature = "os-trust-store", feature = "native-tls"))]
    fn with_tls(
        &self,
        mut builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, BuildError> {
        builder = builder.tls_built_in_root_certs(self.built_in_roots);
        for certificate in &self.root_certificates {
            let parsed = match certificate.encoding {
                Encoding::Pem => reqwest::Certificate::from_pem_bundle(&certificate.bytes),
                Encoding::Der => {
                    // rustls reads a DER certificate only when the client is assembled, and
                    // then reports a bare "builder error"; a malformed one is named here.
                    der_shape(&certificate.bytes).map_err(BuildError::InvalidCertificate)?;
                    reqwest::Certificate::from_der(&certificate.bytes).map(|c| vec![c])
                }
            }
            .map_err(|e| BuildError::InvalidCertificate(e.to_string()))?;
            if parsed.is_empty() {
                return Err(BuildError::InvalidCertificate(
                    "no `-----BEGIN CERTIFICATE-----` block in the PEM data".to_owned(),
                ));
            }
            for root in parsed {
                builder = builder.add_root_certificate(root);
            }
        }
        Ok(builder)
    }

    #[cfg(not(any(feature = "rustls", feature = "os-trust-store", feature = "native-tls")))]
    fn with_tls(
        &self,
        builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, BuildError> {
        if self.root_certificates.is_empty() {
            Ok(builder)
        } else {
            Err(BuildError::TlsUnavailable)
        }
    }
}

/// An error and its causes on one line (reqwest's own text is only "builder error").
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

/// Checks that `der` is one complete DER `SEQUENCE`, as every X.509 certificate is.
#[cfg_attr(
    not(any(feature = "rustls", feature = "os-trust-store", feature = "native-tls")),
    allow(dead_code)
)]
fn der_shape(der: &[u8]) -> Result<(), String> {
    let malformed = || Err("not a DER certificate (expected one ASN.1 SEQUENCE)".to_owned());
    let (&tag, rest) = der.split_first().ok_or("empty DER data".to_owned())?;
    let Some((&first, rest)) = rest.split_first() else {
        return malformed();
    };
    let (length, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return malformed();
        }
        let length = rest[..count]
            .iter()
            .fold(0usize, |length, &byte| (length << 8) | usize::from(byte));
        (length, &rest[count..])
    };
    if tag != 0x30 || length != rest.len() {
        return malformed();
    }
    Ok(())
}

/// `text` with any `user:password@` in URLs it contains replaced by `***@`.
fn without_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(scheme_end) = rest.find("://") {
        let (head, tail) = rest.split_at(scheme_end + 3);
        out.push_str(head);
        let authority_end = tail.find(['/', ' ', '?', '#']).unwrap_or(tail.len());
        match tail[..authority_end].rfind('@') {
            Some(at) => {
                out.push_str("***");
                rest = &tail[at..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_shape_accepts_one_whole_sequence_only() {
        assert!(der_shape(&[0x30, 0x02, 0x05, 0x00]).is_ok());
        assert!(der_shape(&[0x30, 0x81, 0x02, 0x05, 0x00]).is_ok());
        assert!(der_shape(&[]).is_err());
        assert!(der_shape(&[0x30, 0x03, 0x01]).is_err());
        assert!(der_shape(&[0x31, 0x02, 0x05, 0x00]).is_err());
        assert!(der_shape(b"-----BEGIN CERTIFICATE-----").is_err());
    }

    #[test]
    fn proxy_credentials_are_never_shown() {
        assert_eq!(
            without_credentials("http://user:s3cret@proxy.example:3128/"),
            "http://***@proxy.example:3128/"
        );
        assert_eq!(
            without_credentials("bad proxy http://proxy.example:3128 then https://a:b@c/ end"),
            "bad proxy http://proxy.example:3128 then https://***@c/ end"
        );
        let options = TransportOptions {
            proxy: Some("http://user:s3cret@proxy.example:3128".to_owned()),
            ..TransportOptions::default()
        };
        assert!(!format!("{options:?}").contains("s3cret"));
    }
}
