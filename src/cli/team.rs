//! Team mode on PostgreSQL (docs/TEAM.md): `rolo team init|user add|list`,
//! `rolo assign`, `rolo share` and `rolo migrate`. `--db` names the team
//! database by URL; who may do what is decided by the database's policies.

use super::{App, Result, UsageError, output};
use crate::domain::Channel;
use crate::store::pg::{Copied, Member, Role, Rule, RuleField, Team, is_url, redact};
use clap::{Args, Subcommand};
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Set up a team database: schema, roles, row-level security (as a PostgreSQL superuser)
    Init(InitArgs),
    /// Members: `rolo team user add LOGIN --role rep --team east`
    #[command(subcommand)]
    User(UserCommand),
    /// Everyone in the team, with their role and team
    List,
    /// Lead assignment: where new customers without an owner go
    #[command(subcommand)]
    Rule(RuleCommand),
}

#[derive(Debug, Subcommand)]
pub enum RuleCommand {
    /// Send new customers without an owner that match to a team, to its reps in turn (admins only)
    Add(RuleAddArgs),
    /// The rules, in the order they are tried
    List,
    /// Remove a rule by its number (admins only)
    Rm {
        /// The rule's number, from `rolo team rule list`
        id: i64,
    },
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("match").required(true).args(["region", "industry", "source"]))]
pub struct RuleAddArgs {
    /// Customers whose address contains this (a city, a province: 上海, Bavaria)
    #[arg(long)]
    pub region: Option<String>,
    /// Customers in this industry (any case)
    #[arg(long)]
    pub industry: Option<String>,
    /// Customers from this source (any case): expo, web, referral …
    #[arg(long)]
    pub source: Option<String>,
    /// The team whose reps get them
    #[arg(long)]
    pub team: String,
}

