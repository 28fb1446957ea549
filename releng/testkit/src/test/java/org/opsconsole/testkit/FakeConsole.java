package org.opsconsole.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/** An HTTP server on the loopback that answers as the test tells it and records every request. */
final class FakeConsole implements AutoCloseable {

    /** A request as received. */
    record Request(String method, String pathAndQuery, Headers headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer to give. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, Map.of());
        }

        static Answer problem(int status, String body) {
            return new Answer(status, "application/problem+json", body, Map.of());
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    private final HttpServer server;

    FakeConsole() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), body);
            requests.add(request);
            Function<Request, Answer> route = routes.get(request.method() + " " + request.pathAndQuery());
            Answer answer = route == null ? Answer.problem(404, "{\"title\":\"Not Found\"}") : route.apply(request);
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** Answers {@code method pathAndQuery} so. */
    FakeConsole on(String method, String pathAndQuery, Function<Request, Answer> answer) {
        routes.put(method + " " + pathAndQuery, answer);
        return this;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
