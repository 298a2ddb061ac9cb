//! Setting a team up and managing who is in it: `rolo team init`, `team
//! user add`, `team list`, `assign` and `share`. What each role may see and
//! change is in `schema.sql`; nothing here checks it again.

use super::{Team, TeamError};
use crate::domain::CustomerId;
use serde::Serialize;

/// What a member may see and do (docs/TEAM.md has the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Their own customers, and those shared with them.
    Rep,
    /// Their team's customers; may reassign within the team.
    Lead,
    /// Every customer's card and cases; deals read-only.
    Service,
    /// Everything, and who is in the team.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Rep => "rep",
            Role::Lead => "lead",
            Role::Service => "service",
            Role::Admin => "admin",
        }
    }

    pub const ALL: [Role; 4] = [Role::Rep, Role::Lead, Role::Service, Role::Admin];

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub login: String,
    pub role: Role,
    pub team: String,
    /// This is the person connected.
    pub me: bool,
}

/// A login a member can be: a Unix login name, which peer authentication
/// maps to the PostgreSQL role of the same name.
fn check_login(login: &str) -> Result<(), TeamError> {
    let mut chars = login.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    let rest_ok =
        chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if first_ok && rest_ok && login.len() <= 32 {
        Ok(())
    } else {
        Err(TeamError::Input(format!(
            "\"{}\" is not a login rolo accepts: lowercase letters, digits, _ and -, starting \
             with a letter or _, at most 32 (a Unix login name)",
            crate::text::sanitize(login)
        )))
    }
}

impl Team {
    /// Create the schema, roles and policies, and make `admin` the first
    /// admin. Needs a PostgreSQL superuser; all or nothing.
    pub fn init(&mut self, admin: &str) -> Result<(), TeamError> {
        check_login(admin)?;
        let superuser: bool = self
            .client
            .query_one(
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
                &[],
            )?
            .get(0);
        if !superuser {
            return Err(TeamError::Denied(
                "`rolo team init` creates roles and policies, so it runs as a PostgreSQL \
                 superuser, e.g. `sudo -u postgres rolo team init --db postgresql:///crm --admin \
                 alice`"
                    .into(),
            ));
        }
        let exists: bool = self
            .client
            .query_one("SELECT to_regnamespace('rolo') IS NOT NULL", &[])?
            .get(0);
        if exists {
            return Err(TeamError::AlreadyInitialised {
                url: self.url.clone(),
            });
        }
        let mut txn = self.client.transaction()?;
        txn.batch_execute(include_str!("schema.sql"))?;
        txn.batch_execute("RESET ROLE")?;
        ensure_login(&mut txn, admin, true)?;
        txn.execute(
            "INSERT INTO rolo.members (login, role, team) VALUES ($1, 'admin', '')",
            &[&admin],
        )?;
        txn.commit()?;
        Ok(())
    }

    /// Add a member, or change the role and team of one: creates their
    /// PostgreSQL login role if there is none. Admins only.
    pub fn add_member(&mut self, login: &str, role: Role, team: &str) -> Result<Member, TeamError> {
        check_login(login)?;
        self.require_team()?;
        let mut txn = self.client.transaction()?;
        let is_admin: bool = txn
            .query_one("SELECT rolo.my_role() IS NOT DISTINCT FROM 'admin'", &[])?
            .get(0);
        if !is_admin {
            return Err(TeamError::Denied(
                "only a team admin adds members (`rolo team list` shows who is)".into(),
            ));
        }
        ensure_login(&mut txn, login, role == Role::Admin)?;
        txn.execute(
            "INSERT INTO rolo.members (login, role, team) VALUES ($1, $2, $3)
             ON CONFLICT (login) DO UPDATE SET role = excluded.role, team = excluded.team",
            &[&login, &role.as_str(), &team],
        )?;
        txn.commit()?;
        Ok(Member {
            login: login.to_string(),
            role,
            team: team.to_string(),
            me: false,
        })
    }

    /// Everyone in the team, by team then login.
    pub fn members(&mut self) -> Result<Vec<Member>, TeamError> {
        self.require_team()?;
        let rows = self.client.query(
            "SELECT login, role, team, login = session_user FROM rolo.members ORDER BY team, login",
            &[],
        )?;
        rows.iter()
            .map(|row| {
                Ok(Member {
                    login: row.get(0),
                    role: Role::parse(row.get(1)).ok_or_else(|| {
                        TeamError::Sql(format!(
                            "unknown role in rolo.members: {}",
                            row.get::<_, &str>(1)
                        ))
                    })?,
                    team: row.get(2),
                    me: row.get(3),
                })
            })
            .collect()
    }

