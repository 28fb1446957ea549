package org.opsconsole.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node id: configured, else made once and kept in the data folder, so that a restart finds its crash's leftovers. */
class NodeIdTest {

    @Test
    void theConfiguredNodeIdWins(@TempDir Path data) {
        assertEquals("console-2", NodeId.resolve(" console-2 ", data));
        assertTrue(Files.notExists(data.resolve("state/node-id")));
    }

    @Test
    void aMadeNodeIdIsKeptInTheDataFolderForTheNextStart(@TempDir Path data) throws Exception {
        String first = NodeId.resolve(null, data);
        String second = NodeId.resolve("", data);

        assertEquals(first, second);
        assertEquals(first, Files.readString(data.resolve("state/node-id"), StandardCharsets.UTF_8).trim());
        assertTrue(first.matches(".+-[0-9a-f]{6}"), first);
    }

    @Test
    void twoDataFoldersAreTwoNodes(@TempDir Path one, @TempDir Path two) {
        assertNotEquals(NodeId.resolve(null, one), NodeId.resolve(null, two));
    }
}
