//! TLS to a team database, as libpq's `sslmode` means it: rust-postgres
//! knows `disable`, `prefer` and `require` but verifies nothing itself, and
//! takes no root certificate. So `sslmode` and `sslrootcert` (or
//! `PGSSLMODE`, `PGSSLROOTCERT`) are read here, and rustls is given a
//! verifier that does what the mode promises:
//!
//! | sslmode | encrypted | certificate checked |
//! |---|---|---|
//! | `disable` | never | - |
//! | `allow`, `prefer` (the default) | when the server offers it | no |
//! | `require` | always | against the root certificate if there is one (libpq's rule), else no |
//! | `verify-ca` | always | signed by the root certificate |
//! | `verify-full` | always | signed by it, and for the host connected to |
//!
//! The root certificate is `sslrootcert`, else `~/.postgresql/root.crt`.
//! A Unix socket never uses TLS (nor does libpq).

use super::TeamError;
use super::connect::Env;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::path::PathBuf;
use std::sync::Arc;

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(text: &str) -> Option<SslMode> {
        Some(match text {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// How a connection uses TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    pub mode: SslMode,
    /// `sslrootcert`, if given.
    pub root_cert: Option<PathBuf>,
}

/// Take `sslmode` and `sslrootcert` out of `url`'s query (so rust-postgres,
/// which refuses `verify-*`, never sees them), with `PGSSLMODE` and
/// `PGSSLROOTCERT` for what the URL leaves out.
pub fn split(url: &str, env: &Env) -> Result<(String, Tls), TeamError> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut kept = Vec::new();
    let (mut mode, mut root_cert) = (None, None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", value)) => mode = Some(value.to_string()),
            Some(("sslrootcert", value)) => root_cert = Some(value.to_string()),
            _ => kept.push(pair),
        }
    }
    let mode = mode.or_else(|| (env.var)("PGSSLMODE"));
    let mode = match mode {
        None => SslMode::Prefer,
        Some(text) => SslMode::parse(&text).ok_or_else(|| TeamError::BadUrl {
            url: super::redact(url),
            why: format!(
                "sslmode \"{}\" is not one of disable, allow, prefer, require, verify-ca, \
                 verify-full",
                crate::text::sanitize(&text)
            ),
        })?,
    };
    let root_cert = root_cert
        .or_else(|| (env.var)("PGSSLROOTCERT"))
        .map(|p| PathBuf::from(percent_decoded(&p)));
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((url, Tls { mode, root_cert }))
}

/// `%2F` and the like in a query value.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Tls {
    /// What rust-postgres is told: whether to try TLS, and whether to insist.
    pub fn ssl_mode(&self) -> postgres::config::SslMode {
        match self.mode {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Allow | SslMode::Prefer => postgres::config::SslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
                postgres::config::SslMode::Require
            }
        }
    }

    /// The rustls connector for this mode.
    pub fn connector(
        &self,
        env: &Env,
    ) -> Result<tokio_postgres_rustls::MakeRustlsConnect, TeamError> {
        // ring, not aws-lc-rs: it builds with a C compiler alone (aws-lc
        // wants cmake). rustls 0.23.48 deprecates it for lacking
        // post-quantum key exchange, which a team's database link can do
        // without for now.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let root = self.root_cert.clone().or_else(|| {
            env.home
                .as_ref()
                .map(|home| home.join(".postgresql/root.crt"))
                .filter(|p| p.is_file())
        });
        let verify = match self.mode {
            SslMode::VerifyCa | SslMode::VerifyFull => true,
            SslMode::Require => root.is_some(),
            SslMode::Disable | SslMode::Allow | SslMode::Prefer => false,
        };
        let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| TeamError::Sql(format!("TLS: {e}")))?;
        let verifier: Arc<dyn ServerCertVerifier> = if verify {
            let Some(root) = root else {
                return Err(TeamError::Input(
                    "sslmode=verify-ca and verify-full need the server's root certificate: \
                     give sslrootcert=PATH in the URL (or PGSSLROOTCERT), or put it in \
                     ~/.postgresql/root.crt"
                        .into(),
                ));
            };
            let mut roots = rustls::RootCertStore::empty();
            let certs = CertificateDer::pem_file_iter(&root)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| {
                    TeamError::Input(format!(
                        "cannot read the root certificate {}: {e}",
                        root.display()
                    ))
                })?;
            let (added, _) = roots.add_parsable_certificates(certs);
            if added == 0 {
                return Err(TeamError::Input(format!(
                    "{} holds no certificate rolo can use",
                    root.display()
                )));
            }
            let webpki = rustls::client::WebPkiServerVerifier::builder_with_provider(
                Arc::new(roots),
                Arc::clone(&provider),
            )
            .build()
            .map_err(|e| TeamError::Sql(format!("TLS: {e}")))?;
            Arc::new(Checked {
                webpki,
                host_too: self.mode == SslMode::VerifyFull,
            })
        } else {
            Arc::new(Encrypted { provider })
        };
        let config = builder
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
    }
}

