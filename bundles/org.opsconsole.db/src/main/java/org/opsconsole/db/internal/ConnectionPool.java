package org.opsconsole.db.internal;

import java.nio.file.Path;
import java.util.Locale;

import javax.sql.DataSource;

import org.jooq.SQLDialect;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.opsconsole.api.db.JdbcUrls;
import org.opsconsole.api.secrets.SecretBox;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The console's connection pool. The database is chosen by its JDBC URL: the configuration
 * {@code org.opsconsole.db}, or else the framework properties {@code opsconsole.db.url},
 * {@code opsconsole.db.user} and {@code opsconsole.db.password} (which {@code conf/opsconsole.properties}
 * and {@code OPSCONSOLE_DB_*} environment variables set; the password may be sealed with the installation's
 * master key, see {@link SecretBox}), or else the embedded H2 database in
 * {@code <data>/db/}. {@code jdbc:h2:} URLs use H2 (in MySQL mode), {@code jdbc:mysql:} URLs use MySQL
 * Connector/J against MySQL 8 or MariaDB 10.11.
 */
@Component(service = ConnectionPool.class, immediate = true, configurationPid = ConnectionPool.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConnectionPool.Config.class)
public class ConnectionPool {

    static final String PID = "org.opsconsole.db";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /** H2 settings that make it behave like MySQL for what the console does. */
    static final String H2_MYSQL_MODE = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
    /**
     * The pool closes the embedded database when the console stops, not H2's own exit hook before the last writes; and
     * every commit is written to the file at once (H2 waits up to half a second by default, so a console killed then
     * lost commits it had confirmed; about 0.1 ms more per commit); and a statement waits up to 10 s for a lock, as
     * MySQL does (50 s there), not H2's 2 s, which a busy start exceeded.
     */
    static final String H2_FILE_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";

    @ObjectClassDefinition(name = "opsconsole database", description = "数据库连接 / The console's database connection")
    public @interface Config {
        @AttributeDefinition(name = "JDBC URL", description = "jdbc:mysql://host:3306/opsconsole for MySQL/MariaDB; "
                + "empty for the opsconsole.db.url framework property, else the embedded H2 database in the data folder")
        String url() default "";

        @AttributeDefinition(name = "User", description = "Database user (MySQL/MariaDB)")
        String user() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, description = "Database password")
        String password() default "";

        @AttributeDefinition(name = "Dialect", description = "SQL dialect: empty to follow the URL (H2 or MYSQL); MARIADB for a MariaDB server")
        String dialect() default "";

        @AttributeDefinition(name = "Pool size", description = "Most connections open at once", min = "1")
        int maxPoolSize() default 10;
    }

    private final HikariDataSource pool;
    private final SQLDialect dialect;
    private final String url;

    @Activate
    public ConnectionPool(BundleContext context, Config config, @Reference SecretBox secrets) {
        this(opened(settings(context, config), secrets), config.maxPoolSize());
    }

    /** The settings with the password opened, when it was stored sealed. */
    private static Settings opened(Settings settings, SecretBox secrets) {
        return new Settings(settings.url(), settings.user(), secrets.open(settings.password()), settings.dialect());
    }

    ConnectionPool(Settings settings, int maxPoolSize) {
        Prewarm.await();
        initializeJooq(settings.dialect());
        this.url = settings.url();
        this.dialect = settings.dialect();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("opsconsole");
        hikari.setDataSource(driverDataSource(settings));
        hikari.setMaximumPoolSize(maxPoolSize);
        hikari.setMinimumIdle(Math.min(2, maxPoolSize));
        hikari.setConnectionTimeout(10_000);
        // a database that is down at start does not stop the console; connections are tried on use
        hikari.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(hikari);
        Prewarm.handOver(pool);
        LOG.info("Database {} ({})", redact(url), dialect);
    }

    /**
     * Initializes jOOQ's type registry on this one thread before any module gets a database: jOOQ's data type
     * classes initialize each other statically, and two modules doing that at once on two threads deadlock
     * (jOOQ issues 8226 and 19529; seen here as a start that never finished).
     */
    static void initializeJooq(SQLDialect dialect) {
        org.jooq.impl.SQLDataType.BIGINT.getName();
        org.jooq.impl.DefaultDataType.getDataType(dialect, Long.class);
        org.jooq.impl.DSL.using(dialect).render(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("x"), Long.class).eq(1L));
    }

    @Deactivate
    void close() {
        pool.close();
    }

    DataSource dataSource() {
        return pool;
    }

    SQLDialect dialect() {
        return dialect;
    }

    /** The connection settings and the dialect they imply. */
    record Settings(String url, String user, String password, SQLDialect dialect) {
    }

    /** The settings from the configuration (null: none yet) and the framework properties. */
    static Settings settings(BundleContext context, Config config) {
        String url = first(config == null ? null : config.url(), context.getProperty("opsconsole.db.url"));
        if (url.isEmpty()) {
            String data = first(context.getProperty("opsconsole.data"), "data");
            url = JdbcUrls.h2File(Path.of(data, "db", "opsconsole")) + H2_MYSQL_MODE + H2_FILE_OPTIONS;
        }
        return settings(url, first(config == null ? null : config.user(), context.getProperty("opsconsole.db.user")),
                first(config == null ? null : config.password(), context.getProperty("opsconsole.db.password")),
                first(config == null ? null : config.dialect(), context.getProperty("opsconsole.db.dialect")));
    }

    static Settings settings(String url, String user, String password, String dialect) {
        SQLDialect chosen;
        if (!dialect.isBlank()) {
            try {
                chosen = SQLDialect.valueOf(dialect.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("database dialect must be H2, MYSQL or MARIADB, not '" + dialect + "'", e);
            }
        } else if (url.startsWith("jdbc:h2:")) {
            chosen = SQLDialect.H2;
        } else if (url.startsWith("jdbc:mysql:")) {
            chosen = SQLDialect.MYSQL;
        } else {
            throw new IllegalArgumentException("database URL must start with jdbc:h2: or jdbc:mysql:, not '" + redact(url) + "'");
        }
        return new Settings(url, user, password, chosen);
    }

    static DataSource driverDataSource(Settings settings) {
        if (settings.url().startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(settings.url());
            h2.setUser(settings.user());
            h2.setPassword(settings.password());
            return h2;
        }
        com.mysql.cj.jdbc.MysqlDataSource mysql = new com.mysql.cj.jdbc.MysqlDataSource();
        mysql.setURL(settings.url());
        mysql.setUser(settings.user());
        mysql.setPassword(settings.password());
        return mysql;
    }

    private static String first(String value, String fallback) {
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        return fallback == null ? "" : fallback.trim();
    }

    /** The URL without a password someone may have put into it. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
