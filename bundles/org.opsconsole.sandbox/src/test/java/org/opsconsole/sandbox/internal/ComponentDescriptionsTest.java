package org.opsconsole.sandbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The service properties bnd wrote for the servlets (OSGI-INF, from the annotations): the console's routes declare the
 * sandbox permissions for the core to check; the platform's servlets sit in the platform's own context, outside the
 * console's checks.
 */
class ComponentDescriptionsTest {

    private static Map<String, String> properties(String component) throws Exception {
        Map<String, String> properties = new HashMap<>();
        try (InputStream in = ComponentDescriptionsTest.class.getResourceAsStream("/OSGI-INF/org.opsconsole.sandbox.internal." + component + ".xml")) {
            Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            NodeList list = xml.getElementsByTagName("property");
            for (int i = 0; i < list.getLength(); i++) {
                Element property = (Element) list.item(i);
                properties.put(property.getAttribute("name"), property.hasAttribute("value") ? property.getAttribute("value")
                        : property.getTextContent().trim());
            }
        }
        return properties;
    }

    @ParameterizedTest
    @ValueSource(strings = {"SandboxDataServlet", "SandboxGenerationServlet", "SandboxGroundTruthServlet", "SandboxFaultsServlet"})
    void theConsoleRoutesDeclareTheSandboxPermissions(String servlet) throws Exception {
        Map<String, String> properties = properties(servlet);

        assertEquals("sandbox.read", properties.get("opsconsole.route.read"));
        assertEquals("sandbox.operate", properties.get("opsconsole.route.write"));
        assertEquals("false", properties.getOrDefault("opsconsole.route.open", "false"));
        assertEquals("(osgi.http.whiteboard.context.name=opsconsole)", properties.get("osgi.http.whiteboard.context.select"));
        assertTrue(properties.get("osgi.http.whiteboard.servlet.pattern").startsWith("/api/sandbox/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PlatformHealthServlet", "PlatformLoginServlet", "PlatformNoticesServlet", "PlatformCollectionsServlet",
        "PlatformFaultFilter"})
    void thePlatformsServletsSitInItsOwnContext(String component) throws Exception {
        Map<String, String> properties = properties(component);

        assertEquals("(osgi.http.whiteboard.context.name=opsconsole-sandbox-platform)", properties.get("osgi.http.whiteboard.context.select"));
        assertNull(properties.get("opsconsole.route.read"));
        assertFalse(properties.containsKey("opsconsole.route.open"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PlatformContext"})
    void thePlatformsContextIsAtItsOwnPath(String component) throws Exception {
        Map<String, String> properties = properties(component);

        assertEquals("/sandbox/platform", properties.get("osgi.http.whiteboard.context.path"));
        assertEquals("opsconsole-sandbox-platform", properties.get("osgi.http.whiteboard.context.name"));
    }
}
