//! Where rolo keeps things, the user's `config.toml`, keymaps and themes.

pub mod keymap;
pub mod theme;

use crate::domain::{Pipeline, TierThresholds};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot find your home directory to place rolo's files; set --db and --config-dir")]
    NoHome,
    #[error("cannot read \"{path}\": {source}")]
    Read {
        path: PathBuf,
        source: crate::files::FileError,
    },
    #[error("invalid config \"{path}\": {message}")]
    Invalid { path: PathBuf, message: String },
}

// The settings are the user's: whatever is wrong with them, they fix it
// (a disk failing under them excepted).
impl crate::fault::Blamed for ConfigError {
    fn blame(&self) -> crate::fault::Blame {
        match self {
            // A disk error reading it is not the file's fault.
            ConfigError::Read { source, .. } => crate::fault::Blamed::blame(source),
            _ => crate::fault::Blame::Input,
        }
    }
}

/// The user's settings; every key is optional.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `-> next action` without `@when` is due this many business days later.
    #[serde(deserialize_with = "whole::follow_up_days")]
    pub follow_up_days: u32,
    /// `call acme noanswer` queues a retry this many business days later.
    #[serde(deserialize_with = "whole::retry_days")]
    pub retry_days: u32,
    /// Seconds to wait for another rolo process before reporting "busy"; 0: do not wait.
    #[serde(deserialize_with = "whole::lock_timeout_secs")]
    pub lock_timeout_secs: u64,
    /// How many rows each section of `rolo today` shows (0: all).
    #[serde(deserialize_with = "whole::today_limit")]
    pub today_limit: usize,
    /// Key preset: default, vim or emacs (a `keymap.toml` beside this file overrides).
    pub keymap: String,
    /// Colour theme: dark, light or high-contrast (a `theme.toml` overrides).
    pub theme: String,
    /// How many backups the daily automatic backup keeps in `backups/`
    /// beside the database (with `rolo backup`'s there; at least 1).
    #[serde(deserialize_with = "whole::backup_keep")]
    pub backup_keep: usize,
    /// Take a backup after the first write of each day.
    pub auto_backup: bool,
    /// The currency deals default to and reports add up in.
    pub currency: String,
    /// How many units of `currency` one unit of another is worth, e.g.
    /// `USD = 7.1`: reports convert with these; a deal in a currency with
    /// no rate is left out of money figures (and the report says so).
    pub rates: BTreeMap<String, f64>,
    /// The open deal stages, in order, with their default win probability.
    pub pipeline: Pipeline,
    /// What makes a customer VIP or key: yearly spend (in `currency`) and
    /// repurchase rate, and each tier's cadence (see docs/VALUE.md). The
    /// old form, `vip = 500000` / `key = 100000`, still loads.
    pub tiers: TierThresholds,
    /// Lead score points: by source, industry, title keyword, recent
    /// engagement and open deal value (see docs/VALUE.md).
    pub lead_score: crate::domain::value::LeadRules,
    /// Churn risk points for each warning signal (see docs/VALUE.md).
    pub churn: crate::domain::value::ChurnRules,
    /// Expected value's settings (see docs/VALUE.md).
    pub value: crate::domain::value::ValueRules,
    /// A customer with no cadence of their own has gone quiet after this
    /// many days without contact (0: only customers with a cadence go quiet).
    #[serde(deserialize_with = "whole::quiet_days")]
    pub quiet_days: u32,
    /// The ranked queue's weights (`rolo today --ranked`).
    pub queue: crate::queue::Weights,
    /// What the app does when a timed task falls due (besides its toast).
    pub notify: Notify,
    /// How phone numbers typed without a country code are read: `auto`
    /// (mainland mobiles and 0-prefixed landlines as China, 10 digits as
    /// North America) or a region code such as `CN`, `US`, `GB`.
    pub phone_region: crate::domain::phone::Region,
}

/// `notify = "bell" | "none"`: when a timed task falls due while the app
/// is open, ring the terminal bell (and raise a desktop notification where
/// the terminal is known to show one), or only show the toast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Notify {
    #[default]
    Bell,
    #[serde(rename = "none")]
    Off,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            follow_up_days: 2,
            retry_days: 2,
            lock_timeout_secs: 5,
            today_limit: 20,
            keymap: "default".into(),
            theme: "dark".into(),
            backup_keep: 7,
            auto_backup: true,
            currency: "CNY".into(),
            rates: BTreeMap::new(),
            pipeline: Pipeline::default(),
            tiers: TierThresholds::default(),
            lead_score: Default::default(),
            churn: Default::default(),
            value: Default::default(),
            quiet_days: 0,
            queue: crate::queue::Weights::default(),
            notify: Notify::Bell,
            phone_region: crate::domain::phone::Region::Auto,
        }
    }
}

