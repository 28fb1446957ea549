package org.opsconsole.sandbox.internal;

import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.db.JdbcUrls;
import org.opsconsole.api.secrets.SecretBox;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The simulated platform's own database, apart from the console's: by default an embedded H2 file database (MySQL
 * mode) at {@code <data>/sandbox/platform}, else the MySQL/MariaDB database the configuration {@value #PID} names (its
 * password may be sealed with the installation's master key, see {@link SecretBox}). It has its own connection pool;
 * its tables are made from this bundle's {@code platform/migration} scripts at the first use, and again at the next
 * use when that failed (a database that is down at start does not stop the sandbox). Thread-safe.
 */
@Component(service = PlatformDatabase.class, configurationPid = PlatformDatabase.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PlatformDatabase.Config.class)
public class PlatformDatabase {

    static final String PID = "org.opsconsole.sandbox";
    private static final Logger LOG = LoggerFactory.getLogger(PlatformDatabase.class);

    static final String H2_MODE = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
    static final String H2_FILE_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE";

    @ObjectClassDefinition(name = "opsconsole sandbox database",
            description = "模拟平台的数据库（与控制台数据库分开） / The simulated platform's database, apart from the console's")
    public @interface Config {
        @AttributeDefinition(name = "JDBC URL", description = "jdbc:mysql://host:3306/zj_nontax for a MySQL/MariaDB database "
                + "of its own; empty for the embedded H2 database in <data>/sandbox/")
        String url() default "";

        @AttributeDefinition(name = "User", description = "Database user (MySQL/MariaDB)")
        String user() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
                description = "Database password, in clear or sealed with the installation's master key")
        String password() default "";

        @AttributeDefinition(name = "Pool size", description = "Most connections open at once", min = "2")
        int maxPoolSize() default 8;
    }

    /** Where the database is. */
    record Target(String url, String user, String password, SQLDialect dialect) {
    }

    private final HikariDataSource pool;
    private final SQLDialect dialect;
    private final String url;
    private final Path folder;
    private final Map<String, URL> scripts;
    private final DSLContext dsl;
    private volatile boolean migrated;

    /**
     * @param consoleDatabase not used: requiring it means the core has initialized jOOQ, which two threads must not do
     *        at once (see the core's ConnectionPool)
     */
    @Activate
    public PlatformDatabase(BundleContext context, Config config, @Reference SecretBox secrets, @Reference Database consoleDatabase) {
        this(target(folder(context), config.url(), config.user(), secrets.open(config.password())), config.maxPoolSize(),
                folder(context), PlatformSchema.inBundle(context.getBundle()));
    }

    PlatformDatabase(Target target, int maxPoolSize, Path folder, Map<String, URL> scripts) {
        this.url = target.url();
        this.dialect = target.dialect();
        this.folder = folder;
        this.scripts = scripts;
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("opsconsole-sandbox");
        hikari.setDataSource(driverDataSource(target));
        hikari.setMaximumPoolSize(Math.max(2, maxPoolSize));
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(hikari);
        this.dsl = DSL.using(pool, dialect, new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
        LOG.info("Sandbox platform database {} ({})", redact(url), dialect);
    }

    @Deactivate
    void close() {
        pool.close();
    }

    /** @return the sandbox's folder in the console's data folder: the H2 database, the ground truth, the disk fault's file */
    Path folder() {
        return folder;
    }

    /** @return the pooled connections, whether the tables are made yet or not */
    DataSource pool() {
        return pool;
    }

    /** @return the pooled connections, the tables made */
    DataSource dataSource() {
        migrate();
        return pool;
    }

    /** @return a jOOQ context on the pool, auto-commit, the tables made */
    DSLContext dsl() {
        migrate();
        return dsl;
    }

    SQLDialect dialect() {
        return dialect;
    }

    /** @return the JDBC URL without a password someone may have put in it */
    String displayUrl() {
        return redact(url);
    }

    private void migrate() {
        if (!migrated) {
            synchronized (this) {
                if (!migrated) {
                    int applied = PlatformSchema.migrate(pool, scripts);
                    if (applied > 0) {
                        LOG.info("Sandbox platform database: {} script(s) applied", applied);
                    }
                    migrated = true;
                }
            }
        }
    }

    static Path folder(BundleContext context) {
        String data = context.getProperty("opsconsole.data");
        return Path.of(data == null || data.isBlank() ? "data" : data.trim(), "sandbox").toAbsolutePath();
    }

    /**
     * The database to use: the configured URL, else the H2 file in the sandbox folder. MySQL URLs get
     * {@code rewriteBatchedStatements=true}, which makes the generator's batches multi-row inserts.
     */
    static Target target(Path folder, String url, String user, String password) {
        String chosen = url == null ? "" : url.trim();
        if (chosen.isEmpty()) {
            chosen = JdbcUrls.h2File(folder.resolve("platform")) + H2_MODE + H2_FILE_OPTIONS;
        }
        if (chosen.startsWith("jdbc:h2:")) {
            return new Target(chosen, user == null ? "" : user, password == null ? "" : password, SQLDialect.H2);
        }
        if (!chosen.startsWith("jdbc:mysql:")) {
            throw new IllegalArgumentException("the sandbox database URL must start with jdbc:h2: or jdbc:mysql:, not '" + redact(chosen) + "'");
        }
        if (!chosen.contains("rewriteBatchedStatements")) {
            chosen += (chosen.contains("?") ? "&" : "?") + "rewriteBatchedStatements=true";
        }
        return new Target(chosen, user == null ? "" : user, password == null ? "" : password, SQLDialect.MYSQL);
    }

    private static DataSource driverDataSource(Target target) {
        if (target.dialect() == SQLDialect.H2) {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(target.url());
            h2.setUser(target.user());
            h2.setPassword(target.password());
            return h2;
        }
        com.mysql.cj.jdbc.MysqlDataSource mysql = new com.mysql.cj.jdbc.MysqlDataSource();
        mysql.setURL(target.url());
        mysql.setUser(target.user());
        mysql.setPassword(target.password());
        return mysql;
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
