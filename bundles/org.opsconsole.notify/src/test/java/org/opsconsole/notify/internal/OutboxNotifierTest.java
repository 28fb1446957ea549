package org.opsconsole.notify.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_AUDIENCE;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_DELIVERY;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_MESSAGE;

import java.util.List;
import java.util.Set;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.TransactionalCallable;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.notify.Audience;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.notify.internal.schema.tables.records.NotifyMessageRecord;
import org.opsconsole.testing.TestDatabases;
import org.osgi.service.event.Event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Sending: what one send stores, in one transaction, where it routes, and whom it tells. On H2 and MySQL/MariaDB. */
class OutboxNotifierTest {

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

    private List<String> channelsOf(long messageId) {
        return notify.target.dsl().select(NOTIFY_DELIVERY.CHANNEL_ID).from(NOTIFY_DELIVERY)
                .where(NOTIFY_DELIVERY.MESSAGE_ID.eq(messageId)).orderBy(NOTIFY_DELIVERY.CHANNEL_ID).fetch(NOTIFY_DELIVERY.CHANNEL_ID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aMessageGoesThroughEveryEnabledChannelWhoseMinimumSeverityItReaches(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("all", "INFO", true);
        notify.addChannel("warnings", "WARNING", true);
        notify.addChannel("critical", "CRITICAL", true);
        notify.addChannel("off", "INFO", false);

        long info = notify.notifier.send(Notification.builder(Severity.INFO, "备份完成").source("backups").build());
        long warning = notify.notifier.send(Notification.builder(Severity.WARNING, "磁盘空间不足").source("monitoring").build());
        long critical = notify.notifier.send(Notification.builder(Severity.CRITICAL, "数据库不可用").source("monitoring").build());

        assertEquals(List.of("all"), channelsOf(info));
        assertEquals(List.of("all", "warnings"), channelsOf(warning));
        assertEquals(List.of("all", "critical", "warnings"), channelsOf(critical));
        assertTrue(notify.deliveries().stream().allMatch(d -> d.getState().equals("PENDING") && d.getAttempts() == 0
                && d.getNextAttemptAt().equals(TestNotify.START)), notify.deliveries().toString());
        NotifyMessageRecord stored = notify.target.dsl().selectFrom(NOTIFY_MESSAGE).where(NOTIFY_MESSAGE.ID.eq(warning)).fetchOne();
        assertEquals("磁盘空间不足", stored.getTitle());
        assertEquals("WARNING", stored.getSeverity());
        assertEquals("monitoring", stored.getSource());
        assertEquals(TestNotify.START, stored.getCreatedAt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void namedChannelsAreUsedWhateverTheirMinimumSeverityAndAnUnknownOneIsRecordedAsFailed(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("all", "INFO", true);
        notify.addChannel("critical", "CRITICAL", true);
        notify.addChannel("off", "INFO", false);

        long id = notify.notifier.send(Notification.builder(Severity.INFO, "巡检报告已生成").source("inspections")
                .channels("critical", "off", "nowhere").build());

        assertEquals(List.of("critical", "nowhere"), channelsOf(id));
        var unknown = notify.deliveries().stream().filter(d -> d.getChannelId().equals("nowhere")).findFirst().orElseThrow();
        assertEquals("FAILED", unknown.getState());
        assertTrue(unknown.getLastError().contains("nowhere"), unknown.getLastError());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aFailingInsertLeavesNothingBehindAndTellsNobody(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("all", "INFO", true);
        notify.addChannel("more", "INFO", true);
        OutboxNotifier failing = new OutboxNotifier(new FailingDeliveryInserts(notify.database()), notify.events, notify.worker,
                notify.clock);

        assertThrows(DataAccessException.class, () -> failing.send(Notification.builder(Severity.CRITICAL, "数据库不可用")
                .audience(Audience.ofUsers("zhang.wei")).build()));

        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_MESSAGE));
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_AUDIENCE));
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_DELIVERY));
        verify(notify.events, never()).postEvent(any());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theAudienceIsToldAtOnceOverTheConsolesLiveEvents(String kind) throws Exception {
        notify = TestNotify.on(kind);

        long id = notify.notifier.send(Notification.builder(Severity.WARNING, "证书即将过期").link("/#/monitoring")
                .source("monitoring").audience(new Audience(Set.of("operator"), Set.of("li.na"))).build());
        notify.notifier.send(Notification.builder(Severity.INFO, "nobody").audience(new Audience(Set.of(), Set.of())).build());

        List<Event> events = notify.posted();
        assertEquals(1, events.size(), "a message without audience is announced to nobody");
        Event event = events.get(0);
        assertEquals(ConsoleConstants.TOPIC_CLIENT_EVENT, event.getTopic());
        assertEquals("inbox", event.getProperty(ConsoleConstants.CLIENT_EVENT_NAME));
        assertArrayEquals(new String[] {"li.na"}, (String[]) event.getProperty(ConsoleConstants.CLIENT_EVENT_USERS));
        assertArrayEquals(new String[] {"operator"}, (String[]) event.getProperty(ConsoleConstants.CLIENT_EVENT_ROLES));
        JsonNode data = new ObjectMapper().readTree((String) event.getProperty(ConsoleConstants.CLIENT_EVENT_DATA));
        assertEquals("message", data.path("type").asText());
        assertEquals(id, data.path("message").path("id").asLong());
        assertEquals("证书即将过期", data.path("message").path("title").asText());
        assertEquals("WARNING", data.path("message").path("severity").asText());
        assertEquals("/#/monitoring", data.path("message").path("link").asText());
        assertEquals("2026-11-26T08:00:00Z", data.path("message").path("createdAt").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void audienceNamesAndChannelIdsThatDoNotFitAreRefusedAndNothingIsStored(String kind) throws Exception {
        notify = TestNotify.on(kind);

        assertThrows(IllegalArgumentException.class, () -> notify.notifier.send(Notification.builder(Severity.INFO, "x")
                .audience(Audience.ofUsers("u".repeat(65))).build()));
        assertThrows(IllegalArgumentException.class, () -> notify.notifier.send(Notification.builder(Severity.INFO, "x")
                .channels("Not An Id").build()));

        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_MESSAGE));
    }

    /** A database whose transactions fail at their first insert into notify_delivery, as a full disk would. */
    static final class FailingDeliveryInserts extends TestDatabases.TestDatabase {

        FailingDeliveryInserts(Database other) {
            super(other);
        }

        @Override
        public <T> T transactionResult(TransactionalCallable<T> work) {
            ExecuteListener listener = new ExecuteListener() {
                private static final long serialVersionUID = 1L;

                @Override
                public void executeStart(ExecuteContext ctx) {
                    if (ctx.sql() != null && ctx.sql().toLowerCase().startsWith("insert into notify_delivery")) {
                        throw new DataAccessException("no space left on device");
                    }
                }
            };
            return dsl().transactionResult(c -> work.run(c.derive(listener)));
        }
    }
}
