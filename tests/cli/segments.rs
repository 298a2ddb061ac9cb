use super::*;

fn ids(list: &Value) -> Vec<u64> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|c| c["id"].as_u64().expect("id"))
        .collect()
}

fn write_config(env: &Env, text: &str) {
    let dir = env.dir.path().join("config");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(dir.join("config.toml"), text).expect("config");
}

/// Win a deal of `amount` for `customer`.
fn win(env: &Env, customer: &str, amount: &str) {
    let deal = env.json(&["deal", "add", customer, "order", "--amount", amount]);
    let id = deal["id"].as_u64().expect("id").to_string();
    env.ok(&["deal", "won", &id]);
}

/// Record an order for `customer` on `date` (within the last year).
fn order(env: &Env, customer: &str, amount: &str, date: &str) {
    env.ok(&["order", "add", customer, amount, "--date", date]);
}

/// The seed's tiers (docs/VALUE.md): VIP from ¥100,000 a year with 30 %
/// repurchase, key from ¥50,000 with 15 %; repurchase is the share of the
/// months since the first purchase month in which they bought again.
/// Today is 2026-11-22: month 0 is (10-22, 11-22], month 1 (09-22, 10-22] …
#[test]
fn spend_and_repurchase_make_tiers() {
    let env = Env::new().with_customers();
    // Ann: 40,000 + 30,000 + 20,000 + 15,000 = 105,000 in months 0, 2, 4
    // and 6: 4 months bought, 6 since the first, (4 − 1) / 6 = 50 % → VIP.
    order(&env, "ann", "40000", "2026-11-10");
    order(&env, "ann", "30000", "2026-09-15");
    order(&env, "ann", "20000", "2026-07-20");
    order(&env, "ann", "15000", "2026-05-05");
    // Globex: one win of 60,000 today — enough spend for key, but 0 %
    // repurchase (one month): regular.
    win(&env, "globex", "60k");
    assert_eq!(ids(&env.json(&["list", "--tier", "vip"])), vec![1]);
    assert_eq!(
        ids(&env.json(&["list", "--tier", "key"])),
        Vec::<u64>::new()
    );
    assert_eq!(
        ids(&env.json(&["list", "--tier", "regular"])),
        vec![2, 3, 4]
    );
    let vip = env.json(&["list", "--tier", "vip"]);
    let figures = &vip[0]["tier_figures"];
    assert_eq!(figures["spend"], 10_500_000, "{figures}");
    assert_eq!(figures["purchases"], 4);
    assert_eq!(
        (
            figures["repurchase"]["months_bought"].as_u64(),
            figures["repurchase"]["months_since_first"].as_u64()
        ),
        (Some(4), Some(6))
    );
    // Globex orders 5,000 on 2026-08-10 (month 3): 65,000, 2 months bought,
    // 3 since the first, 1 / 3 = 33 % → key (VIP needs 100,000).
    order(&env, "globex", "5000", "2026-08-10");
    assert_eq!(ids(&env.json(&["list", "--tier", "key"])), vec![4]);
    let all = env.json(&["list"]);
    assert_eq!(all[0]["tier"], "vip");
    assert_eq!(all[3]["tier"], "key");
    assert!(
        all[1].get("tier_figures").is_none(),
        "bought nothing: {}",
        all[1]
    );

    let text = env.ok(&["list", "--tier", "vip"]);
    assert_eq!(
        text,
        "ID  NAME     COMPANY    STAGE     TIER  LAST CONTACT  TAGS\n\
         #1  Ann Lee  Acme Corp  customer  vip   never         vip\n"
    );
    let shown = env.ok(&["show", "globex"]);
    assert!(
        shown.contains("  tier         key · ")
            && shown.contains("in 12 months and 33 % repurchase"),
        "{shown}"
    );

    // A year and a day later nothing counts.
    let out = env
        .rolo_at(
            "2027-11-23T10:00:00+08:00",
            &["list", "--tier", "vip", "--json"],
        )
        .output()
        .expect("runs");
    let later: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(ids(&later), Vec::<u64>::new());
}

