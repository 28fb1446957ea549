package org.opsconsole.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The node id: configured, else made once and kept in the data folder, so that a restart finds its crash's leftovers. */
class NodeIdTest {

    private static BundleContext context(String nodeId, Path data) {
        BundleContext context = mock(BundleContext.class);
        when(context.getProperty("opsconsole.node.id")).thenReturn(nodeId);
        when(context.getProperty("opsconsole.data")).thenReturn(data == null ? null : data.toString());
        return context;
    }

    @Test
    void theConfiguredNodeIdWins(@TempDir Path data) {
        assertEquals("console-2", JobScheduler.nodeId(context(" console-2 ", data)));
    }

    @Test
    void aMadeNodeIdIsKeptInTheDataFolderForTheNextStart(@TempDir Path data) throws Exception {
        String first = JobScheduler.nodeId(context(null, data));
        String second = JobScheduler.nodeId(context("", data));

        assertEquals(first, second);
        assertEquals(first, Files.readString(data.resolve("state/node-id"), StandardCharsets.UTF_8).trim());
        assertTrue(first.matches(".+-[0-9a-f]{6}"), first);
    }

    @Test
    void withoutADataFolderEachStartMakesItsOwnNodeId() {
        assertNotEquals(JobScheduler.nodeId(context(null, null)), JobScheduler.nodeId(context(null, null)));
    }
}
