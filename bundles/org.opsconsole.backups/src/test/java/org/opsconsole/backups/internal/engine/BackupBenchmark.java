package org.opsconsole.backups.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import com.mysql.cj.jdbc.MysqlDataSource;
import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * How fast and in how much memory the engine backs up and restores the sandbox's generated data on MariaDB/MySQL,
 * against {@code mysqldump} and {@code mysql} on the same database in the same run. Not a timed test: it runs only
 * when asked for ({@code releng/bench/backups.sh}, which generates the data first) and prints what it measured.
 *
 * <pre>mvn -o -q test -pl bundles/org.opsconsole.backups -Dtest=BackupBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 *     -Dbackup.benchmark=true -Dbackup.benchmark.database=NAME [-Dbackup.benchmark.runs=3] -DargLine=-Xmx256m</pre>
 *
 * <ol>
 * <li>dump: {@link DatabaseDumper} (2 threads, compression level 1, AES-256-GCM) into a new folder, against
 * {@code mysqldump --single-transaction --quick} into a file, taken in turns, each {@code runs} times; the median
 * time, MB/s of the source's data ({@code information_schema} {@code data_length}, the same for both) and of what
 * each wrote before compression (the rows' encoded bytes; the SQL text), the size on disk, and the CPU seconds of the
 * client (this JVM; the mysqldump process) and of the server ({@code mysqld}, when it runs on this machine);</li>
 * <li>heap: the JVM's heap in use during our dumps, sampled every 50 ms, and the most in use just after a collection;
 * next to the largest table's size;</li>
 * <li>restore: {@link DatabaseLoader} (2 threads) of the last backup into a new scratch database, against
 * {@code mysql < dump.sql} into another new database, in turns, each {@code runs} times; each restored database is
 * then checked by {@link DatabaseChecker} against the backup's manifest and must not differ, and dropped; CPU seconds
 * as for the dumps.</li>
 * </ol>
 *
 * The source database ({@code -Dbackup.benchmark.database}) is on the server at {@code OPSCONSOLE_TEST_MYSQL}
 * (default {@code jdbc:mysql://127.0.0.1:3306/}) as root with an empty password; it is read, never changed, except
 * for {@code ANALYZE TABLE} so that its sizes are current. Every database the benchmark makes is dropped.
 */
@EnabledIfSystemProperty(named = "backup.benchmark", matches = "true")
class BackupBenchmark {

    private static final double MIB = 1024 * 1024;
    private static final String USER = "root";
    private static final Path BIN = Path.of(System.getProperty("backup.benchmark.bin", "/usr/bin"));

    @TempDir
    Path temp;

    private final Sealing sealing = new Sealing("k-bench", Sealing.newKey());

    @Test
    void dumpsAndRestoresTheSandboxDataAgainstMysqldump() throws Exception {
        String database = System.getProperty("backup.benchmark.database", "");
        assertTrue(database.matches("[A-Za-z0-9_]+"),
                "-Dbackup.benchmark.database names the database with the sandbox's data (releng/bench/backups.sh makes it)");
        int runs = Integer.getInteger("backup.benchmark.runs", 3);
        String server = server();
        ConnectionSource serverConnections = data(server, "")::getConnection;
        ConnectionSource source = data(server, database)::getConnection;
        String loadBefore = loadAverage();
        Sizes sizes = Sizes.of(source);
        assertTrue(sizes.rows() > 0, "the database " + database + " has no rows: generate the sandbox's data into it first");

        // dumps, ours and mysqldump's in turns
        Cpu.Meter cpu = Cpu.meter(serverConnections);
        double[] ours = new double[runs];
        double[] theirs = new double[runs];
        Cpu[] oursCpu = new Cpu[runs];
        Cpu[] theirsCpu = new Cpu[runs];
        long rowBytes = 0;
        long heapSampled = 0;
        long heapAfterGc = 0;
        Path backup = null;
        Manifest manifest = null;
        Path sql = null;
        for (int run = 0; run < runs; run++) {
            Path folder = temp.resolve("backup-" + run);
            Counter counter = new Counter();
            DatabaseDumper.Result dumped;
            try (HeapWatch heap = new HeapWatch()) {
                Cpu before = cpu.now();
                long begin = System.nanoTime();
                dumped = new DatabaseDumper(2, 1).dump(source, folder, sealing, counter);
                ours[run] = seconds(begin);
                oursCpu[run] = cpu.now().minus(before);
                heapSampled = Math.max(heapSampled, heap.sampled());
                heapAfterGc = Math.max(heapAfterGc, heap.afterGc());
            }
            rowBytes = counter.bytes.sum();
            assertEquals(sizes.rows(), counter.rows.sum(), "rows dumped");
            Path file = temp.resolve("dump-" + run + ".sql");
            Cpu before = cpu.now();
            long begin = System.nanoTime();
            run(file, null, BIN.resolve("mysqldump").toString(), "--single-transaction", "--quick", "--host=" + host(server),
                    "--port=" + port(server), "--user=" + USER, database);
            theirs[run] = seconds(begin);
            theirsCpu[run] = cpu.now().minus(before);
            delete(backup);
            delete(sql);
            backup = folder;
            manifest = manifest(dumped);
            sql = file;
        }
        long backupSize = sizeOnDisk(backup);
        long sqlSize = Files.size(sql);

        // restores of the last dumps, ours and mysql's in turns, each checked against the manifest
        double[] loaded = new double[runs];
        double[] piped = new double[runs];
        Cpu[] loadedCpu = new Cpu[runs];
        Cpu[] pipedCpu = new Cpu[runs];
        double[] checked = new double[runs];
        long heapRestore = 0;
        for (int run = 0; run < runs; run++) {
            ScratchDatabase scratch = ScratchDatabase.mysql(serverConnections, scratchName(), manifest.source().settings());
            try {
                try (HeapWatch heap = new HeapWatch()) {
                    Cpu before = cpu.now();
                    long begin = System.nanoTime();
                    new DatabaseLoader(2).load(manifest, backup, sealing, scratch.connections(), false, Progress.NONE);
                    loaded[run] = seconds(begin);
                    loadedCpu[run] = cpu.now().minus(before);
                    heapRestore = Math.max(heapRestore, heap.sampled());
                }
                long begin = System.nanoTime();
                assertEquals(List.of(), new DatabaseChecker(2).check(scratch.connections(), manifest.tables(), Progress.NONE),
                        "our restore differs from the backup");
                checked[run] = seconds(begin);
            } finally {
                scratch.drop();
            }
            ScratchDatabase other = ScratchDatabase.mysql(serverConnections, scratchName(), manifest.source().settings());
            try {
                String name = other.location().substring("mysql:".length());
                Cpu before = cpu.now();
                long begin = System.nanoTime();
                run(null, sql, BIN.resolve("mysql").toString(), "--host=" + host(server), "--port=" + port(server),
                        "--user=" + USER, name);
                piped[run] = seconds(begin);
                pipedCpu[run] = cpu.now().minus(before);
                assertEquals(List.of(), new DatabaseChecker(2).check(other.connections(), manifest.tables(), Progress.NONE),
                        "mysql's restore of dump.sql differs from the backup");
            } finally {
                other.drop();
            }
        }

        double dump = median(ours);
        double mysqldump = median(theirs);
        double load = median(loaded);
        double mysql = median(piped);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("%nbackups on %s, database %s: the sandbox's data, %d tables, %,d rows%n", manifest.source().product(),
                database, manifest.tables().size(), sizes.rows());
        System.out.printf("  source (information_schema after ANALYZE TABLE): data %.1f MiB, indexes %.1f MiB%n",
                sizes.data() / MIB, sizes.indexes() / MIB);
        System.out.printf("  largest table: %s, %,d rows, data %.1f MiB, indexes %.1f MiB%n", sizes.largest(),
                rowsOf(manifest, sizes.largest()), sizes.largestData() / MIB, sizes.largestIndexes() / MIB);
        System.out.printf("  JVM: max heap %.0f MiB (%s), %d processors; %d runs each, in turns, median shown%n",
                runtime.maxMemory() / MIB, collectors(), runtime.availableProcessors(), runs);
        System.out.printf("  load average (1, 5, 15 min) before: %s, after: %s%n", loadBefore, loadAverage());
        System.out.printf("  %-52s %14s %14s %10s%n", "measure (ours | mysqldump or mysql)", "ours", "mysql tools", "ours/them");
        System.out.printf("  %-52s %12.1f s %12.1f s %9.2fx%n", "dump time (DatabaseDumper 2 thr, level 1, AES)", dump, mysqldump,
                dump / mysqldump);
        System.out.printf("  %-52s %14s %14s%n", "  every run, s", times(ours), times(theirs));
        printCpu(oursCpu, theirsCpu, "the JVM | mysqldump");
        System.out.printf("  %-52s %9.1f MiB/s %9.1f MiB/s%n", "  MiB/s of the source's data_length", sizes.data() / MIB / dump,
                sizes.data() / MIB / mysqldump);
        System.out.printf("  %-52s %9.1f MiB/s %9.1f MiB/s%n", "  MiB/s of its plain output (encoded rows | SQL)",
                rowBytes / MIB / dump, sqlSize / MIB / mysqldump);
        System.out.printf("  %-52s %10.1f MiB %10.1f MiB %9.2fx%n", "plain output (encoded rows | dump.sql)", rowBytes / MIB,
                sqlSize / MIB, rowBytes / (double) sqlSize);
        System.out.printf("  %-52s %10.1f MiB %10.1f MiB %9.2fx%n", "size on disk (backup folder | dump.sql)", backupSize / MIB,
                sqlSize / MIB, backupSize / (double) sqlSize);
        System.out.printf("  %-52s %12.1f s %12.1f s %9.2fx%n", "restore time (DatabaseLoader 2 thr | mysql < dump.sql)", load,
                mysql, load / mysql);
        System.out.printf("  %-52s %14s %14s%n", "  every run, s", times(loaded), times(piped));
        printCpu(loadedCpu, pipedCpu, "the JVM | mysql");
        System.out.printf("  %-52s %14s %14s%n", "  restores that differ (DatabaseChecker, every run)", "none", "none");
        System.out.printf("  %-52s %12.1f s%n", "  check time of our restores (DatabaseChecker 2 thr)", median(checked));
        System.out.printf("  %-52s %10.1f MiB%n", "peak heap in use during the dumps (every 50 ms)", heapSampled / MIB);
        System.out.printf("  %-52s %10.1f MiB%n", "peak heap in use after a GC during the dumps", heapAfterGc / MIB);
        System.out.printf("  %-52s %10.1f MiB%n", "peak heap in use during our restores (every 50 ms)", heapRestore / MIB);
    }

    private static void printCpu(Cpu[] ours, Cpu[] theirs, String client) {
        System.out.printf("  %-52s %12.1f s %12.1f s%n", "  CPU of the client (" + client + "), median",
                median(Arrays.stream(ours).mapToDouble(Cpu::client).toArray()),
                median(Arrays.stream(theirs).mapToDouble(Cpu::children).toArray()));
        if (ours[0].server() >= 0) {
            System.out.printf("  %-52s %12.1f s %12.1f s%n", "  CPU of the server (mysqld), median",
                    median(Arrays.stream(ours).mapToDouble(Cpu::server).toArray()),
                    median(Arrays.stream(theirs).mapToDouble(Cpu::server).toArray()));
        }
    }

    /** @return the server's URL, as the other tests reach it */
    private static String server() {
        String url = System.getenv().getOrDefault("OPSCONSOLE_TEST_MYSQL", "");
        url = url.isBlank() ? "jdbc:mysql://127.0.0.1:3306/" : url;
        url = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        return url.endsWith("/") ? url : url + "/";
    }

    private static MysqlDataSource data(String server, String database) {
        MysqlDataSource data = new MysqlDataSource();
        data.setURL(server + database);
        data.setUser(USER);
        data.setPassword("");
        return data;
    }

    private static String host(String server) {
        return URI.create(server.substring("jdbc:".length())).getHost();
    }

    private static int port(String server) {
        int port = URI.create(server.substring("jdbc:".length())).getPort();
        return port < 0 ? 3306 : port;
    }

    private static String scratchName() {
        return "opsconsole_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private Manifest manifest(DatabaseDumper.Result dumped) {
        String now = Instant.now().toString();
        return new Manifest(Manifest.FORMAT, "bench", "bench", "database", now, now, Sealing.CIPHER, sealing.keyId(), "deflate",
                dumped.source(), dumped.tables(), null, dumped.files());
    }

    private static long rowsOf(Manifest manifest, String table) {
        return manifest.tables().stream().filter(t -> t.name().equals(table)).mapToLong(Manifest.TableEntry::rows).sum();
    }

    /** Runs a client program, its output into a file or its input from one; fails with its error output when it fails. */
    private void run(Path output, Path input, String... command) throws IOException, InterruptedException {
        Path errors = temp.resolve("errors.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        if (output != null) {
            builder.redirectOutput(output.toFile());
        }
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.MINUTES), command[0] + " did not finish in an hour");
        assertEquals(0, process.exitValue(), command[0] + " failed: " + Files.readString(errors));
    }

    private static double seconds(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String times(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format("%.1f", v)).collect(Collectors.joining(" "));
    }

    /** @return the machine's load average, as other work on it makes the times vary */
    private static String loadAverage() throws IOException {
        Path file = Path.of("/proc/loadavg");
        if (!Files.isReadable(file)) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        String[] fields = Files.readString(file).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static String collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
    }

    private static long sizeOnDisk(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            long size = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                size += Files.size(file);
            }
            return size;
        }
    }

    private static void delete(Path path) throws IOException {
        if (path == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(file);
            }
        }
    }

    /**
     * CPU seconds used: by this JVM, by the client programs it ran and waited for ({@code /proc/self/stat}), and by the
     * database server when it runs on this machine ({@code /proc/<pid>/stat} of {@code @@pid_file}; -1 otherwise).
     */
    private record Cpu(double client, double children, double server) {

        Cpu minus(Cpu before) {
            return new Cpu(client - before.client, children - before.children, server < 0 ? -1 : server - before.server);
        }

        /** Reads the CPU times. */
        record Meter(Path serverStat, double tick) {

            Cpu now() throws IOException {
                double client = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime() / 1e9;
                String[] self = fields(Path.of("/proc/self/stat"));
                double children = self == null ? -1 : (Long.parseLong(self[13]) + Long.parseLong(self[14])) / tick;
                String[] server = serverStat == null ? null : fields(serverStat);
                return new Cpu(client, children, server == null ? -1 : (Long.parseLong(server[11]) + Long.parseLong(server[12])) / tick);
            }

            /** @return the fields after the command's name, the state first; null without the file */
            private static String[] fields(Path stat) throws IOException {
                if (!Files.isReadable(stat)) {
                    return null;
                }
                String text = Files.readString(stat);
                return text.substring(text.lastIndexOf(')') + 2).split(" ");
            }
        }

        static Meter meter(ConnectionSource server) throws SQLException, IOException {
            Path stat = null;
            try (Connection c = server.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select @@pid_file")) {
                Path pidFile = rs.next() && rs.getString(1) != null ? Path.of(rs.getString(1)) : null;
                if (pidFile != null && Files.isReadable(pidFile)) {
                    stat = Path.of("/proc", Files.readString(pidFile).strip(), "stat");
                }
            }
            return new Meter(stat, 100); // USER_HZ, 100 on Linux
        }
    }

    /** The rows and bytes a dump reports. */
    private static final class Counter implements Progress {
        final LongAdder rows = new LongAdder();
        final LongAdder bytes = new LongAdder();

        @Override
        public void advance(long rows, long bytes) {
            this.rows.add(rows);
            this.bytes.add(bytes);
        }
    }

    /**
     * The source database's size: its rows, counted, and {@code information_schema}'s data and index lengths (made current
     * by {@code ANALYZE TABLE}), the largest table's too.
     */
    private record Sizes(long rows, long data, long indexes, String largest, long largestData, long largestIndexes) {

        static Sizes of(ConnectionSource source) throws SQLException {
            try (Connection c = source.open(); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables"
                        + " where table_schema = database() and table_type = 'BASE TABLE'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                long exact = 0;
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("analyze table `" + table + "`")) {
                        while (rs.next()) {
                            // the result says it is done
                        }
                    }
                    try (ResultSet rs = s.executeQuery("select count(*) from `" + table + "`")) {
                        rs.next();
                        exact += rs.getLong(1);
                    }
                }
                long data;
                long indexes;
                try (ResultSet rs = s.executeQuery("select coalesce(sum(data_length), 0), coalesce(sum(index_length), 0)"
                        + " from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE'")) {
                    rs.next();
                    data = rs.getLong(1);
                    indexes = rs.getLong(2);
                }
                try (ResultSet rs = s.executeQuery("select table_name, data_length, index_length from information_schema.tables"
                        + " where table_schema = database() and table_type = 'BASE TABLE' order by data_length desc limit 1")) {
                    if (!rs.next()) {
                        return new Sizes(0, 0, 0, "", 0, 0);
                    }
                    return new Sizes(exact, data, indexes, rs.getString(1), rs.getLong(2), rs.getLong(3));
                }
            }
        }
    }

    /** The most heap in use while it is open: sampled every 50 ms, and just after each collection. */
    private static final class HeapWatch implements AutoCloseable {

        private final AtomicLong sampled = new AtomicLong();
        private final AtomicLong afterGc = new AtomicLong();
        private final ScheduledExecutorService sampler;
        private final NotificationListener listener;
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

        HeapWatch() {
            System.gc(); // what earlier work left behind does not count
            listener = (notification, handback) -> {
                if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                            .from((CompositeData) notification.getUserData());
                    long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                    afterGc.accumulateAndGet(used, Math::max);
                }
            };
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).addNotificationListener(listener, null, null);
            }
            sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "heap-sampler");
                thread.setDaemon(true);
                return thread;
            });
            sampler.scheduleAtFixedRate(() -> {
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                sampled.accumulateAndGet(heap.getUsed(), Math::max);
            }, 0, 50, TimeUnit.MILLISECONDS);
        }

        long sampled() {
            return sampled.get();
        }

        long afterGc() {
            return afterGc.get();
        }

        @Override
        public void close() throws javax.management.ListenerNotFoundException {
            sampler.shutdownNow();
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).removeNotificationListener(listener);
            }
        }
    }
}
