package org.opsconsole.sandbox.internal;

import java.util.List;

/**
 * The simulated platform's reference data, the same in every generation: Zhanjiang's districts and counties, the kinds
 * of collecting unit with the fee items each collects, the fee items with their categories and amounts, the agency
 * banks, the ledger accounts, and the platform's roles, menus and functions, job templates and incompatible roles.
 */
final class Catalogue {

    private Catalogue() {
    }

    /** 行政区划: the city's own level first, then the districts, counties and county-level cities, then the development zone. */
    record Region(String code, String name, int weight) {
    }

    /** The development zone has no administrative division code of its own; the platform numbers it 440891. */
    static final List<Region> REGIONS = List.of(
            new Region("440800", "湛江市本级", 30),
            new Region("440802", "赤坎区", 7),
            new Region("440803", "霞山区", 8),
            new Region("440804", "坡头区", 5),
            new Region("440811", "麻章区", 6),
            new Region("440823", "遂溪县", 8),
            new Region("440825", "徐闻县", 6),
            new Region("440881", "廉江市", 9),
            new Region("440882", "雷州市", 9),
            new Region("440883", "吴川市", 7),
            new Region("440891", "湛江经济技术开发区", 5));

    /** The name a unit of a region starts with: {@code 湛江市} for the city's own level. */
    static String prefix(Region region) {
        return region.code().equals("440800") ? "湛江市" : region.name();
    }

    /** 收入类别: the budget subject (款) of each category of non-tax revenue. */
    record Category(String code, String name) {
    }

    static final Category ADMIN_FEE = new Category("10304", "行政事业性收费收入");
    static final Category FINE = new Category("10305", "罚没收入");
    static final Category RESOURCE = new Category("10306", "国有资源（资产）有偿使用收入");
    static final Category FUND = new Category("10301", "政府性基金收入");
    static final Category SPECIAL = new Category("10302", "专项收入");
    static final Category OTHER = new Category("10399", "其他收入");
    static final List<Category> CATEGORIES = List.of(ADMIN_FEE, FINE, RESOURCE, FUND, SPECIAL, OTHER);

    /**
     * A fee item. {@code standardCents} is the fixed amount per measure unit, or 0 when the amount is set per notice:
     * then it is drawn from {@code choicesYuan} when given, else between {@code minYuan} and {@code maxYuan}, skewed low.
     * {@code weight} is how often a unit that collects it issues it.
     */
    record FeeItem(String key, Category category, String name, long standardCents, String measure, int weight,
            List<Integer> choicesYuan, long minYuan, long maxYuan) {

        static FeeItem fixed(String key, Category category, String name, long yuan, String measure, int weight) {
            return new FeeItem(key, category, name, yuan * 100, measure, weight, List.of(), 0, 0);
        }

        static FeeItem choices(String key, Category category, String name, int weight, Integer... yuan) {
            return new FeeItem(key, category, name, 0, "次", weight, List.of(yuan), 0, 0);
        }

        static FeeItem range(String key, Category category, String name, String measure, int weight, long minYuan, long maxYuan) {
            return new FeeItem(key, category, name, 0, measure, weight, List.of(), minYuan, maxYuan);
        }
    }

