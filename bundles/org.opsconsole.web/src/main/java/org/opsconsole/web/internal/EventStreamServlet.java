package org.opsconsole.web.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/console/events}: the console's live updates as server-sent events. Sends the
 * navigation ({@code event: pages}) when a client connects and whenever console pages come or go, and a
 * comment every 20 seconds so that proxies keep the connection open.
 *
 * <p>Also passes on the modules' {@link ConsoleConstants#TOPIC_CLIENT_EVENT} events: each becomes
 * {@code event: <name>} with the event's data, written to every connected client whose user is named in its
 * users, or holds one of its roles (an event naming neither goes to everyone), and has its permission when it
 * names one. A name must be lower-case letters, digits and hyphens; {@code pages} is the shell's own.
 */
@Component(service = {Servlet.class, EventHandler.class})
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/console/events")
@HttpWhiteboardServletAsyncSupported
@ConsoleRoute
@EventTopics({ConsoleConstants.TOPIC_PAGES_CHANGED, ConsoleConstants.TOPIC_CLIENT_EVENT})
public class EventStreamServlet extends HttpServlet implements EventHandler {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamServlet.class);
    /** The names a client event may have: safe in an {@code event:} line, and not the shell's own. */
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final String PAGES = "pages";

    private final transient ConsolePages pages;
    /** The connected clients, each with the user it streams for. */
    private final transient Map<AsyncContext, ConsoleUser> clients = new ConcurrentHashMap<>();
    /** Writes to the clients: heartbeats, and events handed over so that EventAdmin's thread never waits on a client. */
    private final transient ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "opsconsole-event-stream");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public EventStreamServlet(@Reference ConsolePages pages) {
        this.pages = pages;
        writer.scheduleAtFixedRate(() -> broadcast(": ping\n\n"), 20, 20, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        writer.shutdownNow();
        for (AsyncContext client : clients.keySet()) {
            try {
                client.complete();
            } catch (IllegalStateException alreadyDone) {
                // the client went away at the same time
            }
        }
        clients.clear();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                clients.remove(async);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                clients.remove(async);
            }

            @Override
            public void onError(AsyncEvent event) {
                clients.remove(async);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // nothing to do
            }
        });
        ConsoleUser user = ConsoleUser.of(request).orElse(null);
        clients.put(async, user);
        send(async, "retry: 3000\n" + pagesFrame(user));
    }

    @Override
    public void handleEvent(Event event) {
        if (ConsoleConstants.TOPIC_CLIENT_EVENT.equals(event.getTopic())) {
            ClientEvent clientEvent = ClientEvent.of(event);
            if (clientEvent != null) {
                writer.execute(() -> clients.forEach((client, user) -> {
                    if (clientEvent.isFor(user)) {
                        send(client, clientEvent.frame());
                    }
                }));
            }
            return;
        }
        writer.execute(() -> clients.forEach((client, user) -> send(client, pagesFrame(user))));
    }

    /** For tests: waits until every event handed to the writer so far is written. */
    void awaitWrites() throws InterruptedException, ExecutionException, TimeoutException {
        writer.submit(() -> {
        }).get(10, TimeUnit.SECONDS);
    }

    /**
     * A module's live update for some browsers, as its {@link ConsoleConstants#TOPIC_CLIENT_EVENT} event gives it.
     *
     * @param users the user names it is for
     * @param roles the roles it is for; with no users either, it is for everyone
     * @param permission what the receiving user must have; empty for nothing
     */
    record ClientEvent(String name, String data, Set<String> users, Set<String> roles, String permission) {

        /** @return the update an event carries; null (and a warning) when its name is not one a client can get */
        static ClientEvent of(Event event) {
            Object name = event.getProperty(ConsoleConstants.CLIENT_EVENT_NAME);
            if (!(name instanceof String text) || !EVENT_NAME.matcher(text).matches() || text.equals(PAGES)) {
                LOG.warn("A client event named '{}' is not passed on: its name must be lower-case letters, digits and "
                        + "hyphens, and not '{}'", name, PAGES);
                return null;
            }
            Object data = event.getProperty(ConsoleConstants.CLIENT_EVENT_DATA);
            String json;
            if (data == null) {
                json = "{}";
            } else if (data instanceof String string) {
                json = string;
            } else {
                try {
                    json = Json.MAPPER.writeValueAsString(data);
                } catch (IOException e) {
                    LOG.warn("The client event '{}' is not passed on: its data cannot be written as JSON: {}", name,
                            e.getMessage());
                    return null;
                }
            }
            Object permission = event.getProperty(ConsoleConstants.CLIENT_EVENT_PERMISSION);
            return new ClientEvent(text, json, names(event.getProperty(ConsoleConstants.CLIENT_EVENT_USERS)),
                    names(event.getProperty(ConsoleConstants.CLIENT_EVENT_ROLES)),
                    permission == null ? "" : permission.toString().trim());
        }

        private static Set<String> names(Object value) {
            Set<String> names = new LinkedHashSet<>();
            if (value instanceof String[] array) {
                Collections.addAll(names, array);
            } else if (value instanceof Collection<?> collection) {
                collection.forEach(item -> names.add(String.valueOf(item)));
            } else if (value != null) {
                names.add(value.toString());
            }
            names.remove(null);
            return names;
        }

        /** @return whether a client of this user gets the update */
        boolean isFor(ConsoleUser user) {
            boolean addressed = users.isEmpty() && roles.isEmpty()
                    || user != null && (users.contains(user.name()) || user.roles().stream().anyMatch(roles::contains));
            return addressed && (permission.isEmpty() || user != null && user.has(permission));
        }

        /** @return the server-sent event: its name, and the data line by line */
        String frame() {
            StringBuilder frame = new StringBuilder("event: ").append(name).append('\n');
            for (String line : data.split("\r\n|\r|\n", -1)) {
                frame.append("data: ").append(line).append('\n');
            }
            return frame.append('\n').toString();
        }
    }

    private String pagesFrame(ConsoleUser user) {
        try {
            return "event: pages\ndata: " + Json.MAPPER.writeValueAsString(pages.navigation(user)) + "\n\n";
        } catch (IOException e) {
            throw new IllegalStateException("navigation cannot be written as JSON", e);
        }
    }

    private void broadcast(String frame) {
        for (AsyncContext client : clients.keySet()) {
            send(client, frame);
        }
    }

    private void send(AsyncContext client, String frame) {
        synchronized (client) {
            try {
                PrintWriter writer = client.getResponse().getWriter();
                writer.write(frame);
                writer.flush();
                if (writer.checkError()) {
                    drop(client);
                }
            } catch (IOException | IllegalStateException e) {
                drop(client);
            }
        }
    }

    private void drop(AsyncContext client) {
        clients.remove(client);
        try {
            client.complete();
        } catch (IllegalStateException alreadyDone) {
            // completed by the container already
        }
    }
}
