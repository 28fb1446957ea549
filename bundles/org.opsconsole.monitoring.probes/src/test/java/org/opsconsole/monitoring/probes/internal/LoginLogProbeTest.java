package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.probes.internal.TestTargets.target;
import static org.opsconsole.monitoring.probes.internal.TestTargets.value;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.testing.TestDatabases;

/** The login-log probe over a {@code sys_login_log} table as the platform has it, on H2 and MariaDB. */
class LoginLogProbeTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 26, 10, 0);

    private final NamedDataSources dataSources = new NamedDataSources();
    private final LoginLogProbe probe = new LoginLogProbe(dataSources,
            Clock.fixed(NOW.atZone(ZoneId.of("Asia/Shanghai")).toInstant(), ZoneId.systemDefault()));

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    private static void logins(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table sys_login_log (id bigint not null auto_increment, login_name varchar(40) not null,"
                    + " user_id bigint null, login_at datetime not null, client_ip varchar(45) not null,"
                    + " success boolean not null, result varchar(20) not null, primary key (id))");
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "insert into sys_login_log (login_name, login_at, client_ip, success, result) values (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 4; i++) {
                row(insert, "admin", NOW.minusMinutes(4).plusSeconds(i * 30), "203.0.113.5", false);
            }
            row(insert, "zhangsan", NOW.minusMinutes(2), "10.0.0.6", false);
            row(insert, "zhangsan", NOW.minusMinutes(2).plusSeconds(10), "10.0.0.6", true);
            row(insert, "zhangsan", NOW.minusSeconds(30), "10.0.0.6", true);
            row(insert, "lisi", NOW.minusMinutes(1), "10.0.0.7", true);
            for (int i = 0; i < 10; i++) {
                row(insert, "root", NOW.minusMinutes(10).plusSeconds(i), "198.51.100.9", false);
            }
            row(insert, "later", NOW.plusMinutes(1), "10.0.0.8", false);
            insert.executeBatch();
        }
    }

    private static void row(PreparedStatement insert, String name, LocalDateTime at, String ip, boolean success) throws SQLException {
        insert.setString(1, name);
        insert.setObject(2, at);
        insert.setString(3, ip);
        insert.setBoolean(4, success);
        insert.setString(5, success ? "SUCCESS" : "BAD_PASSWORD");
        insert.addBatch();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theLastFiveMinutesAreCountedAndTheTopSourceIsNamed(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty(kind)) {
            logins(db.dataSource());

            ProbeResult result = probe.probe(target("login-log", Map.of("url", db.url(), "user", db.user(), "password", db.password())));

            assertTrue(result.up(), result::toString);
            assertEquals(5, value(result, "login_failures"));
            assertEquals(3, value(result, "login_successes"));
            assertEquals(4, value(result, "login_failures_max_per_source"));
            assertEquals(2, value(result, "login_failure_sources"));
            assertEquals("近 5 分钟登录失败 5 次、成功 3 次；失败最多的来源 203.0.113.5（4 次，共 2 个来源有失败）", result.message());
            assertEquals("Last 5 min: 5 failed and 3 successful logins; most failures from 203.0.113.5 (4, of 2 sources with failures)",
                    result.messageEn());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aWiderWindowThroughANamedDataSourceSeesTheEarlierBurst(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty(kind)) {
            logins(db.dataSource());
            dataSources.addDataSource(db.dataSource(), Map.of(NamedDataSources.PROPERTY, "sandbox-platform"));

            ProbeResult result = probe.probe(target("login-log", Map.of("dataSource", "sandbox-platform", "windowMinutes", "15")));

            assertTrue(result.up(), result::toString);
            assertEquals(15, value(result, "login_failures"));
            assertEquals(10, value(result, "login_failures_max_per_source"));
            assertEquals(3, value(result, "login_failure_sources"));
            assertTrue(result.message().contains("198.51.100.9（10 次"), result.message());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aQuietWindowGivesZerosAndAMissingTableIsDown(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty(kind)) {
            Map<String, String> settings = Map.of("url", db.url(), "user", db.user(), "password", db.password());
            ProbeResult missing = probe.probe(target("login-log", settings));
            assertFalse(missing.up());
            assertTrue(missing.message().startsWith("无法读取登录日志 sys_login_log："), missing.message());
            assertTrue(missing.messageEn().startsWith("Cannot read the login log sys_login_log: "), missing.messageEn());

            logins(db.dataSource());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("delete from sys_login_log where login_at > '2026-11-26 09:55:00'");
            }
            ProbeResult quiet = probe.probe(target("login-log", settings));
            assertTrue(quiet.up());
            assertEquals(0, value(quiet, "login_failures"));
            assertEquals(0, value(quiet, "login_failures_max_per_source"));
            assertEquals(0, value(quiet, "login_failure_sources"));
            assertEquals("Last 5 min: 0 failed and 0 successful logins", quiet.messageEn());
        }
    }
}
