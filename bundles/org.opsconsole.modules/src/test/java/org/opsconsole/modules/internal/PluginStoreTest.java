package org.opsconsole.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.modules.internal.PluginStore.Action;
import org.opsconsole.modules.internal.PluginStore.Change;
import org.opsconsole.modules.internal.PluginStore.Outcome;
import org.opsconsole.testing.TestDatabases;

/** The change history keeps the backup that protected each change, through both migration scripts. On H2 and MySQL/MariaDB. */
class PluginStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T01:30:00Z"), ZoneOffset.UTC);
    private static final String BACKUP = "bk-20261127-013000-7f3a";
    private static final String LINK = "#/backups/bk-20261127-013000-7f3a";

    private TestDatabases.Target target;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    private PluginStore store(String kind) throws Exception {
        target = TestDatabases.create(kind, "plugins");
        return new PluginStore(target.database(), CLOCK);
    }

    private static long record(PluginStore store, Outcome outcome, String backupId, String backupLink) {
        return store.record("zhang.wei", Action.INSTALL, "org.example:reports:1.0.0", "install org.example.reports 1.0.0",
                PluginState.EMPTY, PluginState.EMPTY, outcome, outcome == Outcome.APPLIED ? null : "启动失败 / failed to start",
                backupId, backupLink);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anAppliedChangeKeepsItsBackupInTheChangeAndTheHistory(String kind) throws Exception {
        PluginStore store = store(kind);
        long id = record(store, Outcome.APPLIED, BACKUP, LINK);

        Change change = store.change(id).orElseThrow();
        assertEquals(BACKUP, change.backupId());
        assertEquals(LINK, change.backupLink());
        Change listed = store.history(10, null).get(0);
        assertEquals(id, listed.id());
        assertEquals(BACKUP, listed.backupId());
        assertEquals(LINK, listed.backupLink());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRolledBackChangeKeepsTheBackupTakenForIt(String kind) throws Exception {
        PluginStore store = store(kind);
        long id = record(store, Outcome.ROLLED_BACK, BACKUP, LINK);

        Change change = store.change(id).orElseThrow();
        assertEquals(Outcome.ROLLED_BACK, change.outcome());
        assertEquals(BACKUP, change.backupId());
        assertEquals(LINK, change.backupLink());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aChangeNoBackupProtectedHasNone(String kind) throws Exception {
        PluginStore store = store(kind);
        long id = record(store, Outcome.APPLIED, null, null);

        Change change = store.change(id).orElseThrow();
        assertNull(change.backupId());
        assertNull(change.backupLink());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aBackupIdLongerThanTheColumnIsClippedRatherThanFailingTheRecordOfAChangeAlreadyMade(String kind) throws Exception {
        PluginStore store = store(kind);
        String id = "backup-" + "0123456789".repeat(10);
        String link = "#/backups/" + "x".repeat(600);

        Change change = store.change(record(store, Outcome.APPLIED, id, link)).orElseThrow();

        assertEquals(64, change.backupId().length());
        assertTrue(change.backupId().startsWith("backup-0123456789"), change.backupId());
        assertTrue(change.backupId().endsWith("…"), change.backupId());
        assertEquals(500, change.backupLink().length());
    }
}
