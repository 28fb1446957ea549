package org.opsconsole.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The shell page as the bundle ships it: its import map names the console's own modules, and they are there. */
class ShellPageTest {

    @Test
    void theImportMapNamesTheHelperModuleAndThePageFramework() throws IOException {
        JsonNode imports = importMap().get("imports");
        assertEquals("/console/js/opsconsole.js", imports.path("opsconsole").asText());
        assertEquals("/console/js/pages.js", imports.path("opsconsole/pages").asText());
    }

    @Test
    void everyModuleTheImportMapServesFromTheShellIsAFileOfTheBundle() throws IOException {
        int shellModules = 0;
        for (Map.Entry<String, JsonNode> entry : importMap().get("imports").properties()) {
            String target = entry.getValue().asText();
            if (target.startsWith("/console/")) {
                String resource = "web/" + target.substring("/console/".length());
                assertNotNull(getClass().getClassLoader().getResource(resource), entry.getKey() + " maps to " + resource);
                shellModules++;
            }
        }
        assertTrue(shellModules >= 2, "the import map names the shell's modules");
    }

    private JsonNode importMap() throws IOException {
        String html;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("web/index.html")) {
            assertNotNull(in, "web/index.html");
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String start = "<script type=\"importmap\">";
        int from = html.indexOf(start);
        int to = html.indexOf("</script>", from);
        assertTrue(from >= 0 && to > from, "the shell page has an import map");
        return new ObjectMapper().readTree(html.substring(from + start.length(), to));
    }
}
