package org.opsconsole.launcher;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code opsconsole [--port PORT] [--data FOLDER]}: starts the console and runs until the process is
 * told to stop (SIGTERM, Ctrl-C), then stops the framework cleanly. {@code --train-cds} is the start
 * script's: see {@link CdsTraining}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", LogSetup.ShutdownAwareLogManager.class.getName());
        }
        // jOOQ's banner and "tip of the day" would fill the terminal at every start
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(LaunchOptions.USAGE);
                return;
            }
            if (arg.equals("--version")) {
                System.out.println("opsconsole " + LaunchOptions.version());
                return;
            }
            if (arg.equals("--train-cds")) {
                CdsTraining.run();
                return;
            }
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, System.getenv(), Path.of(System.getProperty(LaunchOptions.HOME, ".")));
        } catch (IllegalArgumentException e) {
            System.err.println("opsconsole: " + e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        LogSetup.configure(options.data().resolve("log"), options.logLevel());
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("Starting opsconsole {} (home {}, data {}, port {})", options.properties().get(LaunchOptions.VERSION),
                options.home(), options.data(), options.port());

        Launcher launcher = new Launcher(options);
        Thread stopper = new Thread(() -> {
            launcher.stop();
            LogSetup.ShutdownAwareLogManager.closeNow();
        }, "opsconsole-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            launcher.start();
        } catch (IllegalArgumentException e) {
            log.error("opsconsole cannot start: {}", e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            log.error("opsconsole cannot start: {}", e.getMessage(), e);
            System.exit(1);
        }
        launcher.awaitStop();
    }
}
