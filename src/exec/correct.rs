//! Fixing mistakes: show, edit and remove an interaction, a task, a deal
//! or a case, and merge two customers — one path for the CLI verbs
//! (`rolo interaction edit …`, `rolo merge …`), the palette (`fix log 41:
//! …`, `rm task 12`, `merge #3 #7`) and the app. Each write is one
//! transaction journaled for `rolo undo` and the app's `u`.

use super::{Ctx, Done, ExecError, resolve};
use crate::domain::*;
use crate::palette::{CustomerRef, Fix, Record};
use crate::store::{MergePlan, Merged, Reads, Shared, merge_plan};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::Serialize;

/// An interaction with its customer and the task it created: `rolo
/// interaction show`, the app's detail view. Shaped like `rolo log --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InteractionShown {
    pub customer: Customer,
    pub interaction: Interaction,
    /// The task it created, if it still exists.
    pub task: Option<Task>,
}

/// A task with its customer and the interaction that created it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskShown {
    pub customer: Option<Customer>,
    pub task: Task,
    pub origin: Option<Interaction>,
}

pub fn show_interaction(ctx: &Ctx, id: InteractionId) -> Result<InteractionShown, ExecError> {
    Ok(ctx.store.read(|r| {
        let interaction = r.get_interaction(id)?;
        let customer = r.get_customer(interaction.customer)?;
        let task = interaction.task.map(|t| r.task(t)).transpose()?.flatten();
        Ok::<_, crate::store::StoreError>(InteractionShown {
            customer,
            interaction,
            task,
        })
    })?)
}

pub fn show_task(ctx: &Ctx, id: TaskId) -> Result<TaskShown, ExecError> {
    Ok(ctx.store.read(|r| {
        let task = r.get_task(id)?;
        let customer = task.customer.map(|c| r.customer(c)).transpose()?.flatten();
        let origin = task.origin.map(|i| r.interaction(i)).transpose()?.flatten();
        Ok::<_, crate::store::StoreError>(TaskShown {
            customer,
            task,
            origin,
        })
    })?)
}

/// A wall-clock time typed in the palette or on the command line, in the
/// offset of `now` (as `rolo log --at` reads it).
pub fn local_at(ctx: &Ctx, wall: NaiveDateTime) -> DateTime<FixedOffset> {
    wall.and_local_timezone(*ctx.now.offset())
        .single()
        .unwrap_or(ctx.now)
}

pub fn edit_interaction(
    ctx: &Ctx,
    id: InteractionId,
    patch: &InteractionPatch,
) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let (interaction, changed) = w.edit_interaction(id, patch)?;
        let customer = w.get_customer(interaction.customer)?;
        Ok(Done::InteractionEdited {
            customer,
            interaction,
            changed,
        })
    })
}

pub fn remove_interaction(ctx: &Ctx, id: InteractionId) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let interaction = w.remove_interaction(id)?;
        let customer = w.get_customer(interaction.customer)?;
        Ok(Done::InteractionRemoved {
            customer,
            interaction,
        })
    })
}

/// Correct a task; `customer`, if given, names its new customer in words
/// (`Some(None)`: nobody), resolved inside the write.
pub fn edit_task(
    ctx: &Ctx,
    id: TaskId,
    mut patch: TaskPatch,
    customer: Option<Option<&CustomerRef>>,
) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        if let Some(whom) = customer {
            patch.customer = Some(
                whom.map(|r| super::resolve_in(w, r))
                    .transpose()?
                    .map(|c| c.id),
            );
        }
        let (task, changed) = w.edit_task(id, &patch)?;
        let customer = task.customer.map(|c| w.get_customer(c)).transpose()?;
        Ok(Done::TaskEdited {
            customer,
            task,
            changed,
        })
    })
}

/// Take a task off the queue: cancelled, kept in the history.
pub fn cancel_task(ctx: &Ctx, id: TaskId) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let task = w.cancel_task(id)?;
        let customer = task.customer.map(|c| w.get_customer(c)).transpose()?;
        Ok(Done::TaskCancelled { customer, task })
    })
}

/// Correct a deal; `customer`, if given, names its new customer in words,
/// resolved inside the write.
pub fn edit_deal(
    ctx: &Ctx,
    id: DealId,
    mut patch: DealPatch,
    customer: Option<&CustomerRef>,
) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        if let Some(whom) = customer {
            patch.customer = Some(super::resolve_in(w, whom)?.id);
        }
        let (deal, changed) = w.edit_deal(id, &patch)?;
        let customer = w.get_customer(deal.customer)?;
        Ok(Done::DealEdited {
            customer,
            deal,
            changed,
        })
    })
}

