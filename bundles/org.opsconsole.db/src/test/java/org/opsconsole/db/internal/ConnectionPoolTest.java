package org.opsconsole.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

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
}
