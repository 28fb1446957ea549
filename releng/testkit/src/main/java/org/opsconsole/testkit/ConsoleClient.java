package org.opsconsole.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One user's HTTP conversation with a running console, as a browser has it: the session cookie, and the CSRF token
 * ({@code X-CSRF-Token}) sent with every request that changes something. Paths are absolute on the console
 * ({@code /api/hello/greetings}). Thread-safe for requests; sign-in happens once, before the client is handed out.
 */
public final class ConsoleClient {

    /** The JSON mapper of requests and answers: Jackson, with the modules found on the class path. */
    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http;
    private final String user;
    private volatile String csrfToken;

    ConsoleClient(URI base, String user) {
        this.base = base;
        this.user = user;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Signs in at {@code POST /api/security/login}; when the console says the password is a one-time password, changes
     * it at {@code POST /api/security/password}. Until {@code deadline} a refused sign-in is tried again, since the first
     * accounts are made while the console starts.
     */
    static ConsoleClient signIn(URI base, String name, String password, String newPassword, long deadline) {
        ConsoleClient client = new ConsoleClient(base, name);
        ConsoleResponse login;
        while (true) {
            login = client.post("/api/security/login", Map.of("name", name, "password", password));
            if (login.status() == 200 || System.nanoTime() > deadline) {
                break;
            }
            pause();
        }
        login.expect(200);
        JsonNode session = login.json();
        client.csrfToken = session.path("csrfToken").asText(null);
        if (session.path("mustChangePassword").asBoolean()) {
            JsonNode changed = client.post("/api/security/password", Map.of("current", password, "password", newPassword))
                    .expect(200).json();
            if (changed.hasNonNull("csrfToken")) {
                client.csrfToken = changed.path("csrfToken").asText();
            }
        }
        return client;
    }

    /** @return the user this client is signed in as; null for an anonymous client */
    public String user() {
        return user;
    }

    /** @return the session's CSRF token; null before sign-in */
    public String csrfToken() {
        return csrfToken;
    }

    /** @return the console's address with a path, e.g. {@code url("/api/health")} */
    public URI url(String path) {
        return base.resolve(path);
    }

    /** {@code GET path}. */
    public ConsoleResponse get(String path) {
        return send("GET", path, BodyPublishers.noBody(), null);
    }

    /**
     * {@code GET path}, expecting 200.
     *
     * @return the answer's JSON
     * @throws AssertionError when the status is not 200
     */
    public JsonNode getJson(String path) {
        return get(path).expect(200).json();
    }

    /**
     * {@code POST path} with a JSON body: a map, a record or a {@link JsonNode} is written as JSON; a String is sent as
     * it is, as JSON text ({@code post("/api/hello/greetings", "{\"text\": \"hi\"}")}).
     */
    public ConsoleResponse post(String path, Object body) {
        return send("POST", path, json(body), "application/json");
    }

    /** {@code POST path} without a body. */
    public ConsoleResponse post(String path) {
        return send("POST", path, BodyPublishers.noBody(), null);
    }

    /** {@code PUT path} with {@code body} as JSON, as {@link #post(String, Object)}. */
    public ConsoleResponse put(String path, Object body) {
        return send("PUT", path, json(body), "application/json");
    }

    /** {@code DELETE path}. */
    public ConsoleResponse delete(String path) {
        return send("DELETE", path, BodyPublishers.noBody(), null);
    }

    /**
     * {@code POST path} with raw bytes as the body, as an upload of a file ({@code application/octet-stream}).
     *
     * @param path the path, with its query
     * @param file the file whose bytes are sent
     */
    public ConsoleResponse upload(String path, Path file) {
        try {
            return upload(path, Files.readAllBytes(file), "application/octet-stream");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code POST path} with raw bytes of the given content type as the body. */
    public ConsoleResponse upload(String path, byte[] body, String contentType) {
        return send("POST", path, BodyPublishers.ofByteArray(body), contentType);
    }

    /**
     * Asks {@code GET path} until it answers {@code status}, at most for {@code timeout}: for what the console does
     * in the background (a module's servlet registered after its bundle started, a job's run recorded).
     *
     * @return the first answer with that status
     * @throws AssertionError with the last answer when the time is up
     */
    public ConsoleResponse awaitStatus(String path, int status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConsoleResponse response = get(path);
            if (response.status() == status || System.nanoTime() > deadline) {
                return response.expect(status);
            }
            pause();
        }
    }

    private ConsoleResponse send(String method, String path, BodyPublisher body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(REQUEST_TIMEOUT).method(method, body)
                .header("Accept", "application/json");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        String token = csrfToken;
        if (token != null && !method.equals("GET") && !method.equals("HEAD")) {
            request.header(CSRF_HEADER, token);
        }
        try {
            var response = http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ConsoleResponse(method, path, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url(path) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + url(path) + " was interrupted", e);
        }
    }

    private static BodyPublisher json(Object body) {
        if (body instanceof String text) {
            return BodyPublishers.ofString(text, StandardCharsets.UTF_8);
        }
        try {
            return BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body + " as JSON: " + e.getMessage(), e);
        }
    }

    /** Between two polls of the console (not a wait for something to be done: the caller checks again). */
    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the console", e);
        }
    }
}
