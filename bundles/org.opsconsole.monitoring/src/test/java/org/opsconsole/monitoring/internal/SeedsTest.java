package org.opsconsole.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_RULE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.monitoring.internal.Seeds.BuiltInRule;
import org.opsconsole.monitoring.internal.alerts.Rule;
import org.opsconsole.monitoring.internal.alerts.RuleStore;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringRuleRecord;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestAuditLog;
import org.opsconsole.testing.TestDatabases;

/**
 * The built-in rules' English names and descriptions: stored by the seeds of a new installation, and filled by
 * V5__rule_names_en.sql for rules seeded before it. On H2 and MySQL.
 */
class SeedsTest {

    private static final String V5 = TestDatabases.MIGRATIONS + "/V5__rule_names_en.sql";
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

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
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theMigrationGivesRulesSeededBeforeItTheirEnglishTextsUnlessAnOperatorChangedThem(String kind) throws Exception {
        db = TestDatabases.empty(kind);
        List<String> statements = TestDatabases.statements(TestDatabases.MIGRATIONS);
        int v5 = statementsOf(V5);
        execute(statements.subList(0, statements.size() - v5));
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

        execute(statements.subList(statements.size() - v5, statements.size()));

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

    /** A rule row as RuleStore wrote it before V5: the columns of V1 alone. */
    private void insertAsBeforeV5(String name, String description, boolean builtIn) {
        MonitoringRuleRecord r = TestRules.row(db.dsl(), name, description, builtIn, T0);
        db.dsl().insertInto(MONITORING_RULE).set(r).execute();
    }

    private void execute(List<String> statements) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** How many statements a script has, counted as TestDatabases splits them (comment lines out, split at ';'). */
    private static int statementsOf(String script) throws IOException {
        try (InputStream in = SeedsTest.class.getClassLoader().getResourceAsStream(script)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String sql = text.lines().filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n", "", "\n"));
            int count = (int) List.of(sql.split(";\\s*\n")).stream().filter(s -> !s.isBlank()).count();
            assertTrue(count > 2, "V5 has its statements: " + count);
            return count;
        }
    }
}
