package org.opsconsole.security.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.security.ConsoleRoute;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import jakarta.servlet.Servlet;

/**
 * What each servlet in the console's context requires, from its {@link ConsoleRoute} properties, found for a
 * request path the way the servlet container maps paths: exact pattern, then the longest {@code /path/*},
 * then {@code *.extension}, then the default servlet {@code /}.
 */
@Component(service = Routes.class)
public class Routes {

    /** What a route requires. */
    record Rule(boolean open, String read, String write, String servlet) {
        static final Rule SIGNED_IN = new Rule(false, "", "", "(none)");
    }

    private final Map<ServiceReference<Servlet>, Map<String, Rule>> byServlet = new ConcurrentHashMap<>();

    @Reference(service = Servlet.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(osgi.http.whiteboard.context.select=\\(osgi.http.whiteboard.context.name=" + ConsoleConstants.CONTEXT_NAME + "\\))")
    void addServlet(ServiceReference<Servlet> reference) {
        byServlet.put(reference, rules(reference));
    }

    void removeServlet(ServiceReference<Servlet> reference) {
        byServlet.remove(reference);
    }

    void modifiedServlet(ServiceReference<Servlet> reference) {
        addServlet(reference);
    }

    static Map<String, Rule> rules(ServiceReference<?> reference) {
        Object patterns = reference.getProperty("osgi.http.whiteboard.servlet.pattern");
        String[] list = patterns instanceof String[] array ? array : patterns == null ? new String[0] : new String[] {patterns.toString()};
        Object open = reference.getProperty(ConsoleRoute.PREFIX_ + "open");
        Rule rule = new Rule(Boolean.TRUE.equals(open) || "true".equals(String.valueOf(open)),
                text(reference.getProperty(ConsoleRoute.PREFIX_ + "read")), text(reference.getProperty(ConsoleRoute.PREFIX_ + "write")),
                String.valueOf(reference.getProperty("component.name")));
        Map<String, Rule> rules = new ConcurrentHashMap<>();
        for (String pattern : list) {
            rules.put(pattern, rule);
        }
        return rules;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }

    /** The rule of the servlet that serves the path; a path no servlet serves needs a signed-in user. */
    Rule rule(String path) {
        Map<String, Rule> all = new ConcurrentHashMap<>();
        byServlet.values().forEach(all::putAll);
        return match(all, path).orElse(Rule.SIGNED_IN);
    }

    static Optional<Rule> match(Map<String, Rule> rules, String path) {
        if (rules.containsKey(path)) {
            return Optional.of(rules.get(path));
        }
        String best = null;
        for (String pattern : rules.keySet()) {
            if (pattern.endsWith("/*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                if ((path.equals(prefix) || path.startsWith(prefix + "/")) && (best == null || prefix.length() > best.length() - 2)) {
                    best = pattern;
                }
            }
        }
        if (best != null) {
            return Optional.of(rules.get(best));
        }
        int dot = path.lastIndexOf('.');
        if (dot > path.lastIndexOf('/') && rules.containsKey("*" + path.substring(dot))) {
            return Optional.of(rules.get("*" + path.substring(dot)));
        }
        return Optional.ofNullable(rules.get("/"));
    }
}
