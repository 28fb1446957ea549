package org.opsconsole.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /console/pages/<id>/<path>}: a file of a console page, read from the bundle that registered
 * the page (its {@code webRoot} folder). When the page's bundle stops, its files are gone too.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/console/pages/*")
@ConsoleRoute
public class PageFilesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ConsolePages pages;

    @Activate
    public PageFilesServlet(@Reference ConsolePages pages) {
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        int slash = path == null ? -1 : path.indexOf('/', 1);
        if (slash < 0) {
            Problem.of(404, "Not Found", "没有该页面文件 / No such page file").write(response);
            return;
        }
        String id = path.substring(1, slash);
        String file = path.substring(slash + 1);
        if (!FilePaths.isSafeRelative(file)) {
            Problem.of(404, "Not Found", "没有该页面文件 / No such page file").write(response);
            return;
        }
        Optional<ConsolePages.Page> page = pages.page(id).filter(p -> ConsolePages.visible(p, ConsoleUser.of(request).orElse(null)));
        Bundle bundle = page.map(ConsolePages.Page::bundle).orElse(null);
        URL entry = bundle == null ? null : bundle.getEntry(page.get().webRoot() + "/" + file);
        if (entry == null) {
            Problem.of(404, "Not Found", "没有该页面文件 / No page '" + id + "' with file '" + file + "'").write(response);
            return;
        }
        String etag = "\"" + bundle.getBundleId() + "-" + bundle.getLastModified() + "\"";
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "no-cache");
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(contentType(file));
        try (InputStream in = entry.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }

    private String contentType(String file) {
        if (file.endsWith(".js") || file.endsWith(".mjs")) {
            return "text/javascript;charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css;charset=utf-8";
        }
        if (file.endsWith(".json")) {
            return "application/json;charset=utf-8";
        }
        String type = getServletContext().getMimeType(file);
        return type == null ? "application/octet-stream" : type;
    }
}
