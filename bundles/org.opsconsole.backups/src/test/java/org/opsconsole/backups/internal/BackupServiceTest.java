package org.opsconsole.backups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.backup.ModuleChange;
import org.opsconsole.api.backup.ProtectingBackup;
import org.opsconsole.api.backup.UpgradeBackupException;
import org.opsconsole.api.health.HealthCheck;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.testing.MutableClock;
import org.opsconsole.testing.TestAuditLog;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;

/**
 * The backup service on the console's database, on H2 and on MariaDB/MySQL: a backup of the console's database is
 * complete only with its manifest; a verification restores it into a scratch database and passes, and fails when a file
 * was changed; what a killed backup left is recorded as interrupted and deleted at the next start, never complete;
 * retention prunes as configured but keeps the newest verified backup; a module change gets a fresh backup, or a recent
 * one.
 */
class BackupServiceTest {

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @TempDir
    Path data;

    private BackupService service(TestDatabases.Target db, TestAuditLog audit, String maxAge) {
        BackupSettings settings = BackupSettings.of(name -> switch (name) {
            case "opsconsole.data" -> data.toString();
            case "opsconsole.backup.upgrade.max.age.minutes" -> maxAge;
            default -> null;
        });
        return new BackupService(null, db.database(), new TestSecretBox(), audit, Clock.systemUTC(), settings);
    }

