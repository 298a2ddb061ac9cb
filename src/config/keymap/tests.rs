use super::*;
use crate::palette::ui_command;

/// The real check the TUI passes: the command registry.
fn known(c: &str) -> Result<(), String> {
    ui_command(c)
        .map(|_| ())
        .ok_or_else(|| format!("unknown command \"{c}\""))
}

fn reject_bogus(c: &str) -> Result<(), String> {
    if c.starts_with("bogus") {
        Err("no such command; try \"help\"".into())
    } else {
        Ok(())
    }
}

fn k(s: &str) -> Key {
    Key::parse(s).unwrap()
}

fn user(text: &str) -> Result<Keymap, KeymapError> {
    Keymap::from_user_text(text, "my/keymap.toml", "default", &reject_bogus)
}

fn run(map: &Keymap, mode: Mode, keys: &str) -> Resolution {
    let keys = Key::parse_chord(keys).unwrap();
    let (last, init) = keys.split_last().unwrap();
    for i in 0..init.len() {
        let r = map.resolve(mode, &init[..i], init[i]);
        assert!(matches!(r, Resolution::Pending { .. }), "{keys:?}: {r:?}");
    }
    map.resolve(mode, init, *last)
}

fn runs(command: &str) -> Resolution {
    Resolution::Run {
        command: command.to_string(),
    }
}

#[test]
fn parses_keys() {
    let ctrl = |c| Key::new(KeyCode::Char(c), Mods::CTRL);
    let cases = [
        ("j", Key::char('j')),
        ("G", Key::char('G')),
        ("shift-g", Key::char('G')),
        ("?", Key::char('?')),
        (":", Key::char(':')),
        ("-", Key::char('-')),
        ("space", Key::char(' ')),
        ("ctrl-c", ctrl('c')),
        ("CTRL-c", ctrl('c')),
        ("ctrl--", ctrl('-')),
        ("alt-x", Key::new(KeyCode::Char('x'), Mods::ALT)),
        ("alt-<", Key::new(KeyCode::Char('<'), Mods::ALT)),
        ("shift-tab", Key::new(KeyCode::BackTab, Mods::NONE)),
        ("backtab", Key::new(KeyCode::BackTab, Mods::NONE)),
        ("enter", Key::new(KeyCode::Enter, Mods::NONE)),
        ("Return", Key::new(KeyCode::Enter, Mods::NONE)),
        ("esc", Key::new(KeyCode::Esc, Mods::NONE)),
        ("pgdn", Key::new(KeyCode::PageDown, Mods::NONE)),
        ("pagedown", Key::new(KeyCode::PageDown, Mods::NONE)),
        ("f1", Key::new(KeyCode::F(1), Mods::NONE)),
        ("f24", Key::new(KeyCode::F(24), Mods::NONE)),
        ("f", Key::char('f')),
        (
            "shift-up",
            Key {
                code: KeyCode::Up,
                mods: Mods {
                    shift: true,
                    ..Mods::NONE
                },
            },
        ),
    ];
    for (s, want) in cases {
        assert_eq!(Key::parse(s).unwrap(), want, "{s}");
    }
}

#[test]
fn rejects_bad_keys() {
    for s in [
        "",
        "jj",
        "ctrl-",
        "ctrl-jj",
        "shift-1",
        "shift-?",
        "f0",
        "f25",
        "f01",
        "f+1",
        "hyper-x",
        "page-down",
        " ",
    ] {
        let err = Key::parse(s).unwrap_err().to_string();
        assert!(err.contains(&format!("\"{s}\"")), "{s}: {err}");
    }
    assert!(Key::parse_chord("  ").is_err());
}

#[test]
fn print_is_canonical_and_round_trips() {
    let cases = [
        ("j", "j"),
        ("shift-g", "G"),
        ("Enter", "enter"),
        ("escape", "esc"),
        ("backtab", "shift-tab"),
        ("ctrl-shift-tab", "ctrl-shift-tab"),
        ("pagedown", "pgdn"),
        ("pageup", "pgup"),
        ("del", "delete"),
        ("alt-ctrl-x", "ctrl-alt-x"),
        ("ctrl--", "ctrl--"),
        ("-", "-"),
        ("space", "space"),
        ("F12", "f12"),
        ("shift-up", "shift-up"),
    ];
    for (s, canonical) in cases {
        let key = k(s);
        assert_eq!(key.to_string(), canonical, "{s}");
        assert_eq!(k(canonical), key, "{s}");
    }
    let chord = Key::parse_chord(" ctrl-x   ctrl-c ").unwrap();
    assert_eq!(Key::chord_to_string(&chord), "ctrl-x ctrl-c");
}

