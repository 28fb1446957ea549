package org.opsconsole.notify.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.opsconsole.api.notify.OutgoingMessage;
import org.opsconsole.api.notify.Severity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server on 127.0.0.1 that records each request and answers with a status and body the test sets.
 * A request is recorded before it is answered, so after a synchronous delivery it is there.
 */
final class TestReceiver implements AutoCloseable {

    /** The notification most tests send, created 2026-11-26 11:30:00 Beijing time. */
    static final OutgoingMessage MESSAGE = new OutgoingMessage(4711, Severity.CRITICAL, "数据库主库不可用",
            "主库 10.0.3.21:3306 连续 3 次探测失败。\n已切换到只读模式。", Optional.of("https://ops.example.gov.cn/#/monitoring"),
            "monitoring", Instant.parse("2026-11-26T03:30:00Z"), false);

    /**
     * One request as received.
     *
     * @param rawQuery the query as sent (still URL-encoded), or null
     */
    record Request(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {

        /** @return a header's value, by its name in any case */
        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        /** @return the query parameters, decoded */
        Map<String, String> query() {
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String parameter : rawQuery == null ? new String[0] : rawQuery.split("&")) {
                int equals = parameter.indexOf('=');
                parameters.put(parameter.substring(0, equals), URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
            }
            return parameters;
        }

        /** @return the raw value of a query parameter, still URL-encoded */
        String rawParameter(String name) {
            for (String parameter : rawQuery.split("&")) {
                if (parameter.startsWith(name + "=")) {
                    return parameter.substring(name.length() + 1);
                }
            }
            return null;
        }

        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "";

    TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body));
            byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    /** Answers every following request with this status and body. */
    TestReceiver answer(int status, String body) {
        this.status = status;
        this.answer = body;
        return this;
    }

    /** @return {@code http://127.0.0.1:<port><pathAndQuery>} */
    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    /** @return the one request received; fails when there were none or more */
    Request only() {
        assertEquals(1, requests.size(), "requests received");
        return requests.get(0);
    }

    List<Request> requests() {
        return requests;
    }

    /** @return an address on 127.0.0.1 where nothing listens (a port just opened and closed) */
    static String nobodyListening(String pathAndQuery) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + pathAndQuery;
        }
    }

    /** @return the message as an operator's test message */
    static OutgoingMessage asTest(OutgoingMessage message) {
        return new OutgoingMessage(message.id(), message.severity(), message.title(), message.body(), message.link(), message.source(),
                message.createdAt(), true);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
