//! Who the demo customers are: names, companies and contact details, in
//! Chinese and in English. Everything is picked from static tables; a company
//! is identified by the indices of its parts, so colleagues at the same
//! company share its domain and industry.

use super::{R, Seen, chance, mix, pick, pick_w};
use crate::domain::validate::phone_key;
use rand::RngExt;

/// A person and their company, ready to become a `CustomerDraft`.
pub(super) struct Person {
    pub name: String,
    pub company: String,
    pub title: &'static str,
    pub industry: &'static str,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub address: String,
    pub timezone: Option<&'static str>,
    pub custom: Option<(&'static str, String)>,
    pub notes: &'static str,
}

// ---- Chinese -------------------------------------------------------------

/// (surname, romanisation, relative frequency). 单 (Shàn) and 曾 (Zēng) are
/// polyphonic on purpose: pinyin search must cope with them.
const SURNAMES: &[((&str, &str), u32)] = &[
    (("王", "wang"), 70),
    (("李", "li"), 70),
    (("张", "zhang"), 64),
    (("刘", "liu"), 54),
    (("陈", "chen"), 48),
    (("杨", "yang"), 30),
    (("赵", "zhao"), 24),
    (("黄", "huang"), 24),
    (("周", "zhou"), 22),
    (("吴", "wu"), 20),
    (("徐", "xu"), 16),
    (("孙", "sun"), 15),
    (("胡", "hu"), 13),
    (("朱", "zhu"), 12),
    (("高", "gao"), 12),
    (("林", "lin"), 11),
    (("何", "he"), 11),
    (("郭", "guo"), 11),
    (("马", "ma"), 10),
    (("罗", "luo"), 9),
    (("梁", "liang"), 8),
    (("宋", "song"), 8),
    (("郑", "zheng"), 8),
    (("谢", "xie"), 7),
    (("韩", "han"), 7),
    (("唐", "tang"), 7),
    (("冯", "feng"), 7),
    (("于", "yu"), 6),
    (("董", "dong"), 6),
    (("萧", "xiao"), 5),
    (("程", "cheng"), 5),
    (("曹", "cao"), 5),
    (("袁", "yuan"), 5),
    (("邓", "deng"), 5),
    (("许", "xu"), 5),
    (("傅", "fu"), 4),
    (("沈", "shen"), 4),
    (("曾", "zeng"), 4),
    (("彭", "peng"), 4),
    (("吕", "lv"), 4),
    (("苏", "su"), 4),
    (("卢", "lu"), 4),
    (("蒋", "jiang"), 4),
    (("蔡", "cai"), 4),
    (("贾", "jia"), 3),
    (("丁", "ding"), 3),
    (("魏", "wei"), 3),
    (("薛", "xue"), 3),
    (("叶", "ye"), 3),
    (("余", "yu"), 3),
    (("潘", "pan"), 3),
    (("杜", "du"), 3),
    (("戴", "dai"), 3),
    (("夏", "xia"), 3),
    (("钟", "zhong"), 3),
    (("汪", "wang"), 3),
    (("田", "tian"), 3),
    (("任", "ren"), 3),
    (("姜", "jiang"), 3),
    (("范", "fan"), 3),
    (("方", "fang"), 3),
    (("石", "shi"), 3),
    (("姚", "yao"), 3),
    (("谭", "tan"), 2),
    (("廖", "liao"), 2),
    (("邹", "zou"), 2),
    (("熊", "xiong"), 2),
    (("金", "jin"), 2),
    (("陆", "lu"), 2),
    (("郝", "hao"), 2),
    (("孔", "kong"), 2),
    (("白", "bai"), 2),
    (("崔", "cui"), 2),
    (("康", "kang"), 2),
    (("毛", "mao"), 2),
    (("邱", "qiu"), 2),
    (("秦", "qin"), 2),
    (("江", "jiang"), 2),
    (("史", "shi"), 2),
    (("顾", "gu"), 2),
    (("侯", "hou"), 2),
    (("邵", "shao"), 2),
    (("孟", "meng"), 2),
    (("龙", "long"), 2),
    (("段", "duan"), 2),
    (("钱", "qian"), 2),
    (("汤", "tang"), 2),
    (("尹", "yin"), 2),
    (("黎", "li"), 2),
    (("常", "chang"), 2),
    (("武", "wu"), 2),
    (("乔", "qiao"), 1),
    (("贺", "he"), 1),
    (("赖", "lai"), 1),
    (("龚", "gong"), 1),
    (("文", "wen"), 1),
    (("单", "shan"), 1),
    (("欧阳", "ouyang"), 1),
    (("司马", "sima"), 1),
    (("诸葛", "zhuge"), 1),
];

/// Single-character given names.
const GIVEN_ONE: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("华", "hua"),
    ("婷", "ting"),
    ("雪", "xue"),
    ("琳", "lin"),
    ("鹏", "peng"),
    ("辉", "hui"),
    ("斌", "bin"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("凯", "kai"),
    ("晨", "chen"),
    ("欣", "xin"),
    ("怡", "yi"),
    ("佳", "jia"),
    ("红", "hong"),
    ("玲", "ling"),
    ("颖", "ying"),
    ("倩", "qian"),
    ("亮", "liang"),
    ("飞", "fei"),
    ("峰", "feng"),
    ("帆", "fan"),
];

/// Common two-character given names.
const GIVEN_TWO: &[(&str, &str)] = &[
    ("秀英", "xiuying"),
    ("桂英", "guiying"),
    ("建华", "jianhua"),
    ("建国", "jianguo"),
    ("志强", "zhiqiang"),
    ("晓东", "xiaodong"),
    ("海燕", "haiyan"),
    ("子涵", "zihan"),
    ("梓萱", "zixuan"),
    ("思远", "siyuan"),
    ("嘉怡", "jiayi"),
    ("俊杰", "junjie"),
    ("文博", "wenbo"),
    ("雨桐", "yutong"),
    ("浩然", "haoran"),
    ("一鸣", "yiming"),
    ("晓明", "xiaoming"),
    ("丽娟", "lijuan"),
    ("春梅", "chunmei"),
    ("志伟", "zhiwei"),
    ("建军", "jianjun"),
    ("海涛", "haitao"),
    ("玉兰", "yulan"),
    ("国强", "guoqiang"),
    ("雅琴", "yaqin"),
    ("德明", "deming"),
];

/// First and second characters that combine into two-character names.
const GIVEN_FIRST: &[(&str, &str)] = &[
    ("晓", "xiao"),
    ("建", "jian"),
    ("志", "zhi"),
    ("海", "hai"),
    ("春", "chun"),
    ("文", "wen"),
    ("子", "zi"),
    ("雨", "yu"),
    ("嘉", "jia"),
    ("思", "si"),
    ("俊", "jun"),
    ("国", "guo"),
    ("立", "li"),
    ("永", "yong"),
    ("玉", "yu"),
    ("秀", "xiu"),
    ("欣", "xin"),
    ("宏", "hong"),
    ("家", "jia"),
    ("天", "tian"),
];
const GIVEN_SECOND: &[(&str, &str)] = &[
    ("华", "hua"),
    ("明", "ming"),
    ("东", "dong"),
    ("军", "jun"),
    ("伟", "wei"),
    ("芳", "fang"),
    ("杰", "jie"),
    ("琳", "lin"),
    ("婷", "ting"),
    ("涵", "han"),
    ("轩", "xuan"),
    ("宇", "yu"),
    ("怡", "yi"),
    ("峰", "feng"),
    ("平", "ping"),
    ("辉", "hui"),
    ("梅", "mei"),
    ("燕", "yan"),
    ("强", "qiang"),
    ("霞", "xia"),
    ("博", "bo"),
    ("然", "ran"),
    ("萱", "xuan"),
    ("鹏", "peng"),
];

struct CityZh {
    name: &'static str,
    abbr: &'static str,
    area: &'static str,
    districts: &'static [&'static str],
}