pub fn remove_deal(ctx: &Ctx, id: DealId) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let deal = w.remove_deal(id)?;
        let customer = w.get_customer(deal.customer)?;
        Ok(Done::DealRemoved { customer, deal })
    })
}

/// Correct a case; `customer` as for [`edit_deal`].
pub fn edit_case(
    ctx: &Ctx,
    id: CaseId,
    mut patch: CasePatch,
    customer: Option<&CustomerRef>,
) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        if let Some(whom) = customer {
            patch.customer = Some(super::resolve_in(w, whom)?.id);
        }
        let (case, changed) = w.edit_case(id, &patch)?;
        let customer = w.get_customer(case.customer)?;
        Ok(Done::CaseEdited {
            customer,
            case,
            changed,
        })
    })
}

pub fn remove_case(ctx: &Ctx, id: CaseId) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let case = w.remove_case(id)?;
        let customer = w.get_customer(case.customer)?;
        Ok(Done::CaseRemoved { customer, case })
    })
}

/// What merging `other` into `keep` would do, nothing written. Both are
/// named exactly (`#id`, or a name, email or phone: `resolve_exact`),
/// since the other card goes.
pub fn plan_merge(
    ctx: &Ctx,
    keep: &CustomerRef,
    other: &CustomerRef,
) -> Result<MergePlan, ExecError> {
    ctx.store.read(|r| {
        let keep = exact(r, keep)?;
        let other = exact(r, other)?;
        Ok(merge_plan(r, keep.id, other.id, ctx.now)?)
    })
}

/// Merge `other` into `keep`, both named exactly, resolved in the write.
pub fn merge(ctx: &Ctx, keep: &CustomerRef, other: &CustomerRef) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let keep = exact(w, keep)?.id;
        let other = exact(w, other)?.id;
        Ok(Done::Merged(Box::new(w.merge_customers(keep, other)?)))
    })
}

/// Merge by ids, after the user confirmed a plan (`plan_merge`).
pub fn merge_ids(ctx: &Ctx, keep: CustomerId, other: CustomerId) -> Result<Done, ExecError> {
    let merged = ctx
        .store
        .write(ctx.now, |w| w.merge_customers(keep, other))?;
    Ok(Done::Merged(Box::new(merged)))
}

/// `resolve_exact_in` that points at the words in a palette line.
fn exact(view: &impl Reads, r: &CustomerRef) -> Result<Customer, ExecError> {
    match resolve::resolve_exact(view, &r.text, resolve::Exactly::Merge) {
        Ok(id) => Ok(view.get_customer(id)?),
        Err(resolve::Error::Store(e)) => Err(ExecError::Store(e)),
        Err(resolve::Error::Resolve(error)) => Err(ExecError::Resolve {
            error,
            span: (!r.span.is_empty()).then(|| r.span.clone()),
        }),
    }
}

/// A customer an added one looks like, and what they share.
#[derive(Debug, Clone, PartialEq)]
pub struct Lookalike {
    pub id: CustomerId,
    pub name: String,
    pub company: String,
    pub shared: Shared,
}

impl Lookalike {
    /// `#1 Ann Lee (Acme Corp) has the same email ann@acme.com`.
    pub fn describe(&self) -> String {
        let who = if self.company.is_empty() {
            format!("{} {}", self.id, self.name)
        } else {
            format!("{} {} ({})", self.id, self.name, self.company)
        };
        match &self.shared {
            Shared::Email(e) => format!("{who} has the same email {e}"),
            Shared::Phone(p) => format!("{who} has the same phone {p}"),
            Shared::NameAndCompany => format!("{who} has the same name and company"),
        }
    }

    /// `#1 Ann Lee (Acme Corp) (same email)`.
    fn brief(&self) -> String {
        let what = match &self.shared {
            Shared::Email(_) => "email",
            Shared::Phone(_) => "phone",
            Shared::NameAndCompany => "name and company",
        };
        match self.company.as_str() {
            "" => format!("{} {} (same {what})", self.id, self.name),
            company => format!("{} {} ({company}) (same {what})", self.id, self.name),
        }
    }
}

/// The tail of `Added …` when the new customer looks like others, on the
/// same line (the app's toast shows one): whom, and the merge that makes
/// them one (the older card kept).
pub(super) fn alike(added: &Customer, alike: &[Lookalike]) -> String {
    let whom = alike
        .iter()
        .map(Lookalike::brief)
        .collect::<Vec<_>>()
        .join(", ");
    match alike {
        [] => String::new(),
        [one] => format!(
            " · looks like {whom}: `merge {} {}` if they are one person",
            one.id, added.id
        ),
        _ => format!(
            " · looks like {whom}: `merge ID {}` if one of them is this person",
            added.id
        ),
    }
}

