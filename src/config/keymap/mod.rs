//! Key bindings as data: keys, chords and the keymap TOML (STYLE §4).
//!
//! A keymap maps keys, per [`Mode`], to palette command lines. The presets
//! `default`, `vim` and `emacs` live in `keymaps/*.toml`, are built into the
//! binary, and are merged key by key over the preset they `extends`; the
//! user's `<config dir>/keymap.toml` is merged the same way over a preset.
//! Every problem (bad key, unknown command, chord-prefix conflict, unknown
//! table or preset) is found at load time and named by file, table and key.
//!
//! Key notation (parse and [`fmt::Display`] round-trip; the printed form is
//! the canonical spelling):
//! - a single character is that character: `j`, `G` (no `shift-` needed),
//!   `?`, `:`, `/`, `-`. `space` is the space bar.
//! - modifiers go in front, joined with `-`: `ctrl-c`, `alt-x`,
//!   `ctrl-alt-del`. A modified minus is `ctrl--`, `alt--`.
//! - `shift-` with a letter means the capital (`shift-g` = `G`) and with
//!   `tab` means back-tab (`shift-tab`); with other characters it is an
//!   error, since the terminal reports the shifted character itself.
//! - named keys: `enter`, `esc`, `tab`, `shift-tab`, `backspace`, `delete`,
//!   `insert`, `up`, `down`, `left`, `right`, `home`, `end`, `pgup`, `pgdn`,
//!   `space`, `f1`…`f24`; aliases `return`, `escape`, `backtab`, `del`,
//!   `ins`, `pageup`, `pagedown` are accepted and printed canonically.
//!   Names and modifiers ignore case; single characters do not.
//! - a chord is space-separated keys: `g g`, `ctrl-x ctrl-c`.
//!
//! This module is pure: no terminal types. The TUI turns its key events into
//! [`Key::new`], which folds shift the same way the parser does.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use thiserror::Error;

/// A key, without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// Modifier keys held with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Mods {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Mods {
    pub const NONE: Mods = Mods {
        ctrl: false,
        alt: false,
        shift: false,
    };
    pub const CTRL: Mods = Mods {
        ctrl: true,
        alt: false,
        shift: false,
    };
    pub const ALT: Mods = Mods {
        ctrl: false,
        alt: true,
        shift: false,
    };
}

/// One key press: a key and its modifiers, normalised (see [`Key::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: Mods,
}

/// The keymap's modes; each is a TOML table of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Global,
    Main,
    Today,
    Palette,
    Picker,
    Help,
    Form,
    Reports,
    Deals,
    /// The detail view: one record in full (Enter on a row).
    Detail,
    /// The "find in everything written" overlay (ctrl-f).
    Find,
}

/// One binding of a mode: a key or chord and the command it runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// One key, or the keys of a chord in order.
    pub keys: Vec<Key>,
    /// A palette command line, whitespace folded.
    pub command: String,
    /// The description for help, when the keymap gives one.
    pub desc: Option<String>,
}

/// What a key press means, given the keys of a chord typed so far.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// Run this command line.
    Run { command: String },
    /// The keys so far start a chord: these keys can follow, each with the
    /// binding's description (else its command; `…` when it continues).
    Pending { next: Vec<(Key, String)> },
    /// Nothing is bound: drop the pending keys.
    Unbound,
}

/// The merged bindings of every mode.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    tables: [Vec<Binding>; Mode::ALL.len()],
}

