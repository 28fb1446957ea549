package org.opsconsole.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the launcher needs to know, merged from (weakest first) {@code conf/opsconsole.properties},
 * {@code OPSCONSOLE_*} environment variables and the command line options {@code --port} and
 * {@code --data}. Every property also becomes a framework property, so bundles can read
 * {@code opsconsole.home}, {@code opsconsole.data} and {@code opsconsole.version}.
 *
 * @param home the installation folder (holds {@code conf/}, {@code system/}, {@code deploy/})
 * @param data the data folder (framework cache, logs, state)
 * @param port the console's HTTP port
 * @param features the ids of the features to install, as found in {@code system/}
 * @param logLevel the log level: ERROR, WARN, INFO, DEBUG or TRACE
 * @param properties every setting, passed on to the framework
 */
public record LaunchOptions(Path home, Path data, int port, List<String> features, String logLevel,
        Map<String, String> properties) {

    /** Property and environment names. */
    public static final String HOME = "opsconsole.home";
    public static final String DATA = "opsconsole.data";
    public static final String PORT = "opsconsole.port";
    public static final String FEATURES = "opsconsole.features";
    public static final String LOG_LEVEL = "opsconsole.log.level";
    public static final String VERSION = "opsconsole.version";

    static final String USAGE = """
            Usage: opsconsole [--port PORT] [--data FOLDER]
              --port PORT     HTTP port of the console (default from conf/opsconsole.properties, 8080)
              --data FOLDER   data folder: framework cache, logs, state (default: data under the installation)
              --help          show this help
              --version       show the version
            Settings are read from conf/opsconsole.properties; an environment variable OPSCONSOLE_X_Y
            overrides the property opsconsole.x.y; the options above override both.""";

    /**
     * Reads the options.
     *
     * @param args the command line
     * @param env the environment variables
     * @param home the installation folder
     * @return the merged options
     * @throws IllegalArgumentException when an option or setting is wrong; the message says which and why
     * @throws IOException when the configuration file cannot be read
     */
    public static LaunchOptions parse(String[] args, Map<String, String> env, Path home) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(PORT, "8080");
        settings.put(DATA, "data");
        settings.put(LOG_LEVEL, "INFO");
        Path conf = home.resolve("conf").resolve("opsconsole.properties");
        if (Files.isRegularFile(conf)) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
                file.load(reader);
            }
            file.stringPropertyNames().forEach(name -> settings.put(name, file.getProperty(name).trim()));
        }
        env.forEach((name, value) -> {
            if (name.startsWith("OPSCONSOLE_") && name.length() > "OPSCONSOLE_".length()) {
                settings.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value.trim());
            }
        });
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--port" -> settings.put(PORT, value != null ? value : next(rest, arg));
                case "--data" -> settings.put(DATA, value != null ? value : next(rest, arg));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }

        int port = port(settings.get(PORT));
        Path data = home.resolve(settings.get(DATA)).toAbsolutePath().normalize();
        String level = settings.get(LOG_LEVEL).toUpperCase(Locale.ROOT);
        if (!List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(level)) {
            throw new IllegalArgumentException(LOG_LEVEL + " must be ERROR, WARN, INFO, DEBUG or TRACE, not '" + level + "'");
        }
        List<String> features = Arrays.stream(settings.getOrDefault(FEATURES, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        settings.put(HOME, home.toAbsolutePath().normalize().toString());
        settings.put(DATA, data.toString());
        settings.put(PORT, Integer.toString(port));
        settings.put(LOG_LEVEL, level);
        settings.put(VERSION, version());
        return new LaunchOptions(home.toAbsolutePath().normalize(), data, port, features, level, Map.copyOf(settings));
    }

    private static String next(List<String> rest, String option) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("port must be a number from 1 to 65535, not '" + text + "'");
    }

    /** The product version, from the launcher's build. */
    public static String version() {
        try (InputStream in = LaunchOptions.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
