use super::*;

const ALL_SUPPORT: [ColorSupport; 4] = [
    ColorSupport::NoColor,
    ColorSupport::Ansi16,
    ColorSupport::Ansi256,
    ColorSupport::TrueColor,
];

fn user(text: &str, support: ColorSupport) -> Result<Theme, ThemeError> {
    Theme::from_user_text(text, "my/theme.toml", "dark", support)
}

/// One layer on its own, with no preset under it.
fn bare(text: &str) -> Theme {
    let layer = parse_layer(text, "bare.toml").unwrap();
    build(&[layer], ColorSupport::Ansi16).unwrap()
}

#[test]
fn every_preset_loads_for_every_terminal() {
    for name in Theme::PRESETS {
        for support in ALL_SUPPORT {
            if let Err(e) = Theme::preset(name, support) {
                panic!("{name} {support:?}: {e}");
            }
        }
    }
    assert_eq!(Theme::PRESETS.len(), PRESET_FILES.len());
    assert!(Theme::preset("solarized", ColorSupport::Ansi16).is_err());
}

#[test]
fn scope_names_are_unique_and_round_trip() {
    for scope in Scope::ALL {
        assert_eq!(Scope::from_name(scope.name()), Some(scope));
        assert_eq!(Scope::ALL[scope as usize], scope);
    }
}

#[test]
fn presets_use_only_the_16_ansi_colours() {
    for name in Theme::PRESETS {
        let theme = Theme::preset(name, ColorSupport::TrueColor).unwrap();
        for scope in Scope::ALL {
            let style = theme.style(scope);
            for c in style.fg.iter().chain(&style.bg) {
                assert!(
                    *c == Color::Reset || ANSI_COLORS.contains(c),
                    "{name} {}: {c:?}",
                    scope.name()
                );
            }
        }
    }
}

#[test]
fn presets_stay_usable_without_colour() {
    for name in Theme::PRESETS {
        let theme = Theme::preset(name, ColorSupport::NoColor).unwrap();
        for scope in Scope::ALL {
            let style = theme.style(scope);
            assert_eq!(
                (style.fg, style.bg),
                (None, None),
                "{name} {}",
                scope.name()
            );
        }
        let has = |scope: Scope, m: Modifier| theme.style(scope).add_modifier.contains(m);
        assert!(has(Scope::UiSelection, Modifier::REVERSED), "{name}");
        assert!(has(Scope::TaskOverdue, Modifier::BOLD), "{name}");
        assert!(has(Scope::ListMatch, Modifier::UNDERLINED), "{name}");
        assert!(has(Scope::UiBorderFocused, Modifier::BOLD), "{name}");
    }
    let hc = Theme::preset("high-contrast", ColorSupport::NoColor).unwrap();
    assert!(
        hc.style(Scope::UiStatus)
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    assert!(
        hc.style(Scope::TaskOverdue)
            .add_modifier
            .contains(Modifier::REVERSED)
    );
}

#[test]
fn no_color_keeps_modifiers_and_drops_colours() {
    let text = "\"task.overdue\" = { fg = \"#ff0000\", bg = \"blue\", modifiers = [\"bold\", \"underlined\"] }\n";
    let theme = user(text, ColorSupport::NoColor).unwrap();
    assert_eq!(
        theme.style(Scope::TaskOverdue),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    );
    let theme = user(text, ColorSupport::Ansi16).unwrap();
    assert_eq!(
        theme.style(Scope::TaskOverdue),
        Style::new()
            .fg(Color::LightRed)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    );
}

#[test]
fn dotted_scopes_fall_back_to_their_parents_then_ui_text() {
    let theme = bare(
        "\"ui.text\" = { fg = \"white\" }\n\"task\" = { fg = \"red\" }\n\"task.done\" = { fg = \"dark_gray\" }\n\"ui.border\" = \"blue\"\n",
    );
    assert_eq!(theme.style(Scope::TaskOverdue), Style::new().fg(Color::Red));
    assert_eq!(
        theme.style(Scope::TaskDone),
        Style::new().fg(Color::DarkGray)
    );
    assert_eq!(
        theme.style(Scope::UiBorderFocused),
        Style::new().fg(Color::Blue)
    );
    assert_eq!(theme.style(Scope::Tag), Style::new().fg(Color::White));
    assert_eq!(theme.style(Scope::StageLead), Style::new().fg(Color::White));
    assert_eq!(bare("").style(Scope::Muted), Style::new());
    // Unquoted dotted keys are nested tables in TOML; they work too.
    let theme = bare("[ui]\ntext = { fg = \"green\" }\n[task]\noverdue = \"red\"\n");
    assert_eq!(theme.style(Scope::UiText), Style::new().fg(Color::Green));
    assert_eq!(theme.style(Scope::TaskOverdue), Style::new().fg(Color::Red));
    assert_eq!(theme.style(Scope::TaskToday), Style::new().fg(Color::Green));
}

#[test]
fn a_five_line_user_theme_inheriting_dark_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let dark = Theme::preset("dark", ColorSupport::TrueColor).unwrap();
    assert_eq!(
        Theme::load(dir.path(), "dark", ColorSupport::TrueColor).unwrap(),
        dark
    );
    std::fs::write(
        dir.path().join("theme.toml"),
        "inherits = \"dark\"\n\"ui.border.focused\" = { fg = \"accent\", modifiers = [\"bold\"] }\n\"ui.selection\" = { fg = \"black\", bg = \"accent\" }\n[palette]\naccent = \"#88c0d0\"\n",
    )
    .unwrap();
    let theme = Theme::load(dir.path(), "light", ColorSupport::TrueColor).unwrap();
    let accent = Color::Rgb(0x88, 0xc0, 0xd0);
    assert_eq!(
        theme.style(Scope::UiBorderFocused),
        Style::new().fg(accent).add_modifier(Modifier::BOLD)
    );
    assert_eq!(
        theme.style(Scope::UiSelection),
        Style::new().fg(Color::Black).bg(accent)
    );
    // Dark's own uses of "accent" follow the new palette.
    assert_eq!(theme.style(Scope::UiTitle).fg, Some(accent));
    assert_eq!(
        theme.style(Scope::TaskOverdue),
        dark.style(Scope::TaskOverdue)
    );
    // Without inherits, the fallback preset is the base.
    std::fs::write(dir.path().join("theme.toml"), "\"tag\" = \"red\"\n").unwrap();
    let theme = Theme::load(dir.path(), "light", ColorSupport::Ansi16).unwrap();
    let light = Theme::preset("light", ColorSupport::Ansi16).unwrap();
    assert_eq!(theme.style(Scope::Link), light.style(Scope::Link));
    assert_eq!(theme.style(Scope::Tag), Style::new().fg(Color::Red));
}

