package org.opsconsole.web.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 */
@Component(service = {Servlet.class, EventHandler.class})
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/console/events")
@HttpWhiteboardServletAsyncSupported
@ConsoleRoute
@EventTopics(ConsoleConstants.TOPIC_PAGES_CHANGED)
public class EventStreamServlet extends HttpServlet implements EventHandler {

    private static final long serialVersionUID = 1L;

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
        writer.execute(() -> clients.forEach((client, user) -> send(client, pagesFrame(user))));
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