/// Add a customer, and say whom they may duplicate (the same email or
/// phone, or the same name and company): added anyway — the user knows
/// whether two people share an office line — but named, so a mistake
/// can be merged at once (`rolo add`, the palette's `add`, the app's form).
pub fn add_customer(ctx: &Ctx, draft: CustomerDraft) -> Result<Done, ExecError> {
    let (customer, alike) = ctx.store.write(ctx.now, |w| {
        let customer = w.add_customer(draft)?;
        let mut alike = Vec::new();
        for (id, shared) in w.duplicates_of(&customer)? {
            let other = w.get_customer(id)?;
            alike.push(Lookalike {
                id,
                name: other.name,
                company: other.company,
                shared,
            });
        }
        Ok::<_, ExecError>((customer, alike))
    })?;
    Ok(Done::CustomerAdded(customer, alike))
}

/// A palette `fix …` line.
pub fn fix(ctx: &Ctx, fix: Fix) -> Result<Done, ExecError> {
    match fix {
        Fix::Interaction { id, mut patch, at } => {
            if let Some(wall) = at {
                patch.at = Some(local_at(ctx, wall));
            }
            edit_interaction(ctx, id, &patch)
        }
        Fix::Task {
            id,
            patch,
            customer,
        } => edit_task(ctx, id, patch, customer.as_ref().map(Option::as_ref)),
        Fix::Deal {
            id,
            mut patch,
            in_base_currency,
            customer,
        } => {
            if in_base_currency {
                patch.currency = Some(ctx.config.currency.clone());
            }
            edit_deal(ctx, id, patch, customer.as_ref())
        }
        Fix::Case {
            id,
            patch,
            customer,
        } => edit_case(ctx, id, patch, customer.as_ref()),
        Fix::Order {
            id,
            mut patch,
            at,
            in_base_currency,
            customer,
        } => {
            if in_base_currency {
                patch.currency = Some(ctx.config.currency.clone());
            }
            if let Some(wall) = at {
                patch.at = Some(local_at(ctx, wall));
            }
            super::edit_order(ctx, id, patch, customer.as_ref())
        }
    }
}

/// A palette `rm …` line.
pub fn remove(ctx: &Ctx, record: Record) -> Result<Done, ExecError> {
    match record {
        Record::Interaction(id) => remove_interaction(ctx, id),
        Record::Task(id) => cancel_task(ctx, id),
        Record::Deal(id) => remove_deal(ctx, id),
        Record::Case(id) => remove_case(ctx, id),
        Record::Order(id) => super::remove_order(ctx, id),
    }
}

// ---- what each did, in words (`Done::message`) ------------------------

/// `Updated call #41 with Ann Lee (#1): summary, at`.
pub(super) fn edited(what: String, changed: &[&str]) -> String {
    if changed.is_empty() {
        format!("No change to {what}")
    } else {
        format!("Updated {what}: {}", changed.join(", "))
    }
}

/// `call #41 with Ann Lee (#1)`.
pub(super) fn interaction_label(i: &Interaction, customer: &Customer) -> String {
    format!(
        "{} {} with {} ({})",
        i.kind, i.id, customer.name, customer.id
    )
}

/// `task #12 send quote (Ann Lee)`.
pub(super) fn task_label(t: &Task, customer: Option<&Customer>) -> String {
    match customer {
        Some(c) => format!("task {} {} ({})", t.id, t.title, c.name),
        None => format!("task {} {}", t.id, t.title),
    }
}

pub(super) fn removed_interaction(i: &Interaction, customer: &Customer) -> String {
    let mut s = format!("Removed {}", interaction_label(i, customer));
    if let Some(task) = i.task {
        s.push_str(&format!(" · its task {task} stays"));
    }
    s
}