const CITIES_ZH: &[CityZh] = &[
    CityZh {
        name: "上海",
        abbr: "sh",
        area: "021",
        districts: &["浦东新区", "闵行区", "徐汇区", "嘉定区"],
    },
    CityZh {
        name: "北京",
        abbr: "bj",
        area: "010",
        districts: &["朝阳区", "海淀区", "丰台区", "大兴区"],
    },
    CityZh {
        name: "深圳",
        abbr: "sz",
        area: "0755",
        districts: &["南山区", "福田区", "宝安区", "龙岗区"],
    },
    CityZh {
        name: "广州",
        abbr: "gz",
        area: "020",
        districts: &["天河区", "番禺区", "黄埔区", "白云区"],
    },
    CityZh {
        name: "杭州",
        abbr: "hz",
        area: "0571",
        districts: &["西湖区", "滨江区", "余杭区", "萧山区"],
    },
    CityZh {
        name: "苏州",
        abbr: "suz",
        area: "0512",
        districts: &["工业园区", "吴中区", "相城区", "高新区"],
    },
    CityZh {
        name: "南京",
        abbr: "nj",
        area: "025",
        districts: &["江宁区", "鼓楼区", "建邺区", "栖霞区"],
    },
    CityZh {
        name: "成都",
        abbr: "cd",
        area: "028",
        districts: &["高新区", "武侯区", "锦江区", "双流区"],
    },
    CityZh {
        name: "武汉",
        abbr: "wh",
        area: "027",
        districts: &["江汉区", "洪山区", "东湖高新区", "武昌区"],
    },
    CityZh {
        name: "宁波",
        abbr: "nb",
        area: "0574",
        districts: &["鄞州区", "北仑区", "海曙区", "江北区"],
    },
    CityZh {
        name: "东莞",
        abbr: "dg",
        area: "0769",
        districts: &["长安镇", "松山湖", "南城街道", "虎门镇"],
    },
    CityZh {
        name: "厦门",
        abbr: "xm",
        area: "0592",
        districts: &["思明区", "湖里区", "集美区", "海沧区"],
    },
    CityZh {
        name: "青岛",
        abbr: "qd",
        area: "0532",
        districts: &["市南区", "黄岛区", "崂山区", "城阳区"],
    },
    CityZh {
        name: "天津",
        abbr: "tj",
        area: "022",
        districts: &["滨海新区", "南开区", "和平区", "西青区"],
    },
    CityZh {
        name: "重庆",
        abbr: "cq",
        area: "023",
        districts: &["渝北区", "江北区", "九龙坡区", "沙坪坝区"],
    },
    CityZh {
        name: "西安",
        abbr: "xa",
        area: "029",
        districts: &["雁塔区", "高新区", "未央区", "长安区"],
    },
    CityZh {
        name: "长沙",
        abbr: "cs",
        area: "0731",
        districts: &["岳麓区", "雨花区", "开福区", "天心区"],
    },
    CityZh {
        name: "合肥",
        abbr: "hf",
        area: "0551",
        districts: &["蜀山区", "包河区", "高新区", "经开区"],
    },
    CityZh {
        name: "无锡",
        abbr: "wx",
        area: "0510",
        districts: &["新吴区", "滨湖区", "梁溪区", "锡山区"],
    },
    CityZh {
        name: "佛山",
        abbr: "fs",
        area: "0757",
        districts: &["顺德区", "南海区", "禅城区", "三水区"],
    },
    CityZh {
        name: "郑州",
        abbr: "zz",
        area: "0371",
        districts: &["金水区", "郑东新区", "二七区", "高新区"],
    },
    CityZh {
        name: "济南",
        abbr: "jn",
        area: "0531",
        districts: &["历下区", "槐荫区", "高新区", "章丘区"],
    },
    CityZh {
        name: "福州",
        abbr: "fz",
        area: "0591",
        districts: &["鼓楼区", "仓山区", "台江区", "马尾区"],
    },
    CityZh {
        name: "温州",
        abbr: "wz",
        area: "0577",
        districts: &["鹿城区", "瓯海区", "龙湾区", "洞头区"],
    },
];