#[test]
fn palette_names_resolve_and_map_to_the_terminal() {
    let text = "\"link\" = { fg = \"accent\", bg = \"208\" }\n[palette]\naccent = \"#ff0000\"\n";
    let fg_bg = |support| {
        let s = user(text, support).unwrap().style(Scope::Link);
        (s.fg, s.bg)
    };
    assert_eq!(
        fg_bg(ColorSupport::TrueColor),
        (Some(Color::Rgb(255, 0, 0)), Some(Color::Indexed(208)))
    );
    assert_eq!(
        fg_bg(ColorSupport::Ansi256),
        (Some(Color::Indexed(196)), Some(Color::Indexed(208)))
    );
    assert_eq!(
        fg_bg(ColorSupport::Ansi16),
        (Some(Color::LightRed), Some(Color::Yellow)) // 208 is orange
    );
    // A palette name may shadow an ANSI name.
    let theme = user(
        "\"tag\" = \"red\"\n[palette]\nred = \"blue\"\n",
        ColorSupport::Ansi16,
    )
    .unwrap();
    assert_eq!(theme.style(Scope::Tag).fg, Some(Color::Blue));
}

#[test]
fn hex_maps_to_the_nearest_terminal_colour() {
    let cases16 = [
        ((0, 0, 0), 0),
        ((205, 0, 0), 1),
        ((255, 10, 10), 9),
        ((0, 180, 0), 2),
        ((250, 250, 250), 15),
        ((200, 200, 200), 7),
        ((120, 120, 120), 8),
        ((30, 30, 30), 0),
        ((0, 0, 200), 4),
        ((100, 100, 255), 12),
        ((0, 200, 210), 6),
    ];
    for (rgb, want) in cases16 {
        assert_eq!(nearest_ansi16(rgb), want, "{rgb:?}");
    }
    let cases256 = [
        ((255, 0, 0), 196),
        ((0, 0, 0), 16),
        ((255, 255, 255), 231),
        ((128, 128, 128), 244),
        ((0x87, 0xaf, 0xd7), 110),
        ((0x88, 0xc0, 0xd0), 110),
    ];
    for (rgb, want) in cases256 {
        assert_eq!(nearest_ansi256(rgb), want, "{rgb:?}");
    }
    for i in 16..=255u8 {
        assert_eq!(nearest_ansi256(index_rgb(i)), i.max(16), "{i}");
    }
    assert_eq!(
        color(Literal::Indexed(196), ColorSupport::Ansi16),
        Some(Color::LightRed)
    );
    assert_eq!(
        color(Literal::Indexed(3), ColorSupport::Ansi16),
        Some(Color::Yellow)
    );
    assert_eq!(literal("#88C0D0"), Some(Literal::Rgb(0x88, 0xc0, 0xd0)));
    assert_eq!(literal("Light-Blue"), Some(Literal::Ansi(12)));
    assert_eq!(literal("grey"), Some(Literal::Ansi(7)));
    for bad in ["#88c0d", "#88c0dz", "256", "", "purple", "#+1+2+3"] {
        assert_eq!(literal(bad), None, "{bad}");
    }
}