#[test]
fn tier_thresholds_come_from_config() {
    let env = Env::new().with_customers();
    write_config(&env, "[tiers]\nvip = 1000\nkey = 10\n");
    win(&env, "ann", "1000");
    win(&env, "globex", "10");
    assert_eq!(ids(&env.json(&["list", "--tier", "vip"])), vec![1]);
    assert_eq!(ids(&env.json(&["list", "--tier", "key"])), vec![4]);
}

#[test]
fn saved_views_round_trip() {
    let env = Env::new().with_customers();
    env.ok(&[
        "add", "Cat Wu", "--tag", "vip", "--tag", "north", "--owner", "bob",
    ]);
    let saved = env.ok(&["view", "save", "my-vips", "--tag", "vip", "--mine"]);
    assert_eq!(
        saved,
        "Saved view \"my-vips\": --tag vip --mine (use: rolo list --view my-vips)\n"
    );
    assert_eq!(
        env.ok(&["view", "list"]),
        "NAME     FILTER\nmy-vips  --tag vip --mine\n"
    );
    assert_eq!(ids(&env.json(&["list", "--view", "my-vips"])), vec![1]);
    // "mine" is whoever uses the view, not who saved it.
    let out = env
        .rolo(&["list", "--view", "MY-VIPS", "--json"])
        .env("USER", "bob")
        .output()
        .expect("runs");
    let bobs: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(ids(&bobs), vec![5]);
    // Flags narrow a view.
    assert_eq!(
        ids(&env.json(&["list", "--view", "my-vips", "--stage", "customer"])),
        Vec::<u64>::new()
    );

    // --save-view saves the flags given, then lists.
    let out = env
        .rolo(&[
            "list",
            "--tag",
            "vip",
            "--tag",
            "north",
            "--save-view",
            "north vips",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Cat Wu"));
    let views = env.json(&["view", "list"]);
    assert_eq!(views[1]["name"], "north vips");
    assert_eq!(views[1]["flags"], "--tag vip --tag north");
    assert_eq!(
        views[1]["filter"]["tags"],
        serde_json::json!(["vip", "north"])
    );

    assert_eq!(
        env.ok(&["view", "rm", "My-Vips"]),
        "Deleted view \"my-vips\"\n"
    );
    let err = env.fails(2, &["list", "--view", "my-vips"]);
    assert!(err.contains("no saved view \"my-vips\""), "{err}");
    let err = env.fails(2, &["view", "rm", "my-vips"]);
    assert!(err.contains("no saved view \"my-vips\""), "{err}");
    let err = env.fails(2, &["view", "save", "empty"]);
    assert!(err.contains("give the filter to save"), "{err}");
}

#[test]
fn source_campaign_tags_and_mine() {
    let env = Env::new().with_customers();
    env.ok(&[
        "add",
        "Cat Wu",
        "--source",
        "Web",
        "--campaign",
        "Spring  Expo",
        "--owner",
        "bob",
        "--tag",
        "north",
    ]);
    env.ok(&[
        "edit",
        "globex",
        "--campaign",
        "spring expo",
        "--tag",
        "north",
        "--tag",
        "vip",
    ]);
    assert_eq!(ids(&env.json(&["list", "--source", "web"])), vec![5]);
    assert_eq!(
        ids(&env.json(&["list", "--campaign", "SPRING EXPO"])),
        vec![4, 5]
    );
    assert_eq!(
        ids(&env.json(&["list", "--tag", "north", "--tag", "vip"])),
        vec![4]
    );
    assert_eq!(ids(&env.json(&["list", "--mine"])), vec![1, 2, 3, 4]);
    assert_eq!(ids(&env.json(&["list", "--owner", "bob"])), vec![5]);
    assert_eq!(
        env.json(&["show", "5"])["customer"]["campaign"],
        "Spring Expo"
    );
}

#[test]
fn gone_quiet_follows_the_cadence_or_the_configured_days() {
    let env = Env::new().with_customers();
    let quiet_at = |now: &str| -> Vec<u64> {
        let out = env
            .rolo_at(now, &["list", "--gone-quiet", "--json"])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ids(&serde_json::from_slice(&out.stdout).expect("json"))
    };
    // Only Bob has a cadence (14 days): quiet once it has passed.
    assert_eq!(quiet_at("2026-12-06T09:00:00+08:00"), Vec::<u64>::new());
    assert_eq!(quiet_at("2026-12-06T09:01:00+08:00"), vec![4]);
    // With quiet_days, customers without a cadence go quiet too — Bob
    // still by his own 14 days.
    write_config(&env, "quiet_days = 10\n");
    assert_eq!(quiet_at("2026-12-02T09:00:00+08:00"), Vec::<u64>::new());
    assert_eq!(quiet_at("2026-12-02T09:01:00+08:00"), vec![1, 2, 3]);
    assert_eq!(quiet_at("2026-12-06T09:01:00+08:00"), vec![1, 2, 3, 4]);
    // Contact resets it.
    let logged = env
        .rolo_at(
            "2026-11-25T09:00:00+08:00",
            &["log", "ann", "call", "catching up"],
        )
        .output()
        .expect("runs");
    assert!(logged.status.success());
    assert_eq!(quiet_at("2026-12-02T09:01:00+08:00"), vec![2, 3]);
}

#[test]
fn quiet_for_still_uses_the_index_and_combines_with_segments() {
    let env = Env::new().with_customers();
    let logged = env
        .rolo_at(
            "2026-12-15T09:00:00+08:00",
            &["log", "ann", "call", "hello"],
        )
        .output()
        .expect("runs");
    assert!(logged.status.success());
    let out = env
        .rolo_at(
            "2026-12-30T09:00:00+08:00",
            &["list", "--quiet-for", "30", "--json"],
        )
        .output()
        .expect("runs");
    let quiet: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(ids(&quiet), vec![2, 3, 4]);
    let out = env
        .rolo_at(
            "2026-12-30T09:00:00+08:00",
            &["list", "--quiet-for", "30", "--stage", "customer", "--json"],
        )
        .output()
        .expect("runs");
    let quiet: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(ids(&quiet), vec![4]);
}

#[test]
fn campaigns_add_update_and_count_their_customers() {
    let env = Env::new().with_customers();
    assert_eq!(
        env.ok(&[
            "campaign",
            "add",
            "Spring Expo",
            "--cost",
            "20k",
            "--source",
            "expo",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-05",
        ]),
        "Added campaign \"Spring Expo\" · 20,000 CNY · 2026-03-01 – 2026-03-05\n"
    );
    // Updating keeps what is not given.
    assert_eq!(
        env.ok(&["campaign", "add", "spring expo", "--cost", "25k"]),
        "Updated campaign \"spring expo\" · 25,000 CNY · 2026-03-01 – 2026-03-05\n"
    );
    env.ok(&["campaign", "add", "Webinar", "--currency", "usd"]);
    env.ok(&["edit", "ann", "--campaign", "Spring Expo"]);
    env.ok(&["edit", "globex", "--campaign", "SPRING EXPO"]);
    let list = env.json(&["campaign", "list"]);
    assert_eq!(list[0]["name"], "spring expo");
    assert_eq!(list[0]["source"], "expo");
    assert_eq!(list[0]["cost"], 2_500_000);
    assert_eq!(list[0]["started"], "2026-03-01");
    assert_eq!(list[0]["customers"], 2);
    assert_eq!(list[1]["customers"], 0);
    assert_eq!(
        env.ok(&["campaign", "list"]),
        "NAME         SOURCE        COST  CUSTOMERS  DATES\n\
         spring expo  expo    25,000 CNY          2  2026-03-01 – 2026-03-05\n\
         Webinar      -            0 USD          0  -\n"
    );
    let err = env.fails(
        2,
        &[
            "campaign",
            "add",
            "x",
            "--from",
            "2026-03-05",
            "--to",
            "2026-03-01",
        ],
    );
    assert!(
        err.contains("--to 2026-03-01 is before --from 2026-03-05"),
        "{err}"
    );
    let err = env.fails(2, &["campaign", "add", "x", "--cost", "lots"]);
    assert!(err.contains("\"lots\" is not an amount"), "{err}");
}

#[test]
fn task_list_mine_follows_the_customers_owner() {
    let env = Env::new().with_customers();
    env.ok(&["add", "Cat Wu", "--owner", "bob"]);
    env.ok(&["task", "add", "ann", "call ann", "--due", "today"]);
    env.ok(&["task", "add", "cat", "call cat", "--due", "today"]);
    env.ok(&["task", "add", "-", "admin", "--due", "today"]);
    let mine = env.json(&["task", "list", "--mine"]);
    let titles: Vec<&str> = mine
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["title"].as_str().expect("title"))
        .collect();
    assert_eq!(titles, vec!["call ann"]);
    let out = env
        .rolo(&["task", "list", "--mine", "--json"])
        .env("USER", "bob")
        .output()
        .expect("runs");
    let bobs: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(bobs[0]["title"], "call cat");
    assert_eq!(bobs.as_array().map(Vec::len), Some(1));
}

/// Issue 12 item 8: a saved view lists the same customers in the app as
/// `rolo list --view` — the app used to decide gone-quiet by the cadence
/// alone and with `<=`, so it left out customers quiet by `quiet_days`
/// and took in one whose cadence ends this very second.
#[test]
fn a_saved_view_lists_the_same_customers_in_the_app_and_on_the_command_line() {
    let env = Env::new().with_customers();
    let add_at = |at: &str, args: &[&str]| {
        let out = env.rolo_at(at, args).output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // #5: a weekly cadence that ends exactly now: not past, not quiet.
    add_at(
        "2026-11-15T09:00:00+08:00",
        &["add", "Cy Exact", "--cadence", "7"],
    );
    // #6: no cadence, untouched for 30 days: quiet by quiet_days = 10.
    add_at(
        "2026-10-23T09:00:00+08:00",
        &["add", "Dee Old", "--tag", "vip"],
    );
    // #7: a weekly cadence 20 days ago: quiet by its own cadence.
    add_at(
        "2026-11-02T09:00:00+08:00",
        &["add", "Eve Weekly", "--cadence", "7"],
    );
    write_config(&env, "quiet_days = 10\n");
    for (name, flags) in [
        ("quiet", vec!["--gone-quiet"]),
        ("quiet vips", vec!["--gone-quiet", "--tag", "vip"]),
        ("regular quiet", vec!["--gone-quiet", "--tier", "regular"]),
        ("untouched", vec!["--quiet-for", "20"]),
    ] {
        let mut args = vec!["list", "--save-view", name];
        args.extend(flags);
        env.ok(&args);
    }

    let config = rolo::config::Config::load(&env.dir.path().join("config")).expect("config");
    let store = rolo::store::Store::new(env.db(), rolo::domain::Channel::Cli);
    let now = chrono::DateTime::parse_from_rfc3339(NOW).expect("NOW");
    for name in ["quiet", "quiet vips", "regular quiet", "untouched"] {
        let cli = ids(&env.json(&["list", "--view", name]));
        let app: Vec<u64> = store
            .read(|r| rolo::tui::read::segment(r, &config, name, now))
            .expect("the app's segment")
            .ids
            .iter()
            .map(|id| id.0)
            .collect();
        assert_eq!(app, cli, "view \"{name}\": the app and `rolo list --view`");
    }
    assert_eq!(ids(&env.json(&["list", "--view", "quiet"])), vec![6, 7]);
    assert_eq!(ids(&env.json(&["list", "--view", "quiet vips"])), vec![6]);
    assert_eq!(ids(&env.json(&["list", "--view", "untouched"])), vec![6, 7]);
}

/// An order in a currency without a rate counts in no tier, and the card
/// says so instead of showing a spend that looks too low.
#[test]
fn a_purchase_without_a_rate_is_named_on_the_card() {
    let env = Env::new().with_customers();
    order(&env, "ann", "500 USD", "2026-11-10");
    let shown = env.ok(&["show", "ann"]);
    assert!(
        shown.contains("(1 in USD left out: no rate; add one under [rates] in config.toml)"),
        "{shown}"
    );
    write_config(&env, "[rates]\nUSD = 7.1\n");
    let shown = env.ok(&["show", "ann"]);
    assert!(shown.contains("¥3,550 in 12 months"), "{shown}");
    assert!(!shown.contains("left out"), "{shown}");
}
