package org.opsconsole.monitoring.probes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.monitoring.probes.internal.TestTargets.metrics;
import static org.opsconsole.monitoring.probes.internal.TestTargets.target;
import static org.opsconsole.monitoring.probes.internal.TestTargets.value;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.testing.TestDatabases;

/** The database probe on H2 and on MariaDB, by URL and by a named data source. */
class DatabaseProbeTest {

    private static final List<String> MYSQL_METRICS = List.of("mysql_threads_connected", "mysql_threads_running",
            "mysql_max_connections", "mysql_slow_queries", "mysql_questions", "mysql_uptime_seconds",
            "mysql_connections_used_ratio");

    private final NamedDataSources dataSources = new NamedDataSources();
    private final DatabaseProbe probe = new DatabaseProbe(dataSources);

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    private static Map<String, String> byUrl(TestDatabases.Target db) {
        return Map.of("url", db.url(), "user", db.user(), "password", db.password());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void byUrlTheQueryRunsAndOnMysqlTheServerStatusIsRead(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty(kind)) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("create table sys_user (id bigint primary key)");
                s.execute("insert into sys_user values (1), (2), (3)");
            }
            ProbeResult result = probe.probe(target("database", Map.of("url", db.url(), "user", db.user(),
                    "password", db.password(), "query", "select id from sys_user")));

            assertTrue(result.up(), result::toString);
            assertTrue(value(result, "db_connect_ms") > 0);
            assertTrue(value(result, "db_query_ms") >= 0);
            assertTrue(result.message().matches("连接 \\d+ 毫秒，查询 \\d+ 毫秒（3 行）.*"), result.message());
            assertTrue(result.messageEn().matches("Connected in \\d+ ms, query in \\d+ ms \\(3 rows\\).*"), result.messageEn());
            if (kind.equals("mysql")) {
                assertTrue(metrics(result).containsAll(MYSQL_METRICS), metrics(result)::toString);
                assertTrue(value(result, "mysql_threads_connected") >= 1);
                assertTrue(value(result, "mysql_max_connections") >= 1);
                assertEquals(value(result, "mysql_threads_connected") / value(result, "mysql_max_connections"),
                        value(result, "mysql_connections_used_ratio"), 1e-9);
                assertTrue(value(result, "mysql_uptime_seconds") > 0);
                assertTrue(result.message().matches(".*；连接数 \\d+/\\d+"), result.message());
                assertTrue(result.messageEn().matches(".*; connections \\d+/\\d+"), result.messageEn());
                assertTrue(value(result, "mysql_questions") > 0);
            } else {
                assertEquals(List.of("db_connect_ms", "db_query_ms"), metrics(result));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aNamedDataSourceIsUsedInsteadOfAUrlWithTheDefaultQuery(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty(kind)) {
            dataSources.addDataSource(db.dataSource(), Map.of(NamedDataSources.PROPERTY, "sandbox-platform"));

            ProbeResult result = probe.probe(target("database", Map.of("dataSource", "sandbox-platform")));
            assertTrue(result.up(), result::toString);
            assertTrue(result.message().contains("（1 行）"), result.message());
            assertTrue(result.messageEn().contains(" (1 row)"), result.messageEn());

            dataSources.removeDataSource(db.dataSource(), Map.of(NamedDataSources.PROPERTY, "sandbox-platform"));
            ProbeResult gone = probe.probe(target("database", Map.of("dataSource", "sandbox-platform")));
            assertFalse(gone.up());
            assertEquals("无法连接数据库：没有名为 sandbox-platform 的数据源（提供它的模块未启动？）", gone.message());
            assertEquals("Cannot connect to the database: There is no data source named sandbox-platform"
                    + " (is the module that offers it stopped?)", gone.messageEn());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aFailingQueryIsDownButStillTellsTheConnectTime(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty(kind)) {
            Map<String, String> settings = new java.util.HashMap<>(byUrl(db));
            settings.put("query", "select * from no_such_table");
            ProbeResult result = probe.probe(target("database", settings));

            assertFalse(result.up());
            assertEquals(List.of("db_connect_ms"), metrics(result));
            assertTrue(result.message().startsWith("探测语句执行失败："), result.message());
            assertTrue(result.messageEn().startsWith("The probe's query failed: "), result.messageEn());
        }
    }

    @Test
    void onMysqlTheConnectionIsReadOnlySoAWritingQueryFails() throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty("mysql")) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("create table t (id int)");
            }
            Map<String, String> settings = new java.util.HashMap<>(byUrl(db));
            settings.put("query", "insert into t values (1)");
            ProbeResult result = probe.probe(target("database", settings));

            assertFalse(result.up(), result::toString);
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    var rows = s.executeQuery("select count(*) from t")) {
                rows.next();
                assertEquals(0, rows.getInt(1));
            }
        }
    }

    @Test
    void aWrongPasswordOnMysqlIsDownWithoutThePassword() throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty("mysql")) {
            ProbeResult result = probe.probe(target("database", Map.of("url", db.url(), "user", "root",
                    "password", "wrong-Pa55word")));

            assertFalse(result.up());
            assertTrue(result.message().startsWith("无法连接数据库："), result.message());
            assertTrue(result.messageEn().startsWith("Cannot connect to the database: "), result.messageEn());
            assertFalse(result.message().contains("wrong-Pa55word"));
            assertFalse(result.messageEn().contains("wrong-Pa55word"));
        }
    }

    @Test
    void aServerThatDoesNotListenIsDownWithinTheTimeOut() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();
        ProbeResult result = probe.probe(target("database", Map.of("url", "jdbc:mysql://127.0.0.1:" + port + "/x", "user", "u"),
                Duration.ofSeconds(2)));

        assertFalse(result.up());
        assertTrue(result.message().startsWith("无法连接数据库"), result.message());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }
}