    static final List<FeeItem> FEE_ITEMS = List.of(
            FeeItem.fixed("passport", ADMIN_FEE, "普通护照工本费", 120, "本", 30),
            FeeItem.fixed("hk-permit", ADMIN_FEE, "往来港澳通行证工本费", 60, "本", 30),
            FeeItem.fixed("id-card", ADMIN_FEE, "居民身份证工本费", 20, "张", 40),
            FeeItem.fixed("plate", ADMIN_FEE, "机动车号牌工本费", 100, "副", 20),
            FeeItem.fixed("driving-licence", ADMIN_FEE, "机动车驾驶证工本费", 10, "本", 20),
            FeeItem.fixed("registration-home", ADMIN_FEE, "住宅类不动产登记费", 80, "件", 60),
            FeeItem.fixed("registration-other", ADMIN_FEE, "非住宅类不动产登记费", 550, "件", 15),
            FeeItem.fixed("title-certificate", ADMIN_FEE, "不动产权属证书工本费", 10, "本", 40),
            FeeItem.range("litigation", ADMIN_FEE, "诉讼费", "件", 40, 50, 80_000),
            FeeItem.fixed("exam", ADMIN_FEE, "考试考务费", 60, "人次", 25),
            FeeItem.fixed("skill-exam", ADMIN_FEE, "职业技能鉴定考试考务费", 100, "人次", 10),
            FeeItem.range("sewage", ADMIN_FEE, "污水处理费", "吨", 20, 100, 60_000),
            FeeItem.range("garbage", ADMIN_FEE, "生活垃圾处理费", "户", 25, 120, 20_000),
            FeeItem.range("road-use", ADMIN_FEE, "城市道路占用挖掘修复费", "平方米", 8, 1_000, 300_000),
            FeeItem.range("air-defence", ADMIN_FEE, "防空地下室易地建设费", "平方米", 4, 20_000, 2_000_000),
            FeeItem.range("land-reclamation", ADMIN_FEE, "土地复垦费", "亩", 3, 10_000, 1_500_000),
            FeeItem.fixed("tuition", ADMIN_FEE, "普通高中学费", 1_100, "学期", 40),
            FeeItem.fixed("boarding", ADMIN_FEE, "学生住宿费", 600, "学期", 30),
            FeeItem.choices("traffic-fine", FINE, "道路交通违法罚款", 80, 50, 100, 150, 200, 200, 200, 500, 1_000, 2_000),
            FeeItem.choices("public-order-fine", FINE, "治安管理罚款", 15, 200, 500, 1_000, 3_000),
            FeeItem.range("market-fine", FINE, "市场监管罚没收入", "件", 20, 500, 200_000),
            FeeItem.range("environment-fine", FINE, "生态环境罚没收入", "件", 10, 10_000, 1_000_000),
            FeeItem.choices("urban-fine", FINE, "城市管理罚没收入", 30, 50, 100, 200, 500, 1_000, 5_000),
            FeeItem.range("court-fine", FINE, "法院罚没收入", "件", 10, 1_000, 500_000),
            FeeItem.range("procuratorate-fine", FINE, "检察院罚没收入", "件", 5, 5_000, 2_000_000),
            FeeItem.range("transport-fine", FINE, "交通运输罚没收入", "件", 15, 200, 50_000),
            FeeItem.range("fishery-fine", FINE, "渔业行政罚没收入", "件", 10, 500, 100_000),
            FeeItem.range("safety-fine", FINE, "安全生产罚没收入", "件", 8, 5_000, 500_000),
            FeeItem.range("confiscated", FINE, "没收违法所得", "件", 5, 1_000, 1_000_000),
            FeeItem.range("sea-area", RESOURCE, "海域使用金", "公顷", 6, 20_000, 8_000_000),
            FeeItem.range("island", RESOURCE, "无居民海岛使用金", "公顷", 1, 100_000, 5_000_000),
            FeeItem.range("asset-rent", RESOURCE, "国有资产出租出借收入", "月", 10, 2_000, 300_000),
            FeeItem.range("asset-disposal", RESOURCE, "国有资产处置收入", "件", 3, 5_000, 3_000_000),
            FeeItem.range("mining-right", RESOURCE, "矿业权出让收益", "件", 1, 500_000, 50_000_000),
            FeeItem.choices("parking", RESOURCE, "城市公共停车泊位有偿使用收入", 30, 5, 10, 15, 20, 30),
            FeeItem.range("land-transfer", FUND, "国有土地使用权出让收入", "宗", 1, 2_000_000, 300_000_000),
            FeeItem.range("infrastructure", FUND, "城市基础设施配套费", "平方米", 5, 50_000, 8_000_000),
            FeeItem.range("reservoir", FUND, "大中型水库移民后期扶持基金", "件", 2, 10_000, 500_000),
            FeeItem.range("water-resource", SPECIAL, "水资源费", "立方米", 10, 500, 300_000),
            FeeItem.range("forest-restoration", SPECIAL, "森林植被恢复费", "平方米", 3, 10_000, 2_000_000),
            FeeItem.range("other-income", OTHER, "其他收入", "件", 5, 100, 100_000),
            FeeItem.range("donation", OTHER, "捐赠收入", "件", 1, 1_000, 1_000_000));

