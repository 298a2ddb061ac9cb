//! Colours and text styles per UI scope, from theme TOML (STYLE §5).
//!
//! Panes ask `theme.style(Scope::TaskOverdue)`; no other module names a
//! colour. The presets `dark` (default), `light` and `high-contrast` live in
//! `themes/*.toml`, built into the binary; the user's
//! `<config dir>/theme.toml` `inherits` one and overrides scopes and
//! `[palette]` names. A scope the theme leaves out falls back to its dotted
//! parent, then to `ui.text`, so a five-line theme is valid.
//!
//! Colours are resolved once, at load, for the terminal's [`ColorSupport`]:
//! ANSI names pass through, `#rrggbb` and `0`–`255` map to the nearest
//! colour the terminal has, and under `NO_COLOR` only modifiers remain.
//! This is the one module outside `tui/` that names ratatui types.

use ratatui::style::{Color, Modifier, Style};
use std::collections::HashMap;
use std::path::Path;
use thiserror::Error;

/// What a style is for; panes name these, themes set them by dotted name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    UiText,
    UiBorder,
    UiBorderFocused,
    UiTitle,
    UiSelection,
    /// The selected row of a list that does not have the keyboard.
    UiSelectionInactive,
    UiStatus,
    UiStatusError,
    UiHint,
    UiToast,
    UiToastError,
    ListMatch,
    ListBadge,
    StageLead,
    StageProspect,
    StageCustomer,
    StageLoyal,
    StageChurned,
    Tag,
    TaskOverdue,
    TaskToday,
    TaskUpcoming,
    TaskDone,
    TimelineKind,
    TimelineDate,
    TimelineFeedback,
    CardLabel,
    CardValue,
    Link,
    PaletteInput,
    PaletteError,
    PaletteCompletion,
    ChartBar,
    Muted,
}

impl Scope {
    pub const ALL: [Scope; 34] = [
        Scope::UiText,
        Scope::UiBorder,
        Scope::UiBorderFocused,
        Scope::UiTitle,
        Scope::UiSelection,
        Scope::UiSelectionInactive,
        Scope::UiStatus,
        Scope::UiStatusError,
        Scope::UiHint,
        Scope::UiToast,
        Scope::UiToastError,
        Scope::ListMatch,
        Scope::ListBadge,
        Scope::StageLead,
        Scope::StageProspect,
        Scope::StageCustomer,
        Scope::StageLoyal,
        Scope::StageChurned,
        Scope::Tag,
        Scope::TaskOverdue,
        Scope::TaskToday,
        Scope::TaskUpcoming,
        Scope::TaskDone,
        Scope::TimelineKind,
        Scope::TimelineDate,
        Scope::TimelineFeedback,
        Scope::CardLabel,
        Scope::CardValue,
        Scope::Link,
        Scope::PaletteInput,
        Scope::PaletteError,
        Scope::PaletteCompletion,
        Scope::ChartBar,
        Scope::Muted,
    ];

