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

    static RunningConsole start() throws Exception {
        return start(Distribution.home(), Files.createTempDirectory("opsconsole-test-"), Map.of());
    }

    /** Starts the installation at {@code home} on a data folder, with settings as environment variables would give them. */
    static RunningConsole start(Path home, Path data, Map<String, String> env) throws Exception {
        int port = Distribution.freePort();
        LaunchOptions options = LaunchOptions.parse(new String[] {"--port", Integer.toString(port), "--data", data.toString()},
                env, home);
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
