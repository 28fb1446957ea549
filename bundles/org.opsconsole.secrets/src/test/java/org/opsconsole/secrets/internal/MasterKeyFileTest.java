package org.opsconsole.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file the component keeps in the data folder when no key is given by property. */
class MasterKeyFileTest {

    @TempDir
    Path data;

    /** Held here: java.util.logging keeps only weak references to its loggers. */
    private final Logger log = Logger.getLogger("org.opsconsole.secrets");
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        log.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(handler);
    }

    @Test
    void theFirstStartCreatesAKeyFileOnlyItsOwnerCanReadInAFolderOnlyItsOwnerCanEnter() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");

        MasterKeySecretBox box = new MasterKeySecretBox(MasterKeySecretBoxTest.context(data.toString(), null));

        Path folder = data.resolve("secrets");
        Path file = folder.resolve("master.key");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
        assertEquals(32, key.length);
        assertEquals(MasterKeySecretBoxTest.sha256Prefix(key), box.keyId());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void creatingAKeyIsLoggedOnceWithItsPlaceAndABackupReminderButNeverTheKey() throws Exception {
        new MasterKeySecretBox(MasterKeySecretBoxTest.context(data.toString(), null));
        new MasterKeySecretBox(MasterKeySecretBoxTest.context(data.toString(), null));

        String key = Files.readString(data.resolve("secrets/master.key")).trim();
        List<String> created = messages(Level.INFO).stream().filter(m -> m.contains("Created a new master key")).toList();
        assertEquals(1, created.size(), created.toString());
        assertTrue(created.get(0).contains(data.resolve("secrets/master.key").toAbsolutePath().toString()), created.get(0));
        assertTrue(created.get(0).contains("Back it up together with the data folder"), created.get(0));
        for (LogRecord record : records) {
            assertFalse(new SimpleFormatter().formatMessage(record).contains(key), "the key was logged");
        }
    }

    @Test
    void aKeyFileOthersCanReadIsUsedAsItIsAndWarnedAbout() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        byte[] key = MasterKeySecretBoxTest.randomKey();
        Path file = Files.createDirectories(data.resolve("secrets")).resolve("master.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        MasterKeySecretBox box = new MasterKeySecretBox(MasterKeySecretBoxTest.context(data.toString(), null));

        assertEquals(MasterKeySecretBoxTest.sha256Prefix(key), box.keyId());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "left as it was");
        List<String> warnings = messages(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(file.toAbsolutePath().toString()), warnings.get(0));
        assertTrue(warnings.get(0).contains("rw-r--r--"), warnings.get(0));
    }

    @Test
    void anOwnerOnlyKeyFileGivesNoWarning() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        new MasterKeySecretBox(MasterKeySecretBoxTest.context(data.toString(), null));
        records.clear();

        new MasterKeySecretBox(MasterKeySecretBoxTest.context(data.toString(), null));

        assertEquals(List.of(), messages(Level.WARNING));
    }

    @Test
    void aDamagedKeyFileFailsActivationNamingTheFileNotItsContentAndIsNotReplaced() throws Exception {
        Path file = Files.createDirectories(data.resolve("secrets")).resolve("master.key");
        String damaged = Base64.getEncoder().encodeToString(new byte[20]);
        Files.writeString(file, damaged);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MasterKeySecretBox(MasterKeySecretBoxTest.context(data.toString(), null)));

        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("holds 20 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains(damaged), e.getMessage());
        assertEquals(damaged, Files.readString(file));
    }

    @Test
    void publishingKeepsAKeyFileThatAppearedMeanwhile() throws Exception {
        Path file = data.resolve("master.key");
        Path temporary = data.resolve(".master.key.1.tmp");
        Files.writeString(file, "the key another node wrote");
        Files.writeString(temporary, "this node's key");

        assertFalse(MasterKeyFile.publish(temporary, file));

        assertEquals("the key another node wrote", Files.readString(file));
    }

    @Test
    void publishingPutsTheTemporaryFileInPlaceWhenThereIsNoKeyFile() throws Exception {
        Path file = data.resolve("master.key");
        Path temporary = data.resolve(".master.key.1.tmp");
        Files.writeString(temporary, "this node's key");

        assertTrue(MasterKeyFile.publish(temporary, file));

        assertEquals("this node's key", Files.readString(file));
    }

    private List<String> messages(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream().filter(r -> r.getLevel().equals(level)).map(formatter::formatMessage).toList();
    }
}