    /// The dotted name themes use.
    pub fn name(&self) -> &'static str {
        match self {
            Scope::UiText => "ui.text",
            Scope::UiBorder => "ui.border",
            Scope::UiBorderFocused => "ui.border.focused",
            Scope::UiTitle => "ui.title",
            Scope::UiSelection => "ui.selection",
            Scope::UiSelectionInactive => "ui.selection.inactive",
            Scope::UiStatus => "ui.status",
            Scope::UiStatusError => "ui.status.error",
            Scope::UiHint => "ui.hint",
            Scope::UiToast => "ui.toast",
            Scope::UiToastError => "ui.toast.error",
            Scope::ListMatch => "list.match",
            Scope::ListBadge => "list.badge",
            Scope::StageLead => "stage.lead",
            Scope::StageProspect => "stage.prospect",
            Scope::StageCustomer => "stage.customer",
            Scope::StageLoyal => "stage.loyal",
            Scope::StageChurned => "stage.churned",
            Scope::Tag => "tag",
            Scope::TaskOverdue => "task.overdue",
            Scope::TaskToday => "task.today",
            Scope::TaskUpcoming => "task.upcoming",
            Scope::TaskDone => "task.done",
            Scope::TimelineKind => "timeline.kind",
            Scope::TimelineDate => "timeline.date",
            Scope::TimelineFeedback => "timeline.feedback",
            Scope::CardLabel => "card.label",
            Scope::CardValue => "card.value",
            Scope::Link => "link",
            Scope::PaletteInput => "palette.input",
            Scope::PaletteError => "palette.error",
            Scope::PaletteCompletion => "palette.completion",
            Scope::ChartBar => "chart.bar",
            Scope::Muted => "muted",
        }
    }

    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A name a theme may set: a scope or a dotted parent of one (`task`,
/// `ui.border`), except `palette`, which is the colour table.
fn is_settable(name: &str) -> bool {
    name != "palette"
        && Scope::ALL.iter().any(|s| {
            let full = s.name();
            full == name
                || full
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSupport {
    NoColor,
    Ansi16,
    Ansi256,
    TrueColor,
}

impl ColorSupport {
    /// From the environment: `NO_COLOR` (non-empty) -> NoColor; `COLORTERM`
    /// `truecolor`/`24bit` -> TrueColor; `TERM` containing `256color` ->
    /// Ansi256; else Ansi16. `env` looks a variable up (`std::env::var(..).ok()`).
    pub fn detect(env: &dyn Fn(&str) -> Option<String>) -> ColorSupport {
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorSupport::NoColor;
        }
        let colorterm = env("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return ColorSupport::TrueColor;
        }
        if env("TERM").is_some_and(|t| t.contains("256color")) {
            return ColorSupport::Ansi256;
        }
        ColorSupport::Ansi16
    }
}

/// Every scope's style, resolved for one terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    styles: [Style; Scope::ALL.len()],
}

#[derive(Debug, Error)]
pub enum ThemeError {
    #[error("cannot read theme \"{file}\": {source}")]
    Read {
        file: String,
        source: crate::files::FileError,
    },
    #[error("theme \"{file}\" is not valid TOML: {message}")]
    Toml { file: String, message: String },
    #[error(
        "theme \"{file}\": unknown scope \"{key}\"; the scopes are {}",
        scope_list()
    )]
    UnknownScope { file: String, key: String },
    #[error(
        "theme \"{file}\": \"{key}\" has unknown colour \"{value}\"; use an ANSI name (red, light_blue, dark_gray, reset…), \"#rrggbb\", \"0\"-\"255\" or a [palette] name"
    )]
    BadColor {
        file: String,
        key: String,
        value: String,
    },
    #[error(
        "theme \"{file}\": \"{key}\" has unknown modifier \"{value}\"; use bold, dim, italic, underlined, slow_blink, rapid_blink, reversed, hidden or crossed_out"
    )]
    BadModifier {
        file: String,
        key: String,
        value: String,
    },
    #[error("theme \"{file}\": \"{key}\" {message}")]
    BadValue {
        file: String,
        key: String,
        message: String,
    },
    #[error(
        "theme \"{file}\": unknown preset \"{name}\" in inherits; the presets are \"dark\", \"light\" and \"high-contrast\""
    )]
    UnknownPreset { file: String, name: String },
    #[error("theme presets inherit from each other in a cycle: {chain}")]
    Cycle { chain: String },
}

// A theme is the user's own file (or a preset it names).
impl crate::fault::Blamed for ThemeError {
    fn blame(&self) -> crate::fault::Blame {
        match self {
            // A disk error reading it is not the file's fault.
            ThemeError::Read { source, .. } => crate::fault::Blamed::blame(source),
            _ => crate::fault::Blame::Input,
        }
    }
}

fn scope_list() -> String {
    Scope::ALL.map(|s| s.name()).join(", ")
}

const PRESET_FILES: &[(&str, &str)] = &[
    ("dark", include_str!("../../../themes/dark.toml")),
    ("light", include_str!("../../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../../themes/high-contrast.toml"),
    ),
];

/// A style as written: colours unresolved until palettes are merged.
#[derive(Debug, Clone)]
struct Spec {
    fg: Option<String>,
    bg: Option<String>,
    modifiers: Modifier,
    /// The file that set it, for errors.
    file: String,
}

/// One parsed file, before merging.
struct Layer {
    inherits: Option<String>,
    styles: Vec<(String, Spec)>,
    palette: Vec<(String, Literal, String)>,
}

/// A colour as written, without palette names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Literal {
    Reset,
    /// One of the 16 ANSI colours, by index 0-15.
    Ansi(u8),
    Indexed(u8),
    Rgb(u8, u8, u8),
}

