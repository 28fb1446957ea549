package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import jakarta.mail.internet.MimeMessage;

/**
 * Notifications in the running console: a notice reaches the inbox of its audience, a webhook (a local HTTP
 * receiver) and a mailbox (a real SMTP server, through the Jakarta Mail embedded in the channels bundle);
 * a delivery still waiting at a stop is sent after the restart.
 */
class NotificationsTest {

    @Test
    void aNoticeReachesTheInboxAWebhookAndAMailbox(@TempDir Path data) throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("ops@example.gov.cn", "Mail-Secret-2026");
        smtp.start();
        try (Receiver receiver = new Receiver(0);
                RunningConsole console = RunningConsole.start(Distribution.home(), data, Map.of())) {
            ConsoleSession admin = console.admin();
            assertEquals(201, admin.post("/api/notify/channels", Map.of("id", "ops-webhook", "name", "运维中心 Webhook",
                    "type", "webhook", "minSeverity", "INFO", "settings", Map.of("url", receiver.url()))).statusCode());
            assertEquals(201, admin.post("/api/notify/channels", Map.of("id", "ops-mail", "name", "运维邮箱", "type", "email",
                    "minSeverity", "WARNING", "settings", Map.of("host", "127.0.0.1",
                            "port", Integer.toString(smtp.getSmtp().getPort()), "security", "none",
                            "username", "ops@example.gov.cn", "password", "Mail-Secret-2026",
                            "from", "ops@example.gov.cn", "to", "bureau-it@example.gov.cn"))).statusCode());
            String listed = admin.get("/api/notify/channels").body();
            assertTrue(!listed.contains("Mail-Secret-2026") && listed.contains("\"set\":true"), "a secret is never shown: " + listed);

            var sent = admin.post("/api/notify/messages", Map.of("severity", "CRITICAL", "title", "非税收入平台登录服务无响应",
                    "body", "缴款书查询接口连续 3 次超时", "link", "/#/jobs"));
            assertEquals(201, sent.statusCode(), sent.body());

            await(() -> receiver.bodies.stream().anyMatch(b -> b.contains("非税收入平台登录服务无响应")), "the webhook got the notice");
            assertTrue(receiver.bodies.get(0).contains("\"severity\":\"CRITICAL\""), receiver.bodies.get(0));
            await(() -> smtp.getReceivedMessages().length == 1, "the mail arrived");
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertTrue(mail.getSubject().contains("非税收入平台登录服务无响应"), mail.getSubject());
            assertTrue(GreenMailUtil.getBody(mail).length() > 0);

            JsonNode deliveries = admin.json("/api/notify/deliveries");
            assertEquals(2, deliveries.path("deliveries").size(), deliveries.toString());
            deliveries.path("deliveries").forEach(d -> assertEquals("SENT", d.path("state").asText(), d.toString()));

            assertEquals(1, admin.json("/api/notify/inbox/count").path("unread").asInt(), "the operations team's inbox has it");
            assertEquals(0, console.signIn("auditor").json("/api/notify/inbox/count").path("unread").asInt(),
                    "the auditor is not in the audience");
            JsonNode inbox = admin.json("/api/notify/inbox");
            long id = inbox.path("messages").get(0).path("id").asLong();
            admin.post("/api/notify/inbox/" + id + "/read", Map.of());
            assertEquals(0, admin.json("/api/notify/inbox/count").path("unread").asInt());
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aBadChannelIsRefusedNamingTheFieldAndNothingIsStored(@TempDir Path data) throws Exception {
        try (RunningConsole console = RunningConsole.start(Distribution.home(), data, Map.of())) {
            ConsoleSession admin = console.admin();
            var refused = admin.post("/api/notify/channels", Map.of("name", "钉钉", "type", "dingtalk",
                    "settings", Map.of("url", "ftp://oapi.dingtalk.com/robot/send")));
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(refused.body().contains("settings.url"), refused.body());
            assertEquals(0, admin.json("/api/notify/channels").path("channels").size());
        }
    }

    @Test
    void aDeliveryWaitingAtAStopIsSentAfterTheRestart(@TempDir Path data) throws Exception {
        int port = Distribution.freePort();
        try (RunningConsole console = RunningConsole.start(Distribution.home(), data, Map.of())) {
            ConsoleSession admin = console.admin();
            assertEquals(201, admin.post("/api/notify/channels", Map.of("id", "ops-webhook", "name", "运维中心",
                    "type", "webhook", "settings", Map.of("url", "http://127.0.0.1:" + port + "/hook"))).statusCode());
            // the channel kinds' bundle is stopped: the delivery waits for its kind, without using up attempts
            Bundle channels = console.bundle("org.opsconsole.notify.channels");
            channels.stop(Bundle.STOP_TRANSIENT);
            assertEquals(201, admin.post("/api/notify/messages", Map.of("severity", "WARNING", "title", "备份任务超时")).statusCode());
            await(() -> {
                try {
                    JsonNode d = admin.json("/api/notify/deliveries").path("deliveries").get(0);
                    return d != null && d.path("state").asText().equals("PENDING") && !d.path("lastError").isNull();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "the delivery waits and says why");
        }
        try (Receiver receiver = new Receiver(port);
                RunningConsole console = RunningConsole.start(Distribution.home(), data, Map.of())) {
            await(() -> receiver.bodies.stream().anyMatch(b -> b.contains("备份任务超时")), "sent after the restart");
            ConsoleSession admin = ConsoleSession.signIn(console.port, "admin", RunningConsole.CHANGED_PASSWORD,
                    RunningConsole.CHANGED_PASSWORD); // changed at the first run
            JsonNode delivery = admin.json("/api/notify/deliveries").path("deliveries").get(0);
            assertEquals("SENT", delivery.path("state").asText(), delivery.toString());
            assertEquals(1, receiver.bodies.size(), "sent once");
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("within 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    /** A local HTTP receiver that keeps every body it gets and answers 200. */
    static final class Receiver implements AutoCloseable {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Receiver(int port) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
