//! What was said: interaction summaries, customer feedback and task titles,
//! in English and Chinese. A `#` in a phrase becomes a quantity.

use super::{R, chance, pick};
use crate::domain::{InteractionKind, Outcome, RecurFrom, RecurUnit, Recurrence};
use rand::RngExt;

/// Where the relationship was when the interaction happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// Selling: discovery, demos, quotes.
    Early,
    /// Serving: rollout, check-ins, renewals.
    Late,
    /// Losing them.
    Churn,
}

/// [english, chinese] phrases for one situation.
type Pair = [&'static [&'static str]; 2];

fn lang(pair: &Pair, zh: bool) -> &'static [&'static str] {
    pair[usize::from(zh)]
}

const CALL_EARLY: Pair = [
    &[
        "Intro call, walked through their current process",
        "Discovery call: # users, running on spreadsheets today",
        "Discussed pricing for # seats",
        "Qualified: budget exists, timeline next quarter",
        "Followed up on the proposal",
        "Checked whether the demo answered their questions",
        "Talked through integration with their ERP",
        "Call with procurement about terms",
    ],
    &[
        "电话初步沟通需求",
        "介绍产品功能",
        "电话沟通报价，#套",
        "确认预算和采购时间",
        "跟进方案反馈",
        "了解目前使用的系统",
        "和采购沟通合同条款",
        "电话邀约产品演示",
    ],
];
const CALL_LATE: Pair = [
    &[
        "Quarterly check-in",
        "Discussed renewal terms",
        "Checked in on the rollout",
        "Talked about adding # more seats",
        "Follow-up on the support escalation",
        "Asked them to be a reference",
        "Reviewed open invoices",
        "Upsell call: premium support",
    ],
    &[
        "季度回访",
        "沟通续约事宜",
        "了解系统使用情况",
        "讨论增购#个账号",
        "跟进售后问题处理",
        "沟通付款进度",
        "电话确认交货时间",
        "回访使用满意度",
    ],
];
const CALL_FAILED: Pair = [
    &[
        "Left a voicemail",
        "No answer, will try again",
        "Voicemail about the quote",
        "Rang twice, no answer",
    ],
    &[
        "电话未接通",
        "无人接听，稍后再打",
        "关机",
        "占线，晚点再联系",
        "已留言",
    ],
];
const CALL_CALLBACK: Pair = [
    &[
        "In a meeting, asked me to call back this afternoon",
        "Asked me to call back tomorrow",
        "Driving, call back later",
    ],
    &["在开会，约好下午回电", "让明天再打过来", "在开车，晚点回电"],
];
const EMAIL_EARLY: Pair = [
    &[
        "Sent intro deck",
        "Sent pricing sheet for # seats",
        "Sent proposal v2",
        "Shared a case study from their industry",
        "Answered questions about SSO",
        "Sent the trial invite",
        "Sent the quote",
        "Followed up on the proposal by email",
    ],
    &[
        "发送公司介绍和产品资料",
        "发送报价单（#套）",
        "发送方案第二版",
        "发送同行业案例",
        "回复技术问题",
        "发送试用账号",
        "已发送报价",
        "邮件跟进方案",
    ],
];
const EMAIL_LATE: Pair = [
    &[
        "Sent the renewal quote",
        "Sent invoice",
        "Sent the release notes",
        "Sent onboarding guide for new users",
        "Confirmed the order for # units",
        "Sent contract amendment",
        "Sent monthly usage report",
    ],
    &[
        "发送续约报价",
        "发送发票",
        "发送版本更新说明",
        "发送操作手册",
        "确认#台的订单",
        "已发送合同",
        "发送月度使用报告",
    ],
];
const MEETING_EARLY: Pair = [
    &[
        "Product demo with their ops team",
        "Demo for # people on their team",
        "Discovery workshop",
        "Pricing discussion with the CFO",
        "Technical deep-dive with IT",
        "Contract negotiation",
    ],
    &[
        "产品演示",
        "给对方#人团队做演示",
        "需求调研会",
        "和财务总监谈价格",
        "技术交流会",
        "商务谈判",
    ],
];
const MEETING_LATE: Pair = [
    &[
        "Quarterly business review",
        "Kick-off meeting",
        "Training session for # users",
        "Renewal negotiation",
        "Roadmap preview",
        "Executive sponsor meeting",
    ],
    &[
        "季度回顾会议",
        "项目启动会",
        "用户培训（#人）",
        "续约谈判",
        "新功能介绍会",
        "高层会面",
    ],
];
const VISIT_EARLY: Pair = [
    &[
        "On-site visit at their HQ",
        "Visited the warehouse to scope the project",
        "Lunch with the team lead",
        "Met at their office to review requirements",
    ],
    &[
        "上门拜访，了解需求",
        "到工厂实地考察",
        "和负责人一起吃饭",
        "到客户公司沟通方案",
    ],
];
const VISIT_LATE: Pair = [
    &[
        "On-site training",
        "Visited the new branch office",
        "Coffee with our champion",
        "Site visit for the expansion",
    ],
    &[
        "上门培训",
        "拜访新分公司",
        "现场安装调试",
        "到客户处做年度回访",
    ],
];
const MESSAGE_EARLY: Pair = [
    &[
        "LinkedIn message: intro",
        "Texted to confirm the meeting time",
        "WhatsApp: sent the brochure",
        "Messaged about the trial",
    ],
    &[
        "微信沟通报价细节",
        "微信确认会议时间",
        "微信发送产品介绍视频",
        "加了微信，简单介绍了公司",
    ],
];
const MESSAGE_LATE: Pair = [
    &[
        "Texted about the delivery date",
        "WhatsApp: quick question about billing",
        "Congratulated them on the new role",
        "Messaged to confirm next week's visit",
    ],
    &[
        "微信确认发货时间",
        "微信咨询开票问题",
        "发了节日祝福",
        "微信确认下周拜访",
    ],
];
const NOTE_EARLY: Pair = [
    &[
        "Decision maker is the CFO",
        "Budget approval expected next quarter",
        "Currently using a competitor",
        "Champion: the ops manager",
        "Evaluating three vendors",
        "Team of about # people",
    ],
    &[
        "决策人是老板",
        "预算下季度批",
        "目前在用竞品",
        "采购经理比较支持我们",
        "同时在看三家供应商",
        "团队大约#人",
    ],
];
const NOTE_LATE: Pair = [
    &[
        "Happy customer, good reference",
        "Contract renews in March",
        "Moving to a new office next month",
        "New IT director starts soon",
        "Paid the last invoice late",
    ],
    &[
        "客户满意，可以做案例",
        "合同明年三月到期",
        "下个月搬办公室",
        "新来的IT负责人下周入职",
        "上次回款有点慢",
    ],
];
const CHURN: Pair = [
    &[
        "Told us they're switching to a competitor",
        "Budget cut, pausing the contract",
        "Cancelled the renewal",
        "Company was acquired, project on hold",
        "Not renewing this year",
    ],
    &[
        "已选择竞争对手",
        "预算削减，暂停合作",
        "不续约了",
        "公司被收购，项目暂停",
        "今年不续费",
    ],
];

