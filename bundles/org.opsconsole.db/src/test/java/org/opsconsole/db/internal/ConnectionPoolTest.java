package org.opsconsole.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

class ConnectionPoolTest {

    @Test
    void theDialectFollowsTheUrlUnlessNamed() {
        assertEquals(SQLDialect.H2, ConnectionPool.settings("jdbc:h2:mem:x", "", "", "").dialect());
        assertEquals(SQLDialect.MYSQL, ConnectionPool.settings("jdbc:mysql://db:3306/ops", "u", "p", "").dialect());
        assertEquals(SQLDialect.MARIADB, ConnectionPool.settings("jdbc:mysql://db:3306/ops", "u", "p", "mariadb").dialect());
    }

    @Test
    void anUnsupportedUrlOrDialectIsRefusedWithoutShowingThePassword() {
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> ConnectionPool.settings("jdbc:postgresql://db/ops?password=secret", "", "", ""));
        assertTrue(url.getMessage().contains("jdbc:h2: or jdbc:mysql:"), url.getMessage());
        assertTrue(!url.getMessage().contains("secret"), url.getMessage());
        IllegalArgumentException dialect = assertThrows(IllegalArgumentException.class,
                () -> ConnectionPool.settings("jdbc:mysql://db/ops", "", "", "oracle"));
        assertTrue(dialect.getMessage().contains("'oracle'"));
    }

    /**
     * A thread interrupted while it writes (a job or a probe stopped at shutdown) must not close the embedded database
     * for everyone: H2 on a plain FileChannel closes the file when a thread is interrupted in the middle of an I/O.
     */
    @Test
    void anInterruptedWriterLeavesTheEmbeddedDatabaseOpen(@TempDir Path data) throws Exception {
        BundleContext context = org.mockito.Mockito.mock(BundleContext.class);
        org.mockito.Mockito.when(context.getProperty("opsconsole.data")).thenReturn(data.toString());
        DataSource database = ConnectionPool.driverDataSource(ConnectionPool.settings(context, null));
        try (Connection kept = database.getConnection(); Statement sql = kept.createStatement()) {
            sql.execute("create table sample (id int not null auto_increment primary key, note varchar(100))");
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                try (Connection own = database.getConnection();
                        PreparedStatement insert = own.prepareStatement("insert into sample (note) values (?)")) {
                    for (int i = 0; i < 3000; i++) {
                        insert.setString(1, "row " + i);
                        try {
                            insert.executeUpdate();
                            written.incrementAndGet();
                        } catch (SQLException e) {
                            if (e.getErrorCode() == 90098) { // the database has been closed
                                return;
                            }
                        }
                        Thread.interrupted();
                    }
                } catch (SQLException e) {
                    // the connection could not be had or closed: the check below tells
                }
            });
            writer.start();
            while (writer.isAlive()) {
                writer.interrupt();
                Thread.onSpinWait();
            }
            sql.execute("insert into sample (note) values ('after')");
            try (ResultSet count = sql.executeQuery("select count(*) from sample")) {
                count.next();
                assertEquals(written.get() + 1, count.getInt(1));
            }
            assertEquals(3000, written.get(), "every write of the interrupted thread was stored");
        }
    }
}
