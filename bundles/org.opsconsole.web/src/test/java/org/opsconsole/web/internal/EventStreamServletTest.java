package org.opsconsole.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The live event stream: the navigation at connect, and the modules' client events to the clients they are for. */
class EventStreamServletTest {

    private final EventStreamServlet servlet = new EventStreamServlet(new ConsolePages(mock(EventAdmin.class)));

    @AfterEach
    void stop() {
        servlet.deactivate();
    }

    /** A signed-in client's stream: what the servlet wrote to it. */
    private StringWriter connect(ConsoleUser user) throws Exception {
        StringWriter written = new StringWriter();
        HttpServletRequest request = mock(HttpServletRequest.class);
        AsyncContext async = mock(AsyncContext.class);
        ServletResponse asyncResponse = mock(ServletResponse.class);
        when(asyncResponse.getWriter()).thenReturn(new PrintWriter(written));
        when(async.getResponse()).thenReturn(asyncResponse);
        when(request.startAsync()).thenReturn(async);
        when(request.getAttribute(ConsoleUser.REQUEST_ATTRIBUTE)).thenReturn(user);
        servlet.doGet(request, mock(HttpServletResponse.class));
        return written;
    }

    private static ConsoleUser user(String name, Set<String> roles, String... permissions) {
        Set<String> granted = Set.of(permissions);
        ConsoleUser user = mock(ConsoleUser.class);
        when(user.name()).thenReturn(name);
        when(user.roles()).thenReturn(roles);
        when(user.permissions()).thenReturn(granted);
        when(user.has(anyString())).thenAnswer(call -> granted.contains(call.getArgument(0, String.class)));
        return user;
    }

    private static Event clientEvent(String name, String data, Object users, Object roles, String permission) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsoleConstants.CLIENT_EVENT_NAME, name);
        properties.put(ConsoleConstants.CLIENT_EVENT_DATA, data);
        if (users != null) {
            properties.put(ConsoleConstants.CLIENT_EVENT_USERS, users);
        }
        if (roles != null) {
            properties.put(ConsoleConstants.CLIENT_EVENT_ROLES, roles);
        }
        if (permission != null) {
            properties.put(ConsoleConstants.CLIENT_EVENT_PERMISSION, permission);
        }
        return new Event(ConsoleConstants.TOPIC_CLIENT_EVENT, properties);
    }

    @Test
    void aClientEventReachesTheNamedUsersAndTheHoldersOfTheNamedRolesOnly() throws Exception {
        StringWriter zhang = connect(user("zhang.wei", Set.of("operator")));
        StringWriter li = connect(user("li.na", Set.of("auditor")));
        StringWriter chen = connect(user("chen.jie", Set.of("viewer")));

        servlet.handleEvent(clientEvent("inbox", "{\"type\":\"message\",\"id\":7}", new String[] {"li.na"},
                new String[] {"operator"}, null));
        servlet.awaitWrites();

        String frame = "event: inbox\ndata: {\"type\":\"message\",\"id\":7}\n\n";
        assertTrue(zhang.toString().endsWith(frame), zhang.toString());
        assertTrue(li.toString().endsWith(frame), li.toString());
        assertFalse(chen.toString().contains("event: inbox"), chen.toString());
        assertTrue(chen.toString().startsWith("retry: 3000\nevent: pages\n"), "each client got the navigation first");
    }

    @Test
    void anEventWithoutUsersAndRolesGoesToEveryoneWhoHasItsPermission() throws Exception {
        StringWriter reader = connect(user("zhang.wei", Set.of("operator"), "jobs.read"));
        StringWriter other = connect(user("chen.jie", Set.of("viewer")));

        servlet.handleEvent(clientEvent("jobs", "{\"running\":2}", null, null, null));
        servlet.handleEvent(clientEvent("jobs-detail", "{}", List.of(), List.of(), "jobs.read"));
        servlet.awaitWrites();

        assertTrue(reader.toString().contains("event: jobs\ndata: {\"running\":2}\n\n"));
        assertTrue(other.toString().contains("event: jobs\ndata: {\"running\":2}\n\n"));
        assertTrue(reader.toString().contains("event: jobs-detail\n"));
        assertFalse(other.toString().contains("event: jobs-detail"), "without the permission");
    }

    @Test
    void dataOnSeveralLinesStaysOneEventAndUnfitNamesAreNotPassedOn() throws Exception {
        StringWriter client = connect(user("zhang.wei", Set.of("operator")));
        int before = client.toString().length();

        servlet.handleEvent(clientEvent("inbox", "{\n  \"a\": 1\n}", "zhang.wei", null, null));
        servlet.handleEvent(clientEvent("pages", "{}", null, null, null));
        servlet.handleEvent(clientEvent("x\ndata: injected", "{}", null, null, null));
        servlet.handleEvent(clientEvent("Inbox", "{}", null, null, null));
        servlet.awaitWrites();

        assertEquals("event: inbox\ndata: {\ndata:   \"a\": 1\ndata: }\n\n", client.toString().substring(before));
    }
}