const FEEDBACK_EARLY: Pair = [
    &[
        "Wants a demo next week",
        "Concerned about the price",
        "Needs approval from finance",
        "Asked for pricing for # seats",
        "Comparing us with two other vendors",
        "Will decide by the end of the month",
        "Wants SSO before signing",
        "Asked for a customer reference",
        "Interested, but timing is tight",
        "Wants a longer trial",
        "Not a priority this quarter",
        "Asked if we integrate with SAP",
    ],
    &[
        "想要报价",
        "对价格有顾虑",
        "需要领导审批",
        "想下周看演示",
        "在和竞争对手比较",
        "月底前给答复",
        "要求先试用",
        "暂时不需要",
        "希望便宜一点",
        "问能不能和用友对接",
        "对功能很感兴趣",
        "需要#套的报价",
    ],
];
const FEEDBACK_LATE: Pair = [
    &[
        "Happy with the service",
        "Wants faster support responses",
        "Asked for a discount on renewal",
        "Team loves the new reports",
        "Needs # more licences",
        "Asked about the API rate limits",
        "Invoice had the wrong address",
        "Would recommend us to a partner",
    ],
    &[
        "对服务很满意",
        "希望售后响应快一点",
        "续约希望有折扣",
        "想再加#个账号",
        "新版报表很好用",
        "发票抬头要改",
        "希望尽快交货",
        "愿意帮我们推荐客户",
    ],
];
const FEEDBACK_CHURN: Pair = [
    &[
        "Price is too high for them now",
        "Found a cheaper option",
        "Management decided to cut tools",
    ],
    &["觉得价格太高", "找到了更便宜的", "公司决定砍预算"],
];

