package org.opsconsole.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.testkit.FakeConsole.Answer;
import org.opsconsole.testkit.FakeConsole.Request;

/** The client's side of the console's conventions, against a fake console that records what it receives. */
class ConsoleClientTest {

    @Test
    void signInWaitsForTheAccountsChangesAOneTimePasswordAndSendsTheTokenAndCookieWithChanges() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (FakeConsole fake = new FakeConsole()) {
            fake.on("POST", "/api/security/login", r -> attempts.incrementAndGet() < 3
                    ? Answer.problem(401, "{\"title\":\"Unauthorized\"}")
                    : new Answer(200, "application/json", "{\"csrfToken\":\"first\",\"mustChangePassword\":true}",
                            Map.of("Set-Cookie", "OPSCONSOLE_SESSION=s1; Path=/; HttpOnly")))
                .on("POST", "/api/security/password", r -> Answer.json(200, "{\"csrfToken\":\"second\",\"mustChangePassword\":false}"))
                .on("POST", "/api/hello/greetings", r -> Answer.json(201, "{\"id\":1}"))
                .on("GET", "/api/hello/greetings", r -> Answer.json(200, "{\"greetings\":[]}"));

            ConsoleClient client = ConsoleClient.signIn(fake.base(), "admin", "One-time-2026!", "Changed-2026!x",
                    System.nanoTime() + 10_000_000_000L);
            client.post("/api/hello/greetings", Map.of("text", "你好")).expect(201);
            assertEquals(0, client.getJson("/api/hello/greetings").path("greetings").size());

            assertEquals(3, attempts.get());
            assertEquals("second", client.csrfToken());
            List<Request> requests = fake.requests;
            Request change = requests.get(3);
            assertEquals("/api/security/password", change.pathAndQuery());
            assertEquals("first", change.headers().getFirst("X-CSRF-Token"));
            assertEquals("OPSCONSOLE_SESSION=s1", change.headers().getFirst("Cookie"));
            assertEquals(Map.of("current", "One-time-2026!", "password", "Changed-2026!x"),
                    ConsoleClient.JSON.readValue(change.body(), Map.class));
            Request post = requests.get(4);
            assertEquals("second", post.headers().getFirst("X-CSRF-Token"));
            assertEquals("application/json", post.headers().getFirst("Content-Type"));
            assertEquals("{\"text\":\"你好\"}", post.text());
            Request get = requests.get(5);
            assertNull(get.headers().getFirst("X-CSRF-Token"), "reading sends no token");
            assertEquals("OPSCONSOLE_SESSION=s1", get.headers().getFirst("Cookie"));
        }
    }

    @Test
    void aSignInStillRefusedAtTheDeadlineFailsWithTheConsolesAnswer() throws Exception {
        try (FakeConsole fake = new FakeConsole()) {
            fake.on("POST", "/api/security/login", r -> Answer.problem(401, "{\"title\":\"Unauthorized\",\"detail\":\"wrong password\"}"));

            AssertionError error = assertThrows(AssertionError.class,
                    () -> ConsoleClient.signIn(fake.base(), "admin", "x", "y", System.nanoTime()));

            assertTrue(error.getMessage().contains("POST /api/security/login answered 401"), error.getMessage());
            assertTrue(error.getMessage().contains("wrong password"), error.getMessage());
        }
    }

    @Test
    void anUploadSendsTheFilesBytesAsOctetStreamAndAStringIsSentAsJsonText(@TempDir Path folder) throws Exception {
        byte[] bytes = {0x50, 0x4b, 0x03, 0x04, 0, (byte) 0xff};
        Path file = Files.write(folder.resolve("x.zip"), bytes);
        try (FakeConsole fake = new FakeConsole()) {
            fake.on("POST", "/upload?name=x.zip", r -> Answer.json(201, "{}"))
                .on("POST", "/raw", r -> Answer.json(200, "{}"));
            ConsoleClient client = new ConsoleClient(fake.base(), null);

            client.upload("/upload?name=x.zip", file).expect(201);
            client.post("/raw", "{\"a\": [1, 2]}").expect(200);

            assertArrayEquals(bytes, fake.requests.get(0).body());
            assertEquals("application/octet-stream", fake.requests.get(0).headers().getFirst("Content-Type"));
            assertEquals("{\"a\": [1, 2]}", fake.requests.get(1).text());
        }
    }

    @Test
    void expectNamesTheRequestStatusAndBody() throws Exception {
        try (FakeConsole fake = new FakeConsole()) {
            ConsoleClient client = new ConsoleClient(fake.base(), null);

            AssertionError error = assertThrows(AssertionError.class, () -> client.get("/api/nothing").expect(200));

            assertEquals("GET /api/nothing answered 404 instead of [200]: {\"title\":\"Not Found\"}", error.getMessage());
        }
    }
}
