//! Reaching a team database the way libpq users expect (docs/TEAM.md):
//! `postgresql:///crm` means the local socket and the Unix login, so on a
//! team's SSH host peer authentication makes the login the identity and no
//! password is stored anywhere. `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`
//! and `PGPASSWORD` fill what the URL leaves out, and a password the server
//! asks for comes from `~/.pgpass` (or `PGPASSFILE`), which libpq ignores
//! unless only its owner can read it — and so does rolo.
//!
//! The `postgres` crate (rust-postgres) speaks the protocol; it reads none
//! of these conventions itself, hence this file.

use super::TeamError;
use postgres::config::Host;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Does `--db` name a team database rather than a file?
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgresql://") || db.starts_with("postgres://")
}

/// Where libpq looks for the server's socket when no host is given:
/// Debian's directory first, then the upstream default.
const SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];

/// The environment a connection is configured from; a parameter so tests
/// need not change the process's own.
pub struct Env {
    pub var: fn(&str) -> Option<String>,
    pub login: String,
    pub home: Option<PathBuf>,
}

impl Env {
    pub fn process() -> Env {
        Env {
            var: |name| std::env::var(name).ok().filter(|v| !v.is_empty()),
            login: crate::store::current_user(),
            home: std::env::var_os("HOME").map(PathBuf::from),
        }
    }
}

/// The URL's settings with libpq's defaults filled in.
pub fn config(url: &str, env: &Env) -> Result<postgres::Config, TeamError> {
    let (plain, tls) = super::tls::split(url, env)?;
    let mut config = postgres::Config::from_str(&plain).map_err(|e| TeamError::BadUrl {
        url: redact(url),
        why: e.to_string(),
    })?;
    config.ssl_mode(tls.ssl_mode());
    if config.get_hosts().is_empty() {
        match (env.var)("PGHOST") {
            Some(host) if host.starts_with('/') => {
                config.host_path(host);
            }
            Some(host) => {
                config.host(&host);
            }
            None => {
                let dir = SOCKET_DIRS
                    .iter()
                    .find(|d| Path::new(d).is_dir())
                    .unwrap_or(&SOCKET_DIRS[0]);
                config.host_path(dir);
            }
        }
    }
    if config.get_ports().is_empty()
        && let Some(port) = (env.var)("PGPORT")
    {
        let port = port.parse().map_err(|_| TeamError::BadUrl {
            url: redact(url),
            why: format!("PGPORT=\"{port}\" is not a port number"),
        })?;
        config.port(port);
    }
    if config.get_user().is_none() {
        config.user(&(env.var)("PGUSER").unwrap_or_else(|| env.login.clone()));
    }
    if config.get_dbname().is_none() {
        let user = config.get_user().unwrap_or_default().to_string();
        config.dbname(&(env.var)("PGDATABASE").unwrap_or(user));
    }
    if config.get_password().is_none() {
        if let Some(password) = (env.var)("PGPASSWORD") {
            config.password(password);
        } else if let Some(password) = pgpass_password(&config, env) {
            config.password(password);
        }
    }
    config.application_name("rolo");
    Ok(config)
}

/// The password `~/.pgpass` holds for this connection, if the file exists,
/// is private, and has a matching line (`host:port:database:user:password`,
/// `*` matching anything, the first match winning).
fn pgpass_password(config: &postgres::Config, env: &Env) -> Option<String> {
    let path = match (env.var)("PGPASSFILE") {
        Some(p) => PathBuf::from(p),
        None => env.home.as_ref()?.join(".pgpass"),
    };
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let host = match config.get_hosts().first()? {
        Host::Tcp(h) => h.clone(),
        // libpq matches a socket connection against `localhost`.
        Host::Unix(_) => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let wanted = [
        host.as_str(),
        port.as_str(),
        config.get_dbname()?,
        config.get_user()?,
    ];
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| match_pgpass_line(line, &wanted))
}

/// One `.pgpass` line against (host, port, database, user): the password
/// when every field matches. `\:` and `\\` are a literal colon and backslash.
fn match_pgpass_line(line: &str, wanted: &[&str; 4]) -> Option<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut()?.extend(chars.next()),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut()?.push(c),
        }
    }
    if fields.len() != 5 {
        return None;
    }
    let matches = wanted
        .iter()
        .zip(&fields)
        .all(|(want, field)| field == "*" || field == want);
    matches.then(|| fields[4].clone())
}

/// A URL fit to print: any password in it replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
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
    fn a_bare_socket_url_is_the_unix_login_on_the_local_socket() {
        let c = config("postgresql:///crm", &env(|_| None)).unwrap();
        assert_eq!(c.get_user(), Some("alice"));
        assert_eq!(c.get_dbname(), Some("crm"));
        assert!(matches!(c.get_hosts(), [Host::Unix(_)]));
        assert_eq!(c.get_password(), None);
    }

    #[test]
    fn the_environment_fills_what_the_url_leaves_out_and_never_overrides_it() {
        let vars = |name: &str| match name {
            "PGHOST" => Some("db.example".to_string()),
            "PGPORT" => Some("6543".to_string()),
            "PGUSER" => Some("bob".to_string()),
            "PGDATABASE" => Some("sales".to_string()),
            _ => None,
        };
        let c = config("postgresql://", &env(vars)).unwrap();
        assert!(matches!(c.get_hosts(), [Host::Tcp(h)] if h == "db.example"));
        assert_eq!(c.get_ports(), [6543]);
        assert_eq!((c.get_user(), c.get_dbname()), (Some("bob"), Some("sales")));
        let c = config("postgresql://carol@h:5433/crm", &env(vars)).unwrap();
        assert_eq!((c.get_user(), c.get_dbname()), (Some("carol"), Some("crm")));
        assert_eq!(c.get_ports(), [5433]);
    }

    #[test]
    fn a_bad_url_or_port_says_which_without_the_password() {
        let e = config("postgresql://u:secret@h:notaport/crm", &env(|_| None)).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("u:***@h"), "{text}");
        assert!(!text.contains("secret"), "{text}");
        let e = config(
            "postgresql:///crm",
            &env(|n| (n == "PGPORT").then(|| "x".into())),
        );
        assert!(e.unwrap_err().to_string().contains("PGPORT=\"x\""));
    }

    #[test]
    fn pgpass_lines_match_field_by_field_with_wildcards_and_escapes() {
        let want = ["localhost", "5432", "crm", "alice"];
        assert_eq!(
            match_pgpass_line("localhost:5432:crm:alice:pw", &want),
            Some("pw".into())
        );
        assert_eq!(
            match_pgpass_line("*:*:crm:*:p\\:w", &want),
            Some("p:w".into())
        );
        assert_eq!(match_pgpass_line("*:*:other:*:pw", &want), None);
        assert_eq!(match_pgpass_line("*:*:crm:alice", &want), None);
    }

    #[test]
    fn a_pgpass_others_can_read_is_ignored_as_libpq_does() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".pgpass");
        std::fs::write(&path, "*:*:*:*:hunter2\n").unwrap();
        let env = Env {
            var: |_| None,
            login: "alice".into(),
            home: Some(dir.path().to_path_buf()),
        };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(
            config("postgresql:///crm", &env).unwrap().get_password(),
            None
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let c = config("postgresql:///crm", &env).unwrap();
        assert_eq!(c.get_password(), Some(&b"hunter2"[..]));
    }
}