impl Config {
    /// Load `config.toml` from `dir`; a missing file means defaults.
    pub fn load(dir: &Path) -> Result<Config, ConfigError> {
        let path = dir.join("config.toml");
        match crate::files::read_text(&path, Some(crate::files::CONFIG_LIMIT)) {
            Ok(text) => {
                Config::parse(&text).map_err(|message| ConfigError::Invalid { path, message })
            }
            Err(e) if e.is_not_found() => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    /// Converts deal amounts into `currency` for reports and tiers.
    pub fn rates(&self) -> crate::domain::money::Rates {
        crate::domain::money::Rates::new(&self.currency, &self.rates)
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        let mut config: Config =
            toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        config.pipeline.validate()?;
        for (key, days, min) in [
            ("quiet_days", config.quiet_days, 0),
            ("follow_up_days", config.follow_up_days, 0),
            ("retry_days", config.retry_days, 0),
        ] {
            crate::domain::validate::days(key, days, min).map_err(|e| e.to_string())?;
        }
        config.currency = crate::domain::money::parse_currency(&config.currency)
            .map_err(|e| format!("currency: {e}"))?;
        for (code, rate) in &config.rates {
            if !(rate.is_finite() && (MIN_RATE..=MAX_RATE).contains(rate)) {
                return Err(format!(
                    "rates.{code} = {rate}: a rate is a positive number from {MIN_RATE} to {MAX_RATE} \
                     (units of {} for one {code})",
                    config.currency
                ));
            }
        }
        config.queue.check().map_err(|e| e.to_string())?;
        config.lead_score.check()?;
        config.churn.check()?;
        config.value.check()?;
        Ok(config)
    }
}

/// The range of an exchange rate: beyond it, amounts converted at it no
/// longer fit the sums (and it is a typo: a rate the wrong way round is
/// still inside).
pub const MIN_RATE: f64 = 0.000_001;
pub const MAX_RATE: f64 = 1_000_000.0;

/// The longest `lock_timeout_secs`: an hour. Longer is a typo, and past
/// what the clock can add it used to stop rolo with an internal error.
pub const MAX_LOCK_TIMEOUT_SECS: u64 = 3600;

/// The most backups `backup_keep` keeps: about thirty years of daily ones.
pub const MAX_BACKUP_KEEP: usize = 10_000;

/// The most rows `today_limit` asks for (0 means all).
pub const MAX_TODAY_LIMIT: usize = 1_000_000;

/// Whole-number settings are read as any integer TOML can hold, so that a
/// negative or huge value is refused by a message naming the setting, the
/// value and its range, not by a type error ("expected u32").
mod whole {
    use crate::domain::ValidationError;
    use crate::domain::validate::MAX_DAYS;
    use serde::Deserializer;

    fn ranged<'de, D: Deserializer<'de>, T: TryFrom<i128>>(
        d: D,
        what: &'static str,
        min: i128,
        max: i128,
        range: String,
    ) -> Result<T, D::Error> {
        let n = d.deserialize_any(Whole)?;
        (min..=max)
            .contains(&n)
            .then(|| T::try_from(n).ok())
            .flatten()
            .ok_or_else(|| {
                serde::de::Error::custom(ValidationError::OutOfRange {
                    what,
                    value: n.to_string(),
                    range,
                })
            })
    }

    /// Any integer TOML holds; a float, string or table is a type error
    /// that says "a whole number".
    struct Whole;

    impl serde::de::Visitor<'_> for Whole {
        type Value = i128;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number")
        }

        fn visit_i64<E>(self, v: i64) -> Result<i128, E> {
            Ok(v.into())
        }

        fn visit_u64<E>(self, v: u64) -> Result<i128, E> {
            Ok(v.into())
        }

        fn visit_i128<E>(self, v: i128) -> Result<i128, E> {
            Ok(v)
        }

        fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<i128, E> {
            Ok(i128::try_from(v).unwrap_or(i128::MAX))
        }
    }