impl Theme {
    /// The names of the built-in presets; the first is the default.
    pub const PRESETS: [&'static str; 3] = ["dark", "light", "high-contrast"];

    /// A built-in preset ("dark", "light", "high-contrast") for a terminal.
    pub fn preset(name: &str, support: ColorSupport) -> Result<Theme, ThemeError> {
        let layers = preset_layers(PRESET_FILES, name, "the configuration")?;
        build(&layers, support)
    }

    /// `<config_dir>/theme.toml` if present, over the preset its `inherits`
    /// names (when it names none: `fallback`), else the preset `fallback`.
    /// Unknown scopes and bad colours are errors naming file and key.
    pub fn load(
        config_dir: &Path,
        fallback: &str,
        support: ColorSupport,
    ) -> Result<Theme, ThemeError> {
        let path = config_dir.join("theme.toml");
        let file = path.display().to_string();
        match crate::files::read_text(&path, Some(crate::files::CONFIG_LIMIT)) {
            Ok(text) => Theme::from_user_text(&text, &file, fallback, support),
            Err(e) if e.is_not_found() => Theme::preset(fallback, support),
            Err(source) => Err(ThemeError::Read { file, source }),
        }
    }

    /// A user theme from its text; `file` names it in errors.
    pub fn from_user_text(
        text: &str,
        file: &str,
        fallback: &str,
        support: ColorSupport,
    ) -> Result<Theme, ThemeError> {
        let user = parse_layer(text, file)?;
        let base = user
            .inherits
            .clone()
            .unwrap_or_else(|| fallback.to_string());
        let mut layers = preset_layers(PRESET_FILES, &base, file)?;
        layers.push(user);
        build(&layers, support)
    }

    /// The style of a scope (already resolved through its dotted parents).
    pub fn style(&self, scope: Scope) -> Style {
        self.styles[scope as usize]
    }
}

fn preset_layers(
    presets: &[(&str, &str)],
    name: &str,
    named_in: &str,
) -> Result<Vec<Layer>, ThemeError> {
    use super::ChainError;
    super::preset_chain(
        presets,
        name,
        named_in,
        "themes",
        parse_layer,
        |layer: &Layer| layer.inherits.clone(),
    )
    .map_err(|e| match e {
        ChainError::Layer(e) => e,
        ChainError::Unknown(file, name) => ThemeError::UnknownPreset { file, name },
        ChainError::Cycle(chain) => ThemeError::Cycle { chain },
    })
}

fn parse_layer(text: &str, file: &str) -> Result<Layer, ThemeError> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| ThemeError::Toml {
        file: file.to_string(),
        message: e.to_string().trim().to_string(),
    })?;
    let mut layer = Layer {
        inherits: None,
        styles: Vec::new(),
        palette: Vec::new(),
    };
    for (key, value) in doc {
        match (key.as_str(), value) {
            ("inherits", toml::Value::String(parent)) => layer.inherits = Some(parent),
            ("inherits", _) => {
                return Err(bad_value(file, &key, "must be a preset name in quotes"));
            }
            ("palette", toml::Value::Table(names)) => {
                for (name, value) in names {
                    let key = format!("palette.{name}");
                    let toml::Value::String(s) = value else {
                        return Err(bad_value(file, &key, "must be a colour in quotes"));
                    };
                    let Some(lit) = literal(&s) else {
                        return Err(ThemeError::BadColor {
                            file: file.to_string(),
                            key,
                            value: s,
                        });
                    };
                    layer.palette.push((name, lit, file.to_string()));
                }
            }
            ("palette", _) => {
                return Err(bad_value(file, &key, "must be a table of named colours"));
            }
            (_, value) => parse_scope(file, &key, value, &mut layer.styles)?,
        }
    }
    Ok(layer)
}

fn bad_value(file: &str, key: &str, message: &str) -> ThemeError {
    ThemeError::BadValue {
        file: file.to_string(),
        key: key.to_string(),
        message: message.to_string(),
    }
}