const ROADS_ZH: &[&str] = &[
    "人民路",
    "中山路",
    "解放路",
    "建设路",
    "科技路",
    "创新大道",
    "滨江大道",
    "长江路",
    "黄河路",
    "学府路",
    "工业大道",
    "软件园路",
    "金融街",
    "花园路",
    "东风路",
    "和平路",
    "高新大道",
    "世纪大道",
];

/// Company brand names and their romanisation (for the email domain).
const BRANDS_ZH: &[(&str, &str)] = &[
    ("华信", "huaxin"),
    ("腾达", "tengda"),
    ("云帆", "yunfan"),
    ("恒通", "hengtong"),
    ("鑫源", "xinyuan"),
    ("博远", "boyuan"),
    ("星辰", "xingchen"),
    ("瑞丰", "ruifeng"),
    ("中科", "zhongke"),
    ("天宇", "tianyu"),
    ("汇金", "huijin"),
    ("盛世", "shengshi"),
    ("金桥", "jinqiao"),
    ("新诚", "xincheng"),
    ("宏达", "hongda"),
    ("安捷", "anjie"),
    ("德胜", "desheng"),
    ("永泰", "yongtai"),
    ("海川", "haichuan"),
    ("易联", "yilian"),
    ("智远", "zhiyuan"),
    ("万通", "wantong"),
    ("长风", "changfeng"),
    ("东方", "dongfang"),
    ("华创", "huachuang"),
    ("明德", "mingde"),
    ("锦程", "jincheng"),
    ("启航", "qihang"),
    ("凯达", "kaida"),
    ("飞扬", "feiyang"),
    ("立信", "lixin"),
    ("正泰", "zhengtai"),
    ("嘉禾", "jiahe"),
    ("润达", "runda"),
    ("卓越", "zhuoyue"),
    ("恒瑞", "hengrui"),
    ("众诚", "zhongcheng"),
    ("联创", "lianchuang"),
    ("同辉", "tonghui"),
    ("优品", "youpin"),
    ("科迈", "kemai"),
    ("蓝海", "lanhai"),
    ("青禾", "qinghe"),
    ("银河", "yinhe"),
    ("远航", "yuanhang"),
    ("百川", "baichuan"),
    ("聚力", "juli"),
    ("尚品", "shangpin"),
    ("美达", "meida"),
    ("天成", "tiancheng"),
    ("光启", "guangqi"),
    ("思源", "siyuan"),
    ("宇通", "yutong"),
    ("晨光", "chenguang"),
];