#[test]
fn every_preset_key_round_trips_and_is_written_canonically() {
    for (name, text) in PRESET_FILES {
        let doc: toml::Table = toml::from_str(text).unwrap();
        for (table, value) in doc {
            let toml::Value::Table(entries) = value else {
                continue;
            };
            for spelled in entries.keys() {
                let keys = Key::parse_chord(spelled).unwrap();
                for key in &keys {
                    assert_eq!(k(&key.to_string()), *key, "{name} [{table}] {spelled}");
                }
                assert_eq!(&Key::chord_to_string(&keys), spelled, "{name} [{table}]");
            }
        }
    }
}

#[test]
fn normalises_terminal_keys() {
    let shift = Mods {
        shift: true,
        ..Mods::NONE
    };
    assert_eq!(Key::new(KeyCode::Char('g'), shift), Key::char('G'));
    assert_eq!(Key::new(KeyCode::Char('G'), shift), Key::char('G'));
    assert_eq!(Key::new(KeyCode::Char('?'), shift), Key::char('?'));
    assert_eq!(Key::new(KeyCode::Tab, shift), k("shift-tab"));
    assert_eq!(Key::new(KeyCode::BackTab, shift), k("shift-tab"));
    assert!(k("x").is_text() && k("space").is_text() && k("G").is_text());
    assert!(!k("ctrl-x").is_text() && !k("alt-x").is_text() && !k("enter").is_text());
}

#[test]
fn every_preset_loads_with_the_command_registry() {
    for name in Keymap::PRESETS {
        if let Err(e) = Keymap::preset(name, &known) {
            panic!("{name}: {e}");
        }
    }
    assert_eq!(Keymap::PRESETS.len(), PRESET_FILES.len());
}

#[test]
fn every_preset_keeps_the_design_promises() {
    for name in Keymap::PRESETS {
        let map = Keymap::preset(name, &known).unwrap();
        assert_eq!(run(&map, Mode::Main, "q"), runs("quit"), "{name}");
        for mode in Mode::ALL {
            assert_eq!(run(&map, mode, "ctrl-c"), runs("quit"), "{name} {mode:?}");
        }
        for (mode, close) in [
            (Mode::Palette, "palette close"),
            (Mode::Picker, "picker close"),
            (Mode::Help, "help"),
            (Mode::Form, "form cancel"),
            (Mode::Today, "view main"),
            (Mode::Detail, "show"),
            (Mode::Find, "find close"),
        ] {
            assert_eq!(run(&map, mode, "esc"), runs(close), "{name} {mode:?}");
        }
        // Enter shows a row whole, E edits it and d deletes it, in the
        // main view and in the detail view alike (vim deletes with d d).
        let delete = if name == "vim" { "d d" } else { "d" };
        for mode in [Mode::Main, Mode::Detail] {
            assert_eq!(run(&map, mode, "enter"), runs("show"), "{name} {mode:?}");
            assert_eq!(run(&map, mode, "E"), runs("edit"), "{name} {mode:?}");
            assert_eq!(run(&map, mode, delete), runs("delete"), "{name} {mode:?}");
        }
        for mode in [Mode::Main, Mode::Today] {
            assert_eq!(run(&map, mode, ":"), runs("palette"), "{name}");
            assert_eq!(run(&map, mode, "/"), runs("filter"), "{name}");
            assert_eq!(run(&map, mode, "?"), runs("help"), "{name}");
        }
        // Text inputs (palette, form) never lose a typed character to Global.
        for (keys, _, _) in map.bindings(Mode::Global) {
            let first = Key::parse_chord(&keys).unwrap()[0];
            assert!(!first.is_text(), "{name}: [global] \"{keys}\"");
        }
        for mode in [Mode::Palette, Mode::Form] {
            for (keys, _, _) in map.bindings(mode) {
                let first = Key::parse_chord(&keys).unwrap()[0];
                assert!(!first.is_text(), "{name} {mode:?}: \"{keys}\"");
            }
        }
    }
}

