package org.opsconsole.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
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
@ConsoleRoute(open = true)
@Capability(namespace = "osgi.implementation", name = ConsoleConstants.CONSOLE_IMPLEMENTATION,
        version = ConsoleConstants.CONSOLE_SPECIFICATION_VERSION)
public class ShellServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final byte[] page;
    /** The console's content security policy, allowing the page's one inline script: the import map. */
    private final String policy;

    @Activate
    public ShellServlet(BundleContext context) throws IOException {
        URL entry = context.getBundle().getEntry("web/index.html");
        if (entry == null) {
            throw new IOException("the shell page web/index.html is missing from " + context.getBundle().getSymbolicName());
        }
        try (InputStream in = entry.openStream()) {
            this.page = in.readAllBytes();
        }
        this.policy = "default-src 'self'; script-src 'self' '" + importMapHash(new String(page, StandardCharsets.UTF_8)) + "'; "
                + "style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /** The CSP source for the import map: the hash of the inline script's exact text. */
    static String importMapHash(String html) throws IOException {
        String start = "<script type=\"importmap\">";
        int from = html.indexOf(start);
        int to = html.indexOf("</script>", from);
        if (from < 0 || to < 0) {
            throw new IOException("the shell page has no import map");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(html.substring(from + start.length(), to).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!path.isEmpty() && !path.equals("/") && !path.equals("/index.html")) {
            Problem.of(HttpServletResponse.SC_NOT_FOUND, "Not Found", "没有该资源 / Nothing at " + path).write(response);
            return;
        }
        response.setHeader("Content-Security-Policy", policy);
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }
}