/// (business line in the name, domain tail, industry).
const LINES_ZH: &[(&str, &str, &str)] = &[
    ("科技", "tech", "科技"),
    ("网络科技", "net", "互联网"),
    ("信息技术", "it", "软件和信息技术"),
    ("软件", "soft", "软件和信息技术"),
    ("智能科技", "ai", "人工智能"),
    ("电子", "elec", "电子"),
    ("机械", "machinery", "制造业"),
    ("机械制造", "mfg", "制造业"),
    ("新材料", "material", "制造业"),
    ("汽车零部件", "auto", "汽车"),
    ("贸易", "trade", "贸易"),
    ("商贸", "trading", "零售"),
    ("服饰", "fashion", "零售"),
    ("物流", "logistics", "物流"),
    ("供应链管理", "scm", "物流"),
    ("生物科技", "bio", "医药"),
    ("医疗器械", "medical", "医疗"),
    ("食品", "food", "食品饮料"),
    ("金融服务", "finance", "金融"),
    ("投资管理", "capital", "金融"),
    ("教育科技", "edu", "教育"),
    ("建筑工程", "build", "建筑"),
    ("新能源", "energy", "能源"),
    ("文化传媒", "media", "传媒"),
];

const TITLES_ZH: &[&str] = &[
    "销售总监",
    "采购经理",
    "总经理",
    "技术总监",
    "运营经理",
    "市场部经理",
    "财务主管",
    "IT主管",
    "副总裁",
    "董事长",
    "行政主管",
    "项目经理",
    "采购专员",
    "总经理助理",
    "生产经理",
    "人事经理",
    "信息部负责人",
    "供应链总监",
];

const PERSONAL_ZH: &[&str] = &[
    "163.com",
    "126.com",
    "qq.com",
    "foxmail.com",
    "sina.com",
    "hotmail.com",
];

const MOBILE_PREFIXES: &[u16] = &[
    130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159, 166,
    176, 177, 180, 181, 182, 183, 185, 186, 187, 188, 189, 191, 198, 199,
];

const NOTES_ZH: &[&str] = &[
    "喜欢微信沟通，不太接电话。",
    "决策人，直接向老板汇报。",
    "在展会上认识的，对我们的产品印象不错。",
    "对价格比较敏感，报价要留余地。",
    "上午比较忙，下午联系效果更好。",
    "之前用过竞品，对售后要求高。",
    "老板的亲戚，说话有分量。",
    "年底有预算，提前跟进。",
];

pub(super) fn chinese(rng: &mut R, seen: &mut Seen, forced_common: bool) -> Person {
    let (surname, sur) = if forced_common {
        ("王", "wang")
    } else {
        *pick_w(rng, SURNAMES)
    };
    let (given, giv): (String, String) = if forced_common {
        ("伟".into(), "wei".into())
    } else {
        match rng.random_range(0..100u32) {
            0..40 => {
                let (g, r) = pick(rng, GIVEN_ONE);
                ((*g).into(), (*r).into())
            }
            40..65 => {
                let (g, r) = pick(rng, GIVEN_TWO);
                ((*g).into(), (*r).into())
            }
            _ => {
                let (a, ra) = pick(rng, GIVEN_FIRST);
                let (b, rb) = pick(rng, GIVEN_SECOND);
                (format!("{a}{b}"), format!("{ra}{rb}"))
            }
        }
    };
    let name = format!("{surname}{given}");

    let has_company = chance(rng, 0.93);
    let ci = rng.random_range(0..CITIES_ZH.len());
    let city = &CITIES_ZH[ci];
    let (company, domain, industry) = if has_company {
        let bi = rng.random_range(0..BRANDS_ZH.len());
        let li = rng.random_range(0..LINES_ZH.len());
        let h = mix(&[ci as u64, bi as u64, li as u64, 0x7a68]);
        let (brand, b) = BRANDS_ZH[bi];
        let (line, t, industry) = LINES_ZH[li];
        let shi = if h.is_multiple_of(3) { "市" } else { "" };
        let form = match (h >> 8) % 20 {
            0..=15 => "有限公司",
            16..=18 => "股份有限公司",
            _ => "集团有限公司",
        };
        let domain = match (h >> 16) % 5 {
            0 => format!("{b}-{t}.cn"),
            1 => format!("{b}{t}.com"),
            2 => format!("{b}.com.cn"),
            3 => format!("{}{b}.com", city.abbr),
            _ => format!("{b}-{t}.com.cn"),
        };
        (
            format!("{}{shi}{brand}{line}{form}", city.name),
            Some(domain),
            industry,
        )
    } else {
        (String::new(), None, "")
    };

    let mut emails = Vec::with_capacity(2);
    if let Some(domain) = &domain
        && chance(rng, 0.85)
    {
        let initial = &giv[..1];
        let local = match rng.random_range(0..100u32) {
            0..35 => format!("{sur}.{giv}"),
            35..60 => format!("{sur}{giv}"),
            60..75 => format!("{giv}.{sur}"),
            75..90 => format!("{sur}{initial}"),
            _ => giv.clone(),
        };
        emails.push(seen.email(&local, domain));
    }
    if (emails.is_empty() && chance(rng, 0.85)) || chance(rng, 0.15) {
        let provider = *pick(rng, PERSONAL_ZH);
        let local = if provider == "qq.com" {
            rng.random_range(10_000u64..3_000_000_000).to_string()
        } else {
            format!("{sur}{giv}{}", rng.random_range(1..100u32))
        };
        emails.push(seen.email(&local, provider));
    }

    let mut phones = Vec::with_capacity(2);
    if chance(rng, 0.9)
        && let Some(p) = seen.phone(rng, mobile_zh)
    {
        phones.push(p);
    }
    if has_company && chance(rng, 0.3) {
        let area = city.area;
        if let Some(p) = seen.phone(rng, |rng| landline_zh(rng, area)) {
            phones.push(p);
        }
    }

    let address = if chance(rng, 0.6) {
        let district = pick(rng, city.districts);
        let road = pick(rng, ROADS_ZH);
        let no = rng.random_range(1..900u32);
        if chance(rng, 0.4) {
            let floor = rng.random_range(2..30u32);
            format!("{}市{district}{road}{no}号{floor}楼", city.name)
        } else {
            format!("{}市{district}{road}{no}号", city.name)
        }
    } else {
        String::new()
    };
    let custom = chance(rng, 0.3).then(|| {
        let wechat = if chance(rng, 0.5) {
            format!("wxid_{sur}{giv}{}", rng.random_range(10..1000u32))
        } else {
            format!("{sur}_{giv}{}", rng.random_range(60..100u32))
        };
        ("wechat", wechat)
    });

    Person {
        name,
        company,
        title: maybe(rng, 0.92, TITLES_ZH),
        industry,
        emails,
        phones,
        address,
        timezone: chance(rng, 0.2).then_some("Asia/Shanghai"),
        custom,
        notes: maybe(rng, 0.25, NOTES_ZH),
    }
}