const NEXT_EARLY: Pair = [
    &[
        "Send quote",
        "Send proposal",
        "Schedule demo",
        "Follow up on contract",
        "Send contract",
        "Check in on trial",
        "Send case study",
        "Confirm meeting",
        "Prepare pricing for # seats",
        "Book on-site visit",
        "Answer security questionnaire",
    ],
    &[
        "发报价单",
        "发送方案",
        "安排演示",
        "跟进合同",
        "发送合同",
        "跟进试用情况",
        "发送案例",
        "确认会议时间",
        "准备#套的报价",
        "预约上门拜访",
        "安排技术对接",
    ],
];
const NEXT_LATE: Pair = [
    &[
        "Send renewal quote",
        "Follow up on invoice",
        "Schedule QBR",
        "Send onboarding guide",
        "Introduce to support lead",
        "Book on-site training",
        "Quote # extra seats",
        "Check the support ticket is closed",
    ],
    &[
        "发送续约报价",
        "跟进回款",
        "安排季度回顾",
        "发送操作手册",
        "安排售后对接",
        "预约上门培训",
        "报价增购#个账号",
        "确认售后问题已解决",
    ],
];
const NEXT_RETRY: Pair = [
    &["Call back", "Try calling again", "Call back after 3pm"],
    &["回电", "再打一次", "下午再打"],
];
const STANDALONE: Pair = [
    &[
        "Prepare QBR deck",
        "Renewal reminder",
        "Update account plan",
        "Send holiday card",
        "Review usage report",
        "Plan expansion pitch",
        "Check payment status",
        "Invite to webinar",
        "Ask for a referral",
        "Prepare proposal",
        "Intro call",
    ],
    &[
        "准备季度回顾材料",
        "续约提醒",
        "更新客户资料",
        "寄送节日礼品",
        "查看使用报告",
        "准备增购方案",
        "确认回款",
        "邀请参加线上研讨会",
        "请客户转介绍",
        "准备方案",
        "初次电话沟通",
    ],
];
const WIN_BACK: Pair = [
    &["Win-back call", "Ask why they left", "Send win-back offer"],
    &["尝试挽回", "了解流失原因", "发送回归优惠"],
];

/// (english, chinese, every, unit, counted from).
const RECURRING: &[(&str, &str, u32, RecurUnit, RecurFrom)] = &[
    (
        "Weekly check-in call",
        "每周回访",
        1,
        RecurUnit::Weeks,
        RecurFrom::Due,
    ),
    (
        "Bi-weekly status call",
        "双周例会",
        2,
        RecurUnit::Weeks,
        RecurFrom::Due,
    ),
    (
        "Send monthly report",
        "发送月度报告",
        1,
        RecurUnit::Months,
        RecurFrom::Due,
    ),
    (
        "Monthly account review",
        "每月对账",
        1,
        RecurUnit::Months,
        RecurFrom::Due,
    ),
    (
        "Check in again",
        "再次联系",
        2,
        RecurUnit::Weeks,
        RecurFrom::Completion,
    ),
];

const QUANTITIES: &[u32] = &[
    5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 500,
];

/// Render a phrase, filling its `#` with a quantity.
fn render(rng: &mut R, phrase: &str) -> String {
    match phrase.split_once('#') {
        Some((head, tail)) => format!("{head}{}{tail}", pick(rng, QUANTITIES)),
        None => phrase.to_string(),
    }
}

fn say(rng: &mut R, pair: &Pair, zh: bool) -> String {
    let phrase = *pick(rng, lang(pair, zh));
    render(rng, phrase)
}