/// One scope's value: `"colour"` (fg), or a table of fg/bg/modifiers whose
/// other keys are nested scopes (so unquoted `ui.text = {..}` works too).
fn parse_scope(
    file: &str,
    name: &str,
    value: toml::Value,
    out: &mut Vec<(String, Spec)>,
) -> Result<(), ThemeError> {
    let unknown = || ThemeError::UnknownScope {
        file: file.to_string(),
        key: name.to_string(),
    };
    let mut spec = Spec {
        fg: None,
        bg: None,
        modifiers: Modifier::empty(),
        file: file.to_string(),
    };
    let mut has_style = false;
    let mut nested = false;
    match value {
        toml::Value::String(fg) => {
            spec.fg = Some(fg);
            has_style = true;
        }
        toml::Value::Table(fields) => {
            for (field, v) in fields {
                let key = format!("{name}.{field}");
                match (field.as_str(), v) {
                    ("fg" | "bg", toml::Value::String(c)) => {
                        if field == "fg" {
                            spec.fg = Some(c);
                        } else {
                            spec.bg = Some(c);
                        }
                        has_style = true;
                    }
                    ("modifiers", toml::Value::Array(items)) => {
                        for item in items {
                            let toml::Value::String(m) = item else {
                                return Err(bad_value(file, name, "modifiers must be strings"));
                            };
                            let Some(bit) = modifier(&m) else {
                                return Err(ThemeError::BadModifier {
                                    file: file.to_string(),
                                    key: name.to_string(),
                                    value: m,
                                });
                            };
                            spec.modifiers |= bit;
                        }
                        has_style = true;
                    }
                    ("fg" | "bg", _) => {
                        return Err(bad_value(file, &key, "must be a colour in quotes"));
                    }
                    ("modifiers", _) => {
                        return Err(bad_value(
                            file,
                            &key,
                            "must be a list, e.g. modifiers = [\"bold\"]",
                        ));
                    }
                    (_, v @ (toml::Value::String(_) | toml::Value::Table(_))) => {
                        parse_scope(file, &key, v, out)?;
                        nested = true;
                    }
                    _ => {
                        return Err(ThemeError::UnknownScope {
                            file: file.to_string(),
                            key,
                        });
                    }
                }
            }
            // An empty table `{}` is a style with nothing set.
            has_style |= !nested;
        }
        _ => {
            return Err(bad_value(
                file,
                name,
                "must be { fg = \"…\", bg = \"…\", modifiers = [\"…\"] } or a colour in quotes",
            ));
        }
    }
    if has_style {
        if !is_settable(name) {
            return Err(unknown());
        }
        out.push((name.to_string(), spec));
    }
    Ok(())
}

fn modifier(name: &str) -> Option<Modifier> {
    Some(match name.to_ascii_lowercase().replace('-', "_").as_str() {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "slow_blink" => Modifier::SLOW_BLINK,
        "rapid_blink" => Modifier::RAPID_BLINK,
        "reversed" => Modifier::REVERSED,
        "hidden" => Modifier::HIDDEN,
        "crossed_out" => Modifier::CROSSED_OUT,
        _ => return None,
    })
}

/// The 16 ANSI names, by index.
const ANSI_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark_gray",
    "light_red",
    "light_green",
    "light_yellow",
    "light_blue",
    "light_magenta",
    "light_cyan",
    "white",
];

/// A colour literal: ANSI name, `reset`, `#rrggbb` or `0`-`255`.
fn literal(s: &str) -> Option<Literal> {
    let lower = s.trim().to_ascii_lowercase().replace('-', "_");
    if let Some(hex) = lower.strip_prefix('#') {
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        return Some(Literal::Rgb(byte(0)?, byte(2)?, byte(4)?));
    }
    if !lower.is_empty() && lower.bytes().all(|b| b.is_ascii_digit()) {
        return lower.parse().ok().map(Literal::Indexed);
    }
    let name = match lower.as_str() {
        "reset" | "default" => return Some(Literal::Reset),
        "grey" => "gray",
        "dark_grey" => "dark_gray",
        other => other,
    };
    ANSI_NAMES
        .iter()
        .position(|n| *n == name)
        .map(|i| Literal::Ansi(i as u8))
}