fn mobile_zh(rng: &mut R) -> String {
    let p = *pick(rng, MOBILE_PREFIXES);
    let a = rng.random_range(0..10_000u32);
    let b = rng.random_range(0..10_000u32);
    match rng.random_range(0..100u32) {
        0..30 => format!("{p}-{a:04}-{b:04}"),
        30..60 => format!("+86 {p} {a:04} {b:04}"),
        60..85 => format!("{p}{a:04}{b:04}"),
        _ => format!("{p} {a:04} {b:04}"),
    }
}

fn landline_zh(rng: &mut R, area: &str) -> String {
    let head = rng.random_range(2..9u32);
    let mid = rng.random_range(0..1000u32);
    let tail = rng.random_range(0..10_000u32);
    // Three-digit area codes (big cities) have eight-digit numbers.
    let number = if area.len() == 3 || chance(rng, 0.5) {
        format!("{area}-{head}{mid:03} {tail:04}")
    } else {
        format!("{area}-{head}{:02} {tail:04}", mid % 100)
    };
    if chance(rng, 0.3) {
        format!("{number}转{}", rng.random_range(100..900u32))
    } else {
        number
    }
}

// ---- English -------------------------------------------------------------

const FIRST_EN: &[&str] = &[
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Chris",
    "Karen",
    "Daniel",
    "Emily",
    "Matthew",
    "Olivia",
    "Anthony",
    "Emma",
    "Mark",
    "Sophie",
    "Andrew",
    "Grace",
    "Paul",
    "Hannah",
    "Steven",
    "Laura",
    "Kevin",
    "Rachel",
    "Brian",
    "Megan",
    "George",
    "Lucy",
    "Tom",
    "Amy",
    "Ben",
    "Chloe",
    "Sam",
    "Priya",
    "Raj",
    "Carlos",
    "Maria",
    "Ahmed",
    "Fatima",
    "Yuki",
    "Kenji",
    "Anna",
    "Lars",
    "Ingrid",
    "Pierre",
    "Claire",
    "Marco",
    "Giulia",
    "Sean",
    "Aoife",
    "Noah",
    "Liam",
    "Ava",
    "Mia",
    "Ethan",
    "Zoe",
    "Jack",
    "Ella",
];

const LAST_EN: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
    "Phillips",
    "Evans",
    "Turner",
    "Parker",
    "Collins",
    "Edwards",
    "Stewart",
    "Morris",
    "Murphy",
    "Cook",
    "Rogers",
    "Patel",
    "Shah",
    "Nguyen",
    "Kim",
    "Chen",
    "O'Brien",
    "O'Connor",
    "McDonald",
    "MacLeod",
    "Fischer",
    "Rossi",
    "Dubois",
    "Novak",
    "Larsen",
];

