package org.opsconsole.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.opsconsole.launcher.LaunchOptions;
import org.opsconsole.launcher.Launcher;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

/**
 * The assembled distribution started inside the test's JVM with the real launcher, on a free port and a
 * fresh data folder, so that a test can both talk HTTP to it and reach into the framework (for example,
 * to stop a bundle as the plugin manager will).
 */
final class RunningConsole implements AutoCloseable {

    final int port;
    final Path data;
    final Launcher launcher;
    final Framework framework;

    private RunningConsole(int port, Path data, Launcher launcher) {
        this.port = port;
        this.data = data;
        this.launcher = launcher;
        this.framework = launcher.framework();
    }

    /** The first accounts' one-time passwords the tests give through the environment, and what they change them to. */
    static final String ADMIN_PASSWORD = "Ops-Console-2026!";
    static final String SECADMIN_PASSWORD = "Sec-Console-2026!";
    static final String AUDITOR_PASSWORD = "Aud-Console-2026!";
    static final String CHANGED_PASSWORD = "Changed-Pw-2026!x";
    static final Map<String, String> PASSWORDS = Map.of("OPSCONSOLE_ADMIN_PASSWORD", ADMIN_PASSWORD,
            "OPSCONSOLE_SECADMIN_PASSWORD", SECADMIN_PASSWORD, "OPSCONSOLE_AUDITOR_PASSWORD", AUDITOR_PASSWORD);

    static RunningConsole start() throws Exception {
        return start(Distribution.home(), Files.createTempDirectory("opsconsole-test-"), Map.of());
    }

    /** The first accounts' passwords as they are now: one-time until the first sign-in changes them. */
    private final Map<String, String> current = new java.util.concurrent.ConcurrentHashMap<>(
            Map.of("admin", ADMIN_PASSWORD, "secadmin", SECADMIN_PASSWORD, "auditor", AUDITOR_PASSWORD));

    /** Signs in as admin (the system administrator), changing the one-time password the first time. */
    ConsoleSession admin() throws Exception {
        return signIn("admin");
    }

    /** Signs in as one of the first accounts (admin, secadmin, auditor). */
    ConsoleSession signIn(String name) throws Exception {
        ConsoleSession session = ConsoleSession.signIn(port, name, current.get(name), CHANGED_PASSWORD);
        current.put(name, CHANGED_PASSWORD);
        return session;
    }

    /** Starts the installation at {@code home} on a data folder, with settings as environment variables would give them. */
    static RunningConsole start(Path home, Path data, Map<String, String> env) throws Exception {
        int port = Distribution.freePort();
        Map<String, String> settings = new java.util.HashMap<>(PASSWORDS);
        settings.put("OPSCONSOLE_SANDBOX_GENERATE", "off"); // the sandbox's millions of rows only where a test asks
        settings.putAll(env);
        LaunchOptions options = LaunchOptions.parse(new String[] {"--port", Integer.toString(port), "--data", data.toString()},
                settings, home);
        Launcher launcher = new Launcher(options);
        launcher.start();
        return new RunningConsole(port, data, launcher);
    }

    Bundle bundle(String symbolicName) {
        return Arrays.stream(framework.getBundleContext().getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws IOException {
        launcher.stop();
    }
}