const ANSI_COLORS: [Color; 16] = [
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

/// xterm's default RGB for the 16 ANSI colours (terminals differ; this is
/// only used to pick the nearest one).
const ANSI_RGB: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The RGB of an xterm 256-colour index.
fn index_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI_RGB[i as usize],
        16..=231 => {
            let n = i - 16;
            (
                CUBE[(n / 36) as usize],
                CUBE[(n / 6 % 6) as usize],
                CUBE[(n % 6) as usize],
            )
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

/// Perceptual-ish distance ("redmean" weighting).
fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let rmean = (u32::from(a.0) + u32::from(b.0)) / 2;
    let dr = i32::from(a.0) - i32::from(b.0);
    let dg = i32::from(a.1) - i32::from(b.1);
    let db = i32::from(a.2) - i32::from(b.2);
    let (dr2, dg2, db2) = ((dr * dr) as u32, (dg * dg) as u32, (db * db) as u32);
    (((512 + rmean) * dr2) >> 8) + 4 * dg2 + (((767 - rmean) * db2) >> 8)
}

/// The nearest of the 16 ANSI colours, by index.
fn nearest_ansi16(rgb: (u8, u8, u8)) -> u8 {
    (0u8..16)
        .min_by_key(|&i| distance(rgb, ANSI_RGB[i as usize]))
        .unwrap_or(0)
}

/// The nearest xterm 256 colour, among 16-255 (the first 16 vary with the
/// terminal's own palette, so they are left out).
fn nearest_ansi256(rgb: (u8, u8, u8)) -> u8 {
    (16u8..=255)
        .min_by_key(|&i| distance(rgb, index_rgb(i)))
        .unwrap_or(16)
}

/// A literal as the terminal can show it; None under NoColor.
fn color(lit: Literal, support: ColorSupport) -> Option<Color> {
    let ansi = |i: u8| ANSI_COLORS[usize::from(i & 15)];
    Some(match (lit, support) {
        (_, ColorSupport::NoColor) => return None,
        (Literal::Reset, _) => Color::Reset,
        (Literal::Ansi(i), _) => ansi(i),
        (Literal::Indexed(i), ColorSupport::Ansi16) if i < 16 => ansi(i),
        (Literal::Indexed(i), ColorSupport::Ansi16) => ansi(nearest_ansi16(index_rgb(i))),
        (Literal::Indexed(i), _) => Color::Indexed(i),
        (Literal::Rgb(r, g, b), ColorSupport::TrueColor) => Color::Rgb(r, g, b),
        (Literal::Rgb(r, g, b), ColorSupport::Ansi256) => {
            Color::Indexed(nearest_ansi256((r, g, b)))
        }
        (Literal::Rgb(r, g, b), ColorSupport::Ansi16) => ansi(nearest_ansi16((r, g, b))),
    })
}

/// Merge layers (base first; a scope replaces the inherited one whole, a
/// palette name too), resolve colours, then fill every scope by fallback.
fn build(layers: &[Layer], support: ColorSupport) -> Result<Theme, ThemeError> {
    let mut palette: HashMap<&str, Literal> = HashMap::new();
    let mut specs: HashMap<&str, &Spec> = HashMap::new();
    for layer in layers {
        for (name, lit, _) in &layer.palette {
            palette.insert(name, *lit);
        }
        for (name, spec) in &layer.styles {
            specs.insert(name, spec);
        }
    }
    let resolve = |spec: &Spec, field: &str, value: &Option<String>| -> Result<_, ThemeError> {
        let Some(value) = value else { return Ok(None) };
        let lit = palette
            .get(value.as_str())
            .copied()
            .or_else(|| literal(value));
        match lit {
            Some(lit) => Ok(color(lit, support)),
            None => Err(ThemeError::BadColor {
                file: spec.file.clone(),
                key: field.to_string(),
                value: value.clone(),
            }),
        }
    };
    let mut styles: HashMap<&str, Style> = HashMap::new();
    for (name, spec) in &specs {
        let mut style = Style::new().add_modifier(spec.modifiers);
        if let Some(fg) = resolve(spec, &format!("{name}.fg"), &spec.fg)? {
            style = style.fg(fg);
        }
        if let Some(bg) = resolve(spec, &format!("{name}.bg"), &spec.bg)? {
            style = style.bg(bg);
        }
        styles.insert(name, style);
    }
    let text = styles.get("ui.text").copied().unwrap_or_default();
    let mut styles = Scope::ALL.map(|scope| {
        let mut name = scope.name();
        loop {
            if let Some(style) = styles.get(name) {
                return *style;
            }
            match name.rsplit_once('.') {
                Some((parent, _)) => name = parent,
                None => return text,
            }
        }
    });
    if support == ColorSupport::NoColor {
        // Without colour a theme's fg/bg selection would vanish: a list
        // always shows its selected row (DESIGN §12), so it is reversed.
        for scope in [Scope::UiSelection, Scope::UiSelectionInactive] {
            let style = &mut styles[scope as usize];
            *style = style.add_modifier(Modifier::REVERSED);
        }
    }
    Ok(Theme { styles })
}

#[cfg(test)]
mod tests;