/// (name, domain slug).
const PREFIXES_EN: &[(&str, &str)] = &[
    ("Acme", "acme"),
    ("Northwind", "northwind"),
    ("Globex", "globex"),
    ("Initech", "initech"),
    ("Umbrella", "umbrella"),
    ("Contoso", "contoso"),
    ("Fabrikam", "fabrikam"),
    ("Hooli", "hooli"),
    ("Vandelay", "vandelay"),
    ("Stark", "stark"),
    ("Wayne", "wayne"),
    ("Tyrell", "tyrell"),
    ("Soylent", "soylent"),
    ("Cyberdyne", "cyberdyne"),
    ("Blue Harbor", "blueharbor"),
    ("Summit", "summit"),
    ("Redwood", "redwood"),
    ("Pinecrest", "pinecrest"),
    ("Silverline", "silverline"),
    ("Ironbridge", "ironbridge"),
    ("Brightwater", "brightwater"),
    ("Oakridge", "oakridge"),
    ("Lakeside", "lakeside"),
    ("Crescent", "crescent"),
    ("Evergreen", "evergreen"),
    ("Granite", "granite"),
    ("Keystone", "keystone"),
    ("Meridian", "meridian"),
    ("Atlas", "atlas"),
    ("Beacon", "beacon"),
    ("Cobalt", "cobalt"),
    ("Falcon", "falcon"),
    ("Juniper", "juniper"),
    ("Nimbus", "nimbus"),
    ("Orion", "orion"),
    ("Polaris", "polaris"),
    ("Quantum", "quantum"),
    ("Riverbend", "riverbend"),
    ("Sterling", "sterling"),
    ("Trident", "trident"),
    ("Vertex", "vertex"),
    ("Willow", "willow"),
    ("Zenith", "zenith"),
    ("Apex", "apex"),
    ("Bluebird", "bluebird"),
    ("Cedar", "cedar"),
    ("Driftwood", "driftwood"),
    ("Golden Gate", "goldengate"),
    ("Highland", "highland"),
    ("Harborview", "harborview"),
];

const QUALIFIERS_EN: &[(&str, &str)] = &[
    ("Global", "global"),
    ("Pacific", "pacific"),
    ("United", "united"),
    ("International", "intl"),
    ("Atlantic", "atlantic"),
    ("Western", "western"),
    ("Northern", "northern"),
    ("American", "american"),
];

/// (suffix, domain slug, industry; empty: any).
const SUFFIXES_EN: &[(&str, &str, &str)] = &[
    ("Corp", "", ""),
    ("Inc.", "", ""),
    ("Ltd", "", ""),
    ("Group", "group", ""),
    ("Traders", "traders", "Wholesale"),
    ("Logistics", "logistics", "Logistics"),
    ("Freight", "freight", "Logistics"),
    ("Systems", "systems", "SaaS"),
    ("Software", "software", "SaaS"),
    ("Labs", "labs", "SaaS"),
    ("Analytics", "analytics", "SaaS"),
    ("Cloud", "cloud", "SaaS"),
    ("Industries", "industries", "Manufacturing"),
    ("Manufacturing", "mfg", "Manufacturing"),
    ("Robotics", "robotics", "Manufacturing"),
    ("Foods", "foods", "Food & Beverage"),
    ("Health", "health", "Healthcare"),
    ("Medical", "medical", "Healthcare"),
    ("Financial", "financial", "Finance"),
    ("Capital", "capital", "Finance"),
    ("Energy", "energy", "Energy"),
    ("Construction", "construction", "Construction"),
    ("Media", "media", "Media"),
    ("Retail", "retail", "Retail"),
    ("Partners", "partners", "Consulting"),
    ("Consulting", "consulting", "Consulting"),
    ("Networks", "networks", "Telecom"),
];

const INDUSTRIES_EN: &[&str] = &[
    "SaaS",
    "Manufacturing",
    "Logistics",
    "Retail",
    "Finance",
    "Healthcare",
    "Education",
    "Construction",
    "Energy",
    "Media",
    "Consulting",
];

const TITLES_EN: &[&str] = &[
    "CTO",
    "CEO",
    "CFO",
    "COO",
    "Head of Procurement",
    "VP Sales",
    "VP Engineering",
    "Operations Manager",
    "IT Director",
    "Purchasing Manager",
    "Office Manager",
    "Founder",
    "Product Manager",
    "Procurement Lead",
    "Head of Operations",
    "Marketing Director",
    "Account Manager",
    "Facilities Manager",
    "Supply Chain Manager",
];

const PERSONAL_EN: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "icloud.com",
    "proton.me",
    "hotmail.com",
];

#[derive(Clone, Copy)]
enum Country {
    Us,
    Uk,
    Sg,
    Au,
}

struct Place {
    country: Country,
    area: &'static str,
    tz: &'static str,
    /// The end of an address: city, region, postcode.
    tails: &'static [&'static str],
}

