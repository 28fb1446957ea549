package org.opsconsole.backups.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.testing.TestDatabases;

/**
 * A database backed up, restored into a scratch database and checked, on H2 and on MariaDB/MySQL: every type the
 * console and the platform use survives exactly; a changed or cut backup file does not restore; a restore over the
 * original puts it back as it was.
 */
class DatabaseBackupTest {

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @TempDir
    Path temp;

    private final Sealing sealing = new Sealing("k-test", Sealing.newKey());

    @ParameterizedTest
    @MethodSource("kinds")
    void backupRestoredIntoAScratchDatabaseHasTheSameRowsAndChecksums(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty(kind)) {
            fill(db);
            Path folder = temp.resolve("backup");
            DatabaseDumper.Result dumped = new DatabaseDumper(2, 1).dump(db.dataSource()::getConnection, folder, sealing, Progress.NONE);
            Manifest manifest = manifest(dumped);
            assertEquals(java.util.Set.of("payment_notice", "fee_item", "unit", "empty_table"),
                    manifest.tables().stream().map(Manifest.TableEntry::name).collect(java.util.stream.Collectors.toSet()));
            assertEquals(3000, entry(manifest, "payment_notice").rows());
            assertEquals(0, entry(manifest, "empty_table").rows());
            assertFalse(entry(manifest, "payment_notice").columns().stream().anyMatch(c -> c.name().equals("double_amount")),
                    "generated columns are computed again, not backed up");

            ScratchDatabase scratch = scratch(kind, db, manifest);
            try {
                new DatabaseLoader(2).load(manifest, folder, sealing, scratch.connections(), false, Progress.NONE);
                assertEquals(List.of(), new DatabaseChecker(2).check(scratch.connections(), manifest.tables(), Progress.NONE));
                try (Connection c = scratch.connections().open(); Statement s = c.createStatement()) {
                    try (ResultSet rs = s.executeQuery("select name, double_amount from payment_view where id = 7")) {
                        assertTrue(rs.next(), "the view is made again");
                        assertEquals("缴款人 7 \"引号\" 'x' \\ 😀", rs.getString(1));
                        assertEquals(0, new java.math.BigDecimal("14.02").compareTo(rs.getBigDecimal(2)));
                    }
                    s.execute("insert into unit (code, name) values ('U-NEW', '新单位')");
                    try (ResultSet rs = s.executeQuery("select id from unit where code = 'U-NEW'")) {
                        rs.next();
                        assertEquals(4, rs.getLong(1), "auto-increment continues after the restored rows");
                    }
                    assertThrows(SQLException.class, () -> s.execute("insert into fee_item (id, unit_id, name) values (9999, 12345, 'x')"),
                            "the foreign keys are made again");
                    s.execute("delete from unit where code = 'U-NEW'");
                    s.execute("update payment_notice set amount = amount + 1 where id = 5");
                }
                List<String> differences = new DatabaseChecker(1).check(scratch.connections(), manifest.tables(), Progress.NONE);
                assertEquals(1, differences.size(), differences.toString());
                assertTrue(differences.get(0).contains("payment_notice"), differences.toString());
            } finally {
                scratch.drop();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aChangedOrCutBackupFileDoesNotRestore(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty(kind)) {
            fill(db);
            Path folder = temp.resolve("backup");
            Manifest manifest = manifest(new DatabaseDumper(1, 1).dump(db.dataSource()::getConnection, folder, sealing, Progress.NONE));
            Manifest.TableEntry table = entry(manifest, "payment_notice");
            Path file = folder.resolve(table.file());
            Manifest.FileEntry entry = manifest.files().stream().filter(f -> f.name().equals(table.file())).findFirst().orElseThrow();
            byte[] original = Files.readAllBytes(file);

            try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
                raw.seek(original.length / 2);
                int b = raw.read();
                raw.seek(original.length / 2);
                raw.write(b ^ 0x01);
            }
            IOException changed = assertThrows(IOException.class, () -> BackupFiles.checkHash(folder, entry));
            assertTrue(changed.getMessage().contains("changed"), changed.getMessage());
            ScratchDatabase scratch = scratch(kind, db, manifest);
            try {
                Exception e = assertThrows(Exception.class,
                        () -> new DatabaseLoader(1).load(manifest, folder, sealing, scratch.connections(), false, Progress.NONE));
                assertTrue(e.getMessage().contains(table.file()), e.getMessage());
            } finally {
                scratch.drop();
            }

            Files.write(file, java.util.Arrays.copyOf(original, original.length - 40));
            Manifest.FileEntry cut = new Manifest.FileEntry(entry.name(), original.length - 40, entry.sha256());
            IOException shortened = assertThrows(IOException.class, () -> BackupFiles.read(folder, cut, sealing, in -> in.readAllBytes()));
            assertTrue(shortened.getMessage().contains("cut short") || shortened.getMessage().contains("changed"), shortened.getMessage());

            Files.write(file, original);
            Sealing other = new Sealing("k-test", Sealing.newKey());
            IOException wrongKey = assertThrows(IOException.class, () -> BackupFiles.read(folder, entry, other, in -> in.readAllBytes()));
            assertTrue(wrongKey.getMessage().contains("changed or damaged"), wrongKey.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aRestoreOverTheOriginalPutsItBack(String kind) throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty(kind)) {
            fill(db);
            Path folder = temp.resolve("backup");
            Manifest manifest = manifest(new DatabaseDumper(2, 1).dump(db.dataSource()::getConnection, folder, sealing, Progress.NONE));
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("delete from payment_notice where id > 100");
                s.execute("update unit set name = '改过的' where id = 1");
                s.execute("drop view payment_view");
            }
            new DatabaseLoader(2).load(manifest, folder, sealing, db.dataSource()::getConnection, true, Progress.NONE);
            assertEquals(List.of(), new DatabaseChecker(2).check(db.dataSource()::getConnection, manifest.tables(), Progress.NONE));
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from payment_view")) {
                rs.next();
                assertEquals(3000, rs.getLong(1));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aPooledConnectionGoesBackToItsOwnDatabase() throws Exception {
        try (TestDatabases.Target db = TestDatabases.empty("mysql"); Connection pooled = db.dataSource().getConnection()) {
            String own = pooled.getCatalog();
            Connection kept = (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> method.getName().equals("close") ? null
                            : method.invoke(pooled, args));
            try (Connection elsewhere = ScratchDatabase.inCatalog(kept, "information_schema")) {
                assertEquals("information_schema", elsewhere.getCatalog());
            }
            assertEquals(own, pooled.getCatalog(), "as a pool would hand it out again");
        }
    }

    static Manifest manifest(DatabaseDumper.Result dumped) {
        String now = Instant.now().toString();
        return new Manifest(Manifest.FORMAT, "test", "test", "database", now, now, Sealing.CIPHER, "k-test", "deflate",
                dumped.source(), dumped.tables(), null, dumped.files());
    }

    static Manifest.TableEntry entry(Manifest manifest, String name) {
        return manifest.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private ScratchDatabase scratch(String kind, TestDatabases.Target db, Manifest manifest) throws Exception {
        String name = "opsconsole_scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        return kind.equals("h2") ? ScratchDatabase.h2(temp.resolve("scratch"), name, manifest.source())
                : ScratchDatabase.mysql(db.dataSource()::getConnection, name, manifest.source().settings());
    }

    /** Tables with every kind of column, a foreign key, an index, a generated column, a view, and a few thousand rows. */
    static void fill(TestDatabases.Target db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table unit (id bigint not null auto_increment, code varchar(20) not null, name varchar(100) not null,"
                    + " active boolean not null default true, primary key (id), unique (code)) default character set utf8mb4");
            s.execute("create table fee_item (id int not null, unit_id bigint not null, name varchar(100) not null,"
                    + " rate double null, ratio float null, small smallint null, tiny tinyint null, primary key (id),"
                    + " constraint fee_item_unit foreign key (unit_id) references unit (id)) default character set utf8mb4");
            s.execute("create table payment_notice (id bigint not null, fee_item_id int not null, name varchar(200) not null,"
                    + " amount decimal(18,2) not null, double_amount decimal(19,2) generated always as (amount * 2),"
                    + " issued date null, paid_at datetime(3) null, changed timestamp null, memo text null, scan blob null,"
                    + " big bigint null, primary key (id)) default character set utf8mb4");
            s.execute("create index payment_notice_item on payment_notice (fee_item_id, issued)");
            s.execute("create table empty_table (id int primary key, note varchar(10))");
            s.execute("create view payment_view as select id, name, double_amount from payment_notice");
            s.execute("insert into unit (code, name, active) values ('U1', '湛江市财政局', true), ('U2', '湛江市教育局', false),"
                    + " ('U3', 'Unit three', true)");
            try (PreparedStatement p = c.prepareStatement("insert into fee_item values (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 40; i++) {
                    p.setInt(1, i);
                    p.setLong(2, 1 + i % 3);
                    p.setString(3, "收费项目 " + i);
                    if (i % 7 == 0) {
                        p.setNull(4, java.sql.Types.DOUBLE);
                        p.setNull(5, java.sql.Types.FLOAT);
                        p.setNull(6, java.sql.Types.SMALLINT);
                        p.setNull(7, java.sql.Types.TINYINT);
                    } else {
                        p.setDouble(4, i / 3.0);
                        p.setFloat(5, i / 7.0f);
                        p.setInt(6, -i * 100);
                        p.setInt(7, i);
                    }
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("insert into payment_notice (id, fee_item_id, name, amount, issued,"
                    + " paid_at, changed, memo, scan, big) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 3000; i++) {
                    p.setLong(1, i);
                    p.setInt(2, 1 + i % 40);
                    p.setString(3, "缴款人 " + i + " \"引号\" 'x' \\ 😀");
                    p.setBigDecimal(4, new java.math.BigDecimal(i).add(new java.math.BigDecimal("0.01")));
                    if (i % 11 == 0) {
                        for (int k = 5; k <= 10; k++) {
                            p.setNull(k, java.sql.Types.VARCHAR);
                        }
                    } else {
                        p.setString(5, "2025-0" + (1 + i % 9) + "-1" + (i % 10));
                        p.setString(6, "2025-03-0" + (1 + i % 9) + " 1" + (i % 10) + ":2" + (i % 10) + ":0" + (i % 10) + ".12" + (i % 10));
                        p.setString(7, "2025-06-1" + (i % 10) + " 08:00:00");
                        p.setString(8, "备注\n第二行\t" + "长".repeat(i % 50));
                        p.setBytes(9, new byte[] {0, (byte) i, (byte) 0xff, (byte) (i >> 8), 10, 13});
                        p.setLong(10, i % 2 == 0 ? Long.MAX_VALUE - i : Long.MIN_VALUE + i);
                    }
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
    }
}
