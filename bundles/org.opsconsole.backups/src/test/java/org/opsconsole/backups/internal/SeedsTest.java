package org.opsconsole.backups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.backups.internal.schema.Tables.BACKUP_RUN;
import static org.opsconsole.backups.internal.schema.Tables.BACKUP_TARGET;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.notify.SettingValues;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;

/**
 * The seeded targets' English names: stored by the seeds of a new installation, and given by V2__target_names_en.sql to
 * the targets seeded before it (and to their backups) while they are still as Seeds made them. On H2 and MySQL.
 */
class SeedsTest {

    private static final String V2 = TestDatabases.MIGRATIONS + "/V2__target_names_en.sql";
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

    @TempDir
    Path home;

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

    private TargetStore store() throws IOException {
        Files.createDirectories(home.resolve("conf"));
        return new TargetStore(db.database(), new TestSecretBox(), new MutableClock(T0), home);
    }

    private Map<String, Target> targetsByName() throws IOException {
        return store().list().stream().collect(Collectors.toMap(Target::name, Function.identity()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aNewInstallationStoresTheSeededTargetsWithTheirEnglishNames(String kind) throws Exception {
        db = TestDatabases.create(kind, "backups");
        TargetStore store = store();
        for (TargetStore.Input seed : Seeds.targets()) {
            assertTrue(store.seed(seed), seed.name());
        }

        Map<String, Target> stored = targetsByName();
        assertEquals(3, stored.size());
        for (TargetStore.Input seed : Seeds.targets()) {
            Target target = stored.get(seed.name());
            assertEquals(seed.nameEn(), target.nameEn(), seed.name());
            assertEquals(seed.kind(), target.kind().id());
        }
        assertEquals("Console database", stored.get("控制台数据库").nameEn());
        assertEquals("Console configuration files", stored.get("控制台配置文件").nameEn());
        assertEquals("Simulated platform database", stored.get("模拟平台数据库").nameEn());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theMigrationNamesTheTargetsSeededBeforeItAndTheirBackupsInEnglish(String kind) throws Exception {
        db = TestDatabases.empty(kind);
        List<String> statements = TestDatabases.statements(TestDatabases.MIGRATIONS);
        int v2 = statementsOf(V2);
        execute(statements.subList(0, statements.size() - v2));
        for (TargetStore.Input seed : Seeds.targets()) {
            insertAsBeforeV2(seed.name(), seed.kind(), seed.settings());
        }
        long operators = insertAsBeforeV2("平台业务库", "database", Map.of("url", "jdbc:h2:mem:platform"));
        long console = idOf("控制台数据库");
        insertRunAsBeforeV2("r-now", console, "控制台数据库");
        insertRunAsBeforeV2("r-renamed", console, "旧的控制台库");
        insertRunAsBeforeV2("r-deleted", 999, "控制台配置文件");
        insertRunAsBeforeV2("r-operators", operators, "平台业务库");

        execute(statements.subList(statements.size() - v2, statements.size()));

        Map<String, Target> stored = targetsByName();
        for (TargetStore.Input seed : Seeds.targets()) {
            assertEquals(seed.nameEn(), stored.get(seed.name()).nameEn(), "the script's English name and match are the seed's: "
                    + seed.name());
        }
        assertNull(stored.get("平台业务库").nameEn(), "an operator's target has one name");
        assertEquals("Console database", runNameEn("r-now"), "a backup of a seeded target, under its name");
        assertNull(runNameEn("r-renamed"), "a backup taken under another name keeps that one name");
        assertNull(runNameEn("r-deleted"), "a backup of a deleted target cannot be told apart from an operator's");
        assertNull(runNameEn("r-operators"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theMigrationLeavesSeededTargetsAnOperatorChangedWithTheirOneName(String kind) throws Exception {
        db = TestDatabases.empty(kind);
        List<String> statements = TestDatabases.statements(TestDatabases.MIGRATIONS);
        int v2 = statementsOf(V2);
        execute(statements.subList(0, statements.size() - v2));
        // the console database renamed; the configuration pointed at another folder; the sandbox's target deleted and
        // its name given to a database of the operator's; a console database target the operator made under another name
        insertAsBeforeV2("生产控制台库", Seeds.CONSOLE.kind(), Seeds.CONSOLE.settings());
        insertAsBeforeV2(Seeds.CONFIGURATION.name(), Seeds.CONFIGURATION.kind(), Map.of("path", "/etc/opsconsole"));
        insertAsBeforeV2(Seeds.SANDBOX_PLATFORM.name(), Seeds.SANDBOX_PLATFORM.kind(), Map.of("url", "jdbc:mysql://db:3306/platform"));
        insertAsBeforeV2("控制台数据库", Seeds.CONFIGURATION.kind(), Map.of("path", "data"));

        execute(statements.subList(statements.size() - v2, statements.size()));

        Map<String, Target> stored = targetsByName();
        assertEquals(4, stored.size());
        stored.values().forEach(target -> assertNull(target.nameEn(), target.name() + " is the operator's now"));
    }

    /** A target row as TargetStore wrote it before V2: the columns of V1 alone, the settings as the store checks them. */
    private long insertAsBeforeV2(String name, String kind, Map<String, String> settings) {
        TargetKind targetKind = TargetKind.of(kind).orElseThrow();
        SettingValues.Checked checked = SettingValues.check(SettingValues.EMPTY, settings, targetKind.fields(), targetKind::validate,
                new TestSecretBox());
        assertEquals(List.of(), checked.errors());
        db.dsl().insertInto(BACKUP_TARGET)
                .set(BACKUP_TARGET.NAME, name)
                .set(BACKUP_TARGET.KIND, kind)
                .set(BACKUP_TARGET.SETTINGS, checked.settings().toJson())
                .set(BACKUP_TARGET.SCHEDULE, "0 0 2 * * ?")
                .set(BACKUP_TARGET.KEEP_LAST, 3)
                .set(BACKUP_TARGET.KEEP_DAILY, 7)
                .set(BACKUP_TARGET.KEEP_WEEKLY, 4)
                .set(BACKUP_TARGET.KEEP_MONTHLY, 6)
                .set(BACKUP_TARGET.EXPECT_HOURS, 26)
                .set(BACKUP_TARGET.UPGRADE_BACKUP, true)
                .set(BACKUP_TARGET.ENABLED, true)
                .set(BACKUP_TARGET.CREATED_AT, T0)
                .set(BACKUP_TARGET.UPDATED_AT, T0)
                .execute();
        return idOf(name);
    }

    private long idOf(String name) {
        return db.dsl().select(BACKUP_TARGET.ID).from(BACKUP_TARGET).where(BACKUP_TARGET.NAME.eq(name)).fetchSingle().value1();
    }

    /** A backup row as RunStore wrote it before V2. */
    private void insertRunAsBeforeV2(String id, long targetId, String targetName) {
        db.dsl().insertInto(BACKUP_RUN)
                .set(BACKUP_RUN.ID, id)
                .set(BACKUP_RUN.TARGET_ID, targetId)
                .set(BACKUP_RUN.TARGET_NAME, targetName)
                .set(BACKUP_RUN.REASON, Run.Reason.SCHEDULED.name())
                .set(BACKUP_RUN.STATE, Run.State.COMPLETE.name())
                .set(BACKUP_RUN.NODE, "node-1")
                .set(BACKUP_RUN.STARTED_AT, T0)
                .set(BACKUP_RUN.HEARTBEAT_AT, T0)
                .set(BACKUP_RUN.VERIFY_STATE, Run.VerifyState.NONE.name())
                .execute();
    }

    private String runNameEn(String id) {
        return new RunStore(db.database(), new MutableClock(T0)).find(id).orElseThrow().targetNameEn();
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
            assertEquals(7, count, "V2's statements");
            return count;
        }
    }
}
