package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.security.ConsoleUser;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The greetings API over the real table (H2 in the console's MySQL mode, the migration script applied). */
class GreetingsServletTest {

    private static final Instant NOON = Instant.parse("2026-11-26T12:00:00Z");

    private TestDatabase database;

    @BeforeEach
    void migrate() throws Exception {
        database = TestDatabase.migrated();
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void greetingsLeftWithPostAreListedNewestFirstWithTheirAuthor() throws Exception {
        Answer first = call(at(NOON), "POST", Map.of(), "{\"text\":\"  早上好  \"}");
        Answer second = call(at(NOON.plusSeconds(60)), "POST", Map.of(), "{\"text\":\"Good afternoon\"}");

        assertEquals(201, first.status);
        assertEquals("早上好", first.json().path("text").asText());
        assertEquals("zhang.wei", first.json().path("createdBy").asText());
        assertEquals("2026-11-26T12:00:00Z", first.json().path("createdAt").asText());
        JsonNode list = call(at(NOON), "GET", Map.of(), null).json().path("greetings");
        assertEquals(2, list.size());
        assertEquals(second.json().path("id").asLong(), list.get(0).path("id").asLong());
        assertEquals("Good afternoon", list.get(0).path("text").asText());
        assertEquals("早上好", list.get(1).path("text").asText());
        assertEquals(1, call(at(NOON), "GET", Map.of("limit", "1"), null).json().path("greetings").size());
    }

    @Test
    void blankTooLongOrMalformedInputIsRefusedNamingTheFieldAndStoresNothing() throws Exception {
        Answer blank = call(at(NOON), "POST", Map.of(), "{\"text\":\"   \"}");
        Answer tooLong = call(at(NOON), "POST", Map.of(), "{\"text\":\"" + "x".repeat(Greetings.MAX_TEXT + 1) + "\"}");
        Answer unknownField = call(at(NOON), "POST", Map.of(), "{\"text\":\"hi\",\"admin\":true}");
        Answer badLimit = call(at(NOON), "GET", Map.of("limit", "0"), null);

        assertEquals(400, blank.status);
        assertEquals("application/problem+json;charset=utf-8", blank.contentType);
        assertEquals("text", blank.json().path("errors").get(0).path("field").asText());
        assertEquals("text", tooLong.json().path("errors").get(0).path("field").asText());
        assertEquals("body", unknownField.json().path("errors").get(0).path("field").asText());
        assertEquals("limit", badLimit.json().path("errors").get(0).path("field").asText());
        assertTrue(call(at(NOON), "GET", Map.of(), null).json().path("greetings").isEmpty());
    }

    private GreetingsServlet at(Instant now) {
        return new GreetingsServlet(new Greetings(database, Clock.fixed(now, ZoneOffset.UTC)));
    }

    /** Calls the servlet as the console would after its checks: a signed-in user in the request. */
    private static Answer call(GreetingsServlet servlet, String method, Map<String, String> parameters, String body)
            throws Exception {
        ConsoleUser user = mock(ConsoleUser.class);
        when(user.name()).thenReturn("zhang.wei");
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getRequestURI()).thenReturn("/api/${module}/greetings");
        when(request.getAttribute(ConsoleUser.REQUEST_ATTRIBUTE)).thenReturn(user);
        parameters.forEach((name, value) -> when(request.getParameter(name)).thenReturn(value));
        when(request.getInputStream()).thenReturn(input(body == null ? "" : body));
        Answer answer = new Answer();
        servlet.service(request, answer.response);
        return answer;
    }

    private static ServletInputStream input(String body) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        return new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** What the servlet answered. */
    private static final class Answer {
        final HttpServletResponse response = mock(HttpServletResponse.class);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = 200;
        String contentType;

        Answer() throws IOException {
            doAnswer(call -> status = call.getArgument(0)).when(response).setStatus(anyInt());
            doAnswer(call -> contentType = call.getArgument(0)).when(response).setContentType(anyString());
            when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            });
        }

        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body.toByteArray());
        }
    }
}