/// `verify-ca` and `verify-full` (and `require` with a root certificate):
/// the chain must lead to the root; the host name must match only for
/// `verify-full`.
#[derive(Debug)]
struct Checked {
    webpki: Arc<rustls::client::WebPkiServerVerifier>,
    host_too: bool,
}

impl ServerCertVerifier for Checked {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .webpki
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName))
            | Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForNameContext { .. },
            )) if !self.host_too => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

/// `prefer` and `require` without a root certificate: encrypted, and the
/// handshake checked, but whoever the server is goes unverified — what
/// libpq does in these modes.
#[derive(Debug)]
struct Encrypted {
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl ServerCertVerifier for Encrypted {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: fn(&str) -> Option<String>) -> Env {
        Env {
            var: vars,
            login: "alice".into(),
            home: None,
        }
    }

    #[test]
    fn sslmode_and_sslrootcert_are_taken_out_of_the_url() {
        let (url, tls) = split(
            "postgresql://db.example/crm?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=x",
            &env(|_| None),
        )
        .unwrap();
        assert_eq!(url, "postgresql://db.example/crm?application_name=x");
        assert_eq!(tls.mode, SslMode::VerifyFull);
        assert_eq!(tls.root_cert, Some(PathBuf::from("/etc/ca.pem")));
        let (url, tls) = split("postgresql:///crm", &env(|_| None)).unwrap();
        assert_eq!(
            (url.as_str(), tls.mode),
            ("postgresql:///crm", SslMode::Prefer)
        );
    }

    #[test]
    fn the_environment_fills_what_the_url_leaves_out() {
        let vars = |name: &str| match name {
            "PGSSLMODE" => Some("require".to_string()),
            "PGSSLROOTCERT" => Some("/ca.pem".to_string()),
            _ => None,
        };
        let (_, tls) = split("postgresql://h/crm", &env(vars)).unwrap();
        assert_eq!(tls.mode, SslMode::Require);
        let (_, tls) = split("postgresql://h/crm?sslmode=disable", &env(vars)).unwrap();
        assert_eq!(tls.mode, SslMode::Disable);
        assert_eq!(tls.root_cert, Some(PathBuf::from("/ca.pem")));
    }

    #[test]
    fn an_unknown_sslmode_is_refused_naming_the_choices() {
        let e = split("postgresql://u:secret@h/crm?sslmode=strict", &env(|_| None)).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("verify-full") && text.contains("strict"),
            "{text}"
        );
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn verify_modes_need_a_root_certificate() {
        let tls = Tls {
            mode: SslMode::VerifyCa,
            root_cert: None,
        };
        let e = tls.connector(&env(|_| None)).err().expect("refused");
        assert!(e.to_string().contains("sslrootcert"), "{e}");
        let plain = Tls {
            mode: SslMode::Require,
            root_cert: None,
        };
        assert!(plain.connector(&env(|_| None)).is_ok());
    }
}