    macro_rules! days {
        ($($key:ident),*) => {$(
            pub fn $key<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
                ranged(d, stringify!($key), 0, MAX_DAYS.into(), format!("0 to {MAX_DAYS} days"))
            }
        )*};
    }
    days!(follow_up_days, retry_days, quiet_days);

    pub fn lock_timeout_secs<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let max = super::MAX_LOCK_TIMEOUT_SECS;
        ranged(
            d,
            "lock_timeout_secs",
            0,
            max.into(),
            format!("0 (do not wait) to {max} seconds"),
        )
    }

    pub fn today_limit<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        let max = super::MAX_TODAY_LIMIT;
        ranged(
            d,
            "today_limit",
            0,
            max as i128,
            format!("0 (all) to {max} rows"),
        )
    }

    pub fn backup_keep<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        let max = super::MAX_BACKUP_KEEP;
        ranged(
            d,
            "backup_keep",
            1,
            max as i128,
            format!("1 to {max} backups (auto_backup = false takes none)"),
        )
    }
}

/// Why a preset chain could not be followed.
pub(crate) enum ChainError<E> {
    /// A layer did not parse.
    Layer(E),
    /// `extends`/`inherits` names a preset that does not exist: (the file naming it, the name).
    Unknown(String, String),
    /// The chain comes back to itself: `a -> b -> a`.
    Cycle(String),
}

/// Follow a built-in preset's `extends` (keymaps) or `inherits` (themes)
/// chain from `name`: the parsed layers, base first. `dir` names the files
/// in errors (`keymaps/vim.toml`); `parent` reads a layer's base.
pub(crate) fn preset_chain<L, E>(
    presets: &[(&str, &str)],
    name: &str,
    named_in: &str,
    dir: &str,
    parse: impl Fn(&str, &str) -> Result<L, E>,
    parent: impl Fn(&L) -> Option<String>,
) -> Result<Vec<L>, ChainError<E>> {
    let mut layers = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut current = name.to_string();
    let mut named_in = named_in.to_string();
    loop {
        if seen.contains(&current) {
            seen.push(current);
            return Err(ChainError::Cycle(seen.join(" -> ")));
        }
        let Some((_, text)) = presets.iter().find(|(n, _)| *n == current) else {
            return Err(ChainError::Unknown(named_in, current));
        };
        let file = format!("{dir}/{current}.toml");
        let layer = parse(text, &file).map_err(ChainError::Layer)?;
        let next = parent(&layer);
        layers.push(layer);
        seen.push(current);
        match next {
            Some(p) => {
                current = p;
                named_in = file;
            }
            None => break,
        }
    }
    layers.reverse();
    Ok(layers)
}

/// `$XDG_DATA_HOME/rolo/rolo.redb`, unless `--db` / `ROLO_DB` say otherwise.
pub fn default_db_path() -> Result<PathBuf, ConfigError> {
    use etcetera::BaseStrategy;
    let dirs = etcetera::choose_base_strategy().map_err(|_| ConfigError::NoHome)?;
    Ok(dirs.data_dir().join("rolo").join("rolo.redb"))
}

/// `$XDG_STATE_HOME/rolo` (palette history, drafts); the data dir where
/// the platform has no state dir.
pub fn default_state_dir() -> Result<PathBuf, ConfigError> {
    use etcetera::BaseStrategy;
    let dirs = etcetera::choose_base_strategy().map_err(|_| ConfigError::NoHome)?;
    Ok(dirs
        .state_dir()
        .unwrap_or_else(|| dirs.data_dir())
        .join("rolo"))
}

