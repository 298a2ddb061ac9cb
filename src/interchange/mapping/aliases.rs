//! Header aliases of the exports salespeople bring: Salesforce contacts and
//! leads, HubSpot contacts, Google Contacts, Outlook contacts and the usual
//! Chinese CRM sheets. Headers are compared by [`key`]: lowercase, without
//! spaces or punctuation, so `E-mail Address`, `email address` and
//! `EMAIL_ADDRESS` agree. Numbered Google/Outlook columns (`Phone 2 - Value`,
//! `E-mail 3 Address`) are looked up once more without their digits.

use super::Field;

/// One table row: a header key (see [`key`]) and the field it means.
type Alias = (&'static str, Field);

/// Customer columns, English sources.
const ENGLISH: &[Alias] = &[
    // names
    ("name", Field::Name),
    ("fullname", Field::Name),
    ("contactname", Field::Name),
    ("displayname", Field::Name),
    ("firstname", Field::FirstName),
    ("givenname", Field::FirstName),
    ("lastname", Field::LastName),
    ("familyname", Field::LastName),
    ("surname", Field::LastName),
    // organisation
    ("company", Field::Company),
    ("companyname", Field::Company),
    ("accountname", Field::Company),
    ("organization", Field::Company),
    ("organizationname", Field::Company),
    ("organisation", Field::Company),
    ("title", Field::Title),
    ("jobtitle", Field::Title),
    ("organizationtitle", Field::Title),
    // contact details (several columns may feed one list)
    ("email", Field::Email),
    ("emails", Field::Email),
    ("emailaddress", Field::Email),
    ("emailvalue", Field::Email),
    ("workemail", Field::Email),
    ("personalemail", Field::Email),
    ("phone", Field::Phone),
    ("phones", Field::Phone),
    ("phonenumber", Field::Phone),
    ("phonevalue", Field::Phone),
    ("mobile", Field::Phone),
    ("mobilephone", Field::Phone),
    ("mobilephonenumber", Field::Phone),
    ("businessphone", Field::Phone),
    ("homephone", Field::Phone),
    ("otherphone", Field::Phone),
    ("workphone", Field::Phone),
    ("primaryphone", Field::Phone),
    ("companymainphone", Field::Phone),
    // address parts, joined in column order
    ("address", Field::Address),
    ("street", Field::Address),
    ("streetaddress", Field::Address),
    ("mailingaddress", Field::Address),
    ("mailingstreet", Field::Address),
    ("mailingcity", Field::Address),
    ("mailingstate", Field::Address),
    ("mailingstateprovince", Field::Address),
    ("mailingzip", Field::Address),
    ("mailingzippostalcode", Field::Address),
    ("mailingpostalcode", Field::Address),
    ("mailingcountry", Field::Address),
    ("city", Field::Address),
    ("state", Field::Address),
    ("stateprovince", Field::Address),
    ("stateregion", Field::Address),
    ("zip", Field::Address),
    ("postalcode", Field::Address),
    ("zippostalcode", Field::Address),
    ("country", Field::Address),
    ("countryregion", Field::Address),
    ("addressformatted", Field::Address),
    ("businessstreet", Field::Address),
    ("businesscity", Field::Address),
    ("businessstate", Field::Address),
    ("businesspostalcode", Field::Address),
    ("businesscountryregion", Field::Address),
    // classification
    ("industry", Field::Industry),
    ("tags", Field::Tags),
    ("tag", Field::Tags),
    ("labels", Field::Tags),
    ("groupmembership", Field::Tags),
    ("categories", Field::Tags),
    ("stage", Field::Stage),
    ("leadstatus", Field::Stage),
    ("lifecyclestage", Field::Stage),
    ("source", Field::Source),
    ("leadsource", Field::Source),
    ("originalsource", Field::Source),
    ("campaign", Field::Campaign),
    ("campaignname", Field::Campaign),
    ("leadcampaign", Field::Campaign),
    ("owner", Field::Owner),
    ("contactowner", Field::Owner),
    ("leadowner", Field::Owner),
    ("accountowner", Field::Owner),
    ("cadence", Field::Cadence),
    ("notes", Field::Notes),
    ("note", Field::Notes),
    ("description", Field::Notes),
    ("lastcontact", Field::LastContact),
    ("lastcontacted", Field::LastContact),
    ("lastcontactat", Field::LastContact),
    ("createdat", Field::Created),
    ("lastactivitydate", Field::LastContact),
    ("lastactivity", Field::LastContact),
    ("nextaction", Field::NextAction),
    ("nextstep", Field::NextAction),
    ("id", Field::ExternalId),
    ("recordid", Field::ExternalId),
    ("contactid", Field::ExternalId),
    ("leadid", Field::ExternalId),
    ("externalid", Field::ExternalId),
];

/// Chinese CRM sheets: customer list and follow-up records (跟进记录).
const CHINESE: &[Alias] = &[
    ("客户编号", Field::ExternalId),
    ("线索编号", Field::ExternalId),
    ("编号", Field::ExternalId),
    ("客户id", Field::ExternalId),
    ("客户姓名", Field::Name),
    ("姓名", Field::Name),
    ("客户名", Field::Name),
    ("名字", Field::Name),
    ("联系人", Field::Name),
    ("联系人姓名", Field::Name),
    ("姓", Field::LastName),
    ("名", Field::FirstName),
    ("公司名称", Field::Company),
    ("公司", Field::Company),
    ("单位", Field::Company),
    ("工作单位", Field::Company),
    ("企业名称", Field::Company),
    ("所属公司", Field::Company),
    ("职位", Field::Title),
    ("职务", Field::Title),
    ("岗位", Field::Title),
    ("联系方式", Field::Phone),
    ("手机", Field::Phone),
    ("电话", Field::Phone),
    ("手机号", Field::Phone),
    ("手机号码", Field::Phone),
    ("联系电话", Field::Phone),
    ("电话号码", Field::Phone),
    ("座机", Field::Phone),
    ("邮箱", Field::Email),
    ("邮件", Field::Email),
    ("电子邮箱", Field::Email),
    ("电子邮件", Field::Email),
    ("邮箱地址", Field::Email),
    ("行业", Field::Industry),
    ("所属行业", Field::Industry),
    ("客户标签", Field::Tags),
    ("标签", Field::Tags),
    ("来源渠道", Field::Source),
    ("来源", Field::Source),
    ("客户来源", Field::Source),
    ("渠道", Field::Source),
    ("市场活动", Field::Campaign),
    ("活动名称", Field::Campaign),
    ("负责人", Field::Owner),
    ("销售负责人", Field::Owner),
    ("归属人", Field::Owner),
    ("所属销售", Field::Owner),
    ("地址", Field::Address),
    ("公司地址", Field::Address),
    ("联系地址", Field::Address),
    ("客户阶段", Field::Stage),
    ("客户状态", Field::Stage),
    ("阶段", Field::Stage),
    ("跟进周期", Field::Cadence),
    ("备注", Field::Notes),
    ("说明", Field::Notes),
    ("最后跟进时间", Field::LastContact),
    ("最近跟进时间", Field::LastContact),
    ("最后联系时间", Field::LastContact),
    ("上次联系时间", Field::LastContact),
    ("下一步计划", Field::NextAction),
    // follow-up records
    ("客户名称", Field::Customer),
    ("客户", Field::Customer),
    ("跟进人", Field::Author),
    ("跟进人员", Field::Author),
    ("记录人", Field::Author),
    ("跟进时间", Field::At),
    ("跟进日期", Field::At),
    ("沟通时间", Field::At),
    ("跟进方式", Field::Kind),
    ("沟通方式", Field::Kind),
    ("跟进类型", Field::Kind),
    ("跟进内容摘要", Field::Summary),
    ("跟进内容", Field::Summary),
    ("沟通内容", Field::Summary),
    ("跟进记录", Field::Summary),
    ("内容摘要", Field::Summary),
    ("客户反馈", Field::Feedback),
    ("反馈", Field::Feedback),
    ("下一步行动", Field::Next),
    ("下一步", Field::Next),
    ("后续行动", Field::Next),
    ("预计完成时间", Field::Due),
    ("完成时间", Field::Due),
    ("截止时间", Field::Due),
    ("截止日期", Field::Due),
];

/// Follow-up columns in English (rolo's own export and hand-made sheets).
const ENGLISH_FOLLOW_UPS: &[Alias] = &[
    ("customer", Field::Customer),
    ("author", Field::Author),
    ("at", Field::At),
    ("date", Field::At),
    ("time", Field::At),
    ("kind", Field::Kind),
    ("method", Field::Kind),
    ("summary", Field::Summary),
    ("feedback", Field::Feedback),
    ("next", Field::Next),
    ("due", Field::Due),
    ("duedate", Field::Due),
    ("nextdue", Field::Due),
    ("nextdate", Field::Due),
    ("nextactiondate", Field::Due),
    ("nextactiondue", Field::Due),
    ("nextfollowupdate", Field::Due),
];

/// The names `--map 'Header=field'` accepts (besides `custom:…` and any alias).
pub(super) const FIELD_NAMES: &[Alias] = &[
    ("name", Field::Name),
    ("firstname", Field::FirstName),
    ("first", Field::FirstName),
    ("lastname", Field::LastName),
    ("last", Field::LastName),
    ("company", Field::Company),
    ("title", Field::Title),
    ("email", Field::Email),
    ("phone", Field::Phone),
    ("industry", Field::Industry),
    ("tags", Field::Tags),
    ("stage", Field::Stage),
    ("source", Field::Source),
    ("campaign", Field::Campaign),
    ("owner", Field::Owner),
    ("address", Field::Address),
    ("cadence", Field::Cadence),
    ("notes", Field::Notes),
    ("lastcontact", Field::LastContact),
    ("nextaction", Field::NextAction),
    ("externalid", Field::ExternalId),
    ("id", Field::ExternalId),
    ("customer", Field::Customer),
    ("author", Field::Author),
    ("at", Field::At),
    ("kind", Field::Kind),
    ("summary", Field::Summary),
    ("feedback", Field::Feedback),
    ("next", Field::Next),
    ("due", Field::Due),
];

/// The comparison form of a header: lowercase letters and digits only
/// (CJK characters count as letters).
pub(super) fn key(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn find(table: &[Alias], key: &str) -> Option<Field> {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, f)| f.clone())
}

/// The field a header means, if any table knows it.
pub(super) fn lookup(header: &str) -> Option<Field> {
    let k = key(header);
    if k.is_empty() {
        return None;
    }
    let tables = [ENGLISH, CHINESE, ENGLISH_FOLLOW_UPS];
    let exact = tables.iter().find_map(|t| find(t, &k));
    exact.or_else(|| {
        // `Phone 2 - Value`, `E-mail 3 Address`, `Organization 1 - Name`.
        let undigited: String = k.chars().filter(|c| !c.is_ascii_digit()).collect();
        if undigited == k || undigited.is_empty() {
            None
        } else {
            tables.iter().find_map(|t| find(t, &undigited))
        }
    })
}

/// A `--map` field name: a rolo field name, or any header alias.
pub(super) fn field_name(name: &str) -> Option<Field> {
    find(FIELD_NAMES, &key(name)).or_else(|| lookup(name))
}
