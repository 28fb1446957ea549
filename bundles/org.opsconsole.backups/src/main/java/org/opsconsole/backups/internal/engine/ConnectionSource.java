package org.opsconsole.backups.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens connections to one database; each connection is closed by whoever asked for it. Thread-safe. */
@FunctionalInterface
public interface ConnectionSource {

    /** @return a new (or pooled) connection to the database */
    Connection open() throws SQLException;
}
