package org.opsconsole.monitoring.internal.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET_EVENT;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.testing.TestDatabases;

/** Up/down changes stored with their messages in both languages, on H2 and MariaDB, and read back. */
class LiveStatusTest {

    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    private TestDatabases.Target db;

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static ProbeOutcome outcome(long target, Instant at, boolean up, String message, String messageEn) {
        return new ProbeOutcome(target, at, up, message, messageEn, 12, List.of());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aChangeIsStoredWithItsEnglishMessageAndOneStoredWithoutItReadsAsTheChineseOne(String kind) throws Exception {
        db = TestDatabases.create(kind, "monitoring");
        LiveStatus status = new LiveStatus(db.database());
        status.record(outcome(5, T0, true, "HTTP 200，35 毫秒", "HTTP 200 in 35 ms"));
        status.record(outcome(5, T0.plusSeconds(15), true, "HTTP 200，40 毫秒", "HTTP 200 in 40 ms")); // no change
        status.record(outcome(5, T0.plusSeconds(30), false, "无法连接 10.0.3.21:443：连接被拒绝",
                "Cannot connect to 10.0.3.21:443: connection refused"));

        assertEquals(List.of(new LiveStatus.Event(T0.plusSeconds(30), false, "无法连接 10.0.3.21:443：连接被拒绝",
                "Cannot connect to 10.0.3.21:443: connection refused"),
                new LiveStatus.Event(T0, true, "HTTP 200，35 毫秒", "HTTP 200 in 35 ms")), status.events(5, 10));
        assertEquals(List.of("HTTP 200 in 35 ms", "Cannot connect to 10.0.3.21:443: connection refused"),
                db.dsl().select(MONITORING_TARGET_EVENT.MESSAGE_EN).from(MONITORING_TARGET_EVENT)
                        .orderBy(MONITORING_TARGET_EVENT.AT_MS).fetch(MONITORING_TARGET_EVENT.MESSAGE_EN));
        LiveStatus.Status now = status.status(5);
        assertEquals("Cannot connect to 10.0.3.21:443: connection refused", now.messageEn());

        // a change stored before the English messages; another node reads the last change from the table
        db.dsl().update(MONITORING_TARGET_EVENT).setNull(MONITORING_TARGET_EVENT.MESSAGE_EN).execute();
        assertEquals("HTTP 200，35 毫秒", status.events(5, 10).get(1).messageEn());
        LiveStatus.Status stored = new LiveStatus(db.database()).status(5);
        assertEquals(LiveStatus.State.DOWN, stored.state());
        assertEquals("无法连接 10.0.3.21:443：连接被拒绝", stored.message());
        assertEquals("无法连接 10.0.3.21:443：连接被拒绝", stored.messageEn());
    }
}