pub(super) fn merged(m: &Merged) -> String {
    let (k, o) = (&m.kept, &m.removed);
    let n = |count: usize, what: &str| match count {
        1 => format!("1 {what}"),
        _ => format!("{count} {what}s"),
    };
    let moved = m.moved;
    let mut s = format!(
        "Merged {} {} into {} {} · moved {}, {}, {}, {}",
        o.id,
        o.label(),
        k.id,
        k.label(),
        n(moved.interactions, "interaction"),
        n(moved.tasks, "task"),
        n(moved.deals, "deal"),
        n(moved.cases, "case"),
    );
    if !m.conflicts.is_empty() {
        s.push_str(&format!(
            " · kept {}'s value for {}:",
            k.id,
            n(m.conflicts.len(), "field")
        ));
    }
    for c in &m.conflicts {
        s.push_str(&format!(
            "\n  {}: kept \"{}\", dropped \"{}\"",
            c.label(),
            c.kept,
            c.dropped
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::exec::{ResolveError, run_line};
    use crate::store::Store;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("valid time")
    }

    /// Ann Lee (#1) and two cards for Bob Ma (#2 at Acme, #3 without a company).
    fn setup() -> (tempfile::TempDir, Store, Config) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("rolo.redb"), Channel::Cli).with_actor("alice");
        store
            .write(at("2026-11-01T09:00:00+08:00"), |w| {
                w.add_customer(CustomerDraft::named("Ann Lee"))?;
                w.add_customer(CustomerDraft {
                    company: "Acme".into(),
                    ..CustomerDraft::named("Bob Ma")
                })?;
                w.add_customer(CustomerDraft {
                    emails: vec!["bob@gmail.com".into()],
                    ..CustomerDraft::named("Bob Ma")
                })
            })
            .expect("customers");
        (dir, store, Config::default())
    }

    fn ctx<'a>(store: &'a Store, config: &'a Config) -> Ctx<'a> {
        Ctx {
            store,
            now: at("2026-11-22T10:00:00+08:00"),
            config,
        }
    }

    fn said(ctx: &Ctx, line: &str) -> String {
        run_line(ctx, line)
            .unwrap_or_else(|e| panic!("{line}: {e}"))
            .message(ctx.wall_now())
    }

    #[test]
    fn the_call_just_logged_is_fixed_by_its_id_and_the_message_says_what_changed() {
        let (_dir, store, config) = setup();
        let ctx = ctx(&store, &config);
        assert_eq!(
            said(&ctx, "call ann: wants pricing -> send quote @fri"),
            "Logged call with Ann Lee (#1) · interaction #1 · next: send quote, due fri (task #1)"
        );
        assert_eq!(
            said(&ctx, "fix log 1: wants pricing for 50 seats"),
            "Updated call #1 with Ann Lee (#1): summary"
        );
        assert_eq!(
            said(&ctx, "fix log 1 at yesterday 16:00"),
            "Updated call #1 with Ann Lee (#1): at"
        );
        let shown = show_interaction(&ctx, InteractionId(1)).expect("shows");
        assert_eq!(shown.interaction.summary, "wants pricing for 50 seats");
        assert_eq!(shown.interaction.at, at("2026-11-21T16:00:00+08:00"));
        assert_eq!(shown.customer.last_contact_at, Some(shown.interaction.at));
        assert_eq!(shown.task.map(|t| t.title), Some("send quote".into()));
        assert_eq!(
            said(&ctx, "fix log 1: wants pricing for 50 seats"),
            "No change to call #1 with Ann Lee (#1)"
        );
        assert_eq!(
            said(&ctx, "fix task 1 due wed"),
            "Updated task #1 send quote (Ann Lee): due · due wed"
        );
        assert_eq!(
            said(&ctx, "rm task 1"),
            "Cancelled task #1 send quote (Ann Lee) (kept in the history; `rolo task show 1`)"
        );
        assert_eq!(
            said(&ctx, "rm log 1"),
            "Removed call #1 with Ann Lee (#1) · its task #1 stays"
        );
        let err = run_line(&ctx, "fix log 1: again").expect_err("gone");
        assert_eq!(
            err.to_string(),
            "no interaction #1 (`rolo show CUSTOMER` lists a timeline with its ids)"
        );
        assert_eq!(
            crate::fault::Blamed::blame(&err),
            crate::fault::Blame::Input
        );
    }

    #[test]
    fn an_amount_in_yuan_takes_the_base_currency_and_a_bare_one_keeps_the_deals() {
        let (_dir, store, config) = setup();
        let ctx = ctx(&store, &config);
        said(&ctx, "deal ann: 50 seats $50k");
        assert_eq!(
            said(&ctx, "fix deal 1 amount 60k"),
            "Updated deal #1 50 seats (Ann Lee) · 60,000 USD · 10%: amount"
        );
        assert_eq!(
            said(&ctx, "fix deal 1 amount ¥400k"),
            "Updated deal #1 50 seats (Ann Lee) · 400,000 CNY · 10%: amount, currency"
        );
        assert_eq!(
            said(&ctx, "rm deal 1"),
            "Removed deal #1 50 seats (Ann Lee) · 400,000 CNY"
        );
        said(&ctx, "case ann: invoice copy");
        assert_eq!(
            said(&ctx, "fix case 1 kind complaint"),
            "Updated complaint #1 invoice copy (Ann Lee) · normal priority: kind"
        );
        assert_eq!(
            said(&ctx, "rm case 1"),
            "Removed complaint #1 invoice copy (Ann Lee)"
        );
    }

    #[test]
    fn an_added_customer_who_looks_like_others_is_added_and_named_on_one_line() {
        let (_dir, store, config) = setup();
        let ctx = ctx(&store, &config);
        assert_eq!(
            said(&ctx, "add Bob Ma, Acme"),
            "Added Bob Ma (Acme) (#4) · looks like #2 Bob Ma (Acme) (same name and company): \
             `merge #2 #4` if they are one person"
        );
        let draft = CustomerDraft {
            emails: vec!["BOB@gmail.com".into()],
            company: "Acme".into(),
            ..CustomerDraft::named("Bob Ma")
        };
        assert_eq!(
            add_customer(&ctx, draft)
                .expect("added anyway")
                .message(ctx.wall_now()),
            "Added Bob Ma (Acme) (#5) · looks like #3 Bob Ma (same email), #2 Bob Ma (Acme) \
             (same name and company), #4 Bob Ma (Acme) (same name and company): `merge ID #5` \
             if one of them is this person"
        );
        assert_eq!(said(&ctx, "add Cai Li"), "Added Cai Li (#6)");
    }

    /// An id merged away says where its records went, through a later
    /// merge of the kept card too; an id never used says only that.
    #[test]
    fn a_merged_away_id_names_the_card_it_lives_on() {
        let (_dir, store, _) = setup();
        let now = at("2026-11-02T09:00:00+08:00");
        store
            .write(now, |w| {
                w.merge_customers(CustomerId(2), CustomerId(3))?;
                w.merge_customers(CustomerId(1), CustomerId(2))
            })
            .expect("merges");
        let said = |text: &str| {
            store
                .read(|r| crate::exec::resolve::resolve(r, text))
                .expect_err("no such customer")
        };
        for gone in ["#3", "#2"] {
            assert!(
                matches!(
                    said(gone),
                    crate::exec::resolve::Error::Resolve(ResolveError::NoSuchId {
                        merged_into: Some(CustomerId(1)),
                        ..
                    })
                ),
                "{gone}"
            );
        }
        assert!(matches!(
            said("#99"),
            crate::exec::resolve::Error::Resolve(ResolveError::NoSuchId {
                merged_into: None,
                ..
            })
        ));
    }

    #[test]
    fn a_merge_names_both_customers_exactly_and_lists_what_it_kept() {
        let (_dir, store, config) = setup();
        let ctx = ctx(&store, &config);
        // "Bob Ma" is two customers: the words must say which.
        let err = run_line(&ctx, "merge Bob Ma, bob@gmail.com").expect_err("ambiguous");
        let ExecError::Resolve { error, span } = &err else {
            panic!("{err:?}");
        };
        assert!(
            matches!(error, ResolveError::Ambiguous { total: 2, .. }),
            "{error}"
        );
        assert_eq!(span.clone(), Some(6..12));
        // Part of a name is not exact enough for a card that goes.
        let err = run_line(&ctx, "merge #2 bob@gmail").expect_err("not exact");
        assert!(
            matches!(
                err,
                ExecError::Resolve {
                    error: ResolveError::NotExact { .. },
                    ..
                }
            ),
            "{err}"
        );
        let err = run_line(&ctx, "merge #2 #2").expect_err("itself");
        assert_eq!(
            crate::fault::Blamed::blame(&err),
            crate::fault::Blame::Input
        );

        let plan = plan_merge(
            &ctx,
            &crate::exec::cli_ref("#2"),
            &crate::exec::cli_ref("bob@gmail.com"),
        )
        .expect("plans");
        assert_eq!(
            (plan.keep.id, plan.other.id),
            (CustomerId(2), CustomerId(3))
        );
        assert_eq!(
            said(&ctx, "merge #2 bob@gmail.com"),
            "Merged #3 Bob Ma into #2 Bob Ma (Acme) · moved 0 interactions, 0 tasks, 0 deals, 0 cases"
        );
        let kept = store.read(|r| r.get_customer(CustomerId(2))).expect("kept");
        assert_eq!(kept.emails, ["bob@gmail.com"]);
        let undone = crate::exec::undo(&ctx, &store.take_last_undo()).expect("undoes");
        assert_eq!(undone, Done::Undone(2), "the card kept and the card merged");
        let back = store.read(|r| r.get_customer(CustomerId(3))).expect("back");
        assert_eq!(back.emails, ["bob@gmail.com"]);
    }
}
