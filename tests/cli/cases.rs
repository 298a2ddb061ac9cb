use super::*;

/// Run at `now`, expect success, return stdout.
fn ok_at(env: &Env, now: &str, args: &[&str]) -> String {
    let out = env.rolo_at(now, args).output().expect("runs");
    assert!(
        out.status.success(),
        "rolo {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn ids(list: &Value) -> Vec<u64> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|c| c["id"].as_u64().expect("id"))
        .collect()
}

#[test]
fn a_case_is_timed_from_opening_to_resolution() {
    let env = Env::new().with_customers();
    // Opened at 09:00 (NOW), answered at 10:30, resolved two days later at 11:00.
    assert_eq!(
        env.ok(&["case", "open", "ann", "invoice wrong", "--complaint"]),
        "Opened complaint #1 for Ann Lee (#1): invoice wrong\n"
    );
    assert_eq!(
        ok_at(&env, "2026-11-22T10:30:00+08:00", &["case", "respond", "1"]),
        "Responded to case #1 after 1.5h\n"
    );
    // A second response does not move the first.
    ok_at(
        &env,
        "2026-11-22T12:00:00+08:00",
        &["case", "respond", "#1"],
    );
    assert_eq!(
        ok_at(
            &env,
            "2026-11-24T11:00:00+08:00",
            &["case", "resolve", "1", "--note", "credited"]
        ),
        "Resolved case #1 after 50h (first response after 1.5h)\n"
    );
    let case = &env.json(&["case", "list", "--all"])[0];
    assert_eq!(case["status"], "resolved");
    assert_eq!(case["kind"], "complaint");
    assert_eq!(case["priority"], "high");
    assert_eq!(case["opened_at"], NOW);
    assert_eq!(case["first_response_at"], "2026-11-22T10:30:00+08:00");
    assert_eq!(case["resolved_at"], "2026-11-24T11:00:00+08:00");
    assert_eq!(case["resolution"], "credited");
    assert_eq!(case["customer_name"], "Ann Lee");
    assert_eq!(case["owner"], "tester");

    let err = env.fails(2, &["case", "respond", "1"]);
    assert!(err.contains("case #1 is already resolved"), "{err}");
    let err = env.fails(2, &["case", "resolve", "7"]);
    assert!(err.contains("no service case #7"), "{err}");
}

#[test]
fn resolving_without_a_response_counts_as_the_first_response() {
    let env = Env::new().with_customers();
    assert_eq!(
        env.ok(&["case", "open", "globex", "reset password"]),
        "Opened request #1 for Bob Stone (#4): reset password\n"
    );
    // A priority other than the kind's usual one is said.
    assert_eq!(
        env.ok(&["case", "open", "globex", "outage", "--priority", "high"]),
        "Opened request #2 for Bob Stone (#4): outage · high priority\n"
    );
    ok_at(&env, "2026-11-22T11:15:00+08:00", &["case", "resolve", "1"]);
    // Open ones are listed first: #2, then the resolved #1.
    let list = env.json(&["case", "list", "--all"]);
    assert_eq!(ids(&list), vec![2, 1]);
    assert_eq!(list[1]["first_response_at"], "2026-11-22T11:15:00+08:00");
    assert_eq!(list[1]["priority"], "normal");
    assert_eq!(list[0]["priority"], "high");
}

#[test]
fn the_list_shows_open_cases_oldest_first() {
    let env = Env::new().with_customers();
    ok_at(
        &env,
        "2026-11-18T09:00:00+08:00",
        &["case", "open", "globex", "slow api"],
    );
    ok_at(
        &env,
        "2026-11-15T09:00:00+08:00",
        &[
            "case",
            "open",
            "#2",
            "发票抬头错误",
            "--complaint",
            "--owner",
            "bob",
        ],
    );
    ok_at(
        &env,
        "2026-11-20T09:00:00+08:00",
        &["case", "open", "ann", "training"],
    );
    ok_at(&env, "2026-11-18T11:00:00+08:00", &["case", "respond", "1"]);
    ok_at(&env, "2026-11-21T09:00:00+08:00", &["case", "resolve", "3"]);

    assert_eq!(ids(&env.json(&["case", "list"])), vec![2, 1]);
    assert_eq!(ids(&env.json(&["case", "list", "--all"])), vec![2, 1, 3]);
    assert_eq!(ids(&env.json(&["case", "list", "--mine"])), vec![1]);
    assert_eq!(
        ids(&env.json(&["case", "list", "--customer", "ann"])),
        Vec::<u64>::new()
    );
    assert_eq!(
        ids(&env.json(&["case", "list", "--customer", "ann", "--all"])),
        vec![3]
    );
    assert_eq!(
        env.ok(&["case", "list"]),
        "ID  CUSTOMER   KIND       TITLE           STATUS       AGE  FIRST RESPONSE  OWNER\n\
         #2  王伟       complaint  ! 发票抬头错误  open          7d               —  bob\n\
         #1  Bob Stone  request    slow api        in progress   4d              2h  tester\n"
    );
    // Ambiguous customers are never guessed.
    let err = env.fails(2, &["case", "open", "王伟", "x"]);
    assert!(
        err.contains("华信科技") && err.contains("腾达电子"),
        "{err}"
    );
}

#[test]
fn show_has_deals_and_cases() {
    let env = Env::new().with_customers();
    env.ok(&[
        "deal",
        "add",
        "ann",
        "50 seats",
        "--amount",
        "50k",
        "--close",
        "2026-12-31",
    ]);
    env.ok(&["deal", "add", "ann", "pilot", "--amount", "5k"]);
    env.ok(&["deal", "won", "2"]);
    ok_at(
        &env,
        "2026-11-20T09:00:00+08:00",
        &["case", "open", "ann", "login fails"],
    );
    for (i, at) in ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]
        .iter()
        .enumerate()
    {
        let now = format!("{at}T09:00:00+08:00");
        ok_at(
            &env,
            &now,
            &["case", "open", "ann", &format!("old {}", i + 1)],
        );
        ok_at(&env, &now, &["case", "resolve", &(i + 2).to_string()]);
    }
    let text = env.ok(&["show", "ann"]);
    assert!(
        text.contains("  stages       lead → customer 2026-11-22\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "\nDeals (1 open, 2 in all)\n\
             \x20 ID  TITLE         AMOUNT  STAGE    PROB  CLOSE\n\
             \x20 #1  50 seats  50,000 CNY  qualify   10%  2026-12-31\n\
             \x20 #2  pilot      5,000 CNY  won      100%  2026-11-22\n"
        ),
        "{text}"
    );
    // The open case and the last three resolved; the oldest is left out.
    assert!(text.contains("\nCases (1 open)\n"), "{text}");
    assert!(text.contains("login fails"), "{text}");
    assert!(text.contains("old 4") && text.contains("old 2"), "{text}");
    assert!(!text.contains("old 1"), "{text}");
    assert!(text.contains("(1 older resolved not shown"), "{text}");

    let json = env.json(&["show", "ann"]);
    assert_eq!(json["deals"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["cases"].as_array().map(Vec::len), Some(5));
    assert_eq!(json["cases"][0]["title"], "login fails");
    assert_eq!(json["cases"][1]["title"], "old 4");
    assert_eq!(json["tier"], "regular");
    assert_eq!(json["won_last_12_months"], 500_000);
}

#[test]
fn a_retried_case_open_with_an_op_id_is_applied_once() {
    let env = Env::new().with_customers();
    let args = ["case", "open", "ann", "x", "--op-id", "c-1"];
    env.ok(&args);
    env.ok(&args);
    assert_eq!(ids(&env.json(&["case", "list"])), vec![1]);
    let err = env.fails(2, &["campaign", "list", "--op-id", "c-2"]);
    assert!(err.contains("--op-id applies to"), "{err}");
}
