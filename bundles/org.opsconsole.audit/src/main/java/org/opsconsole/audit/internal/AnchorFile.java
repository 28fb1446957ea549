package org.opsconsole.audit.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

import org.opsconsole.api.rest.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * This console node's anchor of the audit trail, {@code <data>/state/audit-anchor.json}: what the node's latest
 * sealed append left in the database, kept where a database-only attacker cannot reach. With it, verifying sees
 * what the head's seal alone cannot: a head moved back to an older, validly sealed state after newer records were
 * removed, and a key that was removed or replaced.
 *
 * <p>The file holds JSON: {@code {"format":"opsconsole-audit-anchor-v1","key":"<fingerprint>","lastId":42,
 * "lastHash":"<64 hex>","seal":"<64 hex>"}}, never the key itself. It is written to a temporary file, readable by its
 * owner only where the file system has POSIX permissions, and moved in place atomically. Read once, then kept in
 * memory; thread-safe.
 */
final class AnchorFile {

    static final String FORMAT = "opsconsole-audit-anchor-v1";
    private static final String HEX64 = "[0-9a-f]{64}";

    /**
     * What this node last appended with a valid seal.
     *
     * @param key the fingerprint of the key that sealed it
     * @param lastId the record appended
     * @param lastHash its hash
     * @param seal the seal the head got
     */
    record Anchor(String key, long lastId, String lastHash, String seal) {
    }

    private final Path file;
    private boolean loaded;
    private Anchor anchor;

    AnchorFile(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * @return the anchor, or null when this node has not anchored the trail yet
     * @throws IllegalStateException when the file cannot be read or is damaged; the message names the file
     */
    synchronized Anchor read() {
        if (!loaded) {
            anchor = load();
            loaded = true;
        }
        return anchor;
    }

    /**
     * Replaces the anchor, unless another thread replaced it since {@code expected} was read.
     *
     * @param expected the anchor the caller read (null: none)
     * @param next the new anchor
     * @return whether the anchor is {@code next} now
     * @throws IOException when the file cannot be written; the anchor stays as it was
     */
    synchronized boolean replace(Anchor expected, Anchor next) throws IOException {
        if (!Objects.equals(read(), expected)) {
            return false;
        }
        write(next);
        return true;
    }

    private void write(Anchor next) throws IOException {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("format", FORMAT);
        json.put("key", next.key());
        json.put("lastId", next.lastId());
        json.put("lastHash", next.lastHash());
        json.put("seal", next.seal());
        byte[] bytes = (Json.MAPPER.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary;
        try {
            temporary = Files.createTempFile(folder, ".audit-anchor.", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            temporary = Files.createTempFile(folder, ".audit-anchor.", ".tmp");
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        anchor = next;
        loaded = true;
    }

    private Anchor load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("this node's audit anchor " + file.toAbsolutePath() + " cannot be read: " + e, e);
        }
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            if (json == null || !FORMAT.equals(json.path("format").asText())) {
                throw damaged("it is not in the format " + FORMAT);
            }
            String key = json.path("key").asText();
            JsonNode lastId = json.path("lastId");
            String lastHash = json.path("lastHash").asText();
            String seal = json.path("seal").asText();
            if (!key.matches(HEX64) || !lastId.isIntegralNumber() || !lastId.canConvertToLong() || lastId.asLong() < 1
                    || !lastHash.matches(HEX64) || !seal.matches(HEX64)) {
                throw damaged("a field is missing or malformed");
            }
            return new Anchor(key, lastId.asLong(), lastHash, seal);
        } catch (JsonProcessingException e) {
            throw damaged("it is not JSON");
        }
    }

    private IllegalStateException damaged(String why) {
        return new IllegalStateException("this node's audit anchor " + file.toAbsolutePath() + " is damaged (" + why
                + "); the trail cannot be checked against it. Find out how it came to be so; removing the file lets the "
                + "node anchor the trail anew at its next append");
    }
}
