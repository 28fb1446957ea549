package org.opsconsole.monitoring.internal.targets;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_TARGET;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.secrets.SecretBox;
import org.opsconsole.monitoring.internal.series.SeriesStore;
import org.opsconsole.testing.TestDatabases;
import org.osgi.util.converter.Converters;

/**
 * Whether the probe scheduler keeps up with 1,000 targets at a 15-second interval on this machine, each probe a real
 * TCP connection to a local port and its samples stored through the time-series store. Not a timed test: it runs only
 * when asked for ({@code releng/bench/monitoring.sh}) and prints what it measured, against a baseline measured in the
 * same run (the same 1,000 probes one after another on one thread).
 *
 * <pre>mvn -o -q test -pl bundles/org.opsconsole.monitoring -Dtest=SchedulerBenchmark -Dmonitoring.benchmark=true
 *     [-Dmonitoring.benchmark.db=h2,mysql] [-Dmonitoring.benchmark.seconds=60]</pre>
 */
@EnabledIfSystemProperty(named = "monitoring.benchmark", matches = "true")
class SchedulerBenchmark {

    private static final int TARGETS = 1000;
    private static final int INTERVAL = 15;

    static List<String> kinds() {
        return List.of(System.getProperty("monitoring.benchmark.db", "h2,mysql").split(","));
    }

    /** A TCP connect to a local port, as the built-in tcp probe does. */
    private static final class LocalTcp implements Probe {
        private final int port;

        LocalTcp(int port) {
            this.port = port;
        }

        @Override
        public List<SettingField> fields() {
            return List.of();
        }

        @Override
        public ProbeResult probe(ProbeTarget target) throws IOException {
            long start = System.nanoTime();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) target.timeout().toMillis());
            }
            double millis = (System.nanoTime() - start) / 1e6;
            return ProbeResult.up("connected").sample("tcp_connect_ms", millis).sample("bench_value", target.id() % 100).build();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void thousandTargetsEveryFifteenSeconds(String kind) throws Exception {
        long seconds = Long.getLong("monitoring.benchmark.seconds", 60);
        try (ServerSocket server = new ServerSocket(0, 1000); TestDatabases.Target db = TestDatabases.create(kind, "monitoring")) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        server.accept().close();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "bench-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            Instant now = Instant.now();
            for (int i = 0; i < TARGETS; i++) {
                var record = db.dsl().newRecord(MONITORING_TARGET);
                record.setName("target-" + i);
                record.setKind("local-tcp");
                record.setSettings("{}");
                record.setLabels("{}");
                record.setIntervalSeconds(INTERVAL);
                record.setTimeoutSeconds(5);
                record.setEnabled(true);
                record.setCreatedAt(now);
                record.setUpdatedAt(now);
                record.setUpdatedBy("bench");
                record.store();
            }
            ProbeKinds kinds = new ProbeKinds(List.of(new ProbeKinds.Kind("local-tcp", "本地端口", "Local port", new LocalTcp(server.getLocalPort()))));
            SecretBox plain = new SecretBox() {
                @Override
                public String seal(String secret) {
                    return secret;
                }

                @Override
                public String open(String value) {
                    return value;
                }
            };
            TargetStore targets = new TargetStore(db.database(), kinds, plain, event -> { }, Clock.systemUTC());
            ProbeRunner runner = new ProbeRunner(kinds, Clock.systemUTC());

            long begin = System.nanoTime();
            for (Target target : targets.list()) {
                runner.run(targets.probeTarget(target));
            }
            double sequentialMillis = (System.nanoTime() - begin) / 1e6;

            SeriesStore series = new SeriesStore(db.database(), seriesConfig());
            LiveStatus status = new LiveStatus(db.database());
            ProbeScheduler scheduler = new ProbeScheduler(targets, runner, outcome -> {
                series.write(outcome.targetId(), outcome.at(), outcome.samples());
                status.record(outcome);
            }, 16, Clock.systemUTC());
            double cpuBefore = cpuSeconds();
            scheduler.start();
            Thread.sleep(Duration.ofSeconds(INTERVAL).toMillis()); // the first round spreads the targets; measure after it
            ProbeScheduler.Stats warm = scheduler.stats();
            scheduler.resetLag();
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            ProbeScheduler.Stats stats = scheduler.stats();
            double cpu = cpuSeconds() - cpuBefore;
            scheduler.stop();
            series.flush();
            SeriesStore.Stats stored = series.stats();

            long probes = stats.probes() - warm.probes();
            long due = TARGETS * seconds / INTERVAL;
            System.out.printf("%nmonitoring probe scheduler on %s: %,d targets every %d s, %d s measured%n",
                    kind.equals("h2") ? "H2" : "MariaDB/MySQL", TARGETS, INTERVAL, seconds);
            System.out.printf("  %-52s %12s%n", "measure", "result");
            System.out.printf("  %-52s %,10.0f ms%n", "baseline: 1,000 probes one after another", sequentialMillis);
            System.out.printf("  %-52s %,12d%n", "probes due in the measured time", due);
            System.out.printf("  %-52s %,12d%n", "probes run", probes);
            System.out.printf("  %-52s %11.2fx%n", "  ratio run / due", (double) probes / due);
            System.out.printf("  %-52s %,10d ms%n", "longest start after due time", stats.maxLagMillis());
            System.out.printf("  %-52s %,12d%n", "runs skipped (behind or still running)", stats.skipped() - warm.skipped());
            System.out.printf("  %-52s %,12d%n", "timeouts", stats.timeouts());
            System.out.printf("  %-52s %,12d%n", "samples stored", stored.written());
            System.out.printf("  %-52s %,12d%n", "samples dropped", stored.dropped());
            System.out.printf("  %-52s %11.1f%%%n", "process CPU over the run (of one core)", 100 * cpu / (seconds + INTERVAL));
            System.out.printf("  keeps up: %s%n", probes >= due * 0.98 && stats.maxLagMillis() < 1000 && stored.dropped() == 0 ? "yes" : "NO");
        }
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static SeriesStore.Config seriesConfig() {
        return Converters.standardConverter().convert(Map.of()).to(SeriesStore.Config.class);
    }
}
