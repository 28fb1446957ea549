package org.opsconsole.monitoring.internal.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The monitoring pages as the console shell sees them: the component descriptions bnd generated from the page classes
 * (their service properties), and the ES modules in {@code web/} those name.
 */
class MonitoringPagesTest {

    private static final List<Class<?>> PAGES = List.of(MonitoringPage.class, AlertsPage.class, RulesPage.class,
            SilencesPage.class, TargetsPage.class, SuggestionsPage.class);
    private static final List<String> WEB_MODULES = List.of("monitoring-common.js", "monitoring-chart.js",
            "monitoring-page.js", "monitoring-alerts-page.js", "monitoring-rules-page.js", "monitoring-silences-page.js",
            "monitoring-targets-page.js", "monitoring-suggestions-page.js");
    private static final Pattern RELATIVE_IMPORT = Pattern.compile("(?:from|import)\\s+'(\\./[^']+)'");

    @Test
    void everyPageIsAMonitoringPageForReadersInNavigationOrder() throws Exception {
        List<Map<String, String>> pages = new ArrayList<>();
        for (Class<?> page : PAGES) {
            pages.add(properties(page));
        }
        List<String> ids = pages.stream().map(p -> p.get("id")).toList();
        assertEquals(List.of("monitoring", "monitoring-alerts", "monitoring-rules", "monitoring-silences",
                "monitoring-targets", "monitoring-suggestions"), ids);
        List<Integer> orders = pages.stream().map(p -> Integer.valueOf(p.get("order"))).toList();
        assertEquals(List.of(10, 20, 30, 40, 50, 60), orders);
        for (Map<String, String> page : pages) {
            assertEquals("monitoring", page.get("group"), page.get("id"));
            assertEquals(MonitoringPermissions.READ, page.get("permission"), page.get("id"));
            assertEquals("web", page.get("webRoot"), page.get("id"));
            assertTrue(page.get("title").codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                    "a Chinese title for " + page.get("id"));
        }
    }

    @Test
    void everyPageScriptDefinesTheElementThePageNames() throws Exception {
        for (Class<?> page : PAGES) {
            Map<String, String> properties = properties(page);
            String script = web(properties.get("script"));
            assertTrue(script.contains("customElements.define('" + properties.get("element") + "'"),
                    properties.get("script") + " defines <" + properties.get("element") + ">");
        }
    }

    @Test
    void everyRelativeImportOfTheWebModulesResolvesToAFileOfTheBundle() throws IOException {
        Map<String, Integer> imported = new HashMap<>();
        for (String module : WEB_MODULES) {
            Matcher imports = RELATIVE_IMPORT.matcher(web(module));
            while (imports.find()) {
                String target = imports.group(1).substring(2);
                assertNotNull(getClass().getClassLoader().getResource("web/" + target), module + " imports " + target);
                imported.merge(target, 1, Integer::sum);
            }
        }
        assertEquals(7, imported.get("monitoring-common.js"), "the shared module is used by the chart and every page");
        assertNotNull(getClass().getClassLoader().getResource("web/monitoring.css"));
    }

    /** The {@code opsconsole.page.*} properties of a page component, from the description bnd generated for it. */
    private Map<String, String> properties(Class<?> page) throws Exception {
        String resource = "OSGI-INF/" + page.getName() + ".xml";
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
            Map<String, String> properties = new LinkedHashMap<>();
            NodeList nodes = root.getElementsByTagName("property");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element property = (Element) nodes.item(i);
                String name = property.getAttribute("name");
                if (name.startsWith("opsconsole.page.")) {
                    properties.put(name.substring("opsconsole.page.".length()), property.getAttribute("value"));
                }
            }
            return properties;
        }
    }

    private String web(String file) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("web/" + file)) {
            assertNotNull(in, "web/" + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
