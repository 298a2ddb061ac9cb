//! `find` against a small book in a temporary store.
//!
//! #1 Ann Lee: a call on 11-10 "Discussed pricing for 50 seats" (feedback
//! "the CFO wants a discount"), an email on 11-20 "Sent the price list",
//! a task "Prepare pricing" (11-20), notes "Prefers email. Pricing
//! sensitive." and a deal "50 seats" lost on 11-21 ("price too high").
//! #2 王芳: a visit on 11-15 "客户想要报价单", a complaint case "报价错误"
//! resolved on 11-16 with "已重新发送报价".
//! A task of nobody's: "pricing review" (11-20).

#![allow(clippy::single_range_in_vec_init)] // one match is one range

use super::*;
use crate::domain::{
    CaseKind, Channel, CustomerDraft, DealStatus, NewCase, NewDeal, NewInteraction, NewTask,
    Pipeline, Priority,
};
use crate::store::{Store, StoreError};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00")).expect("fixture time")
}

fn logged(
    customer: CustomerId,
    kind: InteractionKind,
    when: &str,
    summary: &str,
) -> NewInteraction {
    NewInteraction {
        customer,
        kind,
        at: at(when),
        summary: summary.into(),
        feedback: String::new(),
        outcome: None,
        author: "ann".into(),
    }
}

fn book() -> (tempfile::TempDir, Store, CustomerId, CustomerId) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("rolo.redb"), Channel::Cli).with_actor("ann");
    let add = |name: &str, notes: &str| {
        store
            .write(at("2026-11-01T09:00:00"), |w| {
                let mut draft = CustomerDraft::named(name);
                draft.notes = notes.into();
                w.add_customer(draft)
            })
            .expect("add")
            .id
    };
    let ann = add("Ann Lee", "Prefers email.\nPricing sensitive.");
    let wang = add("王芳", "");
    let write =
        |when: &str, f: &mut dyn FnMut(&mut crate::store::Writer) -> Result<(), StoreError>| {
            store.write(at(when), |w| f(w)).expect("write");
        };
    write("2026-11-10T10:00:00", &mut |w| {
        let mut call = logged(
            ann,
            InteractionKind::Call,
            "2026-11-10T10:00:00",
            "Discussed pricing for 50 seats",
        );
        call.feedback = "the CFO wants a discount".into();
        w.log(call, None).map(drop)
    });
    write("2026-11-20T10:00:00", &mut |w| {
        w.log(
            logged(
                ann,
                InteractionKind::Email,
                "2026-11-20T10:00:00",
                "Sent the price list",
            ),
            None,
        )
        .map(drop)
    });
    write("2026-11-15T10:00:00", &mut |w| {
        w.log(
            logged(
                wang,
                InteractionKind::Visit,
                "2026-11-15T10:00:00",
                "客户想要报价单",
            ),
            None,
        )
        .map(drop)
    });
    let task = |customer: Option<CustomerId>, title: &str| NewTask {
        customer,
        title: title.into(),
        due: None,
        priority: Priority::default(),
        recurrence: None,
    };
    write("2026-11-20T11:00:00", &mut |w| {
        w.add_task(task(Some(ann), "Prepare pricing")).map(drop)
    });
    write("2026-11-20T12:00:00", &mut |w| {
        w.add_task(task(None, "pricing review")).map(drop)
    });
    write("2026-11-02T09:00:00", &mut |w| {
        let deal = NewDeal {
            customer: ann,
            title: "50 seats".into(),
            amount: 100,
            currency: "CNY".into(),
            stage: None,
            probability: None,
            expected_close: None,
            owner: String::new(),
        };
        w.add_deal(deal, &Pipeline::default()).map(drop)
    });
    write("2026-11-21T09:00:00", &mut |w| {
        w.close_deal(DealId(1), DealStatus::Lost, "price too high")
            .map(drop)
    });
    write("2026-11-14T09:00:00", &mut |w| {
        w.open_case(NewCase {
            customer: wang,
            kind: CaseKind::Complaint,
            title: "报价错误".into(),
            priority: Priority::default(),
            owner: String::new(),
        })
        .map(drop)
    });
    write("2026-11-16T09:00:00", &mut |w| {
        w.resolve_case(CaseId(1), "已重新发送报价").map(drop)
    });
    (dir, store, ann, wang)
}

