package ${package}.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.h2.jdbcx.JdbcDataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TransactionalCallable;
import org.jooq.TransactionalRunnable;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.opsconsole.api.db.Database;

/**
 * The extension's {@link Database} as the console gives it, for unit tests: a fresh in-memory H2 database in the
 * console's MySQL mode, with this extension's migration scripts ({@code db/migration/V*__*.sql}) applied in version
 * order, as the console applies them.
 */
final class TestDatabase implements Database, AutoCloseable {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.+\\.sql");

    private final Connection open;
    private final DSLContext dsl;

    private TestDatabase(JdbcDataSource dataSource) throws SQLException {
        this.open = dataSource.getConnection(); // the in-memory database lives while a connection is open
        this.dsl = DSL.using(dataSource, SQLDialect.H2, new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
    }

    static TestDatabase migrated() throws SQLException, IOException, URISyntaxException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:test" + COUNT.incrementAndGet()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE");
        TestDatabase database = new TestDatabase(dataSource);
        Path folder = Path.of(TestDatabase.class.getClassLoader().getResource("db/migration").toURI());
        List<Path> scripts;
        try (Stream<Path> files = Files.list(folder)) {
            scripts = files.filter(f -> VERSION.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(TestDatabase::version)).toList();
        }
        for (Path script : scripts) {
            database.dsl.execute("runscript from '" + script.toAbsolutePath() + "' charset 'UTF-8'");
        }
        return database;
    }

    private static int version(Path script) {
        Matcher matcher = VERSION.matcher(script.getFileName().toString());
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    @Override
    public String module() {
        return "${module}";
    }

    @Override
    public DSLContext dsl() {
        return dsl;
    }

    @Override
    public <T> T transactionResult(TransactionalCallable<T> work) {
        return dsl.transactionResult(work);
    }

    @Override
    public void transaction(TransactionalRunnable work) {
        dsl.transaction(work);
    }

    @Override
    public SQLDialect dialect() {
        return SQLDialect.H2;
    }

    @Override
    public void close() throws SQLException {
        open.close();
    }
}
