package org.opsconsole.backups.internal.engine;

import java.io.IOException;
import java.sql.SQLException;

/** A database failure met while a backup file was being written or read, carried through the file's stream. */
final class SqlFailure extends IOException {

    private static final long serialVersionUID = 1L;

    SqlFailure(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** @return the database failure */
    SQLException sql() {
        return (SQLException) getCause();
    }
}