fn run(store: &Store, query: &str, scope: &Scope) -> Found {
    store
        .read(|r| find(r, &Query::parse(query), scope))
        .expect("find")
}

/// Each hit as "kind field text".
fn lines(found: &Found) -> Vec<String> {
    found
        .hits
        .iter()
        .map(|h| format!("{} {} {}", h.kind, h.field.as_str(), h.text))
        .collect()
}

#[test]
fn every_kind_of_text_is_searched_newest_first() {
    let (_dir, store, ann, _) = book();
    let found = run(&store, "price", &Scope::default());
    assert_eq!(
        lines(&found),
        vec![
            "deal reason price too high",
            "task title pricing review",
            "task title Prepare pricing",
            "email summary Sent the price list",
            "call summary Discussed pricing for 50 seats",
            "note notes Prefers email.\nPricing sensitive.",
        ]
    );
    assert_eq!(found.total, 6);
    let deal = &found.hits[0];
    assert_eq!(deal.entity, Entity::Deal(DealId(1)));
    assert_eq!(
        (deal.customer, deal.customer_name.as_str()),
        (Some(ann), "Ann Lee")
    );
    assert_eq!(
        deal.at,
        at("2026-11-21T09:00:00"),
        "a reason is dated by the closing"
    );
    assert_eq!(deal.ranges, vec![0..5]);
    let nobody = &found.hits[1];
    assert_eq!((nobody.customer, nobody.customer_name.as_str()), (None, ""));
    let notes = &found.hits[5];
    assert_eq!(notes.entity, Entity::Customer(ann));
    assert_eq!(&notes.text[notes.ranges[0].clone()], "Pricing");
}

#[test]
fn chinese_is_found_as_a_substring_in_interactions_and_cases() {
    let (_dir, store, _, wang) = book();
    let found = run(&store, "报价", &Scope::default());
    assert_eq!(
        lines(&found),
        vec!["visit summary 客户想要报价单", "case title 报价错误"]
    );
    assert!(
        found
            .hits
            .iter()
            .all(|h| h.customer == Some(wang) && h.customer_name == "王芳")
    );
    assert_eq!(found.hits[0].ranges, vec![12..18]);
    assert_eq!(found.hits[1].entity, Entity::Case(CaseId(1)));
    // Only the resolution holds 重新: shown, and dated by the resolution.
    let found = run(&store, "重新", &Scope::default());
    assert_eq!(lines(&found), vec!["case resolution 已重新发送报价"]);
    assert_eq!(found.hits[0].at, at("2026-11-16T09:00:00"));
}

#[test]
fn all_terms_must_be_in_one_entry_and_the_fullest_field_is_shown() {
    let (_dir, store, _, _) = book();
    // "pricing" in the summary, "cfo" in the feedback: one entry.
    let found = run(&store, "cfo pricing", &Scope::default());
    assert_eq!(
        lines(&found),
        vec!["call summary Discussed pricing for 50 seats"]
    );
    let found = run(&store, "cfo discount", &Scope::default());
    assert_eq!(
        lines(&found),
        vec!["call feedback the CFO wants a discount"]
    );
    assert_eq!(found.hits[0].ranges, vec![4..7, 16..24]);
    assert_eq!(run(&store, "cfo list", &Scope::default()).total, 0);
}

#[test]
fn scope_by_customer_kind_and_period() {
    let (_dir, store, ann, wang) = book();
    let only = |scope: Scope| lines(&run(&store, "price", &scope));
    assert_eq!(
        only(Scope {
            kinds: vec![Kind::Task],
            ..Scope::default()
        }),
        vec!["task title pricing review", "task title Prepare pricing"]
    );
    assert_eq!(
        only(Scope {
            kinds: vec![Kind::Note],
            ..Scope::default()
        }),
        vec!["note notes Prefers email.\nPricing sensitive."]
    );
    assert_eq!(
        only(Scope {
            kinds: vec![Kind::Call, Kind::Email],
            since: Some(at("2026-11-11T00:00:00")),
            ..Scope::default()
        }),
        vec!["email summary Sent the price list"]
    );
    assert_eq!(
        only(Scope {
            until: Some(at("2026-11-20T00:00:00")),
            ..Scope::default()
        }),
        vec![
            "call summary Discussed pricing for 50 seats",
            "note notes Prefers email.\nPricing sensitive.",
        ]
    );
    let anns = only(Scope {
        customer: Some(ann),
        ..Scope::default()
    });
    assert_eq!(anns.len(), 5, "{anns:?}");
    assert!(!anns.contains(&"task title pricing review".to_string()));
    assert!(
        only(Scope {
            customer: Some(wang),
            ..Scope::default()
        })
        .is_empty()
    );
}