    /// The one customer `reference` names exactly, among those the caller
    /// can see: `#17`, or a whole name (any case). Never a fuzzy match:
    /// what follows changes who owns or sees a customer.
    pub fn resolve(&mut self, reference: &str) -> Result<(CustomerId, String), TeamError> {
        let reference = reference.trim();
        let rows = match reference.strip_prefix('#').map(str::parse::<i64>) {
            Some(Ok(id)) => self
                .client
                .query("SELECT id, name FROM rolo.customers WHERE id = $1", &[&id])?,
            _ => self.client.query(
                "SELECT id, name FROM rolo.customers WHERE lower(name) = lower($1) ORDER BY id",
                &[&reference],
            )?,
        };
        let shown = crate::text::sanitize(reference);
        match rows.as_slice() {
            [] => Err(TeamError::Input(format!(
                "no customer \"{shown}\" that you can see (give `#ID` or the whole name)"
            ))),
            [row] => Ok((CustomerId(row.get::<_, i64>(0) as u64), row.get(1))),
            many => Err(TeamError::Input(format!(
                "\"{shown}\" is {} customers: {}; give one `#ID`",
                many.len(),
                many.iter()
                    .map(|r| format!("#{} {}", r.get::<_, i64>(0), r.get::<_, String>(1)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// Give a customer, with their open tasks and deals, to `login`. The
    /// policies decide whether the caller may (a rep may not give one
    /// away; a lead may within their team).
    pub fn assign(&mut self, customer: CustomerId, login: &str) -> Result<Assigned, TeamError> {
        let mut txn = self.client.transaction()?;
        let member = txn.query_opt("SELECT 1 FROM rolo.members WHERE login = $1", &[&login])?;
        if member.is_none() {
            return Err(TeamError::Input(format!(
                "{} is not in the team (`rolo team list`)",
                crate::text::sanitize(login)
            )));
        }
        let id = customer.0 as i64;
        let changed = txn
            .execute(
                "UPDATE rolo.customers
                 SET owner = $2, record = jsonb_set(record, '{owner}', to_jsonb($2::text)),
                     updated_at = now()
                 WHERE id = $1",
                &[&id, &login],
            )
            .map_err(|e| denied_or(e, || format!("you may not give {customer} to {login}")))?;
        if changed == 0 {
            return Err(TeamError::Denied(format!(
                "you may not reassign {customer} (it is not yours, or not your team's)"
            )));
        }
        let tasks = txn.execute(
            "UPDATE rolo.tasks SET owner = $2 WHERE customer_id = $1 AND open",
            &[&id, &login],
        )?;
        let deals = txn.execute(
            "UPDATE rolo.deals SET record = jsonb_set(record, '{owner}', to_jsonb($2::text))
             WHERE customer_id = $1 AND open",
            &[&id, &login],
        )?;
        txn.commit()?;
        Ok(Assigned { tasks, deals })
    }

    /// Show a customer to one more member.
    pub fn share(&mut self, customer: CustomerId, login: &str) -> Result<(), TeamError> {
        let id = customer.0 as i64;
        self.client
            .execute(
                "INSERT INTO rolo.shares (customer_id, login) VALUES ($1, $2)
                 ON CONFLICT DO NOTHING",
                &[&id, &login],
            )
            .map_err(|e| match e.as_db_error().map(|d| d.code().clone()) {
                Some(postgres::error::SqlState::FOREIGN_KEY_VIOLATION) => {
                    TeamError::Input(format!(
                        "{} is not in the team (`rolo team list`)",
                        crate::text::sanitize(login)
                    ))
                }
                _ => denied_or(e, || {
                    format!("you may not share {customer}: it is not yours")
                }),
            })?;
        Ok(())
    }
}

/// What a lead assignment rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleField {
    /// The address contains the value (a city, a province).
    Region,
    Industry,
    Source,
}

impl RuleField {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleField::Region => "region",
            RuleField::Industry => "industry",
            RuleField::Source => "source",
        }
    }

    fn parse(text: &str) -> Option<RuleField> {
        [RuleField::Region, RuleField::Industry, RuleField::Source]
            .into_iter()
            .find(|f| f.as_str() == text)
    }
}

/// A lead assignment rule: a new customer without an owner whose `field`
/// matches `value` goes to `team`, to its reps in turn (`schema.sql`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub id: i64,
    pub field: RuleField,
    pub value: String,
    pub team: String,
}

impl Team {
    /// Add a lead assignment rule (admins only); it comes after the others.
    pub fn add_rule(
        &mut self,
        field: RuleField,
        value: &str,
        team: &str,
    ) -> Result<Rule, TeamError> {
        self.require_team()?;
        let (value, team) = (value.trim(), team.trim());
        if value.is_empty() || team.is_empty() {
            return Err(TeamError::Input(
                "a rule needs a value to match and a team (--team)".into(),
            ));
        }
        let has_reps: bool = self
            .client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM rolo.members WHERE team = $1 AND role = 'rep')",
                &[&team],
            )?
            .get(0);
        if !has_reps {
            return Err(TeamError::Input(format!(
                "team \"{}\" has no reps to give leads to (`rolo team list`; \
                 `rolo team user add LOGIN --role rep --team {}`)",
                crate::text::sanitize(team),
                crate::text::sanitize(team)
            )));
        }
        let row = self
            .client
            .query_one(
                "INSERT INTO rolo.assign_rules (field, value, team) VALUES ($1, $2, $3)
                 RETURNING id",
                &[&field.as_str(), &value, &team],
            )
            .map_err(|e| denied_or(e, || "only a team admin sets assignment rules".into()))?;
        Ok(Rule {
            id: row.get(0),
            field,
            value: value.to_string(),
            team: team.to_string(),
        })
    }

    /// The lead assignment rules, in the order they are tried.
    pub fn rules(&mut self) -> Result<Vec<Rule>, TeamError> {
        self.require_team()?;
        let rows = self.client.query(
            "SELECT id, field, value, team FROM rolo.assign_rules ORDER BY id",
            &[],
        )?;
        rows.iter()
            .map(|row| {
                Ok(Rule {
                    id: row.get(0),
                    field: RuleField::parse(row.get(1)).ok_or_else(|| {
                        TeamError::Sql(format!(
                            "unknown field in rolo.assign_rules: {}",
                            row.get::<_, &str>(1)
                        ))
                    })?,
                    value: row.get(2),
                    team: row.get(3),
                })
            })
            .collect()
    }

    /// Remove rule `id` (admins only).
    pub fn remove_rule(&mut self, id: i64) -> Result<(), TeamError> {
        self.require_team()?;
        let removed = self
            .client
            .execute("DELETE FROM rolo.assign_rules WHERE id = $1", &[&id])?;
        if removed == 1 {
            return Ok(());
        }
        let exists = self
            .client
            .query_opt("SELECT 1 FROM rolo.assign_rules WHERE id = $1", &[&id])?
            .is_some();
        Err(if exists {
            TeamError::Denied("only a team admin removes assignment rules".into())
        } else {
            TeamError::Input(format!("no assignment rule {id} (`rolo team rule list`)"))
        })
    }
}

/// What `assign` moved with the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Assigned {
    pub tasks: u64,
    pub deals: u64,
}

/// A policy's refusal said in rolo's words; any other error as it is.
fn denied_or(e: postgres::Error, say: impl FnOnce() -> String) -> TeamError {
    match TeamError::from(e) {
        TeamError::Denied(_) => TeamError::Denied(say()),
        other => other,
    }
}

/// Make `login` a PostgreSQL login role in `rolo_user` (creating it if
/// needed); an admin also gets CREATEROLE, to add members.
fn ensure_login(
    txn: &mut postgres::Transaction<'_>,
    login: &str,
    admin: bool,
) -> Result<(), TeamError> {
    let exists = txn
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&login])?
        .is_some();
    let create = if exists {
        "ALTER ROLE %I LOGIN"
    } else {
        "CREATE ROLE %I LOGIN"
    };
    let mut statements = vec![create.to_string(), "GRANT rolo_user TO %I".to_string()];
    if admin {
        statements.push("ALTER ROLE %I CREATEROLE".into());
    }
    for statement in statements {
        let sql: String = txn
            .query_one("SELECT format($1, $2::text)", &[&statement, &login])?
            .get(0);
        txn.batch_execute(&sql)?;
    }
    Ok(())
}
