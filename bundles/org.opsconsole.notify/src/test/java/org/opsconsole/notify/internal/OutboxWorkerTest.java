package org.opsconsole.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.notify.internal.schema.tables.records.NotifyDeliveryRecord;
import org.opsconsole.testing.TestDatabases;

/** Delivering the outbox: success, retries with backoff, giving up, restarts, two nodes, missing kinds. On H2 and MySQL. */
class OutboxWorkerTest {

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

    private long send(String title) {
        return notify.notifier.send(Notification.builder(Severity.WARNING, title).body("正文 " + title).link("/#/jobs")
                .source("monitoring").build());
    }

    private NotifyDeliveryRecord only() {
        List<NotifyDeliveryRecord> all = notify.deliveries();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aDueDeliveryIsSentThroughItsChannelWithTheSettingsInClearAndAnAbsoluteLink(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        long id = send("磁盘空间不足");

        assertEquals(1, notify.worker.runOnce());

        NotifyDeliveryRecord delivery = only();
        assertEquals("SENT", delivery.getState());
        assertEquals(1, delivery.getAttempts());
        assertEquals(TestNotify.START, delivery.getDeliveredAt());
        assertNull(delivery.getLastError());
        assertEquals("node-a", delivery.getClaimedBy());
        OutgoingMessage message = notify.channel.delivered.peek();
        assertEquals(id, message.id());
        assertEquals("磁盘空间不足", message.title());
        assertEquals("正文 磁盘空间不足", message.body());
        assertEquals(Severity.WARNING, message.severity());
        assertEquals("https://ops.example.gov.cn/#/jobs", message.link().orElseThrow());
        assertEquals("monitoring", message.source());
        assertEquals(TestNotify.START, message.createdAt());
        assertFalse(message.test());
        Map<String, String> settings = notify.channel.settingsSeen.peek();
        assertEquals("token-of-ops-hook", settings.get("token"));
        assertEquals("https://hooks.example.cn/ops-hook", settings.get("url"));
        assertEquals(0, notify.worker.runOnce(), "a sent delivery is not sent again");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aFailedAttemptIsRetriedAfterGrowingDelaysWithItsError(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        send("数据库不可用");
        notify.channel.failWith("HTTP 503 from hooks.example.cn", false);
        List<Duration> delays = new ArrayList<>();

        for (int attempt = 1; attempt <= 4; attempt++) {
            Instant before = notify.clock.instant();
            assertEquals(1, notify.worker.runOnce());
            NotifyDeliveryRecord delivery = only();
            assertEquals("PENDING", delivery.getState());
            assertEquals(attempt, delivery.getAttempts());
            assertEquals("HTTP 503 from hooks.example.cn", delivery.getLastError());
            assertEquals(before, delivery.getLastAttemptAt());
            delays.add(Duration.between(before, delivery.getNextAttemptAt()));
            notify.clock.advance(delays.get(delays.size() - 1).minusSeconds(1));
            assertEquals(0, notify.worker.runOnce(), "not due before its time");
            notify.clock.advance(Duration.ofSeconds(1));
        }

        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5)), delays);
        notify.channel.behaviour = (message, settings) -> {
        };
        assertEquals(1, notify.worker.runOnce());
        assertEquals("SENT", only().getState());
        assertEquals(5, only().getAttempts());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aPermanentErrorFailsTheDeliveryAtOnce(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        send("证书即将过期");
        notify.channel.failWith("签名校验失败 / the signature was rejected", true);

        notify.worker.runOnce();
        notify.clock.advance(Duration.ofDays(1));
        assertEquals(0, notify.worker.runOnce());

        NotifyDeliveryRecord delivery = only();
        assertEquals("FAILED", delivery.getState());
        assertEquals(1, delivery.getAttempts());
        assertEquals("签名校验失败 / the signature was rejected", delivery.getLastError());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theDeliveryFailsWhenItsLastAttemptFails(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        send("证书即将过期");
        notify.channel.failWith("connection refused", false);
        OutboxWorker worker = notify.worker("node-b", 3);

        for (int i = 0; i < 3; i++) {
            assertEquals(1, worker.runOnce());
            notify.clock.advance(Duration.ofHours(1));
        }
        assertEquals(0, worker.runOnce());

        NotifyDeliveryRecord delivery = only();
        assertEquals("FAILED", delivery.getState());
        assertEquals(3, delivery.getAttempts());
        assertEquals("connection refused", delivery.getLastError());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void pendingDeliveriesAndTheExpiredClaimOfADeadNodeArePickedUpByAFreshWorker(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        send("第一条");
        send("第二条");
        Deliveries deliveries = new Deliveries(notify.database());
        long claimedByTheDead = notify.deliveries().get(1).getId();
        assertTrue(deliveries.claim(claimedByTheDead, "node-dead", notify.clock.instant(),
                notify.clock.instant().plus(Duration.ofMinutes(2))));

        OutboxWorker restarted = notify.worker("node-a", 10);
        assertEquals(1, restarted.runOnce(), "the unclaimed one only");
        notify.clock.advance(Duration.ofMinutes(2).plusMillis(1));
        assertEquals(1, restarted.runOnce(), "the claim expired");

        assertTrue(notify.deliveries().stream().allMatch(d -> d.getState().equals("SENT") && d.getClaimedBy().equals("node-a")));
        assertEquals(2, notify.channel.delivered.size());
        assertFalse(deliveries.sent(claimedByTheDead, "node-dead", 1, notify.clock.instant()),
                "the dead node's late outcome does not count");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void twoWorkersOnOneDatabaseNeverDeliverOneDeliveryTwice(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        notify.addChannel("ops-mail", "INFO", true);
        int messages = 30;
        for (int i = 0; i < messages; i++) {
            send("消息 " + i);
        }
        List<OutboxWorker> workers = List.of(notify.worker("node-a", 10), notify.worker("node-b", 10), notify.worker("node-c", 10));
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (OutboxWorker worker : workers) {
                results.add(pool.submit(() -> {
                    start.await();
                    return worker.runOnce();
                }));
            }
            start.countDown();
            int attempted = 0;
            for (Future<Integer> result : results) {
                attempted += result.get(30, TimeUnit.SECONDS);
            }
            assertEquals(2 * messages, attempted);
        } finally {
            pool.shutdownNow();
        }

        Map<Long, Long> perMessage = notify.channel.delivered.stream()
                .collect(Collectors.groupingBy(OutgoingMessage::id, Collectors.counting()));
        assertEquals(messages, perMessage.size());
        assertTrue(perMessage.values().stream().allMatch(n -> n == 2), "each message once per channel: " + perMessage);
        assertTrue(notify.deliveries().stream().allMatch(d -> d.getState().equals("SENT") && d.getAttempts() == 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aDeliveryThroughAChannelWhoseKindIsNotInstalledWaitsWithoutBurningAttempts(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        notify.kinds.remove("test");
        send("数据库不可用");

        for (int i = 0; i < 3; i++) {
            assertEquals(0, notify.worker.runOnce());
            notify.clock.advance(Duration.ofHours(1));
        }
        NotifyDeliveryRecord waiting = only();
        assertEquals("PENDING", waiting.getState());
        assertEquals(0, waiting.getAttempts());
        assertTrue(waiting.getLastError().contains("test-hook"), waiting.getLastError());
        assertTrue(notify.channel.delivered.isEmpty());

        notify.kinds.add("test", notify.channel.kind());
        assertEquals(1, notify.worker.runOnce());
        assertEquals("SENT", only().getState());
        assertEquals(1, only().getAttempts());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aDeliveryThroughAChannelDisabledMeanwhileFailsWithoutAnAttempt(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        send("数据库不可用");
        notify.channels.update("ops-hook", new ConfiguredChannels.Input(null, null, null, false, null, null), TestNotify.ADMIN, "x");

        notify.worker.runOnce();

        assertEquals("FAILED", only().getState());
        assertEquals(0, only().getAttempts());
        assertEquals(OutboxWorker.DISABLED, only().getLastError());
        assertTrue(notify.channel.delivered.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRunningWorkerDeliversAtOnceWhenWokenBySendAndStopsCleanly(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        OutboxWorker running = notify.worker("node-a", 10); // polls once an hour: only the wake-up can deliver in time
        running.start();
        try {
            new OutboxNotifier(notify.database(), notify.events, running, notify.clock).send(
                    Notification.builder(Severity.CRITICAL, "数据库不可用").build());
            assertTrue(notify.channel.firstDelivery.await(20, TimeUnit.SECONDS));
        } finally {
            running.stop();
        }
        Function<NotifyDeliveryRecord, String> state = NotifyDeliveryRecord::getState;
        assertEquals(Set.of("SENT"), notify.deliveries().stream().map(state).collect(Collectors.toSet()));
    }

    @Test
    void theBackoffGrowsFromThirtySecondsToEightHoursAndStaysThere() {
        List<Duration> delays = new ArrayList<>();
        for (int failed = 1; failed <= 12; failed++) {
            delays.add(OutboxWorker.backoff(failed));
        }
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
                Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4),
                Duration.ofHours(8), Duration.ofHours(8), Duration.ofHours(8)), delays);
    }

    @Test
    void aChannelThatThrowsSomethingElseCountsAsARetryableFailure() throws Exception {
        notify = TestNotify.on("h2");
        notify.addChannel("ops-hook", "INFO", true);
        send("x");
        notify.channel.behaviour = (message, settings) -> {
            throw new IllegalStateException("bug in the channel");
        };

        notify.worker.runOnce();

        assertEquals("PENDING", only().getState());
        assertTrue(only().getLastError().contains("bug in the channel"), only().getLastError());
        assertEquals(1, only().getAttempts());
    }
}