#[test]
fn the_deal_title_counts_by_its_own_date() {
    let (_dir, store, _, _) = book();
    // "seats" is in the deal's title (11-02) and the call (11-10).
    let scope = Scope {
        kinds: vec![Kind::Deal],
        until: Some(at("2026-11-03T00:00:00")),
        ..Scope::default()
    };
    assert_eq!(
        lines(&run(&store, "seats", &scope)),
        vec!["deal title 50 seats"]
    );
    // "seats high": the title is in the period, the reason (11-21) is not.
    assert_eq!(run(&store, "seats high", &scope).total, 0);
}

#[test]
fn the_limit_keeps_the_newest_and_counts_them_all() {
    let (_dir, store, _, _) = book();
    let found = run(
        &store,
        "price",
        &Scope {
            limit: 2,
            ..Scope::default()
        },
    );
    assert_eq!(
        lines(&found),
        vec!["deal reason price too high", "task title pricing review"]
    );
    assert_eq!(found.total, 6);
    assert_eq!(run(&store, "", &Scope::default()), Found::default());
}

#[test]
fn kinds_parse_from_their_names_and_the_log_words() {
    assert_eq!(Kind::parse("Call"), Some(Kind::Call));
    assert_eq!(Kind::parse("电话"), Some(Kind::Call));
    assert_eq!(Kind::parse("notes"), Some(Kind::Note));
    assert_eq!(Kind::parse("tasks"), Some(Kind::Task));
    assert_eq!(Kind::parse("case"), Some(Kind::Case));
    assert_eq!(Kind::parse("lunch"), None);
    for kind in Kind::ALL {
        assert_eq!(Kind::parse(kind.as_str()), Some(kind));
    }
}

#[test]
fn an_interaction_is_found_by_its_outcome() {
    let (_dir, store, ann, _) = book();
    store
        .write(at("2026-11-21T10:00:00"), |w| {
            let mut call = logged(ann, InteractionKind::Call, "2026-11-21T10:00:00", "");
            call.outcome = Some(crate::domain::Outcome::NoAnswer);
            w.log(call, None)?;
            let mut call = logged(
                ann,
                InteractionKind::Call,
                "2026-11-21T11:00:00",
                "renewal, call back",
            );
            call.outcome = Some(crate::domain::Outcome::Voicemail);
            w.log(call, None).map(drop)
        })
        .expect("log");
    let found = run(&store, "no-answer", &Scope::default());
    assert_eq!(lines(&found), vec!["call outcome no-answer"]);
    assert_eq!(found.hits[0].ranges, vec![0..9]);
    assert_eq!(
        lines(&run(&store, "voicemail", &Scope::default())),
        vec!["call outcome voicemail"]
    );
    // Both fields match a term each: the first is shown.
    assert_eq!(
        lines(&run(&store, "voicemail renewal", &Scope::default())),
        vec!["call summary renewal, call back"]
    );
}

#[test]
fn a_search_told_to_stop_gives_up_and_one_never_told_finishes() {
    let (_dir, store, _, _) = book();
    let query = Query::parse("price");
    let stopped = store.read(|r| find_until(r, &query, &Scope::default(), || true));
    assert!(matches!(stopped, Err(StoreError::Stopped)), "{stopped:?}");
    let mut asked = 0;
    let found = store
        .read(|r| {
            find_until(r, &query, &Scope::default(), || {
                asked += 1;
                false
            })
        })
        .expect("find");
    assert_eq!(found, run(&store, "price", &Scope::default()));
    assert!(asked >= 1, "asked before reading anything");
}