#[derive(Debug, Error)]
pub enum KeymapError {
    #[error("invalid key \"{key}\": {reason}")]
    BadKey { key: String, reason: String },
    #[error("cannot read keymap \"{file}\": {source}")]
    Read {
        file: String,
        source: crate::files::FileError,
    },
    #[error("keymap \"{file}\" is not valid TOML: {message}")]
    Toml { file: String, message: String },
    #[error(
        "keymap \"{file}\": unknown table [{table}]; the tables are [global] [main] [today] [palette] [picker] [help] [form] [reports] [deals] [detail] [find]"
    )]
    UnknownTable { file: String, table: String },
    #[error("keymap \"{file}\": {key_in} {message}", key_in = at(.table, .key))]
    BadValue {
        file: String,
        table: String,
        key: String,
        message: String,
    },
    #[error("keymap \"{file}\": {key_in} is not a valid key: {reason}", key_in = at(.table, .key))]
    BadBindingKey {
        file: String,
        table: String,
        key: String,
        reason: String,
    },
    #[error("keymap \"{file}\": {key_in} binds the same key as \"{other}\"", key_in = at(.table, .key))]
    DuplicateKey {
        file: String,
        table: String,
        key: String,
        other: String,
    },
    #[error("keymap \"{file}\": {key_in} runs \"{command}\": {message}", key_in = at(.table, .key))]
    UnknownCommand {
        file: String,
        table: String,
        key: String,
        command: String,
        message: String,
    },
    #[error(
        "keymap \"{file}\": {key_in} is bound on its own and also starts the chord \"{chord}\"; bind one of them to \"noop\"",
        key_in = at(.table, .key)
    )]
    PrefixConflict {
        file: String,
        table: String,
        key: String,
        chord: String,
    },
    #[error(
        "keymap \"{file}\": unknown preset \"{name}\" in extends; the presets are \"default\", \"vim\" and \"emacs\""
    )]
    UnknownPreset { file: String, name: String },
    #[error("keymap presets extend each other in a cycle: {chain}")]
    Cycle { chain: String },
    /// ctrl-c quits from anywhere (DESIGN §8): a keymap may not take that
    /// away, or leave a screen with no way out.
    #[error(
        "keymap \"{file}\": {key_in} {problem}; ctrl-c must quit from everywhere, so rolo can always be left",
        key_in = at(.table, QUIT_KEY)
    )]
    NoQuit {
        file: String,
        table: String,
        problem: String,
    },
}

// A keymap is the user's own file (or a preset it names).
impl crate::fault::Blamed for KeymapError {
    fn blame(&self) -> crate::fault::Blame {
        match self {
            // A disk error reading it is not the file's fault.
            KeymapError::Read { source, .. } => crate::fault::Blamed::blame(source),
            _ => crate::fault::Blame::Input,
        }
    }
}

/// The key that quits from every mode, whatever the keymap.
pub const QUIT_KEY: &str = "ctrl-c";

fn at(table: &str, key: &str) -> String {
    if table.is_empty() {
        format!("key \"{key}\"")
    } else {
        format!("[{table}] key \"{key}\"")
    }
}

impl Mode {
    pub const ALL: [Mode; 11] = [
        Mode::Global,
        Mode::Main,
        Mode::Today,
        Mode::Palette,
        Mode::Picker,
        Mode::Help,
        Mode::Form,
        Mode::Reports,
        Mode::Deals,
        Mode::Detail,
        Mode::Find,
    ];

