//! What the views draw, checked on the screen text rather than by snapshot:
//! columns, underlines, borders and whether the data asked for is the data
//! shown.

use super::fixtures::{
    FakeRuntime, draw, draw_at, empty_model, lines, loaded, many_rows, press, text, typed,
};
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::Msg;
use crate::tui::update::update;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The display column where `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> Option<usize> {
    line.find(needle).map(|i| line[..i].width())
}

/// The character covering display column `col` of `line`, and the column
/// where that character starts.
fn char_at_column(line: &str, col: usize) -> Option<(char, usize)> {
    let mut used = 0;
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if col < used + w.max(1) {
            return Some((c, used));
        }
        used += w;
    }
    None
}

/// The palette's input line and the caret line under it.
fn palette_lines(screen: &[String]) -> (String, String) {
    let i = screen
        .iter()
        .position(|l| l.contains(" : palette "))
        .expect("the palette is drawn");
    (screen[i + 1].clone(), screen[i + 2].clone())
}

fn assert_underlined(model: &mut Model, word: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = lines(&draw_at(model, w, h));
        let (input, carets) = palette_lines(&screen);
        // Compare what is drawn, without the cursor glyph.
        let word_at = column_of(&input.replace('▏', ""), word).expect("the word is drawn");
        let drawn_at = column_of(&input, word).expect("the word is drawn");
        let caret_at = column_of(&carets, "^").expect("a caret line");
        assert_eq!(
            caret_at, drawn_at,
            "at {w}×{h} the carets start under column {caret_at}, {word:?} is at {drawn_at} \
             ({word_at} without the cursor):\n{input}\n{carets}"
        );
        assert_eq!(carets.matches('^').count(), word.width(), "{carets:?}");
    }
}

#[test]
fn the_palette_error_underlines_the_words_it_is_about() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "电话张伟：想要报价 @frday");
    press(&mut model, "enter");
    assert_underlined(&mut model, "frday");
}

#[test]
fn the_palette_error_underline_allows_for_the_cursor_before_it() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "call acme: hi @frday");
    press(&mut model, "home enter");
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!("the palette closed");
    };
    assert_eq!(p.input.cursor, 0);
    assert_underlined(&mut model, "frday");
}

#[test]
fn the_palette_error_underline_allows_for_leading_spaces() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "   call acme: hi @frday");
    press(&mut model, "enter");
    assert_underlined(&mut model, "frday");
}

/// The help box's rows, by its top-left corner at `x`.
fn overlay_left_edges(screen: &[String], title: &str) -> Vec<(usize, String)> {
    let top = screen
        .iter()
        .position(|l| l.contains(title))
        .expect("the overlay is drawn");
    let left = column_of(&screen[top], "┌").expect("a corner");
    screen[top + 1..]
        .iter()
        .take_while(|l| char_at_column(l, left).is_some_and(|(c, _)| c != '└'))
        .map(|l| (left, l.clone()))
        .collect()
}

#[test]
fn overlays_keep_their_left_border_over_chinese_text() {
    // A picker 90 columns wide and 29 rows high starts at column 15 of a
    // 120×40 screen, on the right half of 集 in "王伟 东方物流集团" in the
    // Customers pane (the help box, which this was found with, now takes
    // the whole screen).
    let mut model = loaded();
    let title = format!("Pick {}", "x".repeat(81));
    model.overlay = Some(Overlay::Picker(crate::tui::model::Picker {
        title: title.clone(),
        items: (0..27)
            .map(|i| {
                (
                    format!("item {i}"),
                    crate::tui::model::PickerAction::RunLine(String::new()),
                )
            })
            .collect(),
        cursor: 0,
    }));
    let screen = lines(&draw_at(&mut model, 120, 40));
    let edges = overlay_left_edges(&screen, &title);
    assert_eq!(edges.first().map(|(left, _)| *left), Some(15));
    assert!(
        edges.iter().any(|(_, l)| l.contains("东方物流")),
        "the box is over the Chinese name"
    );
    for (left, line) in edges {
        let found = char_at_column(&line, left);
        assert_eq!(
            found,
            Some(('│', left)),
            "no border at column {left}:\n{line}"
        );
    }
}

#[test]
fn paging_through_help_shows_every_binding_of_the_view() {
    let mut model = loaded();
    press(&mut model, "?");
    let mut seen = String::new();
    // Page through all of it.
    for _ in 0..6 {
        seen.push_str(&text(&draw_at(&mut model, 120, 40)));
        seen.push('\n');
        press(&mut model, "pgdn");
    }
    let seen = seen.split_whitespace().collect::<Vec<_>>().join(" ");
    for (_, command, desc) in model.keymap.bindings(crate::config::keymap::Mode::Main) {
        let desc = if desc.is_empty() {
            crate::tui::help::describe(&command)
        } else {
            desc
        };
        let words = desc.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(seen.contains(&words), "{command:?}: {desc:?} not shown");
    }
}

#[test]
fn a_quiet_customer_without_a_company_has_no_double_space() {
    let mut model = loaded();
    press(&mut model, "T");
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(screen.contains("☾ 陈静 · every 30d #8"), "{screen}");
}

#[test]
fn every_customer_row_on_screen_gets_its_details() {
    let rt = FakeRuntime::new(many_rows(40));
    let mut model = empty_model();
    let effects = update(&mut model, Msg::NamesLoaded(rt.rows.clone()));
    rt.settle(&mut model, effects);
    for (w, h) in [(80, 24), (120, 40)] {
        let effects = update(&mut model, Msg::Resized(w, h));
        rt.settle(&mut model, effects);
        let screen = lines(&draw(&model, w, h));
        let left = usize::from((w * 2 / 5).clamp(30, 56));
        // Rows 1 ..= h-3 of the pane are customers (no filter line).
        for (y, line) in screen.iter().enumerate().take(usize::from(h) - 2).skip(1) {
            let inside: String = line.chars().skip(1).take_while(|&c| c != '┃').collect();
            let inside = inside.trim_end();
            assert!(
                inside.ends_with('d') || inside.ends_with('–'),
                "no day count on row {y} at {w}×{h} (pane {left} wide): {line:?}"
            );
        }
    }
}

#[test]
fn the_too_small_message_names_the_size() {
    let mut model = loaded();
    let screen = text(&draw_at(&mut model, 60, 9));
    assert_eq!(screen.trim(), "Terminal too small: 60×9 (rolo needs 40×10)");
    let screen = text(&draw_at(&mut model, 40, 10));
    assert!(!screen.contains("too small"), "{screen}");
}

#[test]
fn a_long_palette_line_is_clipped_to_the_box() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(
        &mut model,
        "note 李娜 Lina: 客户希望在下个季度之前完成全部的合同审批流程并且安排一次现场拜访",
    );
    for (w, h) in [(80, 24), (120, 40), (41, 12)] {
        let screen = lines(&draw_at(&mut model, w, h));
        let (input, _) = palette_lines(&screen);
        assert_eq!(input.width(), usize::from(w), "{input:?}");
        assert!(input.ends_with('│'), "{input:?}");
    }
}

#[test]
fn the_palette_cursor_stays_visible_on_a_long_line() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(
        &mut model,
        "note acme: they want the contract reviewed before the end of the quarter and a site visit",
    );
    let screen = lines(&draw_at(&mut model, 80, 24));
    let (input, _) = palette_lines(&screen);
    assert!(
        input.contains("site visit▏"),
        "no cursor after the last word: {input:?}"
    );
}

/// Whether any cell right of the Customers pane in rows `top..bottom` is
/// drawn reversed (a selection; the list's own is always drawn).
fn selection_shown(buffer: &ratatui::buffer::Buffer, top: u16, bottom: u16) -> bool {
    let left = (buffer.area.width * 2 / 5).clamp(30, 56);
    (top..bottom).any(|y| {
        (left..buffer.area.width).any(|x| {
            buffer[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
    })
}

#[test]
fn the_selected_task_stays_on_screen() {
    let mut model = loaded();
    let many: Vec<_> = (0..20)
        .map(|i| crate::review::TaskRow {
            task: super::fixtures::task(100 + i, Some(1), &format!("任务 {i}"), None),
            customer_name: Some("Ann Lee".into()),
        })
        .collect();
    update(&mut model, Msg::TasksLoaded(many));
    press(&mut model, "3");
    for (w, h) in [(80, 24), (120, 40)] {
        update(&mut model, Msg::Resized(w, h));
        press(&mut model, "g g");
        for step in 0..19 {
            let buffer = draw(&model, w, h);
            assert!(
                selection_shown(&buffer, 1, h - 1),
                "task {} selected but not shown at {w}×{h} after {step} j:\n{}",
                model.task_cursor.index,
                text(&buffer)
            );
            press(&mut model, "j");
        }
    }
}

#[test]
fn the_selected_timeline_entry_stays_on_screen() {
    let mut model = loaded();
    let mut detail = super::fixtures::detail(crate::domain::CustomerId(1));
    let first = detail.timeline[0].clone();
    detail.timeline = (0..30)
        .map(|i| {
            let mut entry = first.clone();
            entry.id = crate::domain::InteractionId(500 + i);
            entry.summary = format!("第 {i} 次跟进");
            entry.at -= chrono::Duration::days(i as i64);
            entry
        })
        .collect();
    update(&mut model, Msg::DetailLoaded(Box::new(detail)));
    press(&mut model, "2");
    for (w, h) in [(80, 24), (120, 40)] {
        update(&mut model, Msg::Resized(w, h));
        press(&mut model, "g g");
        for step in 0..29 {
            let buffer = draw(&model, w, h);
            assert!(
                selection_shown(&buffer, 1, h - 1),
                "entry {} selected but not shown at {w}×{h} after {step} j:\n{}",
                model.timeline.index,
                text(&buffer)
            );
            press(&mut model, "j");
        }
    }
}

#[test]
fn x_only_completes_a_task_the_screen_shows_selected() {
    let mut model = loaded();
    assert_eq!(model.focus, crate::tui::model::Pane::Customers);
    let effects = press(&mut model, "x");
    if let [crate::tui::msg::Effect::Run(crate::palette::Command::Done { tasks })] = &effects[..] {
        let buffer = draw(&model, 80, 24);
        let screen = lines(&buffer);
        let id = tasks[0].to_string();
        let y = screen
            .iter()
            .position(|l| l.contains(&format!(" {id}")))
            .expect("the task is on screen");
        let shown = (0..80u16).any(|x| {
            buffer[(x, y as u16)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
                && x > 32
        });
        assert!(
            shown,
            "x completed task {id}, which is not highlighted:\n{}",
            text(&buffer)
        );
    }
}
