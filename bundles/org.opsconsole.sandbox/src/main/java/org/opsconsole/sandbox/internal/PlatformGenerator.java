package org.opsconsole.sandbox.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

import javax.sql.DataSource;

import org.jooq.SQLDialect;
import org.opsconsole.sandbox.internal.Catalogue.Bank;
import org.opsconsole.sandbox.internal.Catalogue.Department;
import org.opsconsole.sandbox.internal.Catalogue.FeeItem;
import org.opsconsole.sandbox.internal.Catalogue.JobTemplate;
import org.opsconsole.sandbox.internal.Catalogue.Region;
import org.opsconsole.sandbox.internal.Catalogue.SubUnit;

/**
 * Generates the simulated platform's data from a seed and a scale factor: the same seed and scale give the same rows,
 * ids included, on every database and JVM (one {@link SplittableRandom} per part, {@link StrictMath}, no hash-ordered
 * collections, no clock). The data covers the fiscal year 2025. At scale 1: about 200 collecting units, 500,000 payment
 * notices and some 2.5 million rows in all; the notices grow linearly with the scale, the units and users with its
 * square root.
 *
 * <p>Known anomalies are injected and returned as the {@link GroundTruth}; everything else is clean by construction
 * (serials unique per bank, amounts equal, every user holding exactly the job template's roles and seeing exactly the
 * own unit, at most two failed sign-ins a day from one address).
 *
 * <p>Rows are written with JDBC batches and committed day by day; the caller empties the tables first. Not
 * thread-safe: one generator per run.
 */
final class PlatformGenerator {