    private static Target consoleTarget(BackupService service) {
        TargetStore.Checked made = service.targets().create(new TargetStore.Input("控制台数据库", null, "console", Map.of(),
                "0 0 2 * * ?", null, null, null, null, 26, true, true));
        assertEquals(List.of(), made.errors());
        return service.targets().find(made.record().getId()).orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aBackupIsCompleteWithItsManifestAndVerifiesByARestore(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.create(kind, "backups")) {
            TestAuditLog audit = new TestAuditLog();
            BackupService service = service(db, audit, "30");
            try {
                Target target = consoleTarget(service);
                Run run = service.backupNow(target, Run.Reason.MANUAL, "admin", "测试", () -> false);
                assertEquals(Run.State.COMPLETE, run.state());
                assertTrue(run.tables() >= 7 && run.rows() >= 1, run.toString());
                Path folder = service.repository().folder(target.id(), run.id());
                assertTrue(Files.isRegularFile(folder.resolve(Repository.MANIFEST)) && Files.isRegularFile(folder.resolve(Repository.MAC)));
                assertTrue(audit.has("backups.backup", AuditEvent.Outcome.SUCCESS));

                Operation verifying = new Operation("v1", Operation.Kind.VERIFY, target, run.id(), "admin", Clock.systemUTC());
                assertTrue(service.verify(run, target, "admin", verifying), service.runs().verifications(run.id(), 1).toString());
                assertEquals(Run.VerifyState.PASSED, service.runs().find(run.id()).orElseThrow().verifyState());

                Path rows;
                try (Stream<Path> files = Files.walk(folder)) {
                    rows = files.filter(f -> f.toString().endsWith(".rows")).findFirst().orElseThrow();
                }
                try (RandomAccessFile raw = new RandomAccessFile(rows.toFile(), "rw")) {
                    raw.seek(raw.length() - 5);
                    int b = raw.read();
                    raw.seek(raw.length() - 5);
                    raw.write(b ^ 1);
                }
                assertFalse(service.verify(run, target, "admin", new Operation("v2", Operation.Kind.VERIFY, target, run.id(), "admin",
                        Clock.systemUTC())));
                assertEquals(Run.VerifyState.FAILED, service.runs().find(run.id()).orElseThrow().verifyState());
                assertTrue(service.runs().verifications(run.id(), 1).get(0).getDetail().contains("changed"));

                Files.writeString(folder.resolve(Repository.MANIFEST), Files.readString(folder.resolve(Repository.MANIFEST))
                        .replace("\"控制台数据库\"", "\"另一个对象\""));
                Exception changedManifest = assertThrows(Exception.class, () -> service.manifest(run));
                assertTrue(changedManifest.getMessage().contains("MAC"), changedManifest.getMessage());
            } finally {
                service.deactivate();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void whatAKilledBackupLeftIsInterruptedAndDeletedNeverComplete(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.create(kind, "backups")) {
            BackupService first = service(db, new TestAuditLog(), "30");
            Target target = consoleTarget(first);
            // as a kill leaves it: the run recorded as running on this node, its files half written
            String id = first.newBackupId();
            first.runs().started(id, target, Run.Reason.SCHEDULED, nodeOf(first), null, null);
            Path partial = first.repository().begin(target.id(), id);
            Files.writeString(partial.resolve("schema.json"), "half");
            first.deactivate();

            BackupService second = service(db, new TestAuditLog(), "30");
            try {
                second.recover();
                Run after = second.runs().find(id).orElseThrow();
                assertEquals(Run.State.INTERRUPTED, after.state());
                assertFalse(Files.exists(partial), "its partial files are deleted");
                assertTrue(second.runs().list(target.id(), List.of(Run.State.COMPLETE), 10).isEmpty(), "nothing is complete");
            } finally {
                second.deactivate();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void retentionKeepsWhatThePolicySaysAndTheNewestVerifiedBackup(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.create(kind, "backups")) {
            BackupService service = service(db, new TestAuditLog(), "30");
            try {
                Target target = consoleTarget(service);
                Run first = service.backupNow(target, Run.Reason.MANUAL, "admin", null, () -> false);
                assertTrue(service.verify(first, target, "admin", new Operation("v", Operation.Kind.VERIFY, target, first.id(), "admin",
                        Clock.systemUTC())));
                Run second = service.backupNow(target, Run.Reason.MANUAL, "admin", null, () -> false);
                service.targets().update(target.id(), new TargetStore.Input(null, null, null, null, null, 1, 0, 0, 0, null, null, null));
                Target keepOne = service.targets().find(target.id()).orElseThrow();
                Run third = service.backupNow(keepOne, Run.Reason.MANUAL, "admin", null, () -> false);
                assertEquals(Run.State.COMPLETE, service.runs().find(third.id()).orElseThrow().state(), "the newest stays");
                assertEquals(Run.State.COMPLETE, service.runs().find(first.id()).orElseThrow().state(), "the newest verified stays");
                assertEquals(Run.State.PRUNED, service.runs().find(second.id()).orElseThrow().state());
                assertFalse(Files.exists(service.repository().folder(target.id(), second.id())));
                assertEquals(Map.of(target.id(), third.id()), service.runs().latestByTarget().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().id())),
                        "the targets page's latest backup, from one query");
            } finally {
                service.deactivate();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aModuleChangeGetsAFreshBackupOrARecentOne(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.create(kind, "backups")) {
            BackupService always = service(db, new TestAuditLog(), "0");
            try {
                consoleTarget(always);
                ModuleChange change = new ModuleChange("INSTALL", "org.example:reports:1.0.0", List.of("org.example.reports"), "admin");
                ProtectingBackup taken = always.beforeChange(change).orElseThrow();
                assertTrue(taken.takenNow());
                assertEquals("/#/backups/" + taken.backupId(), taken.link());
                Run run = always.runs().find(taken.backupId()).orElseThrow();
                assertEquals(Run.Reason.PRE_UPGRADE, run.reason());
                assertTrue(run.note().contains("org.example:reports:1.0.0"), run.note());
                assertTrue(always.beforeChange(change).orElseThrow().takenNow(), "with no age allowed, a new one each time");
            } finally {
                always.deactivate();
            }
            BackupService recent = service(db, new TestAuditLog(), "30");
            try {
                ModuleChange change = new ModuleChange("UNINSTALL", "org.example:reports:1.0.0", List.of("org.example.reports"), "admin");
                Optional<ProtectingBackup> reused = recent.beforeChange(change);
                assertFalse(reused.orElseThrow().takenNow(), "a backup of the last 30 minutes is used");
            } finally {
                recent.deactivate();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aModuleChangeIsRefusedWhenItsBackupFails(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.create(kind, "backups")) {
            BackupService service = service(db, new TestAuditLog(), "0");
            try {
                consoleTarget(service);
                Files.createDirectories(data.resolve("backups"));
                Files.writeString(data.resolve("backups/repository"), "a file where the repository's folder should be");
                UpgradeBackupException failed = assertThrows(UpgradeBackupException.class, () -> service.beforeChange(
                        new ModuleChange("INSTALL", "org.example:reports:1.0.0", List.of("org.example.reports"), "admin")));
                assertTrue(failed.getMessage().contains(" / The backup of the console database failed"), failed.getMessage());
                assertEquals(Run.State.FAILED, service.runs().list(null, List.of(), 1).get(0).state());
            } finally {
                service.deactivate();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aTargetWithoutABackupInItsWindowRaisesTheAlarmOnceUntilABackupCompletes(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.create(kind, "backups")) {
            MutableClock clock = new MutableClock(Instant.now());
            BackupSettings settings = BackupSettings.of(name -> "opsconsole.data".equals(name) ? data.toString() : null);
            BackupService service = new BackupService(null, db.database(), new TestSecretBox(), new TestAuditLog(), clock, settings);
            List<Notification> sent = new CopyOnWriteArrayList<>();
            service.setNotifier(notification -> {
                sent.add(notification);
                return sent.size();
            });
            try {
                Target target = consoleTarget(service);
                assertTrue(service.watchdog().contains("on time"), "a new target is not overdue yet");
                clock.advance(Duration.ofHours(27));
                assertTrue(service.watchdog().contains("控制台数据库"));
                assertEquals(HealthCheck.Status.WARNING, new BackupHealth(service).check().status(), "the health endpoint says so too");
                assertEquals(1, sent.size());
                assertEquals(Severity.CRITICAL, sent.get(0).severity());
                assertTrue(sent.get(0).title().contains("备份未按时完成"), sent.get(0).title());
                service.watchdog();
                assertEquals(1, sent.size(), "told once, not every ten minutes");
                service.backupNow(service.targets().find(target.id()).orElseThrow(), Run.Reason.MANUAL, "admin", null, () -> false);
                assertEquals(2, sent.size());
                assertEquals(Severity.INFO, sent.get(1).severity());
                assertTrue(service.watchdog().contains("on time"));
                assertEquals(null, service.targets().find(target.id()).orElseThrow().overdueAt());
                assertEquals(HealthCheck.Status.OK, new BackupHealth(service).check().status());
            } finally {
                service.deactivate();
            }
        }
    }

    private static String nodeOf(BackupService service) throws Exception {
        java.lang.reflect.Field node = BackupService.class.getDeclaredField("node");
        node.setAccessible(true);
        return (String) node.get(service);
    }
}