#[test]
fn finding_in_everything_written_is_a_key_away_in_every_preset() {
    let default = Keymap::preset("default", &known).unwrap();
    for mode in [Mode::Main, Mode::Today, Mode::Reports, Mode::Deals] {
        assert_eq!(run(&default, mode, "ctrl-f"), runs("find"), "{mode:?}");
    }
    // Vim pages with ctrl-f, so there it is "g /" (the name filter stays "/").
    let vim = Keymap::preset("vim", &known).unwrap();
    for mode in [Mode::Main, Mode::Today] {
        assert_eq!(run(&vim, mode, "ctrl-f"), runs("cursor page-down"));
        assert_eq!(run(&vim, mode, "g /"), runs("find"), "{mode:?}");
        assert_eq!(run(&vim, mode, "/"), runs("filter"), "{mode:?}");
    }
    assert_eq!(run(&vim, Mode::Reports, "ctrl-f"), runs("find"));
    // Emacs keeps ctrl-f where it does not move a cursor; in the overlay,
    // ctrl-s / ctrl-r step through the hits as isearch does.
    let emacs = Keymap::preset("emacs", &known).unwrap();
    for mode in [Mode::Main, Mode::Today] {
        assert_eq!(run(&emacs, mode, "ctrl-f"), runs("find"), "{mode:?}");
        assert_eq!(run(&emacs, mode, "ctrl-s"), runs("filter"), "{mode:?}");
    }
    assert_eq!(run(&emacs, Mode::Find, "ctrl-s"), runs("cursor down"));
    assert_eq!(run(&emacs, Mode::Find, "ctrl-r"), runs("cursor up"));
    assert_eq!(run(&emacs, Mode::Find, "ctrl-g"), runs("find close"));
    for map in [&default, &vim, &emacs] {
        assert_eq!(run(map, Mode::Find, "enter"), runs("find jump"));
        assert_eq!(run(map, Mode::Find, "down"), runs("cursor down"));
        assert_eq!(run(map, Mode::Find, "j"), runs("cursor down"));
        assert_eq!(run(map, Mode::Find, "tab"), runs("find focus"));
    }
}

#[test]
fn presets_differ_where_they_should() {
    let vim = Keymap::preset("vim", &known).unwrap();
    assert_eq!(run(&vim, Mode::Main, "l"), runs("focus next"));
    assert_eq!(run(&vim, Mode::Main, "ctrl-d"), runs("cursor page-down"));
    assert_eq!(run(&vim, Mode::Main, "j"), runs("cursor down"));
    let emacs = Keymap::preset("emacs", &known).unwrap();
    assert_eq!(run(&emacs, Mode::Main, "ctrl-n"), runs("cursor down"));
    assert_eq!(run(&emacs, Mode::Main, "ctrl-x ctrl-c"), runs("quit"));
    assert_eq!(run(&emacs, Mode::Picker, "ctrl-g"), runs("picker close"));
    assert_eq!(run(&emacs, Mode::Form, "ctrl-x ctrl-s"), runs("form save"));
    let default = Keymap::preset("default", &known).unwrap();
    assert_eq!(run(&default, Mode::Main, "ctrl-n"), Resolution::Unbound);
}

#[test]
fn extends_merges_key_by_key() {
    let map = user(
        "extends = \"vim\"\n[main]\n\"x\" = \"undo\"\n\"pagedown\" = { run = \"cursor bottom\", desc = \"Jump\" }\n",
    )
    .unwrap();
    assert_eq!(run(&map, Mode::Main, "x"), runs("undo")); // overridden
    assert_eq!(run(&map, Mode::Main, "pgdn"), runs("cursor bottom")); // same key, other spelling
    assert_eq!(run(&map, Mode::Main, "h"), runs("focus prev")); // from vim
    assert_eq!(run(&map, Mode::Main, "j"), runs("cursor down")); // from default
    assert_eq!(run(&map, Mode::Main, "u"), runs("undo"));
    // Without extends, the fallback preset is the base.
    let map =
        Keymap::from_user_text("[main]\n\"x\" = \"undo\"\n", "k.toml", "emacs", &known).unwrap();
    assert_eq!(run(&map, Mode::Main, "ctrl-n"), runs("cursor down"));
}

#[test]
fn noop_unbinds_an_inherited_key() {
    let map = user("[main]\n\"q\" = \"noop\"\n\"y p\" = \"NOOP\"\n\"g g\" = \"noop\"\n\"g\" = \"cursor top\"\n").unwrap();
    assert_eq!(run(&map, Mode::Main, "q"), Resolution::Unbound);
    assert_eq!(run(&map, Mode::Main, "g"), runs("cursor top")); // no conflict once "g g" is gone
    assert_eq!(
        run(&map, Mode::Main, "y"),
        Resolution::Pending {
            next: vec![(k("e"), "Copy email".into())]
        }
    );
    let main = map.bindings(Mode::Main);
    assert!(
        main.iter()
            .all(|(keys, cmd, _)| cmd != "noop" && keys != "q" && keys != "y p")
    );
    assert_eq!(run(&map, Mode::Today, "q"), runs("quit"));
}

