package org.opsconsole.api.db;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.opsconsole.api.rest.Problem.FieldError;

/**
 * JDBC URLs: the check of one an operator typed for a database the console connects to (a monitored or backed-up
 * database): only MySQL/MariaDB through Connector/J and H2, and none of the settings that would let the database
 * server, or whoever wrote the URL, read the console's files or run code in it while connecting; and the URL of an
 * embedded H2 database file the console makes itself.
 */
public final class JdbcUrls {

    /** Connector/J settings a hostile URL could use to read files or run code in the console. */
    private static final Pattern UNSAFE_MYSQL = Pattern.compile(
            "(?i)(autoDeserialize|allowLoadLocalInfile|allowUrlInLocalInfile|allowLoadLocalInfileInPath|Interceptors|"
                    + "propertiesTransform|socketFactory|connectionLifecycleInterceptors)");

    private JdbcUrls() {
    }

    /**
     * The URL of an embedded H2 database in a file, without settings: {@code jdbc:h2:async:<absolute path>}. H2's
     * {@code async:} file system completes a read or write even when the thread doing it is interrupted (a job or a
     * probe stopped at shutdown, a cancelled request); on its default file channel the interrupt would close the file
     * and with it the database, for every connection, until the console restarts. The files are the usual
     * {@code <path>.mv.db}, so a database made with {@code jdbc:h2:file:} opens the same.
     *
     * @param file the database's path, without the {@code .mv.db} extension
     * @return its URL, to which settings ({@code ;MODE=MySQL...}) may be appended
     */
    public static String h2File(Path file) {
        return "jdbc:h2:async:" + file.toAbsolutePath();
    }

    /**
     * Checks a URL.
     *
     * @param field the form field the URL came from, named in the error
     * @param url the URL, not null
     * @return what is wrong with it; empty when it may be used
     */
    public static Optional<FieldError> check(String field, String url) {
        if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:h2:")) {
            return Optional.of(new FieldError(field, "须以 jdbc:mysql: 或 jdbc:h2: 开头", "Must start with jdbc:mysql: or jdbc:h2:"));
        }
        if (url.startsWith("jdbc:h2:") && url.toUpperCase(Locale.ROOT).contains("INIT=")) {
            // an H2 URL's INIT runs any SQL (and through it Java) in the console when connecting
            return Optional.of(new FieldError(field, "H2 地址中不能含 INIT 设置", "An H2 URL cannot carry an INIT setting"));
        }
        if (url.startsWith("jdbc:mysql:") && UNSAFE_MYSQL.matcher(url).find()) {
            return Optional.of(new FieldError(field, "MySQL 地址中不能含反序列化、本地文件或拦截器类的设置",
                    "A MySQL URL cannot carry deserialization, local-file or interceptor settings"));
        }
        return Optional.empty();
    }

    /**
     * @param url a URL
     * @return true when {@link #check} finds nothing wrong with it
     */
    public static boolean safe(String url) {
        return url != null && check("url", url).isEmpty();
    }
}
