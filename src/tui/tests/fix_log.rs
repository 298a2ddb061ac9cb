//! `fix log: …` with no id in the app (issue 12, item 7): the entry it
//! corrects is exact — the Timeline's selected row when that pane has
//! focus, else the one logged last in this session while it stands — the
//! confirmation names it and `u` takes it back. With none, the palette
//! comes back asking for the id and nothing is written.

use super::fixtures::{feed, loaded, now, press, typed};
use crate::config::Config;
use crate::domain::{Channel, CustomerDraft, InteractionId, InteractionPatch};
use crate::exec::{self, Ctx};
use crate::palette::{Command, Fix};
use crate::store::{Reads as _, Store};
use crate::tui::model::{Model, Overlay, Pane};
use crate::tui::msg::{Effect, Msg, Outcome};

/// Ann Lee (#1), as the fixture list's first row is.
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("r.redb"), Channel::Tui);
    store
        .write(now(), |w| w.add_customer(CustomerDraft::named("Ann Lee")))
        .expect("fixture data");
    (dir, store)
}

/// Run the store effects as the store worker does, feed back the answers.
fn run(store: &Store, model: &mut Model, effects: Vec<Effect>) {
    let config = Config::default();
    let ctx = Ctx {
        store,
        now: now(),
        config: &config,
    };
    for effect in effects {
        let done = match effect {
            Effect::Run(command) => exec::run(&ctx, command),
            Effect::Undo(undo) => exec::undo(&ctx, &undo),
            _ => continue,
        };
        let done = done.unwrap_or_else(|e| panic!("the write failed: {e}"));
        let undo = store.take_last_undo();
        feed(model, [Msg::Applied(Ok(Box::new(Outcome { done, undo })))]);
    }
}

/// Type a palette line and press Enter.
fn palette(model: &mut Model, line: &str) -> Vec<Effect> {
    press(model, ":");
    typed(model, line);
    press(model, "enter")
}

fn summary(store: &Store, id: u64) -> Option<String> {
    store
        .read(|r| r.interaction(InteractionId(id)))
        .expect("read")
        .map(|i| i.summary)
}

fn toast(model: &Model) -> String {
    let toast = model.toast.as_ref().expect("a toast");
    assert!(!toast.error, "{toast:?}");
    toast.text.clone()
}

/// The fix a line asks the store for, if any.
fn fixes(effects: &[Effect]) -> Vec<(InteractionId, InteractionPatch)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Run(Command::Fix(Fix::Interaction { id, patch, .. })) => {
                Some((*id, patch.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn fix_log_corrects_the_entry_just_logged_names_it_and_u_takes_it_back() {
    let (_dir, store) = store();
    let mut model = loaded();
    let effects = palette(&mut model, "call 1: wants pricng -> send quote @fri");
    run(&store, &mut model, effects);
    assert!(
        toast(&model).contains("interaction #1"),
        "{:?}",
        model.toast
    );
    assert_eq!(model.last_logged, Some(InteractionId(1)));

    let effects = palette(&mut model, "fix log: wants pricing");
    assert_eq!(
        fixes(&effects),
        [(
            InteractionId(1),
            InteractionPatch {
                summary: Some("wants pricing".into()),
                ..Default::default()
            }
        )]
    );
    run(&store, &mut model, effects);
    assert_eq!(summary(&store, 1).as_deref(), Some("wants pricing"));
    let said = toast(&model);
    assert!(
        said.contains("Updated call #1 with Ann Lee (#1): summary"),
        "{said}"
    );

    // A field too, on the same entry; then `u` takes the fixes back.
    let effects = palette(&mut model, "fix log outcome voicemail");
    assert_eq!(fixes(&effects).len(), 1);
    run(&store, &mut model, effects);
    let effects = press(&mut model, "u u");
    run(&store, &mut model, effects);
    assert_eq!(summary(&store, 1).as_deref(), Some("wants pricng"));
    assert_eq!(
        model.last_logged,
        Some(InteractionId(1)),
        "undoing the fixes leaves the log standing"
    );
}

#[test]
fn with_nothing_logged_in_the_session_fix_log_asks_for_the_id_and_writes_nothing() {
    let mut model = loaded();
    let effects = palette(&mut model, "fix log: wants pricing");
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Run(_))),
        "{effects:?}"
    );
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!("the palette comes back: {:?}", model.overlay);
    };
    assert_eq!(p.input.text, "fix log: wants pricing", "the line is kept");
    let error = p.error.as_ref().expect("an error under the line");
    assert!(error.message.contains("fix log ID"), "{}", error.message);
    assert_eq!(error.span, Some(7..7), "where the id would go");
}

#[test]
fn undoing_the_log_or_removing_it_forgets_it() {
    let (_dir, store) = store();
    let mut model = loaded();
    let effects = palette(&mut model, "call 1: first");
    run(&store, &mut model, effects);
    let effects = press(&mut model, "u");
    run(&store, &mut model, effects);
    assert_eq!(model.last_logged, None);
    let effects = palette(&mut model, "fix log: anything");
    assert!(fixes(&effects).is_empty(), "{effects:?}");

    press(&mut model, "esc");
    let effects = palette(&mut model, "note 1: second");
    run(&store, &mut model, effects);
    let id = model.last_logged.expect("the note is remembered");
    let effects = palette(&mut model, &format!("rm log {}", id.0));
    run(&store, &mut model, effects);
    assert_eq!(model.last_logged, None);
}

#[test]
fn with_the_timeline_focused_fix_log_corrects_its_selected_row() {
    let (_dir, store) = store();
    let mut model = loaded();
    let effects = palette(&mut model, "call 1: just now");
    run(&store, &mut model, effects);
    // Ann Lee's fixture timeline: #104, #103, #102, #101, newest first.
    press(&mut model, "2 j");
    assert_eq!(model.focus, Pane::Timeline);
    let effects = palette(&mut model, "fix log: sent the brochure");
    assert_eq!(
        fixes(&effects).first().map(|(id, _)| *id),
        Some(InteractionId(103)),
        "the selected row, not the one just logged"
    );

    press(&mut model, "1");
    let effects = palette(&mut model, "fix log: again");
    assert_eq!(
        fixes(&effects).first().map(|(id, _)| *id),
        Some(InteractionId(1)),
        "back on the customer list: the one just logged"
    );
}