#[test]
fn errors_name_file_and_key() {
    let cases = [
        ("\"task.overdeu\" = { fg = \"red\" }\n", "\"task.overdeu\""),
        (
            "\"task.overdue\" = { fg = \"redd\" }\n",
            "\"task.overdue.fg\"",
        ),
        (
            "\"task.overdue\" = { bg = \"#12345\" }\n",
            "\"task.overdue.bg\"",
        ),
        (
            "\"task.overdue\" = { modifiers = [\"blod\"] }\n",
            "\"task.overdue\"",
        ),
        (
            "\"task.overdue\" = { fgg = \"red\" }\n",
            "\"task.overdue.fgg\"",
        ),
        ("\"task.overdue\" = 3\n", "\"task.overdue\""),
        (
            "\"task.overdue\" = { modifiers = \"bold\" }\n",
            "\"task.overdue.modifiers\"",
        ),
        ("[palette]\naccent = \"#zzzzzz\"\n", "\"palette.accent\""),
        ("[palette]\naccent = 3\n", "\"palette.accent\""),
        ("inherits = \"solarized\"\n", "\"solarized\""),
        ("inherits = 1\n", "\"inherits\""),
        ("\"ui.text\" = { fg = \n", "line 1"),
    ];
    for (text, key) in cases {
        let err = user(text, ColorSupport::TrueColor).unwrap_err().to_string();
        assert!(err.contains("\"my/theme.toml\""), "{err}");
        assert!(err.contains(key), "{err}");
    }
    let err = user(
        "\"task.overdue\" = { fg = \"redd\" }\n",
        ColorSupport::NoColor,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("\"redd\""),
        "bad colours are errors even without colour: {err}"
    );
}

#[test]
fn inherits_cycles_are_errors() {
    let presets = [("a", "inherits = \"b\"\n"), ("b", "inherits = \"a\"\n")];
    let err = preset_layers(&presets, "a", "x").err().unwrap().to_string();
    assert!(err.contains("a -> b -> a"), "{err}");
}

#[test]
fn detects_colour_support_from_the_environment() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let cases: [(&'static [(&str, &str)], ColorSupport); 7] = [
        (
            &[("NO_COLOR", "1"), ("COLORTERM", "truecolor")],
            ColorSupport::NoColor,
        ),
        (
            &[("NO_COLOR", ""), ("COLORTERM", "truecolor")],
            ColorSupport::TrueColor,
        ),
        (
            &[("COLORTERM", "24bit"), ("TERM", "xterm")],
            ColorSupport::TrueColor,
        ),
        (&[("TERM", "xterm-256color")], ColorSupport::Ansi256),
        (
            &[("TERM", "screen-256color"), ("COLORTERM", "yes")],
            ColorSupport::Ansi256,
        ),
        (&[("TERM", "xterm")], ColorSupport::Ansi16),
        (&[], ColorSupport::Ansi16),
    ];
    for (vars, want) in cases {
        assert_eq!(ColorSupport::detect(&env(vars)), want, "{vars:?}");
    }
}

/// Regression (issue 11): a selection set by colours alone vanished under
/// NO_COLOR, so a list showed no selected row at all.
#[test]
fn a_selection_made_of_colours_is_reversed_under_no_color() {
    let text = "\"ui.selection\" = { fg = \"black\", bg = \"cyan\" }\n\"ui.selection.inactive\" = { bg = \"blue\" }\n";
    let theme = user(text, ColorSupport::NoColor).unwrap();
    for scope in [Scope::UiSelection, Scope::UiSelectionInactive] {
        assert!(
            theme.style(scope).add_modifier.contains(Modifier::REVERSED),
            "{}",
            scope.name()
        );
    }
    // With colours, the theme's choice stands.
    let theme = user(text, ColorSupport::Ansi16).unwrap();
    assert_eq!(
        theme.style(Scope::UiSelection),
        Style::new().fg(Color::Black).bg(Color::Cyan)
    );
}

#[test]
fn the_inactive_selection_falls_back_to_the_selection() {
    let theme = bare("\"ui.selection\" = { modifiers = [\"reversed\"] }\n");
    assert_eq!(
        theme.style(Scope::UiSelectionInactive),
        theme.style(Scope::UiSelection)
    );
}
