package org.opsconsole.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This console node's id in a cluster, given to every module as the framework property {@value #PROPERTY}: the
 * configured one; else the one kept in {@code <data>/state/node-id}, made of the host name and a random suffix at the
 * first start. The scheduler's job claims, the outbox's delivery claims, the monitoring lease and the backups' running
 * records carry it, so that one node has one name everywhere and a restart finds what its crash left.
 */
final class NodeId {

    /** The framework property (and setting {@code opsconsole.node.id} / {@code OPSCONSOLE_NODE_ID}). */
    static final String PROPERTY = "opsconsole.node.id";

    private static final Logger LOG = LoggerFactory.getLogger(NodeId.class);

    private NodeId() {
    }

    /**
     * @param configured the configured id, or null or blank
     * @param data the data folder
     * @return the node id
     */
    static String resolve(String configured, Path data) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        byte[] suffix = new byte[3];
        new SecureRandom().nextBytes(suffix);
        String made = hostName() + "-" + HexFormat.of().formatHex(suffix);
        Path file = data.resolve("state").resolve("node-id");
        try {
            if (Files.isRegularFile(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, made + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("The node id could not be kept in {} ({}); using {} for this start, so that what a crash leaves "
                    + "running is not found at the next one", file, e.getMessage(), made);
        }
        return made;
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (IOException e) {
            LOG.debug("No host name: {}", e.getMessage());
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "node" : env;
    }
}
