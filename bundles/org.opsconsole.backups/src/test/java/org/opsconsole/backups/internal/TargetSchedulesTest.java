package org.opsconsole.backups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.jobs.ScheduledJob;
import org.opsconsole.api.jobs.ScheduledJobService;
import org.opsconsole.testing.TestAuditLog;
import org.opsconsole.testing.TestDatabases;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The backup job of each scheduled target, as the scheduler sees it: titled with the target's name, in English with its
 * English name when it has one, and registered again when a name changes. The targets come from the store, on H2 and
 * MySQL; the bundle context only records what is registered.
 */
class TargetSchedulesTest {

    @TempDir
    Path data;

    private TestDatabases.Target db;
    private BackupService service;
    private TargetSchedules schedules;
    private final List<Job> jobs = new ArrayList<>();

    /** A job service as registered, and whether it is still. */
    private static final class Job {
        final Dictionary<String, ?> properties;
        boolean registered = true;

        Job(Dictionary<String, ?> properties) {
            this.properties = properties;
        }

        Object property(String name) {
            return properties.get(ScheduledJobService.PREFIX_ + name);
        }
    }

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @SuppressWarnings("unchecked")
    private void open(String kind) throws Exception {
        db = TestDatabases.create(kind, "backups");
        service = TestBackupServices.open(db, data, new TestAuditLog());
        BundleContext context = mock(BundleContext.class);
        when(context.registerService(eq(ScheduledJob.class), any(ScheduledJob.class), any(Dictionary.class))).thenAnswer(call -> {
            Job job = new Job(call.getArgument(2));
            jobs.add(job);
            ServiceRegistration<ScheduledJob> registration = mock(ServiceRegistration.class);
            doAnswer(unregister -> job.registered = false).when(registration).unregister();
            return registration;
        });
        schedules = new TargetSchedules(context, service);
    }

    @AfterEach
    void close() throws Exception {
        if (schedules != null) {
            schedules.close();
        }
        if (service != null) {
            TestBackupServices.close(service);
        }
        if (db != null) {
            db.close();
        }
    }

    private long target(String name, String nameEn) {
        TargetStore.Checked made = service.targets().create(new TargetStore.Input(name, nameEn, "console", Map.of(), "0 0 2 * * ?", null,
                null, null, null, null, null, null));
        assertEquals(List.of(), made.errors());
        return made.record().getId();
    }

    private Job registered(long targetId) {
        List<Job> found = jobs.stream().filter(j -> j.registered && ("backups.target-" + targetId).equals(j.property("id"))).toList();
        assertEquals(1, found.size(), "one job of target " + targetId);
        return found.get(0);
    }

    private void rename(long id, String name, String nameEn) {
        assertEquals(List.of(), service.targets().update(id, new TargetStore.Input(name, nameEn, null, null, null, null, null, null, null,
                null, null, null)).orElseThrow().errors());
        schedules.sync(service.targets().list());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aTargetsJobIsTitledInEnglishWithItsEnglishNameAndFollowsItsChanges(String kind) throws Exception {
        open(kind);
        long console = target("控制台数据库", "Console database");
        long plain = target("平台业务库", null);
        schedules.sync(service.targets().list());

        Job job = registered(console);
        assertEquals("备份：控制台数据库", job.property("title"));
        assertEquals("Backup: Console database", job.property("titleEn"));
        assertEquals("Backup: 平台业务库", registered(plain).property("titleEn"), "without an English name, the one name");

        int before = jobs.size();
        schedules.sync(service.targets().list());
        assertEquals(before, jobs.size(), "nothing changed, nothing registered again");

        rename(console, null, "The console's database");
        assertEquals(false, job.registered, "a new English name makes a new title");
        job = registered(console);
        assertEquals("备份：控制台数据库", job.property("title"));
        assertEquals("Backup: The console's database", job.property("titleEn"));

        rename(console, "主控制台库", null);
        job = registered(console);
        assertEquals("备份：主控制台库", job.property("title"));
        assertEquals("Backup: 主控制台库", job.property("titleEn"), "renamed without an English name: no old English title");
        assertNull(service.targets().find(console).orElseThrow().nameEn());
    }
}
