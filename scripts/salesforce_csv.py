#!/usr/bin/env python3
"""Write a Salesforce-style contact export for measuring `rolo import`.

13 columns, quoted multi-line descriptions, about 5% of rows repeating an
earlier contact's email (so a real run merges them), seeded so every run
writes the same bytes. The Phone and Mobile columns are empty by default:
rolo reads every distinct number with libphonenumber, which at 100k
distinct numbers dominates either run. PHONES=unique gives every contact
their own number (and 30% a mobile); PHONES=account gives each account a
main line shared by its ~10 contacts (rolo then merges them: one phone,
one person) and 5% a mobile.

    python3 scripts/salesforce_csv.py [ROWS] [OUT]
    # default: 100000 rows into target/salesforce-100000.csv
"""

import csv
import os
import random
import sys

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
OUT = sys.argv[2] if len(sys.argv) > 2 else f"target/salesforce-{ROWS}.csv"
PHONES = os.environ.get("PHONES", "none")

rng = random.Random(14)
FIRST = ["James", "Mary", "Wei", "Fang", "Li", "Robert", "Linda", "Ming", "Hui", "David",
         "Susan", "Jun", "Yan", "Michael", "Karen", "Tao", "Jing", "Thomas", "Nancy", "Lei"]
LAST = ["Smith", "Wang", "Li", "Zhang", "Johnson", "Liu", "Chen", "Brown", "Yang", "Huang",
        "Garcia", "Zhao", "Wu", "Miller", "Zhou", "Davis", "Xu", "Sun", "Wilson", "Ma"]
CN_FIRST = ["伟", "芳", "娜", "敏", "静", "磊", "强", "军", "洋", "勇", "艳", "杰", "涛", "明", "超"]
CN_LAST = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
         "宏达", "银河", "立信", "宇通", "华夏", "东方", "长城", "星辰"]
SUFFIX = ["Inc", "LLC", "Ltd", "Group", "有限公司", "集团", "Corp"]
TITLES = ["CEO", "CTO", "Buyer", "Procurement Manager", "采购经理", "总经理", "VP Sales", ""]
SOURCES = ["Web", "Trade Show", "Referral", "Cold Call", "Partner", ""]
INDUSTRIES = ["Manufacturing", "Retail", "Healthcare", "Education", "制造业", "Finance", ""]
CITIES = ["Shanghai", "Beijing", "Shenzhen", "Boston", "Chicago", "Toronto", "杭州", "成都"]
HEADER = ["First Name", "Last Name", "Account Name", "Title", "Email", "Phone", "Mobile",
          "Lead Source", "Industry", "Mailing Street", "Mailing City", "Description",
          "Contact Owner"]

companies = [f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(SUFFIX)}"
             for _ in range(max(ROWS // 10, 1))]
main_line = {c: f"+1 617 {rng.randrange(200, 999)} {n % 10000:04d}" for n, c in enumerate(companies)}
written = []
with open(OUT, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_MINIMAL)
    w.writerow(HEADER)
    for i in range(ROWS):
        if written and rng.random() < 0.05:
            # The same person again, maybe with something new: a merge or an unchanged row.
            row = list(rng.choice(written))
            if rng.random() < 0.5:
                row[3] = row[3] or rng.choice(TITLES)
                row[10] = rng.choice(CITIES)
            w.writerow(row)
            continue
        if rng.random() < 0.5:
            first, last = rng.choice(CN_FIRST), rng.choice(CN_LAST)
            mail = f"{last}{first}".encode("utf-8").hex()[:8]
        else:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            mail = f"{first}.{last}".lower()
        email = f"{mail}{i}@example{i % 97}.com"
        company = rng.choice(companies)
        if PHONES == "unique":
            phone = f"+1 617 {rng.randrange(200, 999)} {i % 10000:04d}"
            mobile = f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}" if rng.random() < 0.3 else ""
        elif PHONES == "none":
            phone, mobile = "", ""
        else:
            phone = main_line[company]
            mobile = f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}" if rng.random() < 0.05 else ""
        lines = [f"Met at {rng.choice(CITIES)}; interested in {rng.randrange(5, 500)} seats."]
        if rng.random() < 0.6:
            lines.append(f"Follow up about \"{rng.choice(WORDS)}\" pricing, budget {rng.randrange(1, 99)}k.")
        if rng.random() < 0.3:
            lines.append("Prefers email, not calls.")
        row = [first, last, company, rng.choice(TITLES), email, phone, mobile,
               rng.choice(SOURCES), rng.choice(INDUSTRIES),
               f"{rng.randrange(1, 999)} {rng.choice(WORDS)} Road", rng.choice(CITIES),
               "\n".join(lines), rng.choice(["alice", "bob", "carol"])]
        written.append(row)
        w.writerow(row)
print(OUT)
