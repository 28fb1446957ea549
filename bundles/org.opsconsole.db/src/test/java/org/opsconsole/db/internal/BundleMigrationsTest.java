package org.opsconsole.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URL;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.db.Database;
import org.opsconsole.testing.TestDatabases;
import org.osgi.framework.Bundle;

/** Migrations of a module bundle, on H2 and on MySQL/MariaDB. */
class BundleMigrationsTest {

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void scriptsRunInOrderOnceAndAreRecordedPerModule(String kind) throws Exception {
        TestDatabases.Target target = TestDatabases.empty(kind);
        ConnectionPool pool = new ConnectionPool(ConnectionPool.settings(target.url(), target.user(), target.password(), ""), 3);
        try {
            Bundle demo = bundle("org.example.demo", "migrations/ok");
            BundleMigrations.Declaration declaration = BundleMigrations.declaration(demo);

            assertEquals(2, BundleMigrations.apply(demo, declaration, pool.dataSource()));
            assertEquals(0, BundleMigrations.apply(demo, declaration, pool.dataSource()), "a second start applies nothing");

            DSLContext dsl = DSL.using(pool.dataSource(), pool.dialect(), ModuleDatabase.settings());
            var row = dsl.select(DSL.field("name", String.class), DSL.field("amount", BigDecimal.class), DSL.field("unit_code", String.class))
                    .from(DSL.table("demo_item")).fetchOne();
            assertEquals("缴款书", row.value1());
            assertEquals(new BigDecimal("12.50"), row.value2());
            assertEquals("440800", row.value3());
            assertTrue(TestDatabases.tablesOf(pool.dataSource()).contains("demo_schema_history"));

            Bundle other = bundle("org.example.other", "migrations/bad;module=other");
            assertEquals("other", BundleMigrations.declaration(other).module());
            assertTrue(TestDatabases.tablesOf(pool.dataSource()).stream().noneMatch(t -> t.equals("other_schema_history")),
                    "each module has its own history");
        } finally {
            pool.close();
            target.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aFailingScriptIsNamedWithItsStatement(String kind) throws Exception {
        TestDatabases.Target target = TestDatabases.empty(kind);
        ConnectionPool pool = new ConnectionPool(ConnectionPool.settings(target.url(), target.user(), target.password(), ""), 3);
        try {
            Bundle broken = bundle("org.example.broken", "migrations/bad");
            BundleMigrations.Declaration declaration = BundleMigrations.declaration(broken);

            RuntimeException error = assertThrows(RuntimeException.class,
                    () -> BundleMigrations.apply(broken, declaration, pool.dataSource()));

            assertTrue(error.getMessage().contains("V2__broken.sql"), error.getMessage());
            assertTrue(error.getMessage().contains("no_such_table"), error.getMessage());
            assertTrue(TestDatabases.tablesOf(pool.dataSource()).contains("demo_item"), "the scripts before the failing one stay applied");
        } finally {
            pool.close();
            target.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theDigestOfAppliedScriptsLetsAStartSkipFlyway(String kind) throws Exception {
        TestDatabases.Target target = TestDatabases.empty(kind);
        try {
            Bundle demo = bundle("org.example.demo", "migrations/ok");
            String digest = MigrationDigests.of(demo, "migrations/ok");
            assertEquals(digest, MigrationDigests.of(demo, "migrations/ok"), "the same scripts, the same digest");
            assertNotEquals(digest, MigrationDigests.of(bundle("org.example.demo", "migrations/bad"), "migrations/bad"));

            assertFalse(MigrationDigests.applied(target.dataSource(), "demo", digest), "nothing recorded yet (no table)");
            MigrationDigests.record(target.dataSource(), "demo", digest);
            assertTrue(MigrationDigests.applied(target.dataSource(), "demo", digest));
            assertFalse(MigrationDigests.applied(target.dataSource(), "other", digest), "digests are per module");

            MigrationDigests.record(target.dataSource(), "demo", "0".repeat(64));
            assertFalse(MigrationDigests.applied(target.dataSource(), "demo", digest), "changed scripts ask Flyway again");
            assertEquals(List.of("demo"), MigrationDigests.modules(target.dataSource()));
        } finally {
            target.close();
        }
    }

    @Test
    void theModuleNameComesFromTheHeaderOrTheSymbolicName() throws Exception {
        assertEquals(new BundleMigrations.Declaration("backups", "db/migration"),
                BundleMigrations.declaration(bundle("org.opsconsole.backups", "/db/migration/")));
        assertEquals("audit", BundleMigrations.declaration(bundle("org.opsconsole.core", "db;module=audit")).module());
        assertEquals(null, BundleMigrations.declaration(bundle("org.opsconsole.web", null)).location());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> BundleMigrations.declaration(bundle("org.example.x", "db;module=Bad-Name")));
        assertTrue(error.getMessage().contains("Bad-Name"));
    }

    /**
     * Modules that start together migrate one after another: on H2 a script's DDL waits for the schema lock another
     * module's script holds, and a busy start ran past the lock timeout. Counted by the threads holding a connection.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void modulesStartingTogetherMigrateOneAfterAnother(String kind) throws Exception {
        TestDatabases.Target target = TestDatabases.empty(kind);
        ConnectionPool pool = new ConnectionPool(ConnectionPool.settings(target.url(), target.user(), target.password(), ""), 6);
        try {
            Set<Thread> holding = ConcurrentHashMap.newKeySet();
            AtomicInteger most = new AtomicInteger();
            DataSource watched = watched(pool.dataSource(), holding, most);
            List<String> modules = List.of("one", "two", "three");
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(modules.size());
            try {
                List<Future<Integer>> applied = new ArrayList<>();
                for (String module : modules) {
                    Bundle bundle = bundle("org.example." + module, "migrations/together/" + module + ";module=" + module);
                    applied.add(threads.submit(() -> {
                        go.await();
                        return BundleMigrations.apply(bundle, BundleMigrations.declaration(bundle), watched);
                    }));
                }
                go.countDown();
                for (Future<Integer> each : applied) {
                    assertEquals(2, each.get(60, TimeUnit.SECONDS));
                }
            } finally {
                threads.shutdownNow();
            }
            assertEquals(1, most.get(), "one module's migration held connections at a time");
        } finally {
            pool.close();
            target.close();
        }
    }

    /** The data source, counting the threads that hold one of its connections, and the most that did at once. */
    private static DataSource watched(DataSource dataSource, Set<Thread> holding, AtomicInteger most) {
        Map<Thread, AtomicInteger> open = new ConcurrentHashMap<>();
        return (DataSource) Proxy.newProxyInstance(BundleMigrationsTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, dataSource, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Thread thread = Thread.currentThread();
                    open.computeIfAbsent(thread, t -> new AtomicInteger()).incrementAndGet();
                    holding.add(thread);
                    most.accumulateAndGet(holding.size(), Math::max);
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(BundleMigrationsTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("close") && open.get(thread).decrementAndGet() == 0) {
                                    holding.remove(thread);
                                }
                                return invoke(m, connection, a);
                            });
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A bundle whose entries are the test resources. */
    static Bundle bundle(String symbolicName, String header) throws MalformedURLException {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getSymbolicName()).thenReturn(symbolicName);
        Hashtable<String, String> headers = new Hashtable<>();
        if (header != null) {
            headers.put(Database.MIGRATIONS_HEADER, header);
        }
        when(bundle.getHeaders("")).thenReturn(headers);
        File resources = new File("src/test/resources");
        when(bundle.findEntries(anyString(), anyString(), anyBoolean())).thenAnswer(call -> {
            File folder = new File(resources, call.getArgument(0, String.class));
            String pattern = call.getArgument(1, String.class);
            File[] files = folder.listFiles((dir, name) -> pattern.startsWith("*")
                    ? name.endsWith(pattern.substring(1)) : name.startsWith(pattern.replace("*", "")));
            if (files == null) {
                return null;
            }
            Arrays.sort(files);
            List<URL> urls = new ArrayList<>();
            for (File f : files) {
                urls.add(f.toURI().toURL());
            }
            return Collections.enumeration(urls);
        });
        when(bundle.getEntry(anyString())).thenAnswer(call -> {
            File file = new File(resources, call.getArgument(0, String.class));
            return file.isFile() ? file.toURI().toURL() : null;
        });
        return bundle;
    }
}