    /** @return the fee item with that key */
    static FeeItem item(String key) {
        return FEE_ITEMS.stream().filter(i -> i.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fee item " + key));
    }

    /**
     * A kind of collecting unit: its name after the region's, its type, how much it issues compared with others, the
     * fee items it collects, and the kinds of its sub-units, taken in turn (empty when none).
     */
    record Department(String suffix, String type, int weight, List<String> items, List<String> subUnits) {
    }

    static final List<Department> DEPARTMENTS = List.of(
            new Department("公安局", "ORGAN", 40, List.of("passport", "hk-permit", "id-card", "public-order-fine", "confiscated"),
                    List.of("traffic", "police-station")),
            new Department("自然资源局", "ORGAN", 25, List.of("registration-home", "registration-other", "title-certificate",
                    "sea-area", "island", "mining-right", "land-transfer", "land-reclamation", "forest-restoration"), List.of("registry")),
            new Department("市场监督管理局", "ORGAN", 10, List.of("market-fine", "confiscated"), List.of()),
            new Department("生态环境局", "ORGAN", 4, List.of("environment-fine"), List.of()),
            new Department("城市管理和综合执法局", "ORGAN", 12, List.of("urban-fine", "garbage", "road-use", "parking"), List.of()),
            new Department("住房和城乡建设局", "ORGAN", 4, List.of("air-defence", "infrastructure"), List.of()),
            new Department("交通运输局", "ORGAN", 6, List.of("transport-fine", "asset-rent"), List.of()),
            new Department("水务局", "ORGAN", 6, List.of("sewage", "water-resource", "reservoir"), List.of()),
            new Department("农业农村局", "ORGAN", 4, List.of("fishery-fine"), List.of()),
            new Department("人力资源和社会保障局", "ORGAN", 6, List.of("exam", "skill-exam"), List.of()),
            new Department("教育局", "ORGAN", 3, List.of("exam", "asset-rent"), List.of("school")),
            new Department("人民法院", "JUDICIAL", 12, List.of("litigation", "court-fine"), List.of()),
            new Department("人民检察院", "JUDICIAL", 2, List.of("procuratorate-fine"), List.of()),
            new Department("应急管理局", "ORGAN", 3, List.of("safety-fine"), List.of()),
            new Department("机关事务管理局", "ORGAN", 3, List.of("asset-rent", "asset-disposal", "other-income"), List.of()),
            new Department("公共资源交易中心", "INSTITUTION", 2, List.of("asset-disposal", "other-income", "donation"), List.of()));

    /** A kind of sub-unit: the department it belongs to, how it is named, and what it collects. */
    record SubUnit(String key, String type, int weight, List<String> items) {
    }

    static final List<SubUnit> SUB_UNITS = List.of(
            new SubUnit("police-station", "ORGAN", 12, List.of("id-card", "public-order-fine")),
            new SubUnit("traffic", "ORGAN", 30, List.of("traffic-fine", "plate", "driving-licence")),
            new SubUnit("registry", "INSTITUTION", 25, List.of("registration-home", "registration-other", "title-certificate")),
            new SubUnit("school", "INSTITUTION", 5, List.of("tuition", "boarding")));

    /** 代收银行, with their bank numbers (行别代码), how many payers use them, and the bureau's account with them. */
    record Bank(String code, String bankNo, String name, int weight, String account) {
    }

    static final List<Bank> BANKS = List.of(
            new Bank("ICBC", "102", "中国工商银行湛江分行", 22, "2015020109024900123"),
            new Bank("ABC", "103", "中国农业银行湛江分行", 20, "44650101040008876"),
            new Bank("BOC", "104", "中国银行湛江分行", 12, "670057736512"),
            new Bank("CCB", "105", "中国建设银行湛江分行", 20, "44050167820100000456"),
            new Bank("PSBC", "403", "中国邮政储蓄银行湛江市分行", 8, "944006010000123456"),
            new Bank("ZJRCB", "314", "湛江农村商业银行", 10, "80020000012345678"),
            new Bank("NYB", "313", "广东南粤银行湛江分行", 8, "900101230000098765"));

    /** 会计科目: the collection accounts' bank deposits, and what is owed to the treasury, per category. */
    static final String DEPOSIT_ACCOUNT = "1002";

    static String payableAccount(int category) {
        return "2011" + String.format("%02d", category + 1);
    }

    /** A role of the platform with the function codes it grants. */
    record Role(String code, String name, List<String> functions) {
    }

    static final List<Role> ROLES = List.of(
            new Role("SYS_ADMIN", "系统管理员", List.of("sys", "sys.param", "sys.unit", "sys.item", "sys.bank", "base")),
            new Role("SEC_ADMIN", "安全管理员", List.of("sys", "sys.user", "sys.role", "sys.grant", "sys.scope")),
            new Role("AUDITOR", "安全审计员", List.of("audit", "audit.login", "audit.operation", "audit.report")),
            new Role("UNIT_ADMIN", "单位管理员", List.of("bill", "bill.query", "stat", "stat.daily", "sys", "sys.unit-user")),
            new Role("BILLING", "开票员", List.of("bill", "bill.issue", "bill.query", "bill.print")),
            new Role("BILLING_REVIEW", "开票审核员", List.of("bill", "bill.review", "bill.query")),
            new Role("CANCEL_APPROVE", "作废审批员", List.of("bill", "bill.cancel", "bill.query")),
            new Role("RECONCILE", "对账员", List.of("collect", "collect.query", "collect.reconcile", "collect.unmatched")),
            new Role("REVENUE_REVIEW", "非税收入审核员", List.of("collect", "collect.query", "bill", "bill.query", "bill.review")),
            new Role("LEDGER", "记账员", List.of("ledger", "ledger.post", "ledger.query", "ledger.close")),
            new Role("QUERY", "综合查询员", List.of("bill", "bill.query", "collect", "collect.query", "ledger", "ledger.query")),
            new Role("REPORT", "报表统计员", List.of("stat", "stat.daily", "stat.monthly", "stat.item")),
            new Role("BANK_ADMIN", "代收银行管理员", List.of("base", "sys.bank", "collect", "collect.query")));

    /** A menu ({@code parent} null) or a function under a menu. */
    record Function(String code, String name, String parent) {
    }

    static final List<Function> FUNCTIONS = List.of(
            new Function("bill", "票据管理", null),
            new Function("bill.issue", "开具缴款书", "bill"),
            new Function("bill.review", "缴款书审核", "bill"),
            new Function("bill.cancel", "缴款书作废", "bill"),
            new Function("bill.query", "缴款书查询", "bill"),
            new Function("bill.print", "缴款书打印", "bill"),
            new Function("collect", "收缴管理", null),
            new Function("collect.query", "收缴查询", "collect"),
            new Function("collect.reconcile", "银行对账", "collect"),
            new Function("collect.unmatched", "单边账处理", "collect"),
            new Function("ledger", "账务管理", null),
            new Function("ledger.post", "记账", "ledger"),
            new Function("ledger.query", "总账明细账查询", "ledger"),
            new Function("ledger.close", "日结", "ledger"),
            new Function("base", "基础数据", null),
            new Function("sys.unit", "执收单位维护", "base"),
            new Function("sys.item", "收费项目维护", "base"),
            new Function("sys.bank", "代收银行维护", "base"),
            new Function("stat", "统计报表", null),
            new Function("stat.daily", "收入日报", "stat"),
            new Function("stat.monthly", "收入月报", "stat"),
            new Function("stat.item", "分项目统计", "stat"),
            new Function("sys", "系统管理", null),
            new Function("sys.user", "用户管理", "sys"),
            new Function("sys.unit-user", "本单位用户管理", "sys"),
            new Function("sys.role", "角色管理", "sys"),
            new Function("sys.grant", "权限分配", "sys"),
            new Function("sys.scope", "数据权限", "sys"),
            new Function("sys.param", "参数设置", "sys"),
            new Function("audit", "安全审计", null),
            new Function("audit.login", "登录日志", "audit"),
            new Function("audit.operation", "操作日志", "audit"),
            new Function("audit.report", "审计报告", "audit"));

    /** A job template (岗位模板): the roles a post holds. */
    record JobTemplate(String code, String name, List<String> roles) {
    }

    static final List<JobTemplate> JOB_TEMPLATES = List.of(
            new JobTemplate("UNIT_CLERK", "单位开票岗", List.of("BILLING", "QUERY")),
            new JobTemplate("UNIT_REVIEWER", "单位审核岗", List.of("BILLING_REVIEW", "QUERY", "REPORT")),
            new JobTemplate("UNIT_MANAGER", "单位管理岗", List.of("UNIT_ADMIN", "QUERY", "REPORT")),
            new JobTemplate("BUREAU_REVENUE", "财政非税管理岗", List.of("REVENUE_REVIEW", "CANCEL_APPROVE", "QUERY", "REPORT")),
            new JobTemplate("BUREAU_RECONCILE", "财政对账岗", List.of("RECONCILE", "QUERY")),
            new JobTemplate("BUREAU_ACCOUNTING", "财政会计岗", List.of("LEDGER", "QUERY", "REPORT")),
            new JobTemplate("SYSTEM_ADMIN", "系统管理岗", List.of("SYS_ADMIN", "BANK_ADMIN")),
            new JobTemplate("SECURITY_ADMIN", "安全管理岗", List.of("SEC_ADMIN")),
            new JobTemplate("SECURITY_AUDIT", "安全审计岗", List.of("AUDITOR")),
            new JobTemplate("TEST", "测试岗", List.of("QUERY")));

    /** Roles one user must not hold together (不相容岗位分离), with the reason. */
    record Conflict(String role, String other, String reason) {
    }

    static final List<Conflict> CONFLICTS = List.of(
            new Conflict("BILLING", "BILLING_REVIEW", "开票与审核不得由同一人担任"),
            new Conflict("BILLING", "RECONCILE", "开票与银行对账不得由同一人担任"),
            new Conflict("BILLING", "CANCEL_APPROVE", "开票与作废审批不得由同一人担任"),
            new Conflict("LEDGER", "RECONCILE", "记账与对账不得由同一人担任"),
            new Conflict("SYS_ADMIN", "SEC_ADMIN", "三员分立：系统管理员与安全管理员"),
            new Conflict("SYS_ADMIN", "AUDITOR", "三员分立：系统管理员与安全审计员"),
            new Conflict("SEC_ADMIN", "AUDITOR", "三员分立：安全管理员与安全审计员"));

    /** Family names common in western Guangdong, with their pinyin. */
    static final String[][] SURNAMES = {
        {"陈", "chen"}, {"李", "li"}, {"黄", "huang"}, {"林", "lin"}, {"吴", "wu"}, {"梁", "liang"}, {"庞", "pang"},
        {"莫", "mo"}, {"杨", "yang"}, {"张", "zhang"}, {"王", "wang"}, {"刘", "liu"}, {"谢", "xie"}, {"许", "xu"},
        {"郑", "zheng"}, {"何", "he"}, {"罗", "luo"}, {"周", "zhou"}, {"钟", "zhong"}, {"邓", "deng"}, {"冯", "feng"},
        {"蔡", "cai"}, {"苏", "su"}, {"潘", "pan"}, {"叶", "ye"}, {"彭", "peng"}, {"曾", "zeng"}, {"詹", "zhan"},
        {"洪", "hong"}, {"宋", "song"}, {"邹", "zou"}, {"麦", "mai"}, {"符", "fu"}, {"揭", "jie"}, {"龙", "long"},
        {"唐", "tang"}, {"韩", "han"}, {"程", "cheng"}, {"邱", "qiu"}, {"柯", "ke"},
    };

    /** Characters of given names, with their pinyin. */
    static final String[][] GIVEN = {
        {"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"}, {"强", "qiang"},
        {"磊", "lei"}, {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"}, {"杰", "jie"}, {"娟", "juan"},
        {"涛", "tao"}, {"明", "ming"}, {"超", "chao"}, {"秀", "xiu"}, {"霞", "xia"}, {"平", "ping"}, {"刚", "gang"},
        {"桂", "gui"}, {"英", "ying"}, {"华", "hua"}, {"建", "jian"}, {"国", "guo"}, {"志", "zhi"}, {"海", "hai"},
        {"文", "wen"}, {"辉", "hui"}, {"婷", "ting"}, {"雪", "xue"}, {"玲", "ling"}, {"斌", "bin"}, {"宇", "yu"},
        {"浩", "hao"}, {"凯", "kai"}, {"健", "jian"}, {"俊", "jun"}, {"帆", "fan"}, {"晓", "xiao"}, {"燕", "yan"},
        {"鹏", "peng"}, {"锋", "feng"}, {"嘉", "jia"}, {"欣", "xin"}, {"倩", "qian"}, {"春", "chun"}, {"湛", "zhan"},
        {"港", "gang"},
    };

    /** Words for company names. */
    static final String[] FIRMS = {"南海", "港城", "海湾", "雷州湾", "蓝海", "鸿业", "恒通", "粤西", "金沙", "椰林", "东兴",
        "宏达", "华南", "新港", "福海", "海鸥", "北部湾", "红树林", "湖光", "特呈"};
    static final String[] TRADES = {"贸易", "水产", "建材", "物流", "海洋科技", "食品", "建筑工程", "农业发展", "饲料",
        "船舶修造", "旅游", "房地产开发", "汽车销售", "家电"};

    /** Chinese numerals for numbered sub-units (第一中学, 第十二中学). */
    static String numeral(int n) {
        String[] digits = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
        if (n < 10) {
            return digits[n];
        }
        if (n < 20) {
            return "十" + digits[n % 10];
        }
        if (n < 100) {
            return digits[n / 10] + "十" + digits[n % 10];
        }
        return Integer.toString(n);
    }
}
