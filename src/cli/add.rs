//! `rolo add` and `rolo edit`.

use super::{App, Result, output};
use crate::domain::{CustomerDraft, CustomerPatch, Stage};
use crate::exec::{self, Done};
use clap::Args;

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The customer's name (e.g. "Ann Lee" or 王芳)
    pub name: String,
    #[command(flatten)]
    pub fields: Fields,
    /// A first note about them
    #[arg(long)]
    pub note: Option<String>,
}

/// The flags `add` and `edit` share.
#[derive(Debug, Args)]
pub struct Fields {
    #[arg(long)]
    pub company: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    /// Repeat for several
    #[arg(long = "email", value_name = "EMAIL")]
    pub emails: Vec<String>,
    /// Repeat for several; kept as typed, matched by digits
    #[arg(long = "phone", value_name = "PHONE")]
    pub phones: Vec<String>,
    /// Repeat for several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// lead, prospect, customer, loyal or churned
    #[arg(long, value_parser = parse_stage)]
    pub stage: Option<Stage>,
    /// Where they came from (channel)
    #[arg(long)]
    pub source: Option<String>,
    /// The marketing campaign they came from (see `rolo campaign list`)
    #[arg(long)]
    pub campaign: Option<String>,
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long)]
    pub industry: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    /// Stay in touch every N days
    #[arg(long, value_name = "DAYS", value_parser = super::parse_cadence)]
    pub cadence: Option<u32>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Customer: #id, name, company, email or phone
    pub customer: String,
    /// New name
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub fields: Fields,
    /// Remove a tag (repeatable)
    #[arg(long = "untag", value_name = "TAG")]
    pub untag: Vec<String>,
    /// Remove an email (repeatable)
    #[arg(long = "remove-email", value_name = "EMAIL")]
    pub remove_emails: Vec<String>,
    /// Remove a phone (repeatable)
    #[arg(long = "remove-phone", value_name = "PHONE")]
    pub remove_phones: Vec<String>,
    /// Stop tracking a stay-in-touch cadence
    #[arg(long, conflicts_with = "cadence")]
    pub no_cadence: bool,
    /// Replace the notes
    #[arg(long)]
    pub note: Option<String>,
}

fn parse_stage(s: &str) -> Result<Stage, String> {
    Stage::parse(s).map_err(|e| e.to_string())
}

pub fn add(app: &App, args: &AddArgs) -> Result<()> {
    let f = &args.fields;
    let draft = CustomerDraft {
        name: args.name.clone(),
        company: f.company.clone().unwrap_or_default(),
        title: f.title.clone().unwrap_or_default(),
        emails: f.emails.clone(),
        phones: f.phones.clone(),
        industry: f.industry.clone().unwrap_or_default(),
        tags: f.tags.clone(),
        stage: f.stage.unwrap_or_default(),
        source: f.source.clone().unwrap_or_default(),
        owner: f
            .owner
            .clone()
            .unwrap_or_else(|| app.store.actor().to_string()),
        address: f.address.clone().unwrap_or_default(),
        cadence: f.cadence,
        notes: args.note.clone().unwrap_or_default(),
        campaign: f.campaign.clone().unwrap_or_default(),
        ..Default::default()
    };
    let done = exec::add_customer(&app.ctx(), draft)?;
    unparsed_phone_notes(&f.phones);
    match done {
        // The warning goes to stderr, so stdout stays "Added …" (or the JSON).
        Done::CustomerAdded(c, alike) => {
            if !alike.is_empty() {
                output::note(&lookalike_warning(&c, &alike));
            }
            report(app, Done::CustomerAdded(c, Vec::new()))
        }
        other => report(app, other),
    }
}

/// Added anyway, but said on stderr (also with `--json`, whose output
/// stays the customer): whom the new customer may duplicate, and how to
/// make them one.
pub(super) fn lookalike_warning(c: &crate::domain::Customer, alike: &[exec::Lookalike]) -> String {
    let mut out = format!(
        "rolo: warning: {} {} may already be in rolo:\n",
        c.id, c.name
    );
    for other in alike {
        out.push_str(&format!("  {}\n", other.describe()));
    }
    if let [only] = alike {
        out.push_str(&format!(
            "  if they are one person: rolo merge {} {}\n",
            only.id.0, c.id.0
        ));
    } else {
        out.push_str(&format!(
            "  if one of them is this person: rolo merge ID {}\n",
            c.id.0
        ));
    }
    out
}

pub fn edit(app: &App, args: &EditArgs) -> Result<()> {
    let f = &args.fields;
    let patch = CustomerPatch {
        name: args.name.clone(),
        company: f.company.clone(),
        title: f.title.clone(),
        add_emails: f.emails.clone(),
        remove_emails: args.remove_emails.clone(),
        add_phones: f.phones.clone(),
        remove_phones: args.remove_phones.clone(),
        industry: f.industry.clone(),
        add_tags: f.tags.clone(),
        remove_tags: args.untag.clone(),
        stage: f.stage,
        source: f.source.clone(),
        owner: f.owner.clone(),
        address: f.address.clone(),
        cadence: if args.no_cadence {
            Some(None)
        } else {
            f.cadence.map(Some)
        },
        notes: args.note.clone(),
        // Spaced as the add path (draft validation) spaces it.
        campaign: f
            .campaign
            .as_ref()
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ")),
        ..Default::default()
    };
    if patch.is_empty() {
        return Err(super::UsageError(
            "nothing to change: give at least one flag, e.g. --stage customer (see `rolo edit --help`)".into(),
        )
        .into());
    }
    let done = exec::edit(&app.ctx(), &exec::cli_ref(&args.customer), patch)?;
    unparsed_phone_notes(&f.phones);
    report(app, done)
}

/// Kept as typed, but said on stderr: a phone libphonenumber cannot read
/// in the default region matches only the same digits typed again.
fn unparsed_phone_notes(phones: &[String]) {
    use crate::domain::phone;
    for p in phones.iter().filter(|p| phone::is_unparsed(p)) {
        output::note(&format!(
            "rolo: note: phone \"{}\" is not a number libphonenumber can read in region {}; kept as typed, matched only by the same digits\n",
            crate::text::sanitize(p),
            phone::default_region()
        ));
    }
}

fn report(app: &App, done: Done) -> Result<()> {
    match (&done, app.json) {
        (Done::CustomerAdded(c, _) | Done::CustomerChanged { customer: c, .. }, true) => {
            output::print_json(c)
        }
        _ => output::print(&format!("{}\n", done.message(app.now.naive_local()))),
    }
}