    /// The TOML table name.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Main => "main",
            Mode::Today => "today",
            Mode::Palette => "palette",
            Mode::Picker => "picker",
            Mode::Help => "help",
            Mode::Form => "form",
            Mode::Reports => "reports",
            Mode::Deals => "deals",
            Mode::Detail => "detail",
            Mode::Find => "find",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl Key {
    /// A key as the terminal reports it, normalised: shift is folded into
    /// characters (`shift`+`g` becomes `G`, shift on other characters is
    /// dropped since they arrive already shifted) and `shift`+`tab` becomes
    /// [`KeyCode::BackTab`].
    pub fn new(code: KeyCode, mods: Mods) -> Key {
        let mut mods = mods;
        let code = match code {
            KeyCode::Char(c) if mods.shift => {
                mods.shift = false;
                KeyCode::Char(upper(c).unwrap_or(c))
            }
            KeyCode::Tab | KeyCode::BackTab if mods.shift => {
                mods.shift = false;
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// A plain character key.
    pub fn char(c: char) -> Key {
        Key::new(KeyCode::Char(c), Mods::NONE)
    }

    /// True for a key that types text (a character without ctrl or alt):
    /// text inputs should take it unless their mode binds it.
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.mods.ctrl && !self.mods.alt
    }

    /// Parse one key: `j`, `G`, `ctrl-c`, `shift-tab`, `pgdn`, `f1`, `-`,
    /// `ctrl--`. See the module docs for the notation.
    pub fn parse(s: &str) -> Result<Key, KeymapError> {
        let bad = |reason: String| KeymapError::BadKey {
            key: s.to_string(),
            reason,
        };
        let mut mods = Mods::NONE;
        let mut rest = s;
        // Peel `mod-` prefixes while something follows the dash, so that a
        // trailing `-` (as in `-` or `ctrl--`) is the minus key.
        while let Some((head, tail)) = rest.split_once('-') {
            if tail.is_empty() {
                break;
            }
            match head.to_ascii_lowercase().as_str() {
                "ctrl" => mods.ctrl = true,
                "alt" => mods.alt = true,
                "shift" => mods.shift = true,
                _ => break,
            }
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(bad("empty key name".into())),
            (Some(c), None) => {
                if c.is_whitespace() || c.is_control() {
                    return Err(bad("write a space as \"space\"".into()));
                }
                if mods.shift {
                    let Some(u) = upper(c) else {
                        return Err(bad(format!(
                            "\"shift-\" only goes with letters and tab; write the shifted character itself, e.g. \"{c}\" for what the terminal sends"
                        )));
                    };
                    mods.shift = false;
                    KeyCode::Char(u)
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => named(&rest.to_ascii_lowercase()).ok_or_else(|| {
                bad(if rest.ends_with('-') {
                    format!("nothing follows \"{rest}\"")
                } else {
                    format!(
                        "unknown key name \"{rest}\"; use one character or ctrl-/alt-/shift- with one of: enter esc tab backspace delete insert up down left right home end pgup pgdn space f1..f24"
                    )
                })
            })?,
        };
        Ok(Key::new(code, mods))
    }

    /// Parse a chord: keys separated by spaces (`g g`, `ctrl-x ctrl-c`).
    pub fn parse_chord(s: &str) -> Result<Vec<Key>, KeymapError> {
        let keys = s
            .split_whitespace()
            .map(Key::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(KeymapError::BadKey {
                key: s.to_string(),
                reason: "empty key name".into(),
            });
        }
        Ok(keys)
    }

    /// Print a chord the way the parser reads it: `g g`.
    pub fn chord_to_string(keys: &[Key]) -> String {
        keys.iter()
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The capital of a cased letter (`g` -> `G`, `G` -> `G`), else None.
fn upper(c: char) -> Option<char> {
    if !c.is_alphabetic() || c.is_lowercase() == c.is_uppercase() {
        return None;
    }
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => Some(u),
        _ => None,
    }
}

fn named(name: &str) -> Option<KeyCode> {
    Some(match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "space" => KeyCode::Char(' '),
        _ => {
            let digits = name.strip_prefix('f')?;
            if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u8 = digits.parse().ok()?;
            if !(1..=24).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
    })
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.mods.alt {
            f.write_str("alt-")?;
        }
        if self.mods.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Insert => f.write_str("insert"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::F(n) => write!(f, "f{n}"),
        }
    }
}

/// The built-in presets: name and TOML text.
const PRESET_FILES: &[(&str, &str)] = &[
    ("default", include_str!("../../../keymaps/default.toml")),
    ("vim", include_str!("../../../keymaps/vim.toml")),
    ("emacs", include_str!("../../../keymaps/emacs.toml")),
];

const NOOP: &str = "noop";

/// One parsed file, before merging.
struct Layer {
    file: String,
    extends: Option<String>,
    tables: Vec<(Mode, Vec<(String, Binding)>)>,
}

impl Keymap {
    /// The names of the built-in presets.
    pub const PRESETS: [&'static str; 3] = ["default", "vim", "emacs"];

    /// Built-in preset by name ("default", "vim", "emacs"), from
    /// `keymaps/*.toml`, merged over what it `extends`. `validate` checks
    /// each command (except `noop`); its message is passed through.
    pub fn preset(
        name: &str,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Keymap, KeymapError> {
        let layers = preset_layers(PRESET_FILES, name, "the configuration", validate)?;
        merge(&layers)
    }

    /// The user's keymap: `<config_dir>/keymap.toml` if it exists, merged
    /// over the preset its `extends` names (when it names none: `fallback`),
    /// else the preset `fallback` itself. Errors name file, table and key.
    pub fn load(
        config_dir: &Path,
        fallback: &str,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Keymap, KeymapError> {
        let path = config_dir.join("keymap.toml");
        let file = path.display().to_string();
        match crate::files::read_text(&path, Some(crate::files::CONFIG_LIMIT)) {
            Ok(text) => Keymap::from_user_text(&text, &file, fallback, validate),
            Err(e) if e.is_not_found() => Keymap::preset(fallback, validate),
            Err(source) => Err(KeymapError::Read { file, source }),
        }
    }

    /// A user keymap from its text; `file` names it in errors.
    pub fn from_user_text(
        text: &str,
        file: &str,
        fallback: &str,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Keymap, KeymapError> {
        let user = parse_layer(text, file, validate)?;
        let base = user.extends.clone().unwrap_or_else(|| fallback.to_string());
        let mut layers = preset_layers(PRESET_FILES, &base, file, validate)?;
        layers.push(user);
        merge(&layers)
    }

    fn table(&self, mode: Mode) -> &[Binding] {
        &self.tables[mode.index()]
    }

    /// Look up in `mode` first, then in Global. `pending` = keys typed so
    /// far of a chord. A chord the mode starts hides a Global binding of
    /// the same keys; the follow-ups of both are offered.
    pub fn resolve(&self, mode: Mode, pending: &[Key], key: Key) -> Resolution {
        let mut seq = pending.to_vec();
        seq.push(key);
        let mut next = Vec::new();
        let modes: &[Mode] = if mode == Mode::Global {
            &[Mode::Global]
        } else {
            &[mode, Mode::Global]
        };
        for &m in modes {
            let table = self.table(m);
            if next.is_empty()
                && let Some(b) = table.iter().find(|b| b.keys == seq)
            {
                return Resolution::Run {
                    command: b.command.clone(),
                };
            }
            for b in table {
                if b.keys.len() > seq.len() && b.keys.starts_with(&seq) {
                    let k = b.keys[seq.len()];
                    if next.iter().any(|(n, _)| *n == k) {
                        continue;
                    }
                    let label = if b.keys.len() == seq.len() + 1 {
                        b.desc.clone().unwrap_or_else(|| b.command.clone())
                    } else {
                        "…".to_string()
                    };
                    next.push((k, label));
                }
            }
        }
        if next.is_empty() {
            Resolution::Unbound
        } else {
            next.sort_by_cached_key(|(k, _)| display_order(&k.to_string()));
            Resolution::Pending { next }
        }
    }

    /// Every binding of one mode's table (Global is its own table), after
    /// merging and without `noop`, sorted for display by command, then
    /// shortest key first: (keys as printed, e.g. `g g`; command;
    /// description, empty when the keymap gives none — take the command
    /// registry's then).
    pub fn bindings(&self, mode: Mode) -> Vec<(String, String, String)> {
        self.table(mode)
            .iter()
            .map(|b| {
                (
                    Key::chord_to_string(&b.keys),
                    b.command.clone(),
                    b.desc.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// The shortest key (or chord) that runs `command` in `mode`, looking
    /// in the mode's table first, then Global (skipping Global keys the
    /// mode hides). For status-bar hints: `hint(Mode::Main, "palette")` is
    /// `Some(":")`.
    pub fn hint(&self, mode: Mode, command: &str) -> Option<String> {
        let wanted = fold(command);
        let modes: &[Mode] = if mode == Mode::Global {
            &[Mode::Global]
        } else {
            &[mode, Mode::Global]
        };
        modes.iter().find_map(|&m| {
            // Tables are kept sorted shortest-first within a command.
            self.table(m)
                .iter()
                .filter(|b| b.command == wanted && self.reaches(mode, &b.keys, &wanted))
                .map(|b| Key::chord_to_string(&b.keys))
                .min_by_key(|s| display_order(s))
        })
    }

    /// True if typing `keys` in `mode` runs `command`.
    fn reaches(&self, mode: Mode, keys: &[Key], command: &str) -> bool {
        let Some((&last, init)) = keys.split_last() else {
            return false;
        };
        for i in 0..init.len() {
            if !matches!(
                self.resolve(mode, &init[..i], init[i]),
                Resolution::Pending { .. }
            ) {
                return false;
            }
        }
        matches!(self.resolve(mode, init, last), Resolution::Run { command: c } if c == command)
    }
}

/// Sort key for key spellings: fewer keys, then shorter, then by text.
fn display_order(s: &str) -> (usize, usize, String) {
    (s.split(' ').count(), s.chars().count(), s.to_string())
}

fn fold(command: &str) -> String {
    command.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The layers of a preset, base first. `named_in` is the file whose
/// `extends` (or the setting) named it, for the error.
fn preset_layers(
    presets: &[(&str, &str)],
    name: &str,
    named_in: &str,
    validate: &dyn Fn(&str) -> Result<(), String>,
) -> Result<Vec<Layer>, KeymapError> {
    use super::ChainError;
    super::preset_chain(
        presets,
        name,
        named_in,
        "keymaps",
        |text, file| parse_layer(text, file, validate),
        |layer: &Layer| layer.extends.clone(),
    )
    .map_err(|e| match e {
        ChainError::Layer(e) => e,
        ChainError::Unknown(file, name) => KeymapError::UnknownPreset { file, name },
        ChainError::Cycle(chain) => KeymapError::Cycle { chain },
    })
}

fn parse_layer(
    text: &str,
    file: &str,
    validate: &dyn Fn(&str) -> Result<(), String>,
) -> Result<Layer, KeymapError> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| KeymapError::Toml {
        file: file.to_string(),
        message: e.to_string().trim().to_string(),
    })?;
    let mut layer = Layer {
        file: file.to_string(),
        extends: None,
        tables: Vec::new(),
    };
    let bad_value = |table: &str, key: &str, message: &str| KeymapError::BadValue {
        file: file.to_string(),
        table: table.to_string(),
        key: key.to_string(),
        message: message.to_string(),
    };
    for (name, value) in doc {
        if name == "extends" {
            let toml::Value::String(parent) = value else {
                return Err(bad_value("", &name, "must be a preset name in quotes"));
            };
            layer.extends = Some(parent);
            continue;
        }
        let Some(mode) = Mode::from_name(&name) else {
            return Err(KeymapError::UnknownTable {
                file: file.to_string(),
                table: name,
            });
        };
        let toml::Value::Table(entries) = value else {
            return Err(bad_value(
                "",
                &name,
                &format!("must be a table: [{name}] on its own line, then its keys"),
            ));
        };
        let table = mode.name();
        let mut bindings: Vec<(String, Binding)> = Vec::new();
        for (spelled, value) in entries {
            let keys = Key::parse_chord(&spelled).map_err(|e| KeymapError::BadBindingKey {
                file: file.to_string(),
                table: table.to_string(),
                key: spelled.clone(),
                reason: match e {
                    KeymapError::BadKey { key, reason } if key != spelled => {
                        format!("\"{key}\": {reason}")
                    }
                    KeymapError::BadKey { reason, .. } => reason,
                    other => other.to_string(),
                },
            })?;
            let (command, desc) = match value {
                toml::Value::String(c) => (c, None),
                toml::Value::Table(t) => {
                    let mut run = None;
                    let mut desc = None;
                    for (field, v) in t {
                        match (field.as_str(), v) {
                            ("run", toml::Value::String(s)) => run = Some(s),
                            ("desc", toml::Value::String(s)) => desc = Some(s),
                            ("run" | "desc", _) => {
                                return Err(bad_value(
                                    table,
                                    &spelled,
                                    &format!("\"{field}\" must be a string"),
                                ));
                            }
                            _ => {
                                return Err(bad_value(
                                    table,
                                    &spelled,
                                    &format!(
                                        "unknown field \"{field}\"; a binding is \"<command>\" or {{ run = \"<command>\", desc = \"<text>\" }}"
                                    ),
                                ));
                            }
                        }
                    }
                    let Some(run) = run else {
                        return Err(bad_value(
                            table,
                            &spelled,
                            "has no \"run\"; write { run = \"<command>\", desc = \"<text>\" }",
                        ));
                    };
                    (run, desc)
                }
                _ => {
                    return Err(bad_value(
                        table,
                        &spelled,
                        "must be a command in quotes or { run = \"<command>\", desc = \"<text>\" }",
                    ));
                }
            };
            let command = fold(&command);
            if command.eq_ignore_ascii_case(NOOP) {
                // Kept as a marker until the merge removes it.
            } else if let Err(message) = validate(&command) {
                return Err(KeymapError::UnknownCommand {
                    file: file.to_string(),
                    table: table.to_string(),
                    key: spelled,
                    command,
                    message,
                });
            }
            if let Some((other, _)) = bindings.iter().find(|(_, b)| b.keys == keys) {
                return Err(KeymapError::DuplicateKey {
                    file: file.to_string(),
                    table: table.to_string(),
                    key: spelled,
                    other: other.clone(),
                });
            }
            let command = if command.eq_ignore_ascii_case(NOOP) {
                NOOP.to_string()
            } else {
                command
            };
            bindings.push((
                spelled,
                Binding {
                    keys,
                    command,
                    desc,
                },
            ));
        }
        layer.tables.push((mode, bindings));
    }
    Ok(layer)
}

/// Merge layers (base first) key by key, drop `noop`, check chord prefixes;
/// conflicts are reported against the last layer's file.
fn merge(layers: &[Layer]) -> Result<Keymap, KeymapError> {
    let top = layers.last().map_or("", |l| l.file.as_str());
    let mut tables: [Vec<Binding>; Mode::ALL.len()] = Default::default();
    for mode in Mode::ALL {
        let mut merged: HashMap<Vec<Key>, Binding> = HashMap::new();
        for layer in layers {
            for (m, bindings) in &layer.tables {
                if *m == mode {
                    for (_, b) in bindings {
                        merged.insert(b.keys.clone(), b.clone());
                    }
                }
            }
        }
        let mut list: Vec<Binding> = merged.into_values().filter(|b| b.command != NOOP).collect();
        list.sort_by_cached_key(|b| {
            (
                b.command.clone(),
                display_order(&Key::chord_to_string(&b.keys)),
            )
        });
        let mut by_keys: Vec<&Binding> = list.iter().collect();
        by_keys.sort_by_cached_key(|b| display_order(&Key::chord_to_string(&b.keys)));
        for short in &by_keys {
            if let Some(long) = by_keys
                .iter()
                .find(|l| l.keys.len() > short.keys.len() && l.keys.starts_with(&short.keys))
            {
                return Err(KeymapError::PrefixConflict {
                    file: top.to_string(),
                    table: mode.name().to_string(),
                    key: Key::chord_to_string(&short.keys),
                    chord: Key::chord_to_string(&long.keys),
                });
            }
        }
        tables[mode.index()] = list;
    }
    let keymap = Keymap { tables };
    keymap.check_quit(top)?;
    Ok(keymap)
}

impl Keymap {
    /// `ctrl-c` runs `quit` in every mode: not unbound, not bound to
    /// something else, not the start of a chord.
    fn check_quit(&self, file: &str) -> Result<(), KeymapError> {
        let ctrl_c = Key::new(
            KeyCode::Char('c'),
            Mods {
                ctrl: true,
                ..Mods::NONE
            },
        );
        for mode in Mode::ALL {
            let problem = match self.resolve(mode, &[], ctrl_c) {
                Resolution::Run { command } if command == "quit" => continue,
                Resolution::Run { command } => {
                    format!("runs \"{command}\" (bind that to another key)")
                }
                Resolution::Pending { .. } => {
                    "starts a chord (bind the chord to another first key)".to_string()
                }
                Resolution::Unbound => "is not bound to \"quit\"".to_string(),
            };
            // Name the table that took it away: the mode's own, else global.
            let own = self
                .table(mode)
                .iter()
                .any(|b| b.keys.first() == Some(&ctrl_c));
            let table = if own { mode } else { Mode::Global };
            return Err(KeymapError::NoQuit {
                file: file.to_string(),
                table: table.name().to_string(),
                problem,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
