package org.opsconsole.db.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;

/**
 * Remembers, per module, a digest of the migration scripts Flyway last applied completely (table
 * {@code db_migration_digest}), so that a start whose bundle carries exactly those scripts skips Flyway: its
 * schema history could only say "up to date". Loading and running Flyway for nothing cost a third of a second of
 * every start. A new, changed or removed script changes the digest, and Flyway then migrates and validates as
 * always; deleting a module's row makes the next start ask Flyway again.
 */
final class MigrationDigests {

    private static final String TABLE = "db_migration_digest";

    private MigrationDigests() {
    }

    /**
     * @param bundle the module's bundle
     * @param folder the folder of its scripts
     * @return the SHA-256 of the scripts' names and contents, in name order
     * @throws IOException when a script cannot be read
     */
    static String of(Bundle bundle, String folder) throws IOException {
        List<URL> scripts = new ArrayList<>();
        Enumeration<URL> entries = bundle.findEntries(folder, "*.sql", false);
        while (entries != null && entries.hasMoreElements()) {
            scripts.add(entries.nextElement());
        }
        scripts.sort((a, b) -> a.getPath().compareTo(b.getPath()));
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (URL script : scripts) {
            sha.update(script.getPath().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            try (InputStream in = script.openStream()) {
                sha.update(in.readAllBytes());
            }
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * @return whether the module's scripts were all applied as they are now
     */
    static boolean applied(DataSource dataSource, String module, String digest) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select digest from " + TABLE + " where module = ?")) {
            s.setString(1, module);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && digest.equals(rs.getString(1));
            }
        } catch (SQLException noTableYet) {
            return false;
        }
    }

    /**
     * Records that Flyway applied every script of the module.
     *
     * @throws SQLException when the record cannot be written (the next start then asks Flyway again)
     */
    static void record(DataSource dataSource, String module, String digest) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("create table if not exists " + TABLE
                        + " (module varchar(64) not null primary key, digest char(64) not null)");
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("delete from " + TABLE + " where module = ?");
                    PreparedStatement insert = c.prepareStatement("insert into " + TABLE + " (module, digest) values (?, ?)")) {
                delete.setString(1, module);
                delete.executeUpdate();
                insert.setString(1, module);
                insert.setString(2, digest);
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** For tests: the modules with a recorded digest. */
    static List<String> modules(DataSource dataSource) throws SQLException {
        List<String> modules = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select module from " + TABLE + " order by module")) {
            while (rs.next()) {
                modules.add(rs.getString(1));
            }
        }
        return Collections.unmodifiableList(modules);
    }
}