const PLACES_EN: &[(Place, u32)] = &[
    (
        Place {
            country: Country::Us,
            area: "415",
            tz: "America/Los_Angeles",
            tails: &[
                "San Francisco, CA 94103",
                "San Francisco, CA 94107",
                "San Francisco, CA 94111",
            ],
        },
        14,
    ),
    (
        Place {
            country: Country::Us,
            area: "212",
            tz: "America/New_York",
            tails: &[
                "New York, NY 10001",
                "New York, NY 10013",
                "New York, NY 10018",
            ],
        },
        14,
    ),
    (
        Place {
            country: Country::Us,
            area: "512",
            tz: "America/Chicago",
            tails: &["Austin, TX 78701", "Austin, TX 78758"],
        },
        6,
    ),
    (
        Place {
            country: Country::Us,
            area: "312",
            tz: "America/Chicago",
            tails: &["Chicago, IL 60601", "Chicago, IL 60607"],
        },
        8,
    ),
    (
        Place {
            country: Country::Us,
            area: "206",
            tz: "America/Los_Angeles",
            tails: &["Seattle, WA 98101", "Seattle, WA 98109"],
        },
        7,
    ),
    (
        Place {
            country: Country::Us,
            area: "617",
            tz: "America/New_York",
            tails: &["Boston, MA 02110", "Boston, MA 02210"],
        },
        6,
    ),
    (
        Place {
            country: Country::Us,
            area: "303",
            tz: "America/Denver",
            tails: &["Denver, CO 80202"],
        },
        4,
    ),
    (
        Place {
            country: Country::Us,
            area: "404",
            tz: "America/New_York",
            tails: &["Atlanta, GA 30303", "Atlanta, GA 30308"],
        },
        5,
    ),
    (
        Place {
            country: Country::Uk,
            area: "20",
            tz: "Europe/London",
            tails: &[
                "London EC2A 4NE",
                "London SW1A 2AA",
                "London N1 9GU",
                "London E14 5AB",
            ],
        },
        12,
    ),
    (
        Place {
            country: Country::Uk,
            area: "161",
            tz: "Europe/London",
            tails: &["Manchester M1 1AE", "Manchester M3 3EB"],
        },
        5,
    ),
    (
        Place {
            country: Country::Uk,
            area: "131",
            tz: "Europe/London",
            tails: &["Edinburgh EH1 1YZ", "Edinburgh EH2 2AS"],
        },
        3,
    ),
    (
        Place {
            country: Country::Sg,
            area: "",
            tz: "Asia/Singapore",
            tails: &["Singapore 018956", "Singapore 048583", "Singapore 138522"],
        },
        8,
    ),
    (
        Place {
            country: Country::Au,
            area: "2",
            tz: "Australia/Sydney",
            tails: &["Sydney NSW 2000", "Sydney NSW 2060"],
        },
        8,
    ),
];

const STREETS_EN: &[&str] = &[
    "Market",
    "Main",
    "Oak",
    "Pine",
    "Maple",
    "Cedar",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Mission",
    "Howard",
    "Church",
    "High",
    "King",
    "Queen",
    "Victoria",
    "Harbour",
    "Bridge",
];
const STREET_KINDS_EN: &[&str] = &["St", "Street", "Ave", "Road", "Blvd", "Lane"];

const NOTES_EN: &[&str] = &[
    "Prefers email over calls.",
    "Decision maker; reports to the CEO.",
    "Met at a trade show; liked the reporting features.",
    "Price-sensitive: leave room in the quote.",
    "Best reached in the afternoon.",
    "Used a competitor before; cares a lot about support.",
    "Fiscal year ends in June: budget opens in July.",
    "Plays golf with our CEO.",
];

