package org.opsconsole.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The console's log: SLF4J (used by the launcher and shared with every bundle) writes through
 * java.util.logging to the terminal and to rotating files {@code <data>/log/opsconsole.N.log}
 * (10 files of 10 MB, {@code opsconsole.0.log} the newest).
 */
final class LogSetup {

    static final int FILE_LIMIT = 10 * 1024 * 1024;
    static final int FILE_COUNT = 10;

    private LogSetup() {
    }

    static void configure(Path logFolder, String level) throws IOException {
        Files.createDirectories(logFolder);
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
            handler.close();
        }
        Level julLevel = julLevel(level);
        LineFormat format = new LineFormat();
        Handler terminal = new TerminalHandler(format);
        terminal.setLevel(julLevel);
        root.addHandler(terminal);
        FileHandler file = new FileHandler(logFolder.resolve("opsconsole.%g.log").toString(), FILE_LIMIT, FILE_COUNT, true);
        file.setEncoding(StandardCharsets.UTF_8.name());
        file.setFormatter(format);
        file.setLevel(julLevel);
        root.addHandler(file);
        root.setLevel(julLevel);
        // Jetty is chatty below INFO
        Logger.getLogger("org.eclipse.jetty").setLevel(julLevel.intValue() < Level.INFO.intValue() ? Level.INFO : julLevel);
    }

    static Level julLevel(String level) {
        return switch (level) {
            case "ERROR" -> Level.SEVERE;
            case "WARN" -> Level.WARNING;
            case "DEBUG" -> Level.FINE;
            case "TRACE" -> Level.FINEST;
            default -> Level.INFO;
        };
    }

    /** Writes to standard output and flushes each record, so the terminal and a supervisor see it at once. */
    private static final class TerminalHandler extends StreamHandler {
        TerminalHandler(Formatter format) {
            super(System.out, format);
        }

        @Override
        public synchronized void publish(LogRecord entry) {
            super.publish(entry);
            flush();
        }

        @Override
        public synchronized void close() {
            flush(); // never close System.out
        }
    }

    /** {@code 2026-11-26 21:53:17.123 INFO  [thread] logger - message}, then the stack trace if any. */
    static final class LineFormat extends Formatter {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

        @Override
        public String format(LogRecord entry) {
            StringBuilder line = new StringBuilder(160)
                    .append(TIME.format(Instant.ofEpochMilli(entry.getMillis()))).append(' ')
                    .append(String.format("%-5s", levelName(entry.getLevel()))).append(' ')
                    .append(entry.getLoggerName()).append(" - ")
                    .append(formatMessage(entry)).append(System.lineSeparator());
            if (entry.getThrown() != null) {
                StringWriter trace = new StringWriter();
                entry.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String levelName(Level level) {
            int value = level.intValue();
            if (value >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (value >= Level.WARNING.intValue()) {
                return "WARN";
            }
            if (value >= Level.INFO.intValue()) {
                return "INFO";
            }
            return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
        }
    }

    /**
     * A LogManager that keeps its handlers through the JVM's shutdown until the launcher has stopped the
     * framework: the JDK closes every handler from a shutdown hook of its own, which would otherwise race
     * the launcher's hook and lose the last lines of a stop. Installed with
     * {@code -Djava.util.logging.manager=org.opsconsole.launcher.LogSetup$ShutdownAwareLogManager}.
     */
    public static final class ShutdownAwareLogManager extends LogManager {
        private static volatile boolean closing;

        @Override
        public void reset() {
            boolean jdkShutdownHook = Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName());
            if (closing || !jdkShutdownHook) {
                super.reset();
            }
        }

        /** Closes the handlers now; called by the launcher's shutdown hook once the framework has stopped. */
        static void closeNow() {
            closing = true;
            LogManager.getLogManager().reset();
        }
    }
}