/// The summary line of an interaction; empty for some unanswered calls.
pub(super) fn summary(
    rng: &mut R,
    zh: bool,
    kind: InteractionKind,
    outcome: Option<Outcome>,
    phase: Phase,
) -> String {
    use InteractionKind::*;
    let pair = match (kind, outcome, phase) {
        (Call, Some(Outcome::NoAnswer | Outcome::Voicemail), _) => {
            if chance(rng, 0.25) {
                return String::new();
            }
            &CALL_FAILED
        }
        (Call, Some(Outcome::Callback), _) => &CALL_CALLBACK,
        (_, _, Phase::Churn) => &CHURN,
        (Call, _, Phase::Early) => &CALL_EARLY,
        (Call, _, _) => &CALL_LATE,
        (Email, _, Phase::Early) => &EMAIL_EARLY,
        (Email, _, _) => &EMAIL_LATE,
        (Meeting, _, Phase::Early) => &MEETING_EARLY,
        (Meeting, _, _) => &MEETING_LATE,
        (Visit, _, Phase::Early) => &VISIT_EARLY,
        (Visit, _, _) => &VISIT_LATE,
        (Message, _, Phase::Early) => &MESSAGE_EARLY,
        (Message, _, _) => &MESSAGE_LATE,
        (Note, _, Phase::Early) => &NOTE_EARLY,
        (Note, _, _) => &NOTE_LATE,
    };
    say(rng, pair, zh)
}

/// What the customer said, when they said something.
pub(super) fn feedback(
    rng: &mut R,
    zh: bool,
    kind: InteractionKind,
    outcome: Option<Outcome>,
    phase: Phase,
) -> String {
    let p = match (kind, outcome) {
        (InteractionKind::Call, Some(Outcome::Reached)) => 0.7,
        (InteractionKind::Call, _) => 0.0,
        (InteractionKind::Meeting | InteractionKind::Visit, _) => 0.75,
        (InteractionKind::Message, _) => 0.5,
        (InteractionKind::Email, _) => 0.35,
        (InteractionKind::Note, _) => 0.05,
    };
    if !chance(rng, p) {
        return String::new();
    }
    let pair = match phase {
        Phase::Early => &FEEDBACK_EARLY,
        Phase::Late => &FEEDBACK_LATE,
        Phase::Churn => &FEEDBACK_CHURN,
    };
    say(rng, pair, zh)
}

/// The next action an interaction leads to.
pub(super) fn next_title(rng: &mut R, zh: bool, outcome: Option<Outcome>, phase: Phase) -> String {
    let pair = match (outcome, phase) {
        (Some(o), _) if o.wants_retry() || o == Outcome::Callback => &NEXT_RETRY,
        (_, Phase::Early) => &NEXT_EARLY,
        (_, Phase::Late) => &NEXT_LATE,
        (_, Phase::Churn) => &WIN_BACK,
    };
    say(rng, pair, zh)
}

/// A task on its own, not the result of an interaction.
pub(super) fn task_title(rng: &mut R, zh: bool, churned: bool) -> String {
    say(rng, if churned { &WIN_BACK } else { &STANDALONE }, zh)
}

/// A recurring task's title and rule.
pub(super) fn recurring(rng: &mut R, zh: bool) -> (String, Recurrence) {
    let (en, cn, every, unit, from) = RECURRING[rng.random_range(0..RECURRING.len())];
    let title = if zh { cn } else { en };
    (title.to_string(), Recurrence { every, unit, from })
}

/// The sales reps: (name, weight for Chinese customers, weight for English
/// ones). The person running the demo owns a share too (`Generator::owned_by`).
pub(super) const OWNERS: &[(&str, u32, u32)] = &[
    ("alice", 10, 50),
    ("chen", 30, 30),
    ("王磊", 38, 10),
    ("刘芳", 22, 10),
];

pub(super) const SOURCES: [&[(&str, u32)]; 2] = [
    &[
        ("website", 30),
        ("referral", 20),
        ("trade show", 12),
        ("cold call", 12),
        ("linkedin", 12),
        ("webinar", 8),
        ("partner", 6),
    ],
    &[
        ("官网", 20),
        ("展会", 18),
        ("转介绍", 20),
        ("抖音", 10),
        ("电话营销", 10),
        ("百度推广", 8),
        ("微信", 10),
        ("老客户推荐", 4),
    ],
];

pub(super) const TAGS: [&[&str]; 2] = [
    &[
        "vip",
        "referral",
        "trade-show",
        "enterprise",
        "smb",
        "partner",
        "renewal",
        "decision-maker",
        "newsletter",
        "hot",
        "champion",
        "budget-approved",
    ],
    &[
        "vip",
        "重点",
        "回访",
        "大客户",
        "代理商",
        "转介绍",
        "意向强",
        "价格敏感",
        "老客户",
        "展会",
        "华东",
        "华南",
    ],
];
