package org.opsconsole.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_RULE;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_SEED;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.monitoring.internal.Seeds.BuiltInRule;
import org.opsconsole.monitoring.internal.Seeds.BuiltInTarget;
import org.opsconsole.monitoring.internal.alerts.Rule;
import org.opsconsole.monitoring.internal.alerts.RuleStore;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringRuleRecord;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringTargetRecord;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestAuditLog;
import org.opsconsole.testing.TestDatabases;

/**
 * The English names of what the module seeds: the built-in rules' names and descriptions and the default targets'
 * names, stored by the seeds of a new installation, and filled by V5__rule_names_en.sql and V6__target_names_en.sql
 * for what was seeded before them. On H2 and MySQL.
 */
class SeedsTest {

    private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__.+\\.sql");
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    /** When the sandbox came, later than the first start. */
    private static final Instant T1 = T0.plus(Duration.ofHours(2));

    private TestDatabases.Target db;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private RuleStore store() {
        return new RuleStore(db.database(), new TestAuditLog(), new MutableClock(T0));
    }

    private Map<String, Rule> rulesByName() {
        return store().list().stream().collect(Collectors.toMap(Rule::name, Function.identity()));
    }

    private Map<String, MonitoringTargetRecord> targetsByName() {
        return db.dsl().selectFrom(MONITORING_TARGET).fetch().stream()
                .collect(Collectors.toMap(MonitoringTargetRecord::getName, Function.identity()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aNewInstallationStoresTheBuiltInRulesWithTheirEnglishTexts(String kind) throws Exception {
        db = TestDatabases.create(kind, "monitoring");
        new Seeds(db.database(), store(), MonitoringSettings.of(name -> "opsconsole.monitoring.seed.targets".equals(name) ? "false"
                : null), null);

        Map<String, Rule> stored = rulesByName();
        assertEquals(Seeds.rules().size(), stored.size());
        for (BuiltInRule builtIn : Seeds.rules().values()) {
            Rule rule = stored.get(builtIn.input().name());
            assertTrue(rule.builtIn(), rule.name());
            assertEquals(builtIn.nameEn(), rule.nameEn());
            assertEquals(builtIn.descriptionEn(), rule.descriptionEn());
            assertEquals(builtIn.input().description(), rule.description(), "the Chinese texts stay as they were");
        }
        assertTrue(targetsByName().isEmpty(), "no targets when they are not to be seeded");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aNewInstallationStoresTheDefaultTargetsWithTheirEnglishNames(String kind) throws Exception {
        db = TestDatabases.create(kind, "monitoring");
        Seeds seeds = new Seeds(db.database(), store(), MonitoringSettings.of(name -> null), "8181");
        assertEquals(3, targetsByName().size(), "the console's own targets at first");
        seeds.bindSandbox(null);

        Map<String, MonitoringTargetRecord> stored = targetsByName();
        Map<String, BuiltInTarget> seeded = Seeds.targets("8181");
        assertEquals(seeded.size(), stored.size());
        for (BuiltInTarget target : seeded.values()) {
            MonitoringTargetRecord record = stored.get(target.name());
            assertEquals(target.nameEn(), record.getNameEn(), target.name());
            assertEquals(target.kind(), record.getKind());
        }
        assertEquals(Map.of("url", "http://127.0.0.1:8181/sandbox/platform/health", "expectStatus", "200"),
                JsonText.labels(stored.get("模拟平台 · 前端服务").getSettings()), "the sandbox's front end on the console's port");

        // seeded once: a deleted default is not created again, with either name
        db.dsl().deleteFrom(MONITORING_TARGET).where(MONITORING_TARGET.NAME.eq("控制台主机")).execute();
        new Seeds(db.database(), store(), MonitoringSettings.of(name -> null), "8181").bindSandbox(null);
        assertEquals(seeded.size() - 1, targetsByName().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theMigrationGivesRulesSeededBeforeItTheirEnglishTextsUnlessAnOperatorChangedThem(String kind) throws Exception {
        db = TestDatabases.empty(kind);
        execute(statementsBefore(5));
        for (BuiltInRule builtIn : Seeds.rules().values()) {
            insertAsBeforeV5(builtIn.input().name(), builtIn.input().description(), true);
        }
        // an operator renamed one built-in rule and gave their own rule its old name; they changed another's description
        BuiltInRule down = Seeds.rules().get("down");
        BuiltInRule disk = Seeds.rules().get("disk");
        db.dsl().update(MONITORING_RULE).set(MONITORING_RULE.NAME, "前端宕机").where(MONITORING_RULE.NAME.eq(down.input().name()))
                .execute();
        insertAsBeforeV5(down.input().name(), down.input().description(), false);
        db.dsl().update(MONITORING_RULE).set(MONITORING_RULE.DESCRIPTION, "/data 满了找值班员。")
                .where(MONITORING_RULE.NAME.eq(disk.input().name())).execute();

        execute(statementsFrom(5));

        Map<String, Rule> stored = rulesByName();
        for (Map.Entry<String, BuiltInRule> seed : Seeds.rules().entrySet()) {
            if (seed.getKey().equals("down") || seed.getKey().equals("disk")) {
                continue;
            }
            Rule rule = stored.get(seed.getValue().input().name());
            assertEquals(seed.getValue().nameEn(), rule.nameEn(), "the script's English name is the seed's: " + seed.getKey());
            assertEquals(seed.getValue().descriptionEn(), rule.descriptionEn(), "the script's English description is the seed's: "
                    + seed.getKey());
        }
        Rule renamed = stored.get("前端宕机");
        assertNull(renamed.nameEn(), "a renamed built-in rule keeps the name the operator gave");
        assertEquals(down.descriptionEn(), renamed.descriptionEn(), "its description is still the module's");
        Rule operators = stored.get(down.input().name());
        assertNull(operators.nameEn(), "an operator's rule has one name, even when it is a built-in rule's old name");
        assertNull(operators.descriptionEn());
        Rule described = stored.get(disk.input().name());
        assertEquals(disk.nameEn(), described.nameEn());
        assertNull(described.descriptionEn(), "a changed description keeps what the operator wrote");
        assertEquals("/data 满了找值班员。", described.englishDescription());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theMigrationGivesTargetsSeededBeforeItTheirEnglishNames(String kind) throws Exception {
        db = TestDatabases.empty(kind);
        execute(statementsBefore(6));
        Map<String, BuiltInTarget> seeded = Seeds.targets("8080");
        for (Map.Entry<String, BuiltInTarget> seed : seeded.entrySet()) {
            Instant at = seed.getKey().startsWith("sandbox-") ? T1 : T0;
            insertAsBeforeV6(seed.getValue().name(), seed.getValue().kind(), at);
            marked(seed.getKey(), at.plusMillis(4));
        }
        // an operator changed a seeded target's interval later: it is still the seeded one
        db.dsl().update(MONITORING_TARGET).set(MONITORING_TARGET.INTERVAL_SECONDS, 60)
                .set(MONITORING_TARGET.UPDATED_AT, T1.plus(Duration.ofDays(3))).set(MONITORING_TARGET.UPDATED_BY, "admin")
                .where(MONITORING_TARGET.NAME.eq(seeded.get("jvm").name())).execute();
        insertAsBeforeV6("非税平台前端", "http", T1.plus(Duration.ofDays(1)));

        execute(statementsFrom(6));

        Map<String, MonitoringTargetRecord> stored = targetsByName();
        for (Map.Entry<String, BuiltInTarget> seed : seeded.entrySet()) {
            assertEquals(seed.getValue().nameEn(), stored.get(seed.getValue().name()).getNameEn(),
                    "the script's English name is the seed's: " + seed.getKey());
        }
        assertNull(stored.get("非税平台前端").getNameEn(), "an operator's target has its one name");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theMigrationLeavesTargetsThatAreNotTheSeededOnesOrWereRenamedAlone(String kind) throws Exception {
        db = TestDatabases.empty(kind);
        execute(statementsBefore(6));
        Map<String, BuiltInTarget> seeded = Seeds.targets("8080");
        // renamed by an operator after it was seeded
        insertAsBeforeV6("平台主机", "host", T0);
        marked("host", T0.plusMillis(4));
        // the seeded one deleted, and an operator's made later under the same name
        insertAsBeforeV6(seeded.get("jvm").name(), "jvm", T0.plus(Duration.ofDays(2)));
        marked("jvm", T0.plusMillis(4));
        // an operator's of the same name made long before the seed, which the seed then did not replace
        insertAsBeforeV6(seeded.get("sandbox-db").name(), "database", T0.minus(Duration.ofDays(10)));
        marked("sandbox-db", T1);
        // the seed's name with another kind
        insertAsBeforeV6(seeded.get("sandbox-http").name(), "tcp", T1);
        marked("sandbox-http", T1.plusMillis(4));
        // the seed's name and kind, but never seeded (the default targets were turned off)
        insertAsBeforeV6(seeded.get("health").name(), "health", T0);

        execute(statementsFrom(6));

        Map<String, MonitoringTargetRecord> stored = targetsByName();
        assertEquals(5, stored.size());
        stored.values().forEach(target -> assertNull(target.getNameEn(), target.getName() + " has its one name"));
    }

    /** A rule row as RuleStore wrote it before V5: the columns of V1 alone. */
    private void insertAsBeforeV5(String name, String description, boolean builtIn) {
        MonitoringRuleRecord r = TestRules.row(db.dsl(), name, description, builtIn, T0);
        db.dsl().insertInto(MONITORING_RULE).set(r).execute();
    }

    /** A target row as Seeds and TargetStore wrote it before V6: the columns of V1 alone. */
    private void insertAsBeforeV6(String name, String kind, Instant createdAt) {
        MonitoringTargetRecord r = db.dsl().newRecord(MONITORING_TARGET);
        r.setName(name);
        r.setKind(kind);
        r.setSettings("{}");
        r.setLabels("{}");
        r.setIntervalSeconds(30);
        r.setTimeoutSeconds(10);
        r.setEnabled(true);
        r.setCreatedAt(createdAt);
        r.setUpdatedAt(createdAt);
        r.setUpdatedBy("system");
        db.dsl().insertInto(MONITORING_TARGET).set(r).execute();
    }

    /** The record Seeds keeps of a target it seeded (by the seed's name without its {@code target:} prefix). */
    private void marked(String seed, Instant at) {
        db.dsl().insertInto(MONITORING_SEED).set(MONITORING_SEED.NAME, "target:" + seed).set(MONITORING_SEED.SEEDED_AT, at).execute();
    }

    private void execute(List<String> statements) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** The statements of the scripts before version {@code version}, in order. */
    private static List<String> statementsBefore(int version) throws IOException {
        return statements(v -> v < version);
    }

    /** The statements of the script of version {@code version} and the later ones, in order. */
    private static List<String> statementsFrom(int version) throws IOException {
        List<String> from = statements(v -> v >= version);
        assertTrue(statements(v -> v == version).size() > 2, "V" + version + " has its statements");
        assertEquals(TestDatabases.statements(TestDatabases.MIGRATIONS), statements(v -> true), "the scripts split as TestDatabases does");
        return from;
    }

    /**
     * The statements of the module's scripts whose version is chosen, in version order, split as TestDatabases splits
     * them (comment lines out, split at ';' ending a line); all of them together are what TestDatabases.create runs.
     */
    private static List<String> statements(IntPredicate chosen) throws IOException {
        Map<Integer, Path> scripts = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of(SeedsTest.class.getClassLoader().getResource(TestDatabases.MIGRATIONS).toURI()))) {
            files.forEach(file -> {
                Matcher m = SCRIPT.matcher(file.getFileName().toString());
                if (m.matches()) {
                    scripts.put(Integer.parseInt(m.group(1)), file);
                }
            });
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> statements = new ArrayList<>();
        for (int version : scripts.keySet().stream().sorted(Comparator.naturalOrder()).toList()) {
            if (!chosen.test(version)) {
                continue;
            }
            String sql = Files.readString(scripts.get(version), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n", "", "\n"));
            for (String statement : sql.split(";\\s*\n")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip());
                }
            }
        }
        return statements;
    }
}
