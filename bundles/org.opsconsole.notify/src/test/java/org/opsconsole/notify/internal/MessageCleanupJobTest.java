package org.opsconsole.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_AUDIENCE;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_DELIVERY;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_MESSAGE;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_READ;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.jobs.JobContext;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.testing.TestDatabases;
import org.osgi.util.converter.Converters;

/** The cleanup of old notifications. On H2 and MySQL/MariaDB. */
class MessageCleanupJobTest {

    private TestNotify notify;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws Exception {
        if (notify != null) {
            notify.close();
        }
    }

    private long sendAt(Instant at, String title) {
        notify.clock.set(at);
        return notify.notifier.send(Notification.builder(Severity.WARNING, title).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void oldMessagesWhoseDeliveriesAreDoneGoWithTheirRowsAndTheRestStays(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        Instant now = TestNotify.START.plus(Duration.ofDays(400));
        long oldSent = sendAt(TestNotify.START, "旧的已发送");
        notify.worker.runOnce();
        new Inbox(notify.database(), notify.events, notify.clock).markAllRead(TestNotify.user("zhang.wei", Set.of("operator")));
        long oldPending = sendAt(TestNotify.START.plus(Duration.ofDays(1)), "旧的待发送");
        long recent = sendAt(now.minus(Duration.ofDays(179)), "新的");
        notify.worker.runOnce();
        notify.clock.set(now);
        MessageCleanupJob job = new MessageCleanupJob(notify.database(),
                Converters.standardConverter().convert(Map.of()).to(MessageCleanupJob.Config.class), notify.clock);
        List<String> progress = new ArrayList<>();
        // the old pending one stays pending: its channel fails for now
        notify.target.dsl().update(NOTIFY_DELIVERY).set(NOTIFY_DELIVERY.STATE, "PENDING")
                .where(NOTIFY_DELIVERY.MESSAGE_ID.eq(oldPending)).execute();

        String message = job.run(context(progress));

        assertEquals("删除 1 条 / removed 1", message);
        assertEquals(List.of(oldPending, recent), notify.target.dsl().select(NOTIFY_MESSAGE.ID).from(NOTIFY_MESSAGE)
                .orderBy(NOTIFY_MESSAGE.ID).fetch(NOTIFY_MESSAGE.ID));
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_DELIVERY, NOTIFY_DELIVERY.MESSAGE_ID.eq(oldSent)));
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_AUDIENCE, NOTIFY_AUDIENCE.MESSAGE_ID.eq(oldSent)));
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_READ, NOTIFY_READ.MESSAGE_ID.eq(oldSent)));
        assertEquals(2, notify.target.dsl().fetchCount(NOTIFY_DELIVERY));
        assertEquals(1, progress.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theRetentionComesFromTheConfiguration(String kind) throws Exception {
        notify = TestNotify.on(kind);
        sendAt(TestNotify.START, "八天前");
        sendAt(TestNotify.START.plus(Duration.ofDays(2)), "六天前");
        notify.clock.set(TestNotify.START.plus(Duration.ofDays(8)));
        MessageCleanupJob job = new MessageCleanupJob(notify.database(),
                Converters.standardConverter().convert(Map.of("retentionDays", 7)).to(MessageCleanupJob.Config.class), notify.clock);

        assertEquals("删除 1 条 / removed 1", job.run(context(new ArrayList<>())));
        assertEquals(List.of("六天前"), notify.target.dsl().select(NOTIFY_MESSAGE.TITLE).from(NOTIFY_MESSAGE).fetch(NOTIFY_MESSAGE.TITLE));
    }

    private static JobContext context(List<String> progress) {
        return new JobContext() {
            @Override
            public Instant scheduledAt() {
                return TestNotify.START;
            }

            @Override
            public Optional<String> requestedBy() {
                return Optional.empty();
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public void progress(String message) {
                progress.add(message);
            }
        };
    }
}
