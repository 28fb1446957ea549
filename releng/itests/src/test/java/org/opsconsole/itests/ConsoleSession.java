package org.opsconsole.itests;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A signed-in user's HTTP conversation with a running console: the session cookie and the CSRF token. */
final class ConsoleSession {

    static final ObjectMapper JSON = new ObjectMapper();

    final int port;
    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    String csrfToken;

    private ConsoleSession(int port) {
        this.port = port;
    }

    /**
     * Signs in, waiting up to 60 s for the first accounts to exist; changes a one-time password to
     * {@code newPassword} when the console asks for it.
     */
    static ConsoleSession signIn(int port, String name, String password, String newPassword) throws Exception {
        ConsoleSession session = new ConsoleSession(port);
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> login;
        do {
            login = session.post("/api/security/login", Map.of("name", name, "password", password));
            if (login.statusCode() == 200) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        if (login.statusCode() != 200) {
            throw new AssertionError("sign-in as " + name + " failed: " + login.statusCode() + " " + login.body());
        }
        JsonNode body = JSON.readTree(login.body());
        session.csrfToken = body.path("csrfToken").asText();
        if (body.path("mustChangePassword").asBoolean()) {
            HttpResponse<String> changed = session.post("/api/security/password", Map.of("current", password, "password", newPassword));
            if (changed.statusCode() != 200) {
                throw new AssertionError("password change failed: " + changed.body());
            }
        }
        return session;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    HttpResponse<String> put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    private HttpResponse<String> send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (csrfToken != null) {
            request.header("X-CSRF-Token", csrfToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a file's bytes as the body of a POST (an upload). */
    HttpResponse<String> upload(String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (csrfToken != null) {
            request.header("X-CSRF-Token", csrfToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Announces a POST body of the given length and returns the status line the server answers with before any of
     * the body is sent (how a refusal by size reaches a client).
     */
    String announce(String path, long length) throws IOException {
        String cookies = ((java.net.CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue()).collect(java.util.stream.Collectors.joining("; "));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookies + "\r\nX-CSRF-Token: "
                    + csrfToken + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            return in.readLine();
        }
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .DELETE();
        if (csrfToken != null) {
            request.header("X-CSRF-Token", csrfToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
