package org.opsconsole.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.backup.ModuleChange;
import org.opsconsole.api.backup.ProtectingBackup;
import org.opsconsole.api.backup.UpgradeBackupException;
import org.opsconsole.api.backup.UpgradeBackups;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.modules.internal.Plan.Message;
import org.opsconsole.modules.internal.Plan.Step;
import org.opsconsole.modules.internal.PluginStore.Action;
import org.opsconsole.modules.internal.PluginStore.Outcome;
import org.opsconsole.modules.internal.testing.Bundles;
import org.opsconsole.testing.ServletAnswer;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestRequests;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.resolver.Resolver;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The plugin manager asks the backup module for a backup before a change touches the framework, refuses the change
 * when the backup fails, and records the backup with the change. Without a framework: the changes reverted here hold
 * no bundles, so the framework (a mock) is asked for nothing but its start level; what is tested is what happens around
 * it. On H2 (the store's SQL is tested on both databases by {@link PluginStoreTest}).
 */
class PreUpgradeBackupTest {

    private static final Instant NOW = Instant.parse("2026-11-27T01:30:00Z");
    private static final ProtectingBackup TAKEN = new ProtectingBackup("bk-20261127-013000-7f3a", NOW, true,
            "#/backups/bk-20261127-013000-7f3a");

    @TempDir
    Path data;

    private TestDatabases.Target database;
    private PluginStore store;
    private BundleContext context;
    private PluginManager manager;
    private final List<AuditEvent> audited = new ArrayList<>();
    private final List<ModuleChange> asked = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        database = TestDatabases.create("h2", "plugins");
        store = new PluginStore(database.database(), Clock.fixed(NOW, ZoneOffset.UTC));
        context = mock(BundleContext.class);
        when(context.getProperty("opsconsole.data")).thenReturn(data.toString());
        when(context.getBundles()).thenReturn(new Bundle[0]);
        Bundle framework = mock(Bundle.class);
        when(framework.adapt(FrameworkStartLevel.class)).thenReturn(mock(FrameworkStartLevel.class));
        when(context.getBundle(0)).thenReturn(framework);
        manager = new PluginManager(context, mock(Resolver.class), audited::add, store, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void drop() throws Exception {
        database.close();
    }

    /** A change recorded earlier, from a state to nothing installed: reverting it goes back to that state. */
    private long earlierChange(PluginState before) {
        return store.record("li.na", Action.UNINSTALL, "org.example:reports:1.0.0", "remove nothing", before,
                PluginState.EMPTY, Outcome.APPLIED, null, null, null);
    }

    /** A backup module that remembers what it was asked and answers with the backup given. */
    private UpgradeBackups answering(Optional<ProtectingBackup> backup) {
        return change -> {
            asked.add(change);
            return backup;
        };
    }

    private static Step step(String symbolicName) {
        return new Step(symbolicName, "1.0.0", null, null, null);
    }

    private static ConsoleUser user(String name) {
        ConsoleUser user = mock(ConsoleUser.class);
        when(user.name()).thenReturn(name);
        when(user.permissions()).thenReturn(Set.of(PluginPermissions.READ, PluginPermissions.INSTALL));
        return user;
    }

    @Test
    void theBackupModuleIsToldTheBundlesThePlanInstallsUpdatesOrRemovesNotThoseItOnlyStartsOrRefreshes() {
        Plan plan = new Plan(List.of(step("org.example.reports")),
                List.of(new Step("org.example.charts", "2.0.0", "1.0.0", "c".repeat(64), "on the allow-list")),
                List.of(step("org.example.legacy")),
                List.of(step("org.example.reports"), step("org.example.charts"), step("org.example.viewer")),
                List.of(step("org.example.viewer")), List.of(), List.of());

        ModuleChange change = PluginManager.moduleChange(Action.UPDATE, "org.example:reports:2.0.0", plan, "zhang.wei");

        assertEquals(new ModuleChange("UPDATE", "org.example:reports:2.0.0",
                List.of("org.example.reports", "org.example.charts", "org.example.legacy"), "zhang.wei"), change);
    }

    @Test
    void theBackupModulesReasonGoesToEachLanguageOrWholeToBothWhenItIsNotSplit() {
        Message split = PluginManager.backupFailed(new UpgradeBackupException("备份目录已满 / The backup folder is full", null));
        Message whole = PluginManager.backupFailed(new IllegalStateException("dump exited with 2"));
        Message none = PluginManager.backupFailed(new NullPointerException());

        assertEquals("升级前备份失败，变更未执行：备份目录已满", split.zh());
        assertEquals("The pre-upgrade backup failed; the change was not applied: The backup folder is full", split.en());
        assertEquals("升级前备份失败，变更未执行：dump exited with 2", whole.zh());
        assertEquals("The pre-upgrade backup failed; the change was not applied: dump exited with 2", whole.en());
        assertTrue(none.en().endsWith("java.lang.NullPointerException"), none.en());
    }

    @Test
    void aChangeAsksForABackupFirstAndRecordsItWithTheChangeAndInTheAudit() throws Exception {
        long earlier = earlierChange(PluginState.EMPTY);
        manager.setUpgradeBackups(answering(Optional.of(TAKEN)));

        PluginManager.Applied applied = manager.revert(earlier, "zhang.wei", "192.0.2.7");

        assertEquals(List.of(new ModuleChange("REVERT", "change:" + earlier, List.of(), "zhang.wei")), asked);
        PluginStore.Change change = store.change(applied.change()).orElseThrow();
        assertEquals(Outcome.APPLIED, change.outcome());
        assertEquals("bk-20261127-013000-7f3a", change.backupId());
        assertEquals("#/backups/bk-20261127-013000-7f3a", change.backupLink());
        AuditEvent event = audited.get(audited.size() - 1);
        assertEquals(AuditEvent.Outcome.SUCCESS, event.outcome());
        assertTrue(event.detail().startsWith("change " + applied.change() + " (backup bk-20261127-013000-7f3a): "), event.detail());
    }

    @Test
    void aFailedBackupRefusesTheChangeWith503ChangesNothingAndIsAuditedAsAFailure() throws Exception {
        long earlier = earlierChange(PluginState.EMPTY);
        manager.setUpgradeBackups(change -> {
            asked.add(change);
            throw new UpgradeBackupException("备份目录已满 / The backup folder is full", null);
        });
        ServletAnswer answer = new ServletAnswer();

        new PluginsServlet(manager).service(TestRequests.request("POST", "/changes/" + earlier + "/revert", user("zhang.wei"), null),
                answer.response);

        assertEquals(503, answer.status, answer.text());
        JsonNode problem = answer.json();
        assertEquals("Service Unavailable", problem.path("title").asText());
        assertTrue(problem.path("detail").asText().contains("升级前备份失败，变更未执行：备份目录已满"), problem.toString());
        assertTrue(problem.path("detail").asText().contains("The pre-upgrade backup failed; the change was not applied: "
                + "The backup folder is full"), problem.toString());
        assertFalse(problem.path("plan").path("feasible").asBoolean(true));
        assertEquals(1, asked.size());
        assertEquals(List.of(earlier), store.history(10, null).stream().map(PluginStore.Change::id).toList(),
                "no change was recorded");
        verify(context, never()).installBundle(anyString(), any(InputStream.class));
        AuditEvent event = audited.get(audited.size() - 1);
        assertEquals("plugins.revert", event.action());
        assertEquals(AuditEvent.Outcome.FAILURE, event.outcome());
        assertTrue(event.detail().contains("The pre-upgrade backup failed; the change was not applied"), event.detail());
    }

    @Test
    void aBackupModuleThatBreaksRefusesTheChangeToo() {
        long earlier = earlierChange(PluginState.EMPTY);
        manager.setUpgradeBackups(change -> {
            throw new IllegalStateException("no database connection");
        });

        PluginManager.RefusedException refused = assertThrows(PluginManager.RefusedException.class,
                () -> manager.revert(earlier, "zhang.wei", "192.0.2.7"));

        assertEquals(503, refused.status);
        assertEquals(List.of(PluginManager.backupFailed(new IllegalStateException("no database connection"))),
                refused.plan.problems());
        assertEquals(1, store.history(10, null).size());
        assertEquals(AuditEvent.Outcome.FAILURE, audited.get(audited.size() - 1).outcome());
    }

    @Test
    void aChangeRolledBackKeepsTheBackupTakenForIt() throws Exception {
        // the state reverted to holds a feature whose description cannot be read: applying it fails and is rolled back
        PluginState broken = new PluginState(List.of(new PluginState.Feature("org.example:broken:1.0.0", null, "1.0.0", null,
                "upload:broken.zip", "{", List.of())));
        long earlier = earlierChange(broken);
        manager.setUpgradeBackups(answering(Optional.of(TAKEN)));

        PluginManager.FailedException failed = assertThrows(PluginManager.FailedException.class,
                () -> manager.revert(earlier, "zhang.wei", "192.0.2.7"));

        PluginStore.Change change = store.change(failed.change).orElseThrow();
        assertEquals(Outcome.ROLLED_BACK, change.outcome());
        assertEquals("bk-20261127-013000-7f3a", change.backupId());
        AuditEvent event = audited.get(audited.size() - 1);
        assertEquals(AuditEvent.Outcome.FAILURE, event.outcome());
        assertTrue(event.detail().startsWith("change " + failed.change + " (backup bk-20261127-013000-7f3a): "), event.detail());
        assertTrue(event.detail().contains("rolled back"), event.detail());
    }

    @Test
    void whenTheBackupModuleSaysTheChangeNeedsNoneTheChangeHasNone() throws Exception {
        long earlier = earlierChange(PluginState.EMPTY);
        manager.setUpgradeBackups(answering(Optional.empty()));

        PluginManager.Applied applied = manager.revert(earlier, "zhang.wei", "192.0.2.7");

        assertEquals(1, asked.size());
        assertNull(store.change(applied.change()).orElseThrow().backupId());
        assertFalse(audited.get(audited.size() - 1).detail().contains("backup"));
    }

    @Test
    void withoutABackupModuleTheChangeGoesAheadUnprotected() throws Exception {
        long earlier = earlierChange(PluginState.EMPTY);
        UpgradeBackups gone = answering(Optional.of(TAKEN));
        manager.setUpgradeBackups(gone);
        manager.unsetUpgradeBackups(gone);

        PluginManager.Applied applied = manager.revert(earlier, "zhang.wei", "192.0.2.7");

        assertEquals(List.of(), asked);
        PluginStore.Change change = store.change(applied.change()).orElseThrow();
        assertEquals(Outcome.APPLIED, change.outcome());
        assertNull(change.backupId());
        assertNull(change.backupLink());
    }

    @Test
    void aReplacedBackupModuleIsNotForgottenWhenTheOldOneGoes() throws Exception {
        UpgradeBackups old = answering(Optional.of(TAKEN));
        UpgradeBackups replacement = answering(Optional.of(TAKEN));
        manager.setUpgradeBackups(old);
        manager.setUpgradeBackups(replacement); // greedy: the new one binds before the old one unbinds
        manager.unsetUpgradeBackups(old);

        assertEquals(List.of(PluginManager.BACKUP_FIRST), manager.planRevert(earlierChange(PluginState.EMPTY)).notes());
    }

    @Test
    void thePlansOfRemovingAndRevertingSayWhetherABackupIsTakenFirst() {
        PluginState installed = new PluginState(List.of(new PluginState.Feature("org.example:reports:1.0.0", "Reports", "1.0.0",
                null, "upload:reports.zip", "{}", List.of())));
        long earlier = store.record("li.na", Action.INSTALL, "org.example:reports:1.0.0", "install nothing", PluginState.EMPTY,
                installed, Outcome.APPLIED, null, null, null);

        assertEquals(List.of(PluginManager.NO_BACKUP), manager.planRevert(earlier).notes());
        assertEquals(List.of(PluginManager.NO_BACKUP), manager.planUninstall("org.example:reports").notes());
        manager.setUpgradeBackups(answering(Optional.of(TAKEN)));
        assertEquals(List.of(PluginManager.BACKUP_FIRST), manager.planRevert(earlier).notes());
        assertEquals(List.of(PluginManager.BACKUP_FIRST), manager.planUninstall("org.example:reports").notes());
        assertEquals(List.of(), manager.planRevert(earlier + 100).notes(), "a refused plan has no backup to speak of");
        assertEquals(List.of(), manager.planUninstall("org.example:none").notes(), "a refused plan has no backup to speak of");
        assertEquals(List.of(), asked, "planning takes no backup");
    }

    @Test
    void anUploadsPlanSaysABackupIsTakenFirstAndAFailedBackupRefusesApplyingItWithNothingKept() throws Exception {
        // development mode trusts the unsigned jar; the bundle imports nothing, so it resolves without a framework
        when(context.getProperty(PluginManager.TRUST)).thenReturn("development");
        manager = new PluginManager(context, mock(Resolver.class), audited::add, store, Clock.fixed(NOW, ZoneOffset.UTC));
        manager.setUpgradeBackups(change -> {
            asked.add(change);
            throw new UpgradeBackupException("备份目录已满 / The backup folder is full", null);
        });
        Path jar = data.resolve("reports.jar");
        Files.write(jar, Bundles.jar(Bundles.manifest("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.reports",
                "Bundle-Version", "1.0.0"), Map.of("org/example/reports/Report.class", new byte[] {(byte) 0xca, (byte) 0xfe})));

        PluginManager.Prepared ready = manager.prepare(jar, "reports.jar", "upload:reports.jar", "zhang.wei");

        assertTrue(ready.plan().feasible(), ready.plan().summary());
        assertEquals(PluginManager.BACKUP_FIRST, ready.plan().notes().get(ready.plan().notes().size() - 1));
        PluginManager.RefusedException refused = assertThrows(PluginManager.RefusedException.class,
                () -> manager.apply(ready.id(), "zhang.wei", "192.0.2.7"));
        assertEquals(503, refused.status);
        assertEquals(List.of(new ModuleChange("INSTALL", "opsconsole.bundle:org.example.reports:1.0.0",
                List.of("org.example.reports"), "zhang.wei")), asked);
        String sha256 = ready.upload().bundles().get(0).sha256();
        assertFalse(store.keeps(sha256), "the jar is not kept: nothing changed");
        assertEquals(List.of(), store.history(10, null));
        assertTrue(manager.prepared(ready.id()).isPresent(), "the upload can be applied once the backup works");
        assertEquals(AuditEvent.Outcome.FAILURE, audited.get(audited.size() - 1).outcome());
        assertEquals("plugins.install", audited.get(audited.size() - 1).action());
    }

    @Test
    void theHistoryNamesTheBackupOfEachChange() throws Exception {
        long earlier = earlierChange(PluginState.EMPTY);
        manager.setUpgradeBackups(answering(Optional.of(TAKEN)));
        long protectedChange = manager.revert(earlier, "zhang.wei", "192.0.2.7").change();
        ServletAnswer answer = new ServletAnswer();

        new PluginsServlet(manager).service(TestRequests.request("GET", "/changes", user("li.na"), null), answer.response);

        assertEquals(200, answer.status, answer.text());
        JsonNode changes = answer.json().path("changes");
        assertEquals(protectedChange, changes.get(0).path("id").asLong());
        assertEquals("bk-20261127-013000-7f3a", changes.get(0).path("backupId").asText());
        assertEquals("#/backups/bk-20261127-013000-7f3a", changes.get(0).path("backupLink").asText());
        assertEquals(earlier, changes.get(1).path("id").asLong());
        assertTrue(changes.get(1).has("backupId") && changes.get(1).path("backupId").isNull(), changes.get(1).toString());
        assertTrue(changes.get(1).path("backupLink").isNull(), changes.get(1).toString());
    }
}
