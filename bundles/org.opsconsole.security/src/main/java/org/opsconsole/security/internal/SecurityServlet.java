package org.opsconsole.security.internal;

import org.osgi.service.component.ComponentServiceObjects;

import jakarta.servlet.http.HttpServlet;

/**
 * A servlet of identity and access. It gets the security service at its first request, not when the HTTP
 * service initializes it, so that opening the database does not hold up the console's start.
 */
abstract class SecurityServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ComponentServiceObjects<SecurityService> objects;
    private transient volatile SecurityService security;

    SecurityServlet(ComponentServiceObjects<SecurityService> objects) {
        this.objects = objects;
    }

    SecurityService security() {
        SecurityService current = security;
        if (current == null) {
            synchronized (this) {
                if (security == null) {
                    security = objects.getService();
                }
                current = security;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        SecurityService current = security;
        if (current != null) {
            objects.ungetService(current);
        }
        super.destroy();
    }
}