pub(super) fn english(rng: &mut R, seen: &mut Seen, forced_common: bool) -> Person {
    let (first, last) = if forced_common {
        ("John", "Smith")
    } else {
        (*pick(rng, FIRST_EN), *pick(rng, LAST_EN))
    };
    let name = format!("{first} {last}");
    let f = slug(first);
    let l = slug(last);

    let has_company = chance(rng, 0.93);
    let place = pick_w(rng, PLACES_EN);
    let (company, domain, industry) = if has_company {
        let pi = rng.random_range(0..PREFIXES_EN.len());
        let qi = if chance(rng, 0.3) {
            Some(rng.random_range(0..QUALIFIERS_EN.len()))
        } else {
            None
        };
        let si = rng.random_range(0..SUFFIXES_EN.len());
        let h = mix(&[pi as u64, qi.map_or(0, |q| q as u64 + 1), si as u64, 0x656e]);
        let (prefix, p) = PREFIXES_EN[pi];
        let (suffix, s, industry) = SUFFIXES_EN[si];
        let (company, base) = match qi {
            Some(q) => {
                let (qual, qs) = QUALIFIERS_EN[q];
                (format!("{prefix} {qual} {suffix}"), format!("{p}{qs}"))
            }
            None => (format!("{prefix} {suffix}"), p.to_string()),
        };
        let domain = if s.is_empty() {
            match (h >> 16) % 5 {
                0 | 1 => format!("{base}.com"),
                2 => format!("{base}hq.com"),
                3 => format!("{base}.io"),
                _ => format!("get{base}.com"),
            }
        } else {
            match (h >> 16) % 6 {
                0 | 1 => format!("{base}.com"),
                2 => format!("{base}{s}.com"),
                3 => format!("{base}-{s}.com"),
                4 => format!("{base}{s}.net"),
                _ => format!("{base}{s}.co.uk"),
            }
        };
        let industry = if industry.is_empty() {
            INDUSTRIES_EN[(h >> 24) as usize % INDUSTRIES_EN.len()]
        } else {
            industry
        };
        (company, Some(domain), industry)
    } else {
        (String::new(), None, "")
    };

    let mut emails = Vec::with_capacity(2);
    if let Some(domain) = &domain
        && chance(rng, 0.88)
    {
        let fi = &f[..1];
        let li = &l[..1];
        let local = match rng.random_range(0..100u32) {
            0..40 => format!("{f}.{l}"),
            40..65 => format!("{fi}{l}"),
            65..80 => f.clone(),
            80..90 => format!("{f}{li}"),
            _ => format!("{f}_{l}"),
        };
        emails.push(seen.email(&local, domain));
    }
    if (emails.is_empty() && chance(rng, 0.85)) || chance(rng, 0.12) {
        let provider = *pick(rng, PERSONAL_EN);
        let local = match rng.random_range(0..3u32) {
            0 => format!("{f}.{l}"),
            1 => format!("{f}{l}{}", rng.random_range(1..100u32)),
            _ => format!("{f}.{l}{}", rng.random_range(70..100u32)),
        };
        emails.push(seen.email(&local, provider));
    }

    let mut phones = Vec::with_capacity(2);
    if chance(rng, 0.85)
        && let Some(p) = seen.phone(rng, |rng| phone_en(rng, place, false))
    {
        phones.push(p);
    }
    if chance(rng, 0.25)
        && let Some(p) = seen.phone(rng, |rng| phone_en(rng, place, true))
    {
        phones.push(p);
    }

    let address = if chance(rng, 0.55) {
        let no = rng.random_range(1..2000u32);
        let street = pick(rng, STREETS_EN);
        let kind = pick(rng, STREET_KINDS_EN);
        let tail = pick(rng, place.tails);
        format!("{no} {street} {kind}, {tail}")
    } else {
        String::new()
    };
    let custom = chance(rng, 0.2).then(|| {
        let tag = rng.random_range(0x1000..0xffffu32);
        ("linkedin", format!("linkedin.com/in/{f}-{l}-{tag:x}"))
    });

    Person {
        name,
        company,
        title: maybe(rng, 0.92, TITLES_EN),
        industry,
        emails,
        phones,
        address,
        timezone: chance(rng, 0.7).then_some(place.tz),
        custom,
        notes: maybe(rng, 0.25, NOTES_EN),
    }
}

/// An office line, or with `mobile` a mobile, in the place's usual format.
fn phone_en(rng: &mut R, place: &Place, mobile: bool) -> String {
    let area = place.area;
    let a = rng.random_range(0..10_000u32);
    let b = rng.random_range(0..10_000u32);
    match place.country {
        Country::Us => {
            let exchange = rng.random_range(201..990u32);
            match rng.random_range(0..3u32) {
                0 => format!("+1 {area} {exchange} {a:04}"),
                1 => format!("+1 ({area}) {exchange}-{a:04}"),
                _ => format!("+1-{area}-{exchange}-{a:04}"),
            }
        }
        Country::Uk if mobile => format!("+44 7{:03} {:06}", a % 1000, b * 100 + a % 100),
        Country::Uk if area.len() == 2 => format!("+44 {area} {:04} {b:04}", 3000 + a % 7000),
        Country::Uk => format!("+44 {area} {:03} {b:04}", 200 + a % 800),
        Country::Sg if mobile => format!("+65 9{:03} {b:04}", a % 1000),
        Country::Sg => format!("+65 6{:03} {b:04}", a % 1000),
        Country::Au if mobile => format!("+61 4{:02} {:03} {:03}", a % 100, b % 1000, a % 1000),
        Country::Au => format!("+61 {area} {:04} {b:04}", 8000 + a % 2000),
    }
}

/// One of `items` with probability `p`, else nothing.
fn maybe(rng: &mut R, p: f64, items: &[&'static str]) -> &'static str {
    if chance(rng, p) {
        let item: &&'static str = pick(rng, items);
        item
    } else {
        ""
    }
}

/// Lowercase ASCII letters and digits only: `O'Brien` -> `obrien`.
fn slug(word: &str) -> String {
    word.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Seen {
    /// `local@domain`, numbered (`wang.wei2@…`) when taken.
    pub(super) fn email(&mut self, local: &str, domain: &str) -> String {
        let mut email = format!("{local}@{domain}");
        let mut n = 2u32;
        while !self.insert(b'e', &email) {
            email = format!("{local}{n}@{domain}");
            n += 1;
        }
        email
    }

    /// A phone from `make` whose digits no earlier customer has.
    pub(super) fn phone(
        &mut self,
        rng: &mut R,
        mut make: impl FnMut(&mut R) -> String,
    ) -> Option<String> {
        for _ in 0..16 {
            let phone = make(rng);
            if self.insert(b'p', &phone_key(&phone)) {
                return Some(phone);
            }
        }
        None
    }
}