#[test]
fn errors_name_file_table_and_key() {
    let cases = [
        ("[main]\n\"ctrl-jj\" = \"quit\"\n", "\"ctrl-jj\""),
        ("[today]\n\"x\" = \"bogus thing\"\n", "\"x\""),
        ("[main]\n\"g\" = \"cursor top\"\n", "\"g\""),
        ("[main]\n\"z\" = \"quit\"\n\"z z\" = \"quit\"\n", "\"z\""),
        ("[main]\n\"x\" = 3\n", "\"x\""),
        (
            "[main]\n\"x\" = { run = \"quit\", colour = \"red\" }\n",
            "\"x\"",
        ),
        (
            "[main]\n\"pgdn\" = \"quit\"\n\"pagedown\" = \"quit\"\n",
            "\"p",
        ),
    ];
    for (text, key) in cases {
        let err = user(text).unwrap_err().to_string();
        let table = if text.contains("[today]") {
            "[today]"
        } else {
            "[main]"
        };
        assert!(err.contains("\"my/keymap.toml\""), "{err}");
        assert!(err.contains(table), "{err}");
        assert!(err.contains(key), "{err}");
    }
    let err = user("[today]\n\"x\" = \"bogus thing\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("\"bogus thing\"") && err.contains("try \"help\""),
        "{err}"
    );
    let err = user("[main]\n\"g\" = \"cursor top\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"g g\"") && err.contains("noop"), "{err}");
    let err = user("[mian]\n\"x\" = \"quit\"\n").unwrap_err().to_string();
    assert!(
        err.contains("\"my/keymap.toml\"") && err.contains("[mian]"),
        "{err}"
    );
    let err = user("main = \"quit\"\n").unwrap_err().to_string();
    assert!(err.contains("\"main\""), "{err}");
    let err = user("extends = \"nano\"\n").unwrap_err().to_string();
    assert!(
        err.contains("\"my/keymap.toml\"") && err.contains("\"nano\""),
        "{err}"
    );
    let err = user("[main\n").unwrap_err().to_string();
    assert!(err.contains("\"my/keymap.toml\""), "{err}");
    assert!(Keymap::preset("nano", &known).is_err());
}

#[test]
fn extends_cycles_are_errors() {
    let presets = [("a", "extends = \"b\"\n"), ("b", "extends = \"a\"\n")];
    let err = preset_layers(&presets, "a", "x", &known)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("a -> b -> a"), "{err}");
}

#[test]
fn resolves_chords_with_which_key_and_falls_back_to_global() {
    let map = Keymap::preset("default", &known).unwrap();
    assert_eq!(
        map.resolve(Mode::Main, &[], k("y")),
        Resolution::Pending {
            next: vec![(k("e"), "Copy email".into()), (k("p"), "Copy phone".into())]
        }
    );
    assert_eq!(
        map.resolve(Mode::Main, &[k("y")], k("p")),
        runs("copy phone")
    );
    assert_eq!(
        map.resolve(Mode::Main, &[k("y")], k("z")),
        Resolution::Unbound
    );
    assert_eq!(
        map.resolve(Mode::Main, &[], k("g")),
        Resolution::Pending {
            next: vec![(k("g"), "cursor top".into())]
        }
    );
    assert_eq!(run(&map, Mode::Main, "ctrl-l"), runs("refresh"));
    assert_eq!(run(&map, Mode::Palette, "f1"), runs("help"));
    assert_eq!(run(&map, Mode::Palette, "q"), Resolution::Unbound);
    assert_eq!(run(&map, Mode::Global, "q"), Resolution::Unbound);

    // A mode's chord hides a Global binding of its prefix; follow-ups of both are offered.
    let map = user("[global]\n\"ctrl-x ctrl-s\" = \"refresh\"\n\"ctrl-x k\" = \"quit\"\n[main]\n\"ctrl-x k\" = \"undo\"\n\"ctrl-x a b\" = \"help\"\n")
        .unwrap();
    assert_eq!(
        map.resolve(Mode::Main, &[], k("ctrl-x")),
        Resolution::Pending {
            next: vec![
                (k("a"), "…".into()),
                (k("k"), "undo".into()),
                (k("ctrl-s"), "refresh".into())
            ]
        }
    );
    assert_eq!(run(&map, Mode::Main, "ctrl-x k"), runs("undo"));
    assert_eq!(run(&map, Mode::Main, "ctrl-x ctrl-s"), runs("refresh"));
    assert_eq!(run(&map, Mode::Main, "ctrl-x a b"), runs("help"));
    assert_eq!(run(&map, Mode::Today, "ctrl-x k"), runs("quit"));
}