/// `$XDG_CONFIG_HOME/rolo`, unless `--config-dir` / `ROLO_CONFIG_DIR` say otherwise.
pub fn default_config_dir() -> Result<PathBuf, ConfigError> {
    use etcetera::BaseStrategy;
    let dirs = etcetera::choose_base_strategy().map_err(|_| ConfigError::NoHome)?;
    Ok(dirs.config_dir().join("rolo"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_config_keeps_defaults_and_unknown_keys_are_named() {
        let c = Config::parse("follow_up_days = 3").expect("valid");
        assert_eq!(c.follow_up_days, 3);
        assert_eq!(c.retry_days, Config::default().retry_days);
        let err = Config::parse("folow_up_days = 3").expect_err("typo");
        assert!(err.contains("folow_up_days"), "{err}");
    }

    #[test]
    fn backup_settings_default_to_a_week_of_daily_backups() {
        let c = Config::default();
        assert_eq!((c.backup_keep, c.auto_backup), (7, true));
        let c = Config::parse("backup_keep = 30\nauto_backup = false").expect("valid");
        assert_eq!((c.backup_keep, c.auto_backup), (30, false));
        let err = Config::parse("auto_backup = \"no\"").expect_err("not a bool");
        assert!(err.contains("auto_backup"), "{err}");
        let err = Config::parse("backup_keep = -1").expect_err("negative");
        assert!(err.contains("backup_keep"), "{err}");
    }

    #[test]
    fn notify_is_bell_by_default_or_none() {
        assert_eq!(Config::default().notify, Notify::Bell);
        assert_eq!(
            Config::parse("notify = \"none\"").expect("valid").notify,
            Notify::Off
        );
        assert_eq!(
            Config::parse("notify = \"bell\"").expect("valid").notify,
            Notify::Bell
        );
        let err = Config::parse("notify = \"loud\"").expect_err("unknown");
        assert!(err.contains("notify") && err.contains("bell"), "{err}");
    }

    #[test]
    fn the_pipeline_currency_rates_and_tiers_are_configurable_and_checked() {
        let c = Config::parse(
            r#"
currency = "usd"
quiet_days = 30
[rates]
CNY = 0.14
[tiers]
vip = 80000
[[pipeline]]
name = "接洽"
probability = 10
[[pipeline]]
name = "报价"
probability = 50
"#,
        )
        .expect("valid");
        assert_eq!(c.currency, "USD");
        assert_eq!(c.pipeline.names(), ["接洽", "报价"]);
        // The old form of `[tiers]`: a bare number is the spend, and the
        // tier not named keeps the default rule.
        assert_eq!((c.tiers.vip.spend, c.tiers.vip.repurchase), (80_000, 0));
        assert_eq!(c.tiers.key, TierThresholds::default().key);
        assert_eq!(c.rates().to_base(10_000, "CNY"), Some(1_400));
        assert_eq!(c.quiet_days, 30);
        let c = Config::parse("[queue]\nhigh_priority = 50\n").expect("valid");
        assert_eq!(c.queue.high_priority, 50);
        assert_eq!(
            c.queue.due_today,
            crate::queue::Weights::default().due_today
        );
        for (bad, names) in [
            ("pipeline = []", "at least one stage"),
            (
                "[[pipeline]]\nname = \"won\"\nprobability = 100",
                "reserved",
            ),
            (
                "[[pipeline]]\nname = \"a\"\nprobability = 120",
                "at most 100",
            ),
            ("currency = \"dollars\"", "currency"),
            ("[rates]\nUSD = -7", "rates.USD"),
            ("[tiers]\ngold = 1", "gold"),
            (
                "[tiers.vip]\nrepurchase = 101",
                "tiers.vip.repurchase = 101",
            ),
            ("[lead_score]\nhot = 5000", "lead_score.hot = 5000"),
            (
                "[lead_score]\nengagement_days = 0",
                "lead_score.engagement_days",
            ),
            (
                "[lead_score]\nwarm = 70",
                "lead_score.warm = 70 is above lead_score.hot = 60",
            ),
            ("[lead_score.title]\n\"总\" = \"many\"", "\"总\" = \"many\""),
            ("[lead_score]\nsorce = {}", "sorce"),
            (
                "[churn]\nunanswered_attempts = 0",
                "churn.unanswered_attempts = 0",
            ),
            ("[churn]\nhigh = -5000", "churn.high = -5000"),
            ("[churn]\nslowdown = 1.5", "slowdown"),
            ("[value]\nmax_years = 0", "value.max_years = 0"),
            ("[queue]\nurgency = 1", "urgency"),
        ] {
            let err = Config::parse(bad).expect_err(bad);
            assert!(err.contains(names), "{bad}: {err}");
        }
    }

    #[test]
    fn value_sections_load_with_defaults_and_overrides() {
        use crate::domain::value::{ChurnRules, DealBand, LeadRules, ValueRules};
        let c = Config::default();
        assert_eq!(
            (c.lead_score.clone(), c.churn.clone(), c.value.clone()),
            (
                LeadRules::default(),
                ChurnRules::default(),
                ValueRules::default()
            )
        );
        let c = Config::parse(
            r#"
[tiers.vip]
spend = 200000
repurchase = 40
[lead_score]
hot = 80
[lead_score.industry]
"制造业" = 10
[lead_score.title]
"CTO" = 20
[[lead_score.deal_bands]]
from = 1000
points = 2
[churn]
unanswered_attempts = 2
[value]
max_years = 3
"#,
        )
        .expect("valid");
        assert_eq!((c.tiers.vip.spend, c.tiers.vip.repurchase), (200_000, 40));
        assert_eq!(c.lead_score.hot, 80);
        assert_eq!(c.lead_score.industry.get("制造业"), Some(&10));
        // A table given replaces the default one whole.
        assert_eq!(c.lead_score.title.len(), 1);
        assert_eq!(
            c.lead_score.deal_bands,
            [DealBand {
                from: 1000,
                points: 2
            }]
        );
        assert_eq!(c.lead_score.source, LeadRules::default().source);
        assert_eq!(c.churn.unanswered_attempts, 2);
        assert_eq!(c.value.max_years, 3);
    }

    /// The example config.toml in the README loads as written, and the one
    /// in docs/VALUE.md's migration note (the old `[tiers]` form) too.
    #[test]
    fn the_documented_example_configs_load() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("```toml\nkeymap = ")
            .expect("the README's config example");
        let block = &readme[start + "```toml\n".len()..];
        let block = &block[..block.find("```").expect("its end")];
        let c = Config::parse(block).unwrap_or_else(|e| panic!("README config: {e}"));
        assert_eq!(c.tiers, TierThresholds::default());
        assert_eq!(c.lead_score.industry.get("制造业"), Some(&10));
        let value = include_str!("../../docs/VALUE.md");
        let mut loaded = 0;
        for block in value.split("```toml\n").skip(1) {
            let block = &block[..block.find("```").expect("its end")];
            Config::parse(block).unwrap_or_else(|e| panic!("docs/VALUE.md: {e}\n{block}"));
            loaded += 1;
        }
        assert_eq!(loaded, 4);
    }

    /// Issue 11, item 9: config.toml, keymap.toml or theme.toml that is a
    /// FIFO, a device or a directory is refused at once, naming the file
    /// and what it is (a FIFO blocked the start for ever, /dev/zero read
    /// until memory ran out).
    #[test]
    fn config_files_that_are_not_regular_files_are_refused_at_once() {
        use super::keymap::Keymap;
        use super::theme::{ColorSupport, Theme};
        let start = std::time::Instant::now();
        for (how, what) in [
            ("fifo", "a FIFO (named pipe)"),
            ("zero", "a character device"),
            ("dir", "a directory"),
        ] {
            for name in ["config.toml", "keymap.toml", "theme.toml"] {
                let dir = tempfile::tempdir().expect("tempdir");
                let path = dir.path().join(name);
                match how {
                    "fifo" => crate::files::mkfifo(&path),
                    "zero" => std::os::unix::fs::symlink("/dev/zero", &path).expect("symlink"),
                    _ => std::fs::create_dir(&path).expect("mkdir"),
                }
                let err = match name {
                    "config.toml" => Config::load(dir.path()).expect_err(how).to_string(),
                    "keymap.toml" => Keymap::load(dir.path(), "default", &|_| Ok(()))
                        .expect_err(how)
                        .to_string(),
                    _ => Theme::load(dir.path(), "dark", ColorSupport::Ansi16)
                        .expect_err(how)
                        .to_string(),
                };
                assert!(err.contains(&path.display().to_string()), "{err}");
                assert!(
                    err.ends_with(&format!("it is {what}, not a regular file")),
                    "{err}"
                );
            }
        }
        // A config file of more than 1 MiB is refused too.
        let dir = tempfile::tempdir().expect("tempdir");
        let big = format!("# {}\n", "x".repeat(crate::files::CONFIG_LIMIT as usize));
        std::fs::write(dir.path().join("config.toml"), big).expect("write");
        let err = Config::load(dir.path()).expect_err("too big").to_string();
        assert!(err.contains("rolo reads at most 1,048,576 bytes"), "{err}");
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }

    #[test]
    fn missing_file_means_defaults() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(Config::load(dir.path()).expect("ok"), Config::default());
        std::fs::write(dir.path().join("config.toml"), "retry_days = \"soon\"").expect("write");
        let err = Config::load(dir.path()).expect_err("bad type");
        assert!(err.to_string().contains("config.toml"), "{err}");
    }
}
