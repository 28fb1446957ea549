package org.opsconsole.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

import org.opsconsole.api.console.ConsoleConstants;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /}: the console shell, one HTML page that loads the navigation and the pages as ES modules.
 * Registered as the context's default servlet, it also answers every path nothing else serves with a
 * 404 problem. This bundle is the implementation of the console contract that console pages require.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/")
@Capability(namespace = "osgi.implementation", name = ConsoleConstants.CONSOLE_IMPLEMENTATION,
        version = ConsoleConstants.CONSOLE_SPECIFICATION_VERSION)
public class ShellServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final byte[] page;

    @Activate
    public ShellServlet(BundleContext context) throws IOException {
        URL entry = context.getBundle().getEntry("web/index.html");
        if (entry == null) {
            throw new IOException("the shell page web/index.html is missing from " + context.getBundle().getSymbolicName());
        }
        try (InputStream in = entry.openStream()) {
            this.page = in.readAllBytes();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!path.isEmpty() && !path.equals("/") && !path.equals("/index.html")) {
            JsonResponses.problem(response, HttpServletResponse.SC_NOT_FOUND, "Not Found", "Nothing at " + path);
            return;
        }
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }
}