#[test]
fn bindings_are_sorted_for_display() {
    let map = Keymap::preset("default", &known).unwrap();
    let main = map.bindings(Mode::Main);
    let order: Vec<_> = main
        .iter()
        .map(|(keys, cmd, _)| (cmd.clone(), display_order(keys)))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    let down: Vec<_> = main
        .iter()
        .filter(|(_, c, _)| c == "cursor down")
        .map(|(keys, _, _)| keys.as_str())
        .collect();
    assert_eq!(down, ["j", "down"]);
    assert!(main.contains(&(
        "y p".to_string(),
        "copy phone".to_string(),
        "Copy phone".to_string()
    )));
    assert!(main.contains(&("x".to_string(), "done".to_string(), String::new())));
}

#[test]
fn hints_pick_the_shortest_reachable_key() {
    let map = Keymap::preset("default", &known).unwrap();
    assert_eq!(map.hint(Mode::Main, "palette").as_deref(), Some(":"));
    assert_eq!(map.hint(Mode::Main, "quit").as_deref(), Some("q"));
    assert_eq!(map.hint(Mode::Main, "copy phone").as_deref(), Some("y p"));
    assert_eq!(map.hint(Mode::Palette, "quit").as_deref(), Some("ctrl-c"));
    assert_eq!(map.hint(Mode::Main, "view  today").as_deref(), Some("T"));
    assert_eq!(map.hint(Mode::Main, "picker choose"), None);
    // A Global key the mode rebinds is no hint.
    let map = user("[main]\n\"?\" = \"noop\"\n\"f1\" = \"undo\"\n").unwrap();
    assert_eq!(map.hint(Mode::Main, "help"), None);
    assert_eq!(map.hint(Mode::Today, "help").as_deref(), Some("?"));
}

#[test]
fn load_reads_the_config_dir_or_falls_back() {
    let dir = tempfile::tempdir().unwrap();
    let vim = Keymap::preset("vim", &known).unwrap();
    assert_eq!(Keymap::load(dir.path(), "vim", &known).unwrap(), vim);
    std::fs::write(dir.path().join("keymap.toml"), "[main]\n\"Q\" = \"quit\"\n").unwrap();
    let map = Keymap::load(dir.path(), "vim", &known).unwrap();
    assert_eq!(run(&map, Mode::Main, "Q"), runs("quit"));
    assert_eq!(run(&map, Mode::Main, "l"), runs("focus next"));
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[main]\n\"Q\" = \"bogus\"\n",
    )
    .unwrap();
    let err = Keymap::load(dir.path(), "default", &known)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("keymap.toml") && err.contains("[main]") && err.contains("\"Q\""),
        "{err}"
    );
}

/// Issue 11: a user keymap could take ctrl-c away from `quit` (or, with
/// `q` unbound too, leave no way out at all). It is refused at load,
/// naming the file and the table.
#[test]
fn a_keymap_that_takes_ctrl_c_away_from_quit_is_refused() {
    for (text, table, problem) in [
        (
            "[global]\n\"ctrl-c\" = \"noop\"\n[main]\n\"q\" = \"noop\"\n",
            "global",
            "is not bound to \"quit\"",
        ),
        (
            "[global]\n\"ctrl-c\" = \"help\"\n",
            "global",
            "runs \"help\"",
        ),
        (
            "[form]\n\"ctrl-c\" = \"form cancel\"\n",
            "form",
            "runs \"form cancel\"",
        ),
        (
            "[main]\n\"ctrl-c x\" = \"done\"\n",
            "main",
            "starts a chord",
        ),
    ] {
        let err = user(text).expect_err(text);
        assert!(
            matches!(&err, KeymapError::NoQuit { file, table: t, .. }
                if file == "my/keymap.toml" && t == table),
            "{text}: {err:?}"
        );
        let message = err.to_string();
        for part in [
            "keymap \"my/keymap.toml\"",
            &format!("[{table}] key \"ctrl-c\""),
            problem,
            "ctrl-c must quit from everywhere",
        ] {
            assert!(message.contains(part), "{message:?} lacks {part:?}");
        }
    }
}

#[test]
fn other_quit_keys_may_go_as_long_as_ctrl_c_quits() {
    let map = user("[main]\n\"q\" = \"noop\"\n[today]\n\"q\" = \"noop\"\n").expect("loads");
    for mode in Mode::ALL {
        assert_eq!(run(&map, mode, "ctrl-c"), runs("quit"), "{mode:?}");
    }
    // Binding it to quit again, anywhere, is fine too.
    user("[form]\n\"ctrl-c\" = \"quit\"\n").expect("loads");
}
