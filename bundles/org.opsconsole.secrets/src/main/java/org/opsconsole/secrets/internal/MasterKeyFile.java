package org.opsconsole.secrets.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master key file, {@code <data>/secrets/master.key}: the base64 of 32 random bytes, in a folder and a file
 * only their owner can use. Created at the first start; an existing file is never replaced or changed.
 */
final class MasterKeyFile {

    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyFile.class);
    static final Set<PosixFilePermission> FOLDER_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");

    private MasterKeyFile() {
    }

    /**
     * Reads the key file, creating it with a new random key when it does not exist.
     *
     * @param file the key file
     * @param random the source of a new key
     * @return the 32 key bytes
     * @throws IllegalArgumentException when the file does not hold the base64 of 32 bytes
     * @throws UncheckedIOException when the file cannot be read or created
     */
    static byte[] readOrCreate(Path file, SecureRandom random) {
        try {
            boolean created = !Files.exists(file) && create(file, random);
            warnIfOthersMayRead(file);
            byte[] key = MasterKeySecretBox.decodeKey(Files.readString(file, StandardCharsets.US_ASCII),
                    "the master key file " + file.toAbsolutePath());
            if (created) {
                LOG.info("Created a new master key (id {}) in {}. Back it up together with the data folder: without it"
                        + " the secrets stored by the console cannot be opened", MasterKeySecretBox.keyId(key),
                        file.toAbsolutePath());
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file.toAbsolutePath(), e);
        }
    }

    /** Creates the key file; false when another node created it at the same time (its key is the one). */
    private static boolean create(Path file, SecureRandom random) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder.getParent());
        boolean posix = true;
        if (!Files.isDirectory(folder)) {
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER_PERMISSIONS));
            } catch (UnsupportedOperationException e) {
                posix = false;
                Files.createDirectory(folder);
            } catch (FileAlreadyExistsException e) {
                // created at the same moment by another node on this data folder
            }
        }
        byte[] key = new byte[MasterKeySecretBox.KEY_BYTES];
        random.nextBytes(key);
        byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path temporary;
        try {
            temporary = Files.createTempFile(folder, ".master.key.", ".tmp", PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS));
        } catch (UnsupportedOperationException e) {
            posix = false;
            temporary = Files.createTempFile(folder, ".master.key.", ".tmp");
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(text));
                channel.force(true);
            }
            if (!publish(temporary, file)) {
                return false;
            }
            syncFolder(folder);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(text, (byte) 0);
            Files.deleteIfExists(temporary);
        }
        if (!posix) {
            LOG.warn("The file system of {} has no POSIX permissions: restrict access to the master key file with its own"
                    + " access control", file.toAbsolutePath());
        }
        return true;
    }

    /**
     * Puts a fully written temporary file in place as the key file, unless a key file exists already: the one that
     * exists is kept. A hard link is atomic and never replaces; where hard links are not supported, an atomic move.
     *
     * @param temporary the written file, in the key file's folder
     * @param file the key file
     * @return true when the temporary file became the key file, false when a key file existed
     * @throws IOException when neither works
     */
    static boolean publish(Path temporary, Path file) throws IOException {
        try {
            Files.createLink(file, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links here (some network and Windows file systems); a move does the job, short of a race
            if (Files.exists(file)) {
                return false;
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /** Makes the new directory entry durable, where the platform allows it. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not possible on every platform (Windows); the file's content is on disk already
        }
    }

    private static void warnIfOthersMayRead(Path file) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return;
        }
        if (!FOLDER_PERMISSIONS.containsAll(permissions)) { // rwx------ is all the owner's and nobody else's
            LOG.warn("The master key file {} is open to others than its owner ({}); it is used as it is, but should be"
                    + " readable by its owner only (chmod 600)", file.toAbsolutePath(), PosixFilePermissions.toString(permissions));
        }
    }
}
