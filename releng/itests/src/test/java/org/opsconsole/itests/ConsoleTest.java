package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The assembled console serves its shell, health and navigation, and the navigation follows the bundles. */
class ConsoleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningConsole console;
    private static ConsoleSession admin;

    @BeforeAll
    static void start() throws Exception {
        console = RunningConsole.start();
        admin = console.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        console.close();
    }

    @Test
    void healthTellsAnyoneTheStatusAndOnlySignedInUsersTheDetails() throws Exception {
        HttpResponse<String> anonymous = Distribution.get(console.port, "/api/health");
        assertEquals(200, anonymous.statusCode());
        assertEquals("{\"status\":\"UP\"}", anonymous.body());

        HttpResponse<String> response = admin.get("/api/health");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode health = JSON.readTree(response.body());
        assertEquals("UP", health.path("status").asText(), response.body());
        assertEquals(console.launcher.framework().getBundleContext().getProperty("opsconsole.version"), health.path("version").asText());
        assertTrue(health.path("uptimeSeconds").isNumber());
        int total = health.path("bundles").path("total").asInt();
        assertEquals(console.framework.getBundleContext().getBundles().length, total);
        assertEquals(total, health.path("bundles").path("ACTIVE").asInt(), "every bundle is active: " + response.body());
    }

    @Test
    void theShellPageLoadsLitAndTheShellScriptFromTheBundles() throws Exception {
        HttpResponse<String> shell = Distribution.get(console.port, "/");
        assertEquals(200, shell.statusCode());
        assertTrue(shell.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(shell.body().contains("importmap"), "the shell declares an import map");
        assertFalse(shell.body().contains("${"), "the shell page was filled in at build time");

        JsonNode imports = JSON.readTree(between(shell.body(), "<script type=\"importmap\">", "</script>")).path("imports");
        for (String name : List.of("lit", "lit-html", "@lit/reactive-element", "opsconsole")) {
            String url = imports.path(name).asText();
            HttpResponse<String> script = Distribution.get(console.port, url);
            assertEquals(200, script.statusCode(), name + " at " + url);
            assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"), url);
        }
        assertEquals(200, Distribution.get(console.port, "/console/js/shell.js").statusCode());
        assertEquals(200, Distribution.get(console.port, "/console/css/shell.css").statusCode());
    }

    @Test
    void theNavigationListsTheSystemPageWithBothTitles() throws Exception {
        JsonNode page = systemPage();
        assertNotNull(page, "the System page is in the navigation");
        assertEquals("系统", page.path("title").path("zh-CN").asText());
        assertEquals("System", page.path("title").path("en").asText());
        assertEquals("ops-system-page", page.path("element").asText());
        assertEquals("org.opsconsole.system", page.path("bundle").asText());
        HttpResponse<String> script = admin.get(page.path("module").asText());
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("ops-system-page"), "the script defines the page's element");
    }

    @Test
    void stoppingThePagesBundleRemovesItLiveAndStartingItBringsItBack() throws Exception {
        Bundle system = console.bundle("org.opsconsole.system");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Thread reader = streamEvents(events);
        try {
            assertTrue(poll(events, json -> json.contains("\"bundle\":\"org.opsconsole.system\"")), "the stream starts with the navigation");

            system.stop();
            assertTrue(poll(events, json -> !json.contains("\"bundle\":\"org.opsconsole.system\"")), "the stream announces the page is gone");
            assertEquals(null, systemPage(), "the navigation no longer lists the System page");
            assertEquals(404, admin.get("/console/pages/system/system-page.js").statusCode());
            assertEquals(404, admin.get("/api/system/bundles").statusCode());

            system.start();
            assertTrue(poll(events, json -> json.contains("\"bundle\":\"org.opsconsole.system\"")), "the stream announces the page is back");
            assertNotNull(systemPage(), "the navigation lists the System page again");
            assertEquals(200, admin.get("/api/system/bundles").statusCode());
        } finally {
            reader.interrupt();
            if (system.getState() != Bundle.ACTIVE) {
                system.start();
            }
        }
    }

    @Test
    void theSystemApiListsEveryBundleWithItsFeature() throws Exception {
        HttpResponse<String> response = admin.get("/api/system/bundles");
        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(console.framework.getVersion().toString(), body.path("framework").path("version").asText());
        assertEquals(console.framework.getBundleContext().getBundles().length, body.path("bundles").size());
        JsonNode web = null;
        for (JsonNode bundle : body.path("bundles")) {
            if ("org.opsconsole.web".equals(bundle.path("symbolicName").asText())) {
                web = bundle;
            }
        }
        assertNotNull(web);
        assertEquals("ACTIVE", web.path("state").asText());
        assertEquals("core", web.path("features").path(0).asText());
        List<String> features = body.path("features").findValuesAsText("name");
        assertEquals(List.of("platform", "core", "sandbox", "monitoring", "backups"), features);
        JsonNode core = body.path("features").path(1);
        assertTrue(core.path("title").asText().startsWith("控制台核心"), core.toString());
        assertTrue(core.path("titleEn").asText().startsWith("The console core"), core.toString());
    }

    @Test
    void theSessionSaysWhatEachOfTheUsersOwnPermissionsAllows() throws Exception {
        JsonNode session = admin.json("/api/security/session");
        JsonNode titles = session.path("permissionTitles");
        assertEquals(session.path("permissions").size(), titles.size(), titles.toString());
        assertEquals("安装、更新、卸载和回退模块", titles.path("plugins.install").path("zh-CN").asText());
        assertFalse(titles.path("plugins.install").path("en").asText().isBlank());
        assertTrue(titles.path("security.user.write").isMissingNode(), "only the user's own permissions");
    }

    @Test
    void withoutASessionEveryApiAnswers401AndTheShellStillLoads() throws Exception {
        for (String path : List.of("/api/console/pages", "/api/system/bundles", "/api/security/session", "/console/pages/system/system-page.js")) {
            HttpResponse<String> response = Distribution.get(console.port, path);
            assertEquals(401, response.statusCode(), path);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), path);
        }
        HttpResponse<String> shell = Distribution.get(console.port, "/");
        assertEquals(200, shell.statusCode());
        String policy = shell.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self' 'sha256-") && policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("nosniff", shell.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void aStateChangingRequestWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        String token = admin.csrfToken;
        admin.csrfToken = "forged";
        try {
            HttpResponse<String> response = admin.post("/api/security/logout", java.util.Map.of());
            assertEquals(403, response.statusCode(), response.body());
        } finally {
            admin.csrfToken = token;
        }
        assertEquals(200, admin.get("/api/security/session").statusCode(), "the session is still open");
    }

    @Test
    void dutiesAreSeparatedTheSystemAdministratorCannotManageUsersTheAuditorCannotChangeAnything() throws Exception {
        assertEquals(403, admin.get("/api/security/users").statusCode());
        ConsoleSession secadmin = console.signIn("secadmin");
        assertEquals(200, secadmin.get("/api/security/users").statusCode());
        HttpResponse<String> created = secadmin.post("/api/security/users",
                java.util.Map.of("name", "zhang.wei", "displayName", "张伟", "roles", List.of("operator")));
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> bad = secadmin.post("/api/security/users", java.util.Map.of("name", "X", "displayName", "", "roles", List.of("root")));
        assertEquals(400, bad.statusCode());
        assertEquals(java.util.Set.of("name", "displayName", "roles"),
                new java.util.HashSet<>(JSON.readTree(bad.body()).path("errors").findValuesAsText("field")));
        assertEquals(403, secadmin.post("/api/security/users/secadmin/roles", java.util.Map.of("roles", List.of("sysadmin"))).statusCode(),
                "nobody grants themselves a role");
        ConsoleSession auditor = console.signIn("auditor");
        assertEquals(200, auditor.get("/api/system/bundles").statusCode(), "the auditor reads everything");
        assertEquals(403, admin.get("/api/audit/events").statusCode(), "the system administrator does not read the audit trail");
        JsonNode events = auditor.json("/api/audit/events?action=user.create&size=50");
        assertTrue(events.toString().contains("zhang.wei"), "the new user's creation is audited: " + events);
        assertTrue(auditor.json("/api/audit/events?action=login").path("total").asInt() >= 3, "sign-ins are audited");
        HttpResponse<String> verified = auditor.post("/api/audit/verify", java.util.Map.of());
        assertEquals(200, verified.statusCode(), verified.body());
        assertTrue(JSON.readTree(verified.body()).path("ok").asBoolean(), verified.body());
        assertEquals(403, auditor.get("/api/security/users").statusCode() == 200
                ? auditor.post("/api/security/users", java.util.Map.of("name", "li.na", "displayName", "李娜")).statusCode() : 403);
    }

    @Test
    void pageFilesCannotEscapeThePageFolder() throws Exception {
        // Jetty refuses ambiguous paths itself (400); whatever answers, it is never the file
        for (String path : List.of("/console/pages/system/../../OSGI-INF/x.xml", "/console/pages/system/%2e%2e/META-INF/MANIFEST.MF",
                "/console/pages/system/..%2fMETA-INF/MANIFEST.MF", "/console/pages/system/a//b.js")) {
            int status = admin.get(path).statusCode();
            assertTrue(status == 400 || status == 404, path + " answered " + status);
        }
        assertEquals(404, admin.get("/console/pages/nosuchpage/page.js").statusCode());
    }

    @Test
    void anUnknownRouteIsA404Problem() throws Exception {
        for (String path : List.of("/api/does-not-exist", "/nothing/here")) {
            HttpResponse<String> response = admin.get(path);
            assertEquals(404, response.statusCode(), path);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), path);
        }
    }

    private static JsonNode systemPage() throws Exception {
        HttpResponse<String> response = admin.get("/api/console/pages");
        assertEquals(200, response.statusCode());
        for (JsonNode page : JSON.readTree(response.body()).path("pages")) {
            if ("system".equals(page.path("id").asText())) {
                return page;
            }
        }
        return null;
    }

    /** Reads the server-sent events stream on a thread, putting the data of each {@code pages} event into the queue. */
    private static Thread streamEvents(BlockingQueue<String> events) {
        Thread thread = new Thread(() -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(console.url("/api/console/events"))).GET().build();
            try {
                HttpResponse<java.io.InputStream> response = admin.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String event = null;
                    for (String line = lines.readLine(); line != null && !Thread.currentThread().isInterrupted(); line = lines.readLine()) {
                        if (line.startsWith("event: ")) {
                            event = line.substring(7);
                        } else if (line.startsWith("data: ") && "pages".equals(event)) {
                            events.add(line.substring(6));
                        }
                    }
                }
            } catch (Exception e) {
                events.add("error: " + e);
            }
        }, "sse-reader");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static boolean poll(BlockingQueue<String> events, java.util.function.Predicate<String> wanted) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            String json = events.poll(200, TimeUnit.MILLISECONDS);
            if (json != null && !json.startsWith("error:") && wanted.test(json)) {
                return true;
            }
        }
        return false;
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end, from);
        assertTrue(from >= 0 && to > from, "found " + start);
        return text.substring(from + start.length(), to);
    }
}