impl RuleAddArgs {
    fn matching(&self) -> (RuleField, &str) {
        match (&self.region, &self.industry, &self.source) {
            (Some(v), _, _) => (RuleField::Region, v),
            (_, Some(v), _) => (RuleField::Industry, v),
            (_, _, Some(v)) => (RuleField::Source, v),
            // clap's group makes one of them required.
            (None, None, None) => (RuleField::Source, ""),
        }
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The first admin: a Unix login (peer authentication makes it the database identity)
    #[arg(long, value_name = "LOGIN")]
    pub admin: String,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a member, or change their role and team (admins only)
    Add(UserAddArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Their Unix login
    pub login: String,
    /// rep (own customers), lead (the team's), service (every card and case), admin (everything)
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// The team whose lead sees their customers
    #[arg(long, default_value = "")]
    pub team: String,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The customer: `#ID` or the whole name (exact, never fuzzy)
    pub customer: String,
    /// The member who owns them from now on, with their open tasks and deals
    pub login: String,
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The customer: `#ID` or the whole name (exact, never fuzzy)
    pub customer: String,
    /// The member who sees them too
    pub login: String,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The team database to copy this book into (empty, set up by `rolo team init`)
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// Who owns the customers that have no owner [default: you]
    #[arg(long, value_name = "LOGIN")]
    pub owner: Option<String>,
}

fn parse_role(text: &str) -> std::result::Result<Role, String> {
    Role::parse(text)
        .ok_or_else(|| format!("\"{text}\" is not a role: rep, lead, service or admin"))
}

/// The team database `--db` names, or why this command needs one.
fn team(app: &App, what: &str) -> Result<Team> {
    let db = app.store.path().to_string_lossy();
    if !is_url(&db) {
        return Err(UsageError(format!(
            "`rolo {what}` works on a team database: give --db postgresql:///DATABASE (or set ROLO_DB); \
             \"{}\" is a file",
            crate::text::sanitize(&db)
        ))
        .into());
    }
    Ok(Team::connect(&db, Channel::Cli)?)
}

pub fn run(app: &App, cmd: &TeamCommand) -> Result<()> {
    match cmd {
        TeamCommand::Init(args) => {
            let mut team = team(app, "team init")?;
            team.init(&args.admin)?;
            output::note(&format!(
                "set up a rolo team in {}; {} is its admin (next: `rolo team user add LOGIN --role rep --team NAME`)\n",
                team.url(),
                args.admin
            ));
            Ok(())
        }
        TeamCommand::User(UserCommand::Add(args)) => {
            let member =
                team(app, "team user add")?.add_member(&args.login, args.role, &args.team)?;
            if app.json {
                return output::print_json(&member);
            }
            output::print(&format!(
                "{} is a {} {}\n",
                member.login,
                member.role.as_str(),
                if member.team.is_empty() {
                    "with no team".to_string()
                } else {
                    format!("in team {}", member.team)
                }
            ))
        }
        TeamCommand::List => {
            let members = team(app, "team list")?.members()?;
            if app.json {
                return output::print_json(&members);
            }
            output::print(&members_table(&members))
        }
        TeamCommand::Rule(RuleCommand::Add(args)) => {
            let (field, value) = args.matching();
            let rule = team(app, "team rule add")?.add_rule(field, value, &args.team)?;
            if app.json {
                return output::print_json(&rule);
            }
            output::print(&format!(
                "rule {}: new customers without an owner whose {} {} \"{}\" go to team {}\n",
                rule.id,
                rule.field.as_str(),
                if rule.field == RuleField::Region {
                    "contains"
                } else {
                    "is"
                },
                crate::text::sanitize(&rule.value),
                crate::text::sanitize(&rule.team)
            ))
        }
        TeamCommand::Rule(RuleCommand::List) => {
            let rules = team(app, "team rule list")?.rules()?;
            if app.json {
                return output::print_json(&rules);
            }
            if rules.is_empty() {
                return output::print(
                    "No assignment rules: a new customer belongs to whoever adds it \
                     (`rolo team rule add --source expo --team east`)\n",
                );
            }
            output::print(&rules_table(&rules))
        }
        TeamCommand::Rule(RuleCommand::Rm { id }) => {
            team(app, "team rule rm")?.remove_rule(*id)?;
            output::print(&format!("rule {id} removed\n"))
        }
    }
}

fn rules_table(rules: &[Rule]) -> String {
    let mut table = output::Table::new(&["RULE", "FIELD", "VALUE", "TEAM"]);
    for r in rules {
        table.row(vec![
            r.id.to_string(),
            r.field.as_str().to_string(),
            crate::text::sanitize(&r.value).into_owned(),
            crate::text::sanitize(&r.team).into_owned(),
        ]);
    }
    table.render() + "\n"
}

fn members_table(members: &[Member]) -> String {
    let mut table = output::Table::new(&["LOGIN", "ROLE", "TEAM", ""]);
    for m in members {
        table.row(vec![
            m.login.clone(),
            m.role.as_str().to_string(),
            m.team.clone(),
            if m.me { "(you)".into() } else { String::new() },
        ]);
    }
    table.render() + "\n"
}

#[derive(Serialize)]
struct AssignedOut<'a> {
    customer: u64,
    name: &'a str,
    owner: &'a str,
    tasks: u64,
    deals: u64,
}

pub fn assign(app: &App, args: &AssignArgs) -> Result<()> {
    let mut team = team(app, "assign")?;
    let (id, name) = team.resolve(&args.customer)?;
    let moved = team.assign(id, &args.login)?;
    if app.json {
        return output::print_json(&AssignedOut {
            customer: id.0,
            name: &name,
            owner: &args.login,
            tasks: moved.tasks,
            deals: moved.deals,
        });
    }
    output::print(&format!(
        "{} {id} is {}'s now, with {} open task(s) and {} open deal(s)\n",
        crate::text::sanitize(&name),
        args.login,
        moved.tasks,
        moved.deals
    ))
}

pub fn share(app: &App, args: &ShareArgs) -> Result<()> {
    let mut team = team(app, "share")?;
    let (id, name) = team.resolve(&args.customer)?;
    team.share(id, &args.login)?;
    output::print(&format!(
        "{} {id} is shown to {} too\n",
        crate::text::sanitize(&name),
        args.login
    ))
}

pub fn migrate(app: &App, args: &MigrateArgs) -> Result<()> {
    if !is_url(&args.to) {
        return Err(UsageError(format!(
            "--to takes a team database URL (postgresql:///DATABASE), not \"{}\"",
            crate::text::sanitize(&args.to)
        ))
        .into());
    }
    if !app.store.exists() {
        return Err(crate::store::StoreError::NoDatabase(app.store.path().to_path_buf()).into());
    }
    let mut team = Team::connect(&args.to, Channel::Import)?;
    let owner = args
        .owner
        .clone()
        .unwrap_or_else(|| app.store.actor().to_string());
    let copied = team.copy_in(&app.store, &owner)?;
    if app.json {
        return output::print_json(&copied);
    }
    output::print(&copied_summary(&copied, &redact(&args.to), &owner))
}

fn copied_summary(c: &Copied, to: &str, owner: &str) -> String {
    let mut text = format!(
        "copied into {to}, and counted again there: {} customers, {} interactions, {} tasks, \
         {} deals, {} cases, {} orders, {} campaigns, {} audit entries\n",
        c.customers,
        c.interactions,
        c.tasks,
        c.deals,
        c.cases,
        c.orders,
        c.campaigns,
        c.audit_entries
    );
    if c.given_owner > 0 {
        text += &format!(
            "{} customers had no owner and are {owner}'s now\n",
            c.given_owner
        );
    }
    for (login, n) in &c.not_members {
        text += &format!(
            "{n} customers are owned by \"{}\", who is not a member: only admins and service see \
             them until that login joins (`rolo team user add LOGIN --role rep`) or `rolo assign` \
             gives them to a member\n",
            crate::text::sanitize(login)
        );
    }
    text
}