    static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);
    /** The login log covers the period's last 30 days. */
    static final LocalDate LOG_FROM = LAST_DAY.minusDays(29);
    static final int DORMANT_DAYS = 90;
    static final int BURST_FAILURES = 10;
    static final int BURST_MINUTES = 10;
    static final String TEST_ACCOUNT = "test01";

    /** The platform's data tables, in the order they are written. */
    static final List<String> TABLES = List.of("region", "collecting_unit", "fee_item", "unit_fee_item", "agency_bank",
            "ledger_account", "sys_role", "sys_function", "sys_role_function", "sys_job_template", "sys_job_template_role",
            "sys_role_conflict", "sys_user", "sys_user_role", "sys_data_scope", "sys_login_log", "payment_notice",
            "payment_notice_item", "collection_record", "bank_statement_line", "ledger_entry", "ledger_daily_balance");

    private static final BigDecimal MIN_SCALE = new BigDecimal("0.001");
    private static final BigDecimal MAX_SCALE = new BigDecimal("100");
    private static final int BATCH = 2_000;
    /** Rows between commits: few commits (each one costs a disk flush on MySQL), small enough transactions. */
    private static final int COMMIT_ROWS = 20_000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Set<String> ORG_ITEMS = Set.of("sea-area", "island", "mining-right", "land-transfer",
            "infrastructure", "air-defence", "environment-fine", "asset-rent", "asset-disposal", "road-use",
            "land-reclamation", "procuratorate-fine", "reservoir", "forest-restoration", "safety-fine", "donation");

    /** What a run reports while it works, and how it learns that it should stop. */
    interface Progress {
        /** @param rows rows written so far @param phase what is being written, {@code 中文 / English} */
        void update(long rows, String phase);

        /** @return true when the run should stop (it then throws {@link CancellationException}) */
        boolean cancelled();
    }

    /**
     * How big a generation is, from its scale.
     *
     * @param seed the seed
     * @param scale the scale factor, {@value #MIN_TEXT} to {@value #MAX_TEXT}
     * @param units collecting units
     * @param notices payment notices
     * @param bankAnomalies cases of each of the four bank anomalies
     * @param dormant dormant users
     * @param excess users with roles beyond their template (besides the conflicting ones)
     * @param conflicts users with incompatible roles
     * @param wideScopes users with too wide a data scope
     * @param bursts failed-login bursts
     */
    record Plan(long seed, BigDecimal scale, int units, int notices, int bankAnomalies, int dormant, int excess,
            int conflicts, int wideScopes, int bursts) {

        static final String MIN_TEXT = "0.001";
        static final String MAX_TEXT = "100";

        static Plan of(long seed, BigDecimal scale) {
            if (scale.compareTo(MIN_SCALE) < 0 || scale.compareTo(MAX_SCALE) > 0) {
                throw new IllegalArgumentException("scale must be from " + MIN_TEXT + " to " + MAX_TEXT + ", not " + scale);
            }
            double root = StrictMath.sqrt(scale.doubleValue());
            int units = (int) Math.max(12, Math.min(3_000, StrictMath.round(200 * root)));
            int notices = Math.max(200, scale.multiply(BigDecimal.valueOf(500_000)).setScale(0, RoundingMode.HALF_UP).intValueExact());
            int bank = (int) Math.max(3, Math.min(5_000, scale.multiply(BigDecimal.valueOf(25)).setScale(0, RoundingMode.HALF_UP).longValue()));
            return new Plan(seed, scale.stripTrailingZeros(), units, notices, bank, (int) Math.max(2, StrictMath.round(8 * root)),
                    (int) Math.max(2, StrictMath.round(6 * root)), (int) Math.max(1, StrictMath.round(root)),
                    (int) Math.max(2, StrictMath.round(5 * root)), (int) Math.max(1, StrictMath.round(3 * root)));
        }

        /** @return about how many rows the run writes, for its progress */
        long plannedRows() {
            return notices * 41L / 10 + units * 9L + (long) Math.min(notices, 500_000) / 20;
        }
    }

    private final Plan plan;
    private final Progress progress;
    private final SQLDialect dialect;
    private final java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
    private String phase = "";

    // the parts, each with its own random numbers so that changing one leaves the others as they were
    private final SplittableRandom unitRandom;
    private final SplittableRandom userRandom;
    private final SplittableRandom logRandom;
    private final SplittableRandom noticeRandom;
    private final SplittableRandom anomalyRandom;

    private final List<Unit> units = new ArrayList<>();
    private final List<User> users = new ArrayList<>();
    private int[] unitWeights;
    private final Map<String, Integer> itemIndex = new LinkedHashMap<>();
    private final Map<String, Integer> roleIds = new LinkedHashMap<>();
    private final Map<String, Integer> categoryIndex = new LinkedHashMap<>();

    PlatformGenerator(Plan plan, SQLDialect dialect, Progress progress) {
        this.plan = plan;
        this.dialect = dialect;
        this.progress = progress;
        SplittableRandom root = new SplittableRandom(plan.seed());
        this.unitRandom = root.split();
        this.userRandom = root.split();
        this.logRandom = root.split();
        this.noticeRandom = root.split();
        this.anomalyRandom = root.split();
        for (int i = 0; i < Catalogue.FEE_ITEMS.size(); i++) {
            itemIndex.put(Catalogue.FEE_ITEMS.get(i).key(), i);
        }
        for (int i = 0; i < Catalogue.ROLES.size(); i++) {
            roleIds.put(Catalogue.ROLES.get(i).code(), i + 1);
        }
        for (int i = 0; i < Catalogue.CATEGORIES.size(); i++) {
            categoryIndex.put(Catalogue.CATEGORIES.get(i).code(), i);
        }
    }

    // ------------------------------------------------------------------ the model kept in memory

    private static final class Unit {
        long id;
        String code;
        String name;
        Long parentId;
        int level;
        Region region;
        int regionIndex;
        String type;
        int weight;
        List<String> items;
        FeeItem[] feeItems;
        int[] itemWeights;
        final List<Unit> children = new ArrayList<>();
        final List<User> issuers = new ArrayList<>();
    }

    private static final class User {
        long id;
        String login;
        String fullName;
        Unit unit;
        JobTemplate template;
        int templateId;
        boolean active = true;
        String salt;
        String hash;
        String password;
        LocalDate createdOn;
        LocalDateTime lastLogin;
        String ip;
        boolean special; // the three administrators and the test account: never picked for an anomaly
        boolean anomalous;
        boolean dormant;
        final List<String> roles = new ArrayList<>();
        final List<long[]> extraScopes = new ArrayList<>();
    }

    private record LoginRow(String login, Long userId, LocalDateTime at, String ip, boolean success, String result) {
    }

    /** A payment of a notice, kept until its day's collections, bank lines and ledger are written. */
    private static final class Payment {
        long noticeId;
        String payCode;
        long cents;
        LocalDateTime paidAt;
        String channel;
        int bank;
        long[] byCategory;
        int anomaly;
    }

    private static final int NONE = 0;
    private static final int BANK_ONLY = 1;
    private static final int PLATFORM_ONLY = 2;
    private static final int MISMATCH = 3;
    private static final int DUPLICATE = 4;

    // ------------------------------------------------------------------ the run

    /**
     * Writes the data into empty tables and returns what was injected.
     *
     * @param dataSource the platform database; written on two connections, committed day by day
     * @return the ground truth
     * @throws SQLException when writing fails
     * @throws CancellationException when the progress said to stop
     */
    GroundTruth generate(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                return generate(connection, dataSource);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private GroundTruth generate(Connection connection, DataSource dataSource) throws SQLException {
        List<GroundTruth.BankLine> bankOnly = new ArrayList<>();
        List<GroundTruth.Collection> platformOnly = new ArrayList<>();
        List<GroundTruth.AmountMismatch> mismatches = new ArrayList<>();
        List<GroundTruth.DuplicateSerial> duplicates = new ArrayList<>();

        phase("正在生成基础数据 / Generating the reference data");
        writeReference(connection);
        makeUnits();
        writeUnits(connection);
        connection.commit();

        phase("正在生成用户与权限 / Generating users and permissions");
        makeUsers();
        UserAnomalies userAnomalies = injectUserAnomalies();
        List<LoginRow> log = makeLoginLog();
        List<GroundTruth.LoginBurst> bursts = injectBursts(log);
        log.sort(Comparator.comparing(LoginRow::at).thenComparing(LoginRow::ip).thenComparing(LoginRow::login));
        writeUsers(connection, log);
        connection.commit();

        phase("正在生成缴款书与收缴记录 / Generating payment notices and collections");
        writeBusiness(connection, dataSource, bankOnly, platformOnly, mismatches, duplicates);
        restartIdentities(connection);
        connection.commit();

        User test = users.stream().filter(u -> u.login.equals(TEST_ACCOUNT)).findFirst().orElseThrow();
        return new GroundTruth(plan.seed(), plan.scale(), new GroundTruth.Period(FIRST_DAY, LAST_DAY),
                new GroundTruth.Rules(LAST_DAY, DORMANT_DAYS, BURST_FAILURES, BURST_MINUTES),
                new GroundTruth.TestAccount(test.login, test.password), bankOnly, platformOnly, mismatches, duplicates,
                userAnomalies.dormant, userAnomalies.excess, userAnomalies.conflicts, userAnomalies.wide, bursts);
    }

    private void phase(String now) {
        phase = now;
        progress.update(rows.get(), phase);
    }

    /** @return rows written so far */
    long rows() {
        return rows.get();
    }

    private void checkCancelled() {
        if (progress.cancelled()) {
            throw new CancellationException("生成已取消 / The generation was cancelled");
        }
    }

    // ------------------------------------------------------------------ reference data

    private void writeReference(Connection c) throws SQLException {
        try (Batch regions = new Batch(c, "region", "code", "name")) {
            for (Region region : Catalogue.REGIONS) {
                regions.row(region.code(), region.name());
            }
        }
        try (Batch items = new Batch(c, "fee_item", "id", "code", "name", "category_code", "category_name",
                "standard_amount", "measure_unit", "enabled")) {
            for (int i = 0; i < Catalogue.FEE_ITEMS.size(); i++) {
                FeeItem item = Catalogue.FEE_ITEMS.get(i);
                int number = 1 + (int) Catalogue.FEE_ITEMS.subList(0, i).stream().filter(o -> o.category() == item.category()).count();
                items.row((long) i + 1, item.category().code() + String.format("%03d", number), item.name(), item.category().code(),
                        item.category().name(), item.standardCents() == 0 ? null : BigDecimal.valueOf(item.standardCents(), 2),
                        item.measure(), true);
            }
        }
        try (Batch banks = new Batch(c, "agency_bank", "code", "bank_no", "name", "account_no")) {
            for (Bank bank : Catalogue.BANKS) {
                banks.row(bank.code(), bank.bankNo(), bank.name(), bank.account());
            }
        }
        try (Batch accounts = new Batch(c, "ledger_account", "code", "name")) {
            accounts.row(Catalogue.DEPOSIT_ACCOUNT, "银行存款（非税收入汇缴结算户）");
            for (int i = 0; i < Catalogue.CATEGORIES.size(); i++) {
                accounts.row(Catalogue.payableAccount(i), "应缴财政款-" + Catalogue.CATEGORIES.get(i).name());
            }
        }
        try (Batch roles = new Batch(c, "sys_role", "id", "code", "name");
                Batch functions = new Batch(c, "sys_function", "id", "code", "name", "parent_id", "kind");
                Batch grants = new Batch(c, "sys_role_function", "role_id", "function_id")) {
            Map<String, Long> functionIds = new LinkedHashMap<>();
            for (int i = 0; i < Catalogue.FUNCTIONS.size(); i++) {
                Catalogue.Function function = Catalogue.FUNCTIONS.get(i);
                functionIds.put(function.code(), (long) i + 1);
                functions.row((long) i + 1, function.code(), function.name(),
                        function.parent() == null ? null : functionIds.get(function.parent()), function.parent() == null ? "MENU" : "FUNCTION");
            }
            for (int i = 0; i < Catalogue.ROLES.size(); i++) {
                Catalogue.Role role = Catalogue.ROLES.get(i);
                roles.row((long) i + 1, role.code(), role.name());
                for (String function : new TreeSet<>(role.functions())) {
                    grants.row((long) i + 1, functionIds.get(function));
                }
            }
        }
        try (Batch templates = new Batch(c, "sys_job_template", "id", "code", "name");
                Batch templateRoles = new Batch(c, "sys_job_template_role", "template_id", "role_id");
                Batch conflicts = new Batch(c, "sys_role_conflict", "role_id", "other_role_id", "reason")) {
            for (int i = 0; i < Catalogue.JOB_TEMPLATES.size(); i++) {
                JobTemplate template = Catalogue.JOB_TEMPLATES.get(i);
                templates.row((long) i + 1, template.code(), template.name());
                for (String role : template.roles()) {
                    templateRoles.row((long) i + 1, (long) roleIds.get(role));
                }
            }
            for (Catalogue.Conflict conflict : Catalogue.CONFLICTS) {
                conflicts.row((long) roleIds.get(conflict.role()), (long) roleIds.get(conflict.other()), conflict.reason());
            }
        }
    }

    // ------------------------------------------------------------------ units

    private void makeUnits() {
        Unit bureau = unit(null, 0, Catalogue.REGIONS.get(0), 0, "440800000", "湛江市财政局", "FINANCE", 2,
                List.of("other-income", "asset-rent", "asset-disposal", "donation"));
        Map<Integer, Unit> financeBureaus = new LinkedHashMap<>();
        for (int r = 1; r < Catalogue.REGIONS.size(); r++) {
            Region region = Catalogue.REGIONS.get(r);
            financeBureaus.put(r, unit(bureau, 1, region, r, region.code() + "000", region.name() + "财政局", "FINANCE", 1,
                    List.of("other-income", "asset-rent")));
        }
        int rest = plan.units() - units.size();
        int[] perRegion = apportion(rest, Catalogue.REGIONS.stream().mapToInt(Region::weight).toArray());
        for (int r = 0; r < Catalogue.REGIONS.size(); r++) {
            Region region = Catalogue.REGIONS.get(r);
            Unit parent = r == 0 ? bureau : financeBureaus.get(r);
            int cityFactor = r == 0 ? 2 : 1;
            int sequence = 1;
            List<Unit> departments = new ArrayList<>();
            List<Integer> subUnitTurns = new ArrayList<>();
            for (int i = 0; i < perRegion[r]; i++) {
                String code = region.code() + String.format("%03d", sequence++);
                if (i < Catalogue.DEPARTMENTS.size()) {
                    Department department = Catalogue.DEPARTMENTS.get(i);
                    departments.add(unit(parent, parent.level + 1, region, r, code, Catalogue.prefix(region) + department.suffix(),
                            department.type(), department.weight() * cityFactor, department.items()));
                    subUnitTurns.add(0);
                    continue;
                }
                // more units than departments: sub-units under the departments that have them, in turn
                List<Integer> withSubUnits = new ArrayList<>();
                for (int d = 0; d < departments.size(); d++) {
                    if (!Catalogue.DEPARTMENTS.get(d).subUnits().isEmpty()) {
                        withSubUnits.add(d);
                    }
                }
                int d = withSubUnits.get(i % withSubUnits.size());
                Department department = Catalogue.DEPARTMENTS.get(d);
                int turn = subUnitTurns.get(d);
                subUnitTurns.set(d, turn + 1);
                String kind = department.subUnits().get(turn % department.subUnits().size());
                int number = turn / department.subUnits().size() + 1;
                SubUnit sub = Catalogue.SUB_UNITS.stream().filter(s -> s.key().equals(kind)).findFirst().orElseThrow();
                Unit owner = departments.get(d);
                String name = switch (kind) {
                    case "police-station" -> owner.name + "第" + Catalogue.numeral(number) + "派出所";
                    case "traffic" -> owner.name + "交通警察" + (r == 0 ? "支队" : "大队") + "第" + Catalogue.numeral(number) + "中队";
                    case "registry" -> Catalogue.prefix(region) + "不动产登记中心" + (number == 1 ? "" : "第" + Catalogue.numeral(number) + "分中心");
                    default -> Catalogue.prefix(region) + "第" + Catalogue.numeral(number) + "中学";
                };
                unit(owner, owner.level + 1, region, r, code, name, sub.type(), sub.weight() * cityFactor, sub.items());
            }
        }
        unitWeights = units.stream().mapToInt(u -> u.weight).toArray();
    }

    private Unit unit(Unit parent, int level, Region region, int regionIndex, String code, String name, String type, int weight,
            List<String> items) {
        Unit unit = new Unit();
        unit.id = units.size() + 1L;
        unit.code = code;
        unit.name = name;
        unit.parentId = parent == null ? null : parent.id;
        unit.level = level;
        unit.region = region;
        unit.regionIndex = regionIndex;
        unit.type = type;
        // some units issue much more than others of their kind
        unit.weight = Math.max(1, weight * (50 + unitRandom.nextInt(100)) / 100);
        unit.items = items;
        unit.feeItems = items.stream().map(Catalogue::item).toArray(FeeItem[]::new);
        unit.itemWeights = Arrays.stream(unit.feeItems).mapToInt(FeeItem::weight).toArray();
        if (parent != null) {
            parent.children.add(unit);
        }
        units.add(unit);
        return unit;
    }

    private void writeUnits(Connection c) throws SQLException {
        try (Batch rowsOut = new Batch(c, "collecting_unit", "id", "code", "name", "parent_id", "level_no", "region_code",
                "unit_type", "enabled");
                Batch items = new Batch(c, "unit_fee_item", "unit_id", "fee_item_id")) {
            for (Unit unit : units) {
                rowsOut.row(unit.id, unit.code, unit.name, unit.parentId, unit.level, unit.region.code(), unit.type, true);
                for (String item : new TreeSet<>(unit.items)) {
                    items.row(unit.id, itemIndex.get(item) + 1L);
                }
            }
        }
    }

    // ------------------------------------------------------------------ users

    private void makeUsers() {
        Map<String, Integer> logins = new LinkedHashMap<>();
        Unit bureau = units.get(0);
        user(bureau, "SYSTEM_ADMIN", "admin", "系统管理员", logins).special = true;
        user(bureau, "SECURITY_ADMIN", "secadmin", "安全管理员", logins).special = true;
        user(bureau, "SECURITY_AUDIT", "auditor", "安全审计员", logins).special = true;
        user(bureau, "TEST", TEST_ACCOUNT, "测试账号", logins).special = true;
        for (Unit unit : units) {
            if (unit.level == 0) {
                posts(unit, "BUREAU_REVENUE", 4, logins);
                posts(unit, "BUREAU_RECONCILE", 2, logins);
                posts(unit, "BUREAU_ACCOUNTING", 2, logins);
            } else if (unit.level == 1) {
                posts(unit, "BUREAU_REVENUE", 1, logins);
                posts(unit, "BUREAU_RECONCILE", 1, logins);
                posts(unit, "BUREAU_ACCOUNTING", 1, logins);
            } else {
                posts(unit, "UNIT_CLERK", 1 + Math.min(2, unit.weight / 15) + userRandom.nextInt(2), logins);
                posts(unit, "UNIT_REVIEWER", 1, logins);
                if (userRandom.nextInt(2) == 0) {
                    posts(unit, "UNIT_MANAGER", 1, logins);
                }
            }
            // former staff: accounts disabled, never signing in
            if (unit.level > 0 && userRandom.nextInt(100) < 8) {
                User gone = user(unit, "UNIT_CLERK", null, null, logins);
                gone.active = false;
            }
        }
        for (User user : users) {
            if (user.active && (user.template.code().equals("UNIT_CLERK") || user.template.code().equals("BUREAU_REVENUE"))) {
                user.unit.issuers.add(user);
            }
        }
    }

    private void posts(Unit unit, String template, int count, Map<String, Integer> logins) {
        for (int i = 0; i < count; i++) {
            user(unit, template, null, null, logins);
        }
    }

    private User user(Unit unit, String templateCode, String login, String fullName, Map<String, Integer> logins) {
        User user = new User();
        user.id = users.size() + 1L;
        user.unit = unit;
        user.templateId = 1 + indexOfTemplate(templateCode);
        user.template = Catalogue.JOB_TEMPLATES.get(user.templateId - 1);
        if (login == null) {
            String[] surname = Catalogue.SURNAMES[userRandom.nextInt(Catalogue.SURNAMES.length)];
            String[] first = Catalogue.GIVEN[userRandom.nextInt(Catalogue.GIVEN.length)];
            boolean two = userRandom.nextInt(3) > 0;
            String[] second = Catalogue.GIVEN[userRandom.nextInt(Catalogue.GIVEN.length)];
            fullName = surname[0] + first[0] + (two ? second[0] : "");
            String base = surname[1] + first[1] + (two ? second[1] : "");
            int seen = logins.merge(base, 1, Integer::sum);
            login = seen == 1 ? base : base + seen;
        } else {
            logins.merge(login, 1, Integer::sum);
        }
        user.login = login;
        user.fullName = fullName;
        user.roles.addAll(user.template.roles());
        user.salt = hex(userRandom, 16);
        user.password = password(userRandom);
        user.hash = sha256(user.salt + user.password);
        user.createdOn = LocalDate.of(2019, 1, 1).plusDays(userRandom.nextInt(
                (int) ChronoUnit.DAYS.between(LocalDate.of(2019, 1, 1), LocalDate.of(2025, 6, 30)) + 1));
        user.ip = "10." + (44 + unit.regionIndex) + "." + (user.id / 250) + "." + (user.id % 250 + 2);
        users.add(user);
        return user;
    }

    private static int indexOfTemplate(String code) {
        for (int i = 0; i < Catalogue.JOB_TEMPLATES.size(); i++) {
            if (Catalogue.JOB_TEMPLATES.get(i).code().equals(code)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no job template " + code);
    }

    private record UserAnomalies(List<GroundTruth.DormantUser> dormant, List<GroundTruth.ExcessRoles> excess,
            List<GroundTruth.ConflictingRoles> conflicts, List<GroundTruth.WideScope> wide) {
    }

    /** Picks users for the permission anomalies, each user for one at most (a conflict also counts as excess). */
    private UserAnomalies injectUserAnomalies() {
        List<GroundTruth.DormantUser> dormant = new ArrayList<>();
        List<GroundTruth.ExcessRoles> excess = new ArrayList<>();
        List<GroundTruth.ConflictingRoles> conflicts = new ArrayList<>();
        List<GroundTruth.WideScope> wide = new ArrayList<>();
        // dormant: people who are not a unit's only issuer, so that every unit still issues notices
        for (User user : pick(plan.dormant(), u -> !u.template.code().equals("UNIT_CLERK") && !u.template.code().equals("BUREAU_REVENUE"))) {
            user.dormant = true;
            if (anomalyRandom.nextInt(10) < 3) {
                user.lastLogin = null;
            } else {
                user.lastLogin = LAST_DAY.minusDays(DORMANT_DAYS + 5 + anomalyRandom.nextInt(230)).atTime(8, 0)
                        .plusSeconds(anomalyRandom.nextInt(9 * 3600));
            }
            dormant.add(new GroundTruth.DormantUser(user.login, user.unit.code, user.lastLogin));
        }
        for (User user : pick(plan.conflicts(), u -> u.template.code().equals("UNIT_CLERK") && u.unit.level >= 2)) {
            Catalogue.Conflict conflict = Catalogue.CONFLICTS.get(anomalyRandom.nextInt(3)); // one of BILLING's
            user.roles.add(conflict.other());
            conflicts.add(new GroundTruth.ConflictingRoles(user.login, List.of(conflict.role(), conflict.other()), conflict.reason()));
            excess.add(new GroundTruth.ExcessRoles(user.login, user.template.code(), List.of(conflict.other())));
        }
        List<String> grantable = List.of("REPORT", "BANK_ADMIN", "REVENUE_REVIEW", "LEDGER", "UNIT_ADMIN");
        for (User user : pick(plan.excess(), u -> u.unit.level >= 1 && !u.special)) {
            List<String> candidates = new ArrayList<>();
            for (String role : grantable) {
                if (!user.roles.contains(role) && Catalogue.CONFLICTS.stream().noneMatch(
                        c -> (c.role().equals(role) && user.roles.contains(c.other())) || (c.other().equals(role) && user.roles.contains(c.role())))) {
                    candidates.add(role);
                }
            }
            String role = candidates.get(anomalyRandom.nextInt(candidates.size()));
            user.roles.add(role);
            excess.add(new GroundTruth.ExcessRoles(user.login, user.template.code(), List.of(role)));
        }
        for (User user : pick(plan.wideScopes(), u -> u.unit.level >= 2 && !u.special)) {
            Unit other;
            if (anomalyRandom.nextInt(2) == 0) {
                other = units.get((int) user.unit.parentId.longValue() - 1); // the unit above, with its subordinates
                while (other.level > 1) {
                    other = units.get((int) other.parentId.longValue() - 1);
                }
            } else {
                do {
                    other = units.get(anomalyRandom.nextInt(units.size()));
                } while (inSubtree(other, user.unit));
            }
            user.extraScopes.add(new long[] {other.id, 1});
            wide.add(new GroundTruth.WideScope(user.login, user.unit.code, other.code));
        }
        excess.sort(Comparator.comparing(GroundTruth.ExcessRoles::loginName));
        dormant.sort(Comparator.comparing(GroundTruth.DormantUser::loginName));
        conflicts.sort(Comparator.comparing(GroundTruth.ConflictingRoles::loginName));
        wide.sort(Comparator.comparing(GroundTruth.WideScope::loginName));
        return new UserAnomalies(dormant, excess, conflicts, wide);
    }

    private List<User> pick(int count, java.util.function.Predicate<User> eligible) {
        List<User> candidates = users.stream().filter(u -> u.active && !u.special && !u.anomalous && eligible.test(u)).toList();
        List<User> picked = new ArrayList<>();
        List<User> pool = new ArrayList<>(candidates);
        while (picked.size() < count && !pool.isEmpty()) {
            User user = pool.remove(anomalyRandom.nextInt(pool.size()));
            user.anomalous = true;
            picked.add(user);
        }
        return picked;
    }

    private boolean inSubtree(Unit unit, Unit top) {
        Unit current = unit;
        while (current != null) {
            if (current.id == top.id) {
                return true;
            }
            current = current.parentId == null ? null : units.get((int) current.parentId.longValue() - 1);
        }
        return false;
    }

    /** The last 30 days' sign-ins: the active users on most working days, with a few typing mistakes. */
    private List<LoginRow> makeLoginLog() {
        List<LoginRow> log = new ArrayList<>();
        List<LocalDate> workdays = new ArrayList<>();
        for (LocalDate day = LOG_FROM; !day.isAfter(LAST_DAY); day = day.plusDays(1)) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                workdays.add(day);
            }
        }
        Set<String> known = new TreeSet<>();
        users.forEach(u -> known.add(u.login));
        for (User user : users) {
            if (!user.active || user.dormant) {
                continue;
            }
            LocalDateTime last = null;
            for (int d = 0; d < workdays.size(); d++) {
                LocalDate day = workdays.get(d);
                boolean forced = last == null && d == workdays.size() - 1;
                if (!forced && logRandom.nextInt(100) >= 85) {
                    continue;
                }
                int sessions = logRandom.nextInt(100) < 30 ? 2 : 1;
                for (int s = 0; s < sessions; s++) {
                    LocalDateTime at = day.atTime(s == 0 ? LocalTime.of(7, 50) : LocalTime.of(14, 20))
                            .plusSeconds(logRandom.nextInt(100 * 60));
                    int mistake = logRandom.nextInt(1000);
                    if (mistake < 30) {
                        log.add(new LoginRow(user.login, user.id, at.minusSeconds(10 + logRandom.nextInt(50)), user.ip, false,
                                "WRONG_PASSWORD"));
                    } else if (mistake < 35 && !known.contains(user.login + "1")) {
                        log.add(new LoginRow(user.login + "1", null, at.minusSeconds(10 + logRandom.nextInt(50)), user.ip, false,
                                "NO_SUCH_USER"));
                    }
                    log.add(new LoginRow(user.login, user.id, at, user.ip, true, "SUCCESS"));
                    last = at;
                }
            }
            user.lastLogin = last;
        }
        return log;
    }

    /** Bursts of failed logins from outside addresses at night, against real and guessed account names. */
    private List<GroundTruth.LoginBurst> injectBursts(List<LoginRow> log) {
        List<GroundTruth.LoginBurst> bursts = new ArrayList<>();
        String[] guessed = {"root", "administrator", "guest", "test", "sa"};
        List<User> targets = users.stream().filter(u -> u.active).toList();
        for (int b = 0; b < plan.bursts(); b++) {
            String ip = (b % 2 == 0 ? "203.0.113." : "198.51.100.") + (10 + b / 2);
            String login;
            Long userId;
            if (logRandom.nextInt(2) == 0) {
                User user = targets.get(logRandom.nextInt(targets.size()));
                login = user.login;
                userId = user.id;
            } else {
                login = guessed[logRandom.nextInt(guessed.length)];
                userId = null;
            }
            LocalDateTime from = LOG_FROM.plusDays(logRandom.nextInt(30)).atTime(1, 0).plusSeconds(logRandom.nextInt(4 * 3600));
            int attempts = 12 + logRandom.nextInt(29);
            int spread = 120 + logRandom.nextInt(360);
            LocalDateTime at = from;
            for (int i = 0; i < attempts; i++) {
                at = i == 0 ? from : from.plusSeconds((long) spread * i / (attempts - 1));
                log.add(new LoginRow(login, userId, at, ip, false, userId == null ? "NO_SUCH_USER" : "WRONG_PASSWORD"));
            }
            bursts.add(new GroundTruth.LoginBurst(ip, login, from, at, attempts));
        }
        bursts.sort(Comparator.comparing(GroundTruth.LoginBurst::clientIp));
        return bursts;
    }

    private void writeUsers(Connection c, List<LoginRow> log) throws SQLException {
        try (Batch out = new Batch(c, "sys_user", "id", "login_name", "full_name", "unit_id", "job_template_id", "status",
                "password_salt", "password_hash", "created_on", "last_login_at");
                Batch roles = new Batch(c, "sys_user_role", "user_id", "role_id", "granted_on");
                Batch scopes = new Batch(c, "sys_data_scope", "user_id", "unit_id", "include_children")) {
            for (User user : users) {
                out.row(user.id, user.login, user.fullName, user.unit.id, (long) user.templateId, user.active ? "ACTIVE" : "DISABLED",
                        user.salt, user.hash, user.createdOn, user.lastLogin);
                List<Integer> held = user.roles.stream().map(roleIds::get).sorted().toList();
                for (int role : held) {
                    roles.row(user.id, (long) role, user.template.roles().contains(Catalogue.ROLES.get(role - 1).code())
                            ? user.createdOn : LocalDate.of(2025, 3, 1).plusDays(Math.floorMod(user.id * 37, 200)));
                }
                scopes.row(user.id, user.unit.id, true);
                for (long[] scope : user.extraScopes) {
                    scopes.row(user.id, scope[0], scope[1] == 1);
                }
            }
        }
        try (Batch out = new Batch(c, "sys_login_log", "id", "login_name", "user_id", "login_at", "client_ip", "success", "result")) {
            long id = 1;
            for (LoginRow row : log) {
                out.row(id++, row.login(), row.userId(), row.at(), row.ip(), row.success(), row.result());
            }
        }
    }

    // ------------------------------------------------------------------ notices, collections, bank statements, ledger

    /** One day's settlement: rows for the second writer, by table. */
    private record DayRows(List<Object[]> collections, List<Object[]> lines, List<Object[]> entries, List<Object[]> balances) {
        static final DayRows END = new DayRows(List.of(), List.of(), List.of(), List.of());
    }

    /** Where a part of the generator puts rows: a batch, or a day's list for the second writer. */
    @FunctionalInterface
    private interface Rows {
        void row(Object... values) throws SQLException;
    }

    /**
     * Writes the settlement tables (collections, bank statements, ledger) on a connection of its own while the generator
     * writes the notices: H2 and MySQL both insert into different tables in parallel, which about halves the time on two
     * cores. The generator makes every row, so the data does not depend on the threads.
     */
    private final class SettlementWriter implements Runnable {

        private final java.util.concurrent.BlockingQueue<DayRows> queue = new java.util.concurrent.ArrayBlockingQueue<>(8);
        private final DataSource dataSource;
        private volatile Throwable failure;

        SettlementWriter(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        void put(DayRows day) throws SQLException {
            try {
                while (!queue.offer(day, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    rethrow();
                    checkCancelled();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }

        void rethrow() throws SQLException {
            Throwable e = failure;
            if (e instanceof SQLException sql) {
                throw sql;
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e != null) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void run() {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (Batch collections = new Batch(c, "collection_record", "id", "notice_id", "pay_code", "bank_code", "bank_serial",
                        "amount", "channel", "paid_at", "recorded_at");
                        Batch lines = new Batch(c, "bank_statement_line", "id", "bank_code", "statement_date", "line_no", "bank_serial",
                                "pay_code", "amount", "txn_at");
                        Batch entries = new Batch(c, "ledger_entry", "id", "entry_date", "voucher_no", "line_no", "account_code",
                                "bank_code", "debit", "credit", "summary");
                        Batch balances = new Batch(c, "ledger_daily_balance", "bank_code", "balance_date", "opening_balance",
                                "debit_total", "credit_total", "closing_balance")) {
                    long uncommitted = 0;
                    while (true) {
                        DayRows day = queue.take();
                        if (day == DayRows.END) {
                            break;
                        }
                        for (Object[] row : day.collections()) {
                            collections.row(row);
                        }
                        for (Object[] row : day.lines()) {
                            lines.row(row);
                        }
                        for (Object[] row : day.entries()) {
                            entries.row(row);
                        }
                        for (Object[] row : day.balances()) {
                            balances.row(row);
                        }
                        uncommitted += day.collections().size() + day.lines().size() + day.entries().size() + day.balances().size();
                        if (uncommitted >= COMMIT_ROWS) {
                            for (Batch batch : List.of(collections, lines, entries, balances)) {
                                batch.flush();
                            }
                            c.commit();
                            uncommitted = 0;
                        }
                    }
                    for (Batch batch : List.of(collections, lines, entries, balances)) {
                        batch.flush();
                    }
                    c.commit();
                } catch (SQLException | RuntimeException | InterruptedException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (InterruptedException e) {
                failure = new CancellationException("interrupted");
                Thread.currentThread().interrupt();
            } catch (SQLException | RuntimeException e) {
                failure = e;
            }
        }
    }

    private void writeBusiness(Connection c, DataSource dataSource, List<GroundTruth.BankLine> bankOnly,
            List<GroundTruth.Collection> platformOnly, List<GroundTruth.AmountMismatch> mismatches,
            List<GroundTruth.DuplicateSerial> duplicates) throws SQLException {
        int days = (int) ChronoUnit.DAYS.between(FIRST_DAY, LAST_DAY) + 1;
        double[] dayWeights = new double[days];
        for (int d = 0; d < days; d++) {
            dayWeights[d] = dayWeight(FIRST_DAY.plusDays(d));
        }
        int[] perDay = apportion(plan.notices(), dayWeights);
        // which notices carry a bank anomaly: distinct numbers, 1-based, in the order notices are made
        Map<Long, Integer> anomalies = new LinkedHashMap<>();
        for (int kind = BANK_ONLY; kind <= DUPLICATE; kind++) {
            for (int i = 0; i < plan.bankAnomalies() && anomalies.size() < plan.notices() / 2; i++) {
                long notice;
                do {
                    notice = 1 + anomalyRandom.nextLong(plan.notices());
                } while (anomalies.containsKey(notice));
                anomalies.put(notice, kind);
            }
        }
        int[] bankWeights = Catalogue.BANKS.stream().mapToInt(Bank::weight).toArray();
        List<List<Payment>> paidOn = new ArrayList<>(java.util.Collections.nCopies(days, (List<Payment>) null));
        long[][] payable = new long[Catalogue.BANKS.size()][Catalogue.CATEGORIES.size()];
        long[] collectionId = {1};
        long[] lineId = {1};
        long[] entryId = {1};
        long noticeId = 1;
        long itemId = 1;
        SettlementWriter writer = new SettlementWriter(dataSource);
        Thread thread = new Thread(writer, "opsconsole-sandbox-settlement-writer");
        thread.setDaemon(true);
        thread.start();
        boolean ended = false;
        long uncommitted = 0;
        try (Batch notices = new Batch(c, "payment_notice", "id", "pay_code", "unit_id", "payer_name", "payer_type", "payer_id_no",
                "total_amount", "status", "issued_at", "due_on", "paid_at", "created_by");
                Batch items = new Batch(c, "payment_notice_item", "id", "notice_id", "line_no", "fee_item_id", "quantity",
                        "unit_price", "amount")) {
            for (int d = 0; d < days; d++) {
                checkCancelled();
                writer.rethrow();
                LocalDate day = FIRST_DAY.plusDays(d);
                long itemsBefore = itemId;
                for (int n = 0; n < perDay[d]; n++, noticeId++) {
                    Integer anomaly = anomalies.get(noticeId);
                    itemId = notice(notices, items, noticeId, itemId, day, d, days, anomaly == null ? NONE : anomaly, bankWeights, paidOn);
                }
                List<Payment> payments = paidOn.get(d) == null ? List.of() : paidOn.get(d);
                paidOn.set(d, null);
                DayRows rowsOfDay = new DayRows(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                long[][] received = settle(day, payments, rowsOfDay.collections()::add, rowsOfDay.lines()::add, collectionId, lineId,
                        bankOnly, platformOnly, mismatches, duplicates);
                ledger(day, received, payable, rowsOfDay.entries()::add, rowsOfDay.balances()::add, entryId);
                uncommitted += perDay[d] + itemId - itemsBefore;
                if (uncommitted >= COMMIT_ROWS || d == days - 1) {
                    notices.flush();
                    items.flush();
                    c.commit();
                    uncommitted = 0;
                }
                writer.put(rowsOfDay);
                phase("正在生成 " + day + " 的缴款书与收缴记录 / Generating the notices and collections of " + day);
            }
            writer.put(DayRows.END);
            ended = true;
        } finally {
            if (!ended) {
                thread.interrupt();
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }
        writer.rethrow();
    }

    /** How busy a day is: working days, quieter weekends and holidays, a busy year end. */
    private static double dayWeight(LocalDate day) {
        double weight = switch (day.getDayOfWeek()) {
            case SATURDAY, SUNDAY -> 0.12;
            default -> 1.0;
        };
        if (holiday(day)) {
            weight = 0.08;
        }
        return weight * switch (day.getMonthValue()) {
            case 1, 2 -> 0.85;
            case 6, 12 -> 1.25;
            default -> 1.0;
        };
    }

    private static boolean holiday(LocalDate day) {
        int md = day.getMonthValue() * 100 + day.getDayOfMonth();
        return md == 101 || (md >= 128 && md <= 204) || (md >= 404 && md <= 406) || (md >= 501 && md <= 505)
                || (md >= 531 && md <= 602) || (md >= 1001 && md <= 1008);
    }

    private long notice(Batch notices, Batch items, long noticeId, long itemId, LocalDate day, int dayIndex, int days, int anomaly,
            int[] bankWeights, List<List<Payment>> paidOn) throws SQLException {
        SplittableRandom r = noticeRandom;
        Unit unit = units.get(weighted(r, unitWeights));
        boolean weekend = dayWeight(day) < 0.5;
        LocalDateTime issuedAt = weekend ? day.atTime(9, 0).plusSeconds(r.nextInt(3 * 3600))
                : day.atTime(8, 30).plusSeconds(r.nextInt(9 * 3600));
        int count = Math.min(unit.items.size(), switch (r.nextInt(20)) {
            case 0 -> 3;
            case 1, 2, 3, 4 -> 2;
            default -> 1;
        });
        List<Integer> chosen = new ArrayList<>();
        while (chosen.size() < count) {
            int i = weighted(r, unit.itemWeights);
            if (!chosen.contains(i)) {
                chosen.add(i);
            }
        }
        long total = 0;
        long[] byCategory = new long[Catalogue.CATEGORIES.size()];
        boolean org = false;
        int line = 1;
        for (int i : chosen) {
            FeeItem item = unit.feeItems[i];
            org |= ORG_ITEMS.contains(item.key());
            int quantity = 1;
            long price;
            if (item.standardCents() > 0) {
                price = item.standardCents();
                if (r.nextInt(10) == 0) {
                    quantity = 2 + r.nextInt(3);
                }
            } else if (!item.choicesYuan().isEmpty()) {
                price = item.choicesYuan().get(r.nextInt(item.choicesYuan().size())) * 100L;
            } else {
                double u = r.nextDouble();
                double yuan = item.minYuan() * StrictMath.pow((double) item.maxYuan() / item.minYuan(), u * u * u);
                price = yuan < 1000 ? StrictMath.round(yuan * 100) : StrictMath.round(yuan) * 100;
            }
            long amount = price * quantity;
            total += amount;
            byCategory[categoryIndex.get(item.category().code())] += amount;
            items.row(itemId++, noticeId, line++, itemIndex.get(item.key()) + 1L, quantity, BigDecimal.valueOf(price, 2),
                    BigDecimal.valueOf(amount, 2));
        }
        boolean person = !org && r.nextInt(100) < 85;
        String payer;
        String idNo;
        if (person) {
            payer = Catalogue.SURNAMES[r.nextInt(Catalogue.SURNAMES.length)][0] + Catalogue.GIVEN[r.nextInt(Catalogue.GIVEN.length)][0]
                    + (r.nextInt(3) > 0 ? Catalogue.GIVEN[r.nextInt(Catalogue.GIVEN.length)][0] : "");
            idNo = unit.region.code() + "********" + String.format("%03d", r.nextInt(1000)) + "0123456789X".charAt(r.nextInt(11));
        } else {
            payer = "湛江市" + Catalogue.FIRMS[r.nextInt(Catalogue.FIRMS.length)] + Catalogue.TRADES[r.nextInt(Catalogue.TRADES.length)]
                    + "有限公司";
            idNo = "9144" + unit.region.code().substring(2) + "********" + String.format("%02d", r.nextInt(100)).replace('0', 'M');
        }
        String payCode = payCode(unit.region.code(), noticeId);
        // how the notice ends: cancelled, paid after some days (maybe after the year), or not at all
        int fate = r.nextInt(1000);
        int delay;
        if (anomaly != NONE) {
            delay = 0;
        } else if (fate < 30) {
            delay = -2; // cancelled
        } else if (fate < 50) {
            delay = -1; // never paid
        } else if (fate < 600) {
            delay = 0;
        } else if (fate < 750) {
            delay = 1;
        } else if (fate < 930) {
            delay = 2 + r.nextInt(4);
        } else {
            delay = 6 + r.nextInt(9);
        }
        String channel = switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> "COUNTER";
            case 4, 5 -> "ONLINE";
            case 6, 7, 8 -> "MOBILE";
            default -> "POS";
        };
        LocalDateTime paidAt = null;
        if (delay >= 0 && dayIndex + delay < days) {
            LocalDate payDay = day.plusDays(delay);
            boolean counter = channel.equals("COUNTER") || channel.equals("POS");
            if (counter && dayWeight(payDay) < 0.5 && anomaly == NONE) {
                channel = "MOBILE"; // counters are closed: paid from a phone
                counter = false;
            }
            LocalDateTime earliest = delay == 0 ? issuedAt.plusMinutes(3) : payDay.atStartOfDay();
            LocalDateTime start = counter ? payDay.atTime(8, 30) : payDay.atTime(7, 0);
            paidAt = (earliest.isAfter(start) ? earliest : start).plusSeconds(r.nextInt(counter ? 3 * 3600 : 5 * 3600));
            if (!paidAt.toLocalDate().equals(payDay)) {
                paidAt = payDay.atTime(23, 59, r.nextInt(60));
            }
        }
        String status = delay == -2 ? "CANCELLED" : paidAt == null || anomaly == BANK_ONLY ? "UNPAID" : "PAID";
        User issuer = unit.issuers.isEmpty() ? users.get(4) : unit.issuers.get(r.nextInt(unit.issuers.size()));
        notices.row(noticeId, payCode, unit.id, payer, person ? "PERSON" : "ORG", idNo, BigDecimal.valueOf(total, 2), status,
                issuedAt, day.plusDays(15), status.equals("PAID") ? paidAt : null, issuer.id);
        if (paidAt != null) {
            Payment payment = new Payment();
            payment.noticeId = noticeId;
            payment.payCode = payCode;
            payment.cents = total;
            payment.paidAt = paidAt;
            payment.channel = channel;
            payment.bank = weighted(r, bankWeights);
            payment.byCategory = byCategory;
            payment.anomaly = anomaly;
            int payIndex = dayIndex + delay;
            if (paidOn.get(payIndex) == null) {
                paidOn.set(payIndex, new ArrayList<>());
            }
            paidOn.get(payIndex).add(payment);
        }
        return itemId;
    }

    /**
     * The day's payments: collections in the platform, lines in each bank's statement, anomalies as planned.
     *
     * @return what the platform recorded per bank and category, in cents
     */
    private long[][] settle(LocalDate day, List<Payment> payments, Rows collections, Rows lines, long[] collectionId, long[] lineId,
            List<GroundTruth.BankLine> bankOnly, List<GroundTruth.Collection> platformOnly,
            List<GroundTruth.AmountMismatch> mismatches, List<GroundTruth.DuplicateSerial> duplicates) throws SQLException {
        List<Payment> sorted = new ArrayList<>(payments);
        sorted.sort(Comparator.comparing((Payment p) -> p.paidAt).thenComparingLong(p -> p.noticeId));
        int banks = Catalogue.BANKS.size();
        int[] sequence = new int[banks];
        List<List<Object[]>> statement = new ArrayList<>();
        for (int b = 0; b < banks; b++) {
            statement.add(new ArrayList<>());
        }
        long[][] received = new long[banks][Catalogue.CATEGORIES.size()];
        String date = day.format(DAY);
        for (Payment p : sorted) {
            Bank bank = Catalogue.BANKS.get(p.bank);
            String serial = bank.bankNo() + date + String.format("%08d", ++sequence[p.bank]);
            BigDecimal amount = BigDecimal.valueOf(p.cents, 2);
            LocalDateTime recordedAt = p.paidAt.plusSeconds(5 + noticeRandom.nextInt(300));
            BigDecimal bankAmount = amount;
            if (p.anomaly == MISMATCH) {
                long[] deltas = {-10_000, -100, -1, 1, 100, 1_000, 10_000};
                long delta;
                do {
                    delta = deltas[anomalyRandom.nextInt(deltas.length)];
                } while (p.cents + delta <= 0);
                bankAmount = BigDecimal.valueOf(p.cents + delta, 2);
            }
            if (p.anomaly != BANK_ONLY) {
                long id = collectionId[0]++;
                collections.row(id, p.noticeId, p.payCode, bank.code(), serial, amount, p.channel, p.paidAt, recordedAt);
                add(received[p.bank], p.byCategory);
                if (p.anomaly == PLATFORM_ONLY) {
                    platformOnly.add(new GroundTruth.Collection(id, bank.code(), serial, p.payCode, amount, p.paidAt));
                } else if (p.anomaly == MISMATCH) {
                    mismatches.add(new GroundTruth.AmountMismatch(id, bank.code(), serial, p.payCode, amount, bankAmount));
                } else if (p.anomaly == DUPLICATE) {
                    // the bank's confirmation was processed twice
                    long again = collectionId[0]++;
                    collections.row(again, p.noticeId, p.payCode, bank.code(), serial, amount, p.channel, p.paidAt,
                            recordedAt.plusMinutes(30 + anomalyRandom.nextInt(150)));
                    add(received[p.bank], p.byCategory);
                    duplicates.add(new GroundTruth.DuplicateSerial(bank.code(), serial, p.payCode, List.of(id, again)));
                }
            } else {
                bankOnly.add(new GroundTruth.BankLine(bank.code(), serial, p.payCode, amount, day));
            }
            if (p.anomaly != PLATFORM_ONLY) {
                statement.get(p.bank).add(new Object[] {serial, p.payCode, bankAmount, p.paidAt});
            }
        }
        for (int b = 0; b < banks; b++) {
            int lineNo = 1;
            for (Object[] line : statement.get(b)) {
                lines.row(lineId[0]++, Catalogue.BANKS.get(b).code(), day, lineNo++, line[0], line[1], line[2], line[3]);
            }
        }
        return received;
    }

    private static void add(long[] into, long[] amounts) {
        for (int i = 0; i < into.length; i++) {
            into[i] += amounts[i];
        }
    }

    /** The day's vouchers: collections per bank and category; every ten days, the transfer to the treasury; balances. */
    private void ledger(LocalDate day, long[][] received, long[][] payable, Rows entries, Rows balances, long[] entryId)
            throws SQLException {
        boolean transfer = day.getDayOfMonth() == 10 || day.getDayOfMonth() == 20 || day.getDayOfMonth() == day.lengthOfMonth();
        String date = day.format(DAY);
        for (int b = 0; b < Catalogue.BANKS.size(); b++) {
            Bank bank = Catalogue.BANKS.get(b);
            long opening = Arrays.stream(payable[b]).sum();
            long debit = Arrays.stream(received[b]).sum();
            if (debit > 0) {
                String voucher = "SJ" + date + String.format("%02d", b + 1);
                int line = 1;
                entries.row(entryId[0]++, day, voucher, line++, Catalogue.DEPOSIT_ACCOUNT, bank.code(), BigDecimal.valueOf(debit, 2),
                        BigDecimal.ZERO.setScale(2), "非税收入收缴汇总入账");
                for (int k = 0; k < received[b].length; k++) {
                    if (received[b][k] > 0) {
                        entries.row(entryId[0]++, day, voucher, line++, Catalogue.payableAccount(k), bank.code(),
                                BigDecimal.ZERO.setScale(2), BigDecimal.valueOf(received[b][k], 2),
                                "非税收入收缴汇总入账-" + Catalogue.CATEGORIES.get(k).name());
                        payable[b][k] += received[b][k];
                    }
                }
            }
            long credit = 0;
            if (transfer && Arrays.stream(payable[b]).sum() > 0) {
                String voucher = "HJ" + date + String.format("%02d", b + 1);
                int line = 1;
                for (int k = 0; k < payable[b].length; k++) {
                    if (payable[b][k] > 0) {
                        entries.row(entryId[0]++, day, voucher, line++, Catalogue.payableAccount(k), bank.code(),
                                BigDecimal.valueOf(payable[b][k], 2), BigDecimal.ZERO.setScale(2),
                                "划缴国库-" + Catalogue.CATEGORIES.get(k).name());
                        credit += payable[b][k];
                        payable[b][k] = 0;
                    }
                }
                entries.row(entryId[0]++, day, voucher, line, Catalogue.DEPOSIT_ACCOUNT, bank.code(), BigDecimal.ZERO.setScale(2),
                        BigDecimal.valueOf(credit, 2), "划缴国库");
            }
            balances.row(bank.code(), day, BigDecimal.valueOf(opening, 2), BigDecimal.valueOf(debit, 2), BigDecimal.valueOf(credit, 2),
                    BigDecimal.valueOf(opening + debit - credit, 2));
        }
    }

    /** Lets the platform's own inserts (a posted collection, a sign-in) continue after the generated ids. */
    private void restartIdentities(Connection c) throws SQLException {
        for (String table : List.of("sys_login_log")) {
            long next;
            try (Statement s = c.createStatement(); var rs = s.executeQuery("select coalesce(max(id), 0) + 1 from " + table)) {
                rs.next();
                next = rs.getLong(1);
            }
            try (Statement s = c.createStatement()) {
                s.execute(dialect == SQLDialect.H2 ? "alter table " + table + " alter column id restart with " + next
                        : "alter table " + table + " auto_increment = " + next);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The 20-digit 缴款码: region, year, the notice's number, and two check digits (ISO 7064 mod 97-10). */
    static String payCode(String region, long number) {
        String body = region + "25" + String.format("%010d", number);
        long check = 98 - Long.parseLong(body) % 97 * 100 % 97;
        return body + String.format("%02d", check);
    }

    /** @return true when a text is a 20-digit 缴款码 with the right check digits */
    static boolean validPayCode(String code) {
        return code != null && code.matches("\\d{20}")
                && (Long.parseLong(code.substring(0, 18)) % 97 * 100 + Long.parseLong(code.substring(18))) % 97 == 1;
    }

    private static int weighted(SplittableRandom random, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Splits a whole number in proportion to weights, exactly (largest remainders, ties to the first). */
    static int[] apportion(int total, double[] weights) {
        double sum = Arrays.stream(weights).sum();
        int[] shares = new int[weights.length];
        double[] remainders = new double[weights.length];
        int given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            shares[i] = (int) Math.floor(exact);
            remainders[i] = exact - shares[i];
            given += shares[i];
        }
        Integer[] order = new Integer[weights.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(remainders[b], remainders[a]));
        for (int i = 0; given < total; i = (i + 1) % order.length) {
            shares[order[i]]++;
            given++;
        }
        return shares;
    }

    static int[] apportion(int total, int[] weights) {
        return apportion(total, Arrays.stream(weights).asDoubleStream().toArray());
    }

    private static String hex(SplittableRandom random, int length) {
        byte[] bytes = new byte[length / 2];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String password(SplittableRandom random) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.append('#').append(random.nextInt(10)).toString();
    }

    /** @return the hex SHA-256 of a text's UTF-8 bytes */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Rows of one table, sent in JDBC batches (rewritten into multi-row inserts on MySQL). */
    private final class Batch implements Rows, AutoCloseable {

        private final PreparedStatement statement;
        private int pending;

        Batch(Connection c, String table, String... columns) throws SQLException {
            this.statement = c.prepareStatement("insert into " + table + " (" + String.join(", ", columns) + ") values ("
                    + String.join(", ", java.util.Collections.nCopies(columns.length, "?")) + ")");
        }

        @Override
        public void row(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                if (value instanceof Long number) {
                    statement.setLong(i + 1, number);
                } else if (value instanceof Integer number) {
                    statement.setInt(i + 1, number);
                } else if (value instanceof String text) {
                    statement.setString(i + 1, text);
                } else if (value instanceof BigDecimal number) {
                    statement.setBigDecimal(i + 1, number);
                } else if (value instanceof Boolean yes) {
                    statement.setBoolean(i + 1, yes);
                } else if (value == null) {
                    statement.setNull(i + 1, java.sql.Types.NULL);
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            statement.addBatch();
            if (++pending == BATCH) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (pending > 0) {
                statement.executeBatch();
                long written = rows.addAndGet(pending);
                pending = 0;
                progress.update(written, phase);
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                flush();
            } finally {
                statement.close();
            }
        }
    }
}
