package org.opsconsole.backups.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.opsconsole.backups.internal.engine.Manifest;
import org.opsconsole.backups.internal.engine.Sealing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The backup repository's folder: {@code <repository>/<target id>/<backup id>/}, with the backup's files and, last,
 * its {@code manifest.json} and {@code manifest.mac}. A backup is written into {@code <backup id>.partial} and renamed
 * when its manifest is on disk, so a folder without the suffix is always complete; partial folders are what an
 * interrupted backup left, and are deleted.
 */
public final class Repository {

    static final String MANIFEST = "manifest.json";
    static final String MAC = "manifest.mac";
    static final String PARTIAL = ".partial";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    Repository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** @return the folder a backup is written into, made empty */
    Path begin(long targetId, String backupId) throws IOException {
        Path partial = partial(targetId, backupId);
        delete(partial);
        Files.createDirectories(partial);
        return partial;
    }

    /** @return the folder of a complete backup */
    Path folder(long targetId, String backupId) {
        return root.resolve(Long.toString(targetId)).resolve(backupId);
    }

    Path partial(long targetId, String backupId) {
        return root.resolve(Long.toString(targetId)).resolve(backupId + PARTIAL);
    }

    /**
     * Writes the manifest and its MAC into the partial folder, forces them to disk, and renames the folder: from now on
     * the backup is complete.
     *
     * @return the manifest's SHA-256
     */
    String complete(long targetId, String backupId, Manifest manifest, Sealing sealing) throws IOException {
        Path partial = partial(targetId, backupId);
        byte[] json = JSON.writeValueAsBytes(manifest);
        write(partial.resolve(MANIFEST), json);
        write(partial.resolve(MAC), mac(json, sealing).getBytes(StandardCharsets.US_ASCII));
        Path folder = folder(targetId, backupId);
        try {
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the backup repository's file system cannot rename a folder atomically", e);
        }
        force(folder.getParent());
        return sha256(json);
    }

    /**
     * Reads a complete backup's manifest, checking its MAC.
     *
     * @param keys the data keys, by id
     * @throws IOException when it is missing, damaged or was changed
     */
    public Manifest manifest(long targetId, String backupId, java.util.function.Function<String, Sealing> keys) throws IOException {
        Path folder = folder(targetId, backupId);
        Path file = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IOException("备份的清单不存在：" + file + " / The backup's manifest is missing: " + file);
        }
        byte[] json = Files.readAllBytes(file);
        Manifest manifest;
        try {
            manifest = JSON.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new IOException("备份的清单已损坏 / The backup's manifest is damaged: " + e.getMessage(), e);
        }
        Sealing sealing;
        try {
            sealing = keys.apply(manifest.keyId());
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        String mac = Files.isRegularFile(folder.resolve(MAC)) ? Files.readString(folder.resolve(MAC), StandardCharsets.US_ASCII).strip() : "";
        if (!MessageDigest.isEqual(mac.getBytes(StandardCharsets.US_ASCII), mac(json, sealing).getBytes(StandardCharsets.US_ASCII))) {
            throw new IOException("备份的清单被改动过（校验码不符） / The backup's manifest was changed (its MAC does not match)");
        }
        if (!manifest.id().equals(backupId)) {
            throw new IOException("备份的清单属于另一个备份 / The manifest belongs to another backup: " + manifest.id());
        }
        return manifest;
    }

    /** Deletes a backup's folder, complete or partial. */
    void remove(long targetId, String backupId) throws IOException {
        delete(partial(targetId, backupId));
        delete(folder(targetId, backupId));
    }

    /** @return the partial folders in the repository: what interrupted backups left */
    java.util.List<Path> partials() throws IOException {
        if (!Files.isDirectory(root)) {
            return java.util.List.of();
        }
        java.util.List<Path> partials = new java.util.ArrayList<>();
        try (DirectoryStream<Path> targets = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path target : targets) {
                try (DirectoryStream<Path> backups = Files.newDirectoryStream(target, p -> p.getFileName().toString().endsWith(PARTIAL))) {
                    backups.forEach(partials::add);
                }
            }
        }
        return partials;
    }

    /** @return the free space of the repository's file system */
    long free() throws IOException {
        Files.createDirectories(root);
        return Files.getFileStore(root).getUsableSpace();
    }

    static String mac(byte[] json, Sealing sealing) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sealing.manifestKey(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(json));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
    }

    /** Forces a folder's entries to disk (where the file system allows it). */
    private static void force(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system opens folders; the rename is still atomic
        }
    }

    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
