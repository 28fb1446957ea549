package org.opsconsole.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A built opsconsole distribution running for a test class: started before the first test, on a free port with a
 * fresh data folder, with the extensions under test installed through the plugin manager; stopped (SIGTERM) after the
 * last test.
 *
 * <pre>
 * class GreetingsIT {
 *     &#64;RegisterExtension
 *     static OpsConsole console = OpsConsole.fromSystemProperty()
 *             .withExtension(Path.of("target/opsconsole-example-1.0.0.zip"));
 *
 *     &#64;Test
 *     void theGreetingsListIsEmptyAtFirst() {
 *         assertEquals(0, console.admin().getJson("/api/hello/greetings").path("greetings").size());
 *     }
 * }
 * </pre>
 *
 * <p><b>The distribution</b> is a folder with {@code bin/opsconsole} (what {@code releng/distribution} builds as
 * {@code target/opsconsole}, or an unpacked {@code opsconsole.tar.gz}): {@link #fromHome(Path)}, or
 * {@link #fromSystemProperty()} for the system property {@value #HOME_PROPERTY}. It is started as an operator starts
 * it, {@code bin/opsconsole --port <free port> --data <temp folder>}, with the environment of the test's JVM and:
 * <ul>
 * <li>the first accounts' one-time passwords ({@code OPSCONSOLE_ADMIN_PASSWORD}, {@code OPSCONSOLE_SECADMIN_PASSWORD},
 * {@code OPSCONSOLE_AUDITOR_PASSWORD}), random for each start; {@link #admin()} and {@link #signIn(String)} sign in
 * and change them as the console asks at a first sign-in;</li>
 * <li>the plugin manager's trust ({@link #withTrust(Trust)}): by default {@link Trust#development()}, which accepts
 * unsigned code. <b>Development mode is for tests only.</b></li>
 * <li>anything given with {@link #withEnvironment(String, String)} (e.g. {@code OPSCONSOLE_DB_URL} to test on MySQL).</li>
 * </ul>
 * The start waits until {@code GET /api/health} answers 200; the console's output goes to {@link #output()}, whose
 * last lines are in the failure when it does not start. The data folder and output are deleted after the stop unless
 * {@link #keepData()} is set.
 *
 * <p>Register it with {@code @RegisterExtension} on a static field (one console for the class) or an instance field
 * (one console for each test). It can also be used without JUnit: {@link #start()} and {@link #close()}.
 */
public final class OpsConsole implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ExecutionCondition, AutoCloseable {

    /** The system property naming the distribution folder, for {@link #fromSystemProperty()}. */
    public static final String HOME_PROPERTY = "opsconsole.home";

    private static final List<String> ACCOUNTS = List.of("admin", "secadmin", "auditor");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path home;
    private final List<Path> extensions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Trust trust = Trust.development();
    private Duration startTimeout = Duration.ofSeconds(120);
    private Duration stopTimeout = Duration.ofSeconds(30);
    private boolean skipWhenMissing;
    private boolean keepData;

    private Process process;
    private Thread killer;
    private Path folder;
    private int port;
    private boolean startedForOneTest;
    private final Map<String, String> oneTimePasswords = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private volatile ConsoleClient admin;
    private final List<Installation> installations = new ArrayList<>();

    private OpsConsole(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /**
     * @param home the distribution folder, holding {@code bin/opsconsole}
     * @return a console to register as a JUnit extension, not started yet
     */
    public static OpsConsole fromHome(Path home) {
        return new OpsConsole(home);
    }

    /**
     * @return a console from the folder named by the system property {@value #HOME_PROPERTY}, not started yet
     * @throws IllegalStateException when the property is not set
     */
    public static OpsConsole fromSystemProperty() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("the system property " + HOME_PROPERTY + " names no opsconsole distribution; set it to the"
                    + " folder holding bin/opsconsole (e.g. with surefire's systemPropertyVariables)");
        }
        return new OpsConsole(Path.of(home));
    }

    /**
     * Installs an extension once the console runs, through the plugin manager's REST API ({@link Plugins#install}).
     * Extensions are installed in the order given.
     *
     * @param archive a feature archive ({@code .zip}) or a bundle ({@code .jar})
     * @return this
     */
    public OpsConsole withExtension(Path archive) {
        extensions.add(archive);
        return this;
    }

    /**
     * @param trust which code the plugin manager accepts; {@link Trust#development()} (tests only) by default
     * @return this
     */
    public OpsConsole withTrust(Trust trust) {
        this.trust = trust;
        return this;
    }

    /**
     * @param name an environment variable of the console's process (a setting {@code OPSCONSOLE_X_Y}, or
     *        {@code OPSCONSOLE_JAVA_OPTS})
     * @param value its value
     * @return this
     */
    public OpsConsole withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * @param timeout how long the start may take until {@code /api/health} answers 200; 120 s by default
     * @return this
     */
    public OpsConsole withStartTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /**
     * Skips the tests (instead of failing them) when the distribution folder holds no {@code bin/opsconsole}, for test
     * suites that also run where the distribution was not built.
     *
     * @return this
     */
    public OpsConsole skipWhenMissing() {
        this.skipWhenMissing = true;
        return this;
    }

    /**
     * Keeps the data folder and the console's output after the stop (see {@link #folder()}), to look at them.
     *
     * @return this
     */
    public OpsConsole keepData() {
        this.keepData = true;
        return this;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (skipWhenMissing && !Files.isRegularFile(startScript())) {
            return ConditionEvaluationResult.disabled("no opsconsole distribution at " + home + " (no bin/opsconsole): build it"
                    + " (releng/distribution, mvn package) or set -D" + HOME_PROPERTY + " to an installation folder");
        }
        return ConditionEvaluationResult.enabled("opsconsole distribution at " + home);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (process == null) { // registered on an instance field: a console for this test
            start();
            startedForOneTest = true;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (startedForOneTest) {
            startedForOneTest = false;
            stop();
        }
    }

    /**
     * Starts the console, waits until it is healthy and installs the extensions.
     *
     * @throws IllegalStateException when it is running already, the distribution is missing, or it did not start in
     *         time (with the console's last lines of output)
     * @throws AssertionError when an extension could not be installed
     */
    public synchronized void start() {
        if (process != null) {
            throw new IllegalStateException("the console runs already, on port " + port);
        }
        Path script = startScript();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no opsconsole distribution at " + home + ": " + script + " is missing; build the"
                    + " distribution (releng/distribution, mvn package) or name an installation folder");
        }
        try {
            folder = Files.createTempDirectory("opsconsole-test-");
            Path data = Files.createDirectory(folder.resolve("data"));
            port = freePort();
            for (String account : ACCOUNTS) {
                oneTimePasswords.put(account, password());
                passwords.put(account, password());
            }
            ProcessBuilder builder = new ProcessBuilder(script.toString(), "--port", Integer.toString(port), "--data", data.toString())
                    .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(output().toFile());
            Map<String, String> env = builder.environment();
            Map<String, String> wanted = environment(new HashMap<>(env));
            env.clear();
            env.putAll(wanted);
            process = builder.start();
        } catch (IOException e) {
            cleanUp();
            throw new UncheckedIOException("cannot start " + script + ": " + e.getMessage(), e);
        }
        Process started = process;
        killer = new Thread(started::destroyForcibly, "opsconsole-test-kill-" + port);
        Runtime.getRuntime().addShutdownHook(killer); // a test JVM that dies does not leave the console running
        try {
            awaitHealthy();
            for (Path extension : extensions) {
                installations.add(plugins().install(extension));
            }
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    /** The console's environment: the given one with the first passwords, the trust and the test's variables. */
    Map<String, String> environment(Map<String, String> inherited) {
        Map<String, String> env = new HashMap<>(inherited);
        env.put("OPSCONSOLE_ADMIN_PASSWORD", oneTimePasswords.get("admin"));
        env.put("OPSCONSOLE_SECADMIN_PASSWORD", oneTimePasswords.get("secadmin"));
        env.put("OPSCONSOLE_AUDITOR_PASSWORD", oneTimePasswords.get("auditor"));
        // the sandbox's simulated platform data (millions of rows) is not generated for a test; withEnvironment overrides
        env.put("OPSCONSOLE_SANDBOX_GENERATE", "off");
        trust.applyTo(env);
        env.putAll(environment);
        return env;
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(url("/api/health")).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        int last = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the console exited with " + process.exitValue() + " before it was healthy:\n" + tail());
            }
            try {
                last = http.send(health, BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the console started", e);
            }
            ConsoleClient.pause();
        }
        throw new IllegalStateException("the console did not answer GET /api/health with 200 within " + startTimeout.toSeconds()
                + " s" + (last == 0 ? "" : " (last answer " + last + ")") + ":\n" + tail());
    }

    /**
     * Stops the console with SIGTERM, as an operator does, waits for it to end (forcibly after 30 s), and deletes the
     * data folder unless {@link #keepData()} is set. Nothing happens when it is not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process running = process;
        process = null;
        admin = null;
        installations.clear();
        running.destroy();
        boolean ended;
        try {
            ended = running.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
            ended = false;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs anyway
        }
        if (!keepData) {
            cleanUp();
        }
        if (!ended) {
            throw new IllegalStateException("the console did not stop within " + stopTimeout.toSeconds() + " s of SIGTERM and was killed");
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void cleanUp() {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the console's data folder " + folder, e);
        }
    }

    /** @return whether the console's process runs */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** @return the distribution folder */
    public Path home() {
        return home;
    }

    /** @return the port the console listens on */
    public int port() {
        requireStarted();
        return port;
    }

    /** @return the console's address with a path, e.g. {@code url("/#/hello")} */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + "/").resolve(path);
    }

    /** @return the temporary folder of this start: {@code data/} (the data folder) and {@code console.log} */
    public Path folder() {
        if (folder == null) {
            throw new IllegalStateException("the console was not started");
        }
        return folder;
    }

    /** @return the console's data folder ({@code --data}) */
    public Path dataFolder() {
        return folder().resolve("data");
    }

    /** @return the file with the console's standard output and error */
    public Path output() {
        return folder().resolve("console.log");
    }

    /**
     * The system administrator ({@code admin}), signed in; at the first call the one-time password is changed, as the
     * console asks. The same client every time.
     *
     * @return the administrator's client
     */
    public ConsoleClient admin() {
        ConsoleClient client = admin;
        if (client == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = signIn("admin");
                }
                client = admin;
            }
        }
        return client;
    }

    /**
     * Signs in as one of the first accounts, in a new session.
     *
     * @param account {@code admin} (system administrator), {@code secadmin} (security administrator) or {@code auditor}
     * @return the account's client
     */
    public ConsoleClient signIn(String account) {
        requireStarted();
        if (!ACCOUNTS.contains(account)) {
            throw new IllegalArgumentException("the test kit knows the passwords of " + ACCOUNTS + ", not of '" + account + "'");
        }
        synchronized (oneTimePasswords) {
            String oneTime = oneTimePasswords.get(account);
            String password = oneTime != null ? oneTime : passwords.get(account);
            ConsoleClient client = ConsoleClient.signIn(url("/"), account, password, passwords.get(account),
                    System.nanoTime() + Duration.ofSeconds(60).toNanos());
            oneTimePasswords.remove(account); // changed now, if it was the first sign-in
            return client;
        }
    }

    /**
     * The password an account signs in with now, for a browser test that signs in through the console's page: the
     * one-time password until the kit's first sign-in as that account, the changed one after it.
     *
     * @param account {@code admin}, {@code secadmin} or {@code auditor}
     * @return the password
     */
    public String password(String account) {
        requireStarted();
        synchronized (oneTimePasswords) {
            String password = oneTimePasswords.getOrDefault(account, passwords.get(account));
            if (password == null) {
                throw new IllegalArgumentException("the test kit knows the passwords of " + ACCOUNTS + ", not of '" + account + "'");
            }
            return password;
        }
    }

    /** @return a client without a session, as a browser before sign-in */
    public ConsoleClient anonymous() {
        return new ConsoleClient(url("/"), null);
    }

    /** @return the plugin manager, used as the administrator */
    public Plugins plugins() {
        return new Plugins(admin());
    }

    /** @return the extensions installed at the start ({@link #withExtension}), in order */
    public List<Installation> installations() {
        return List.copyOf(installations);
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException("the console is not running: register it with @RegisterExtension, or call start()");
        }
    }

    private Path startScript() {
        return home.resolve("bin").resolve("opsconsole");
    }

    /** @return the last lines of the console's output */
    private String tail() {
        try {
            List<String> lines = Files.readAllLines(output(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A password the console's rules accept: 19 characters of four kinds, and (made of hex digits around fixed parts)
     * never containing an account's name.
     */
    private static String password() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "Tk-" + HexFormat.of().formatHex(random) + "-Q7!";
    }

    @Override
    public String toString() {
        return "opsconsole at " + home + (process == null ? " (stopped)" : " on port " + port) + ", " + trust;
    }
}
