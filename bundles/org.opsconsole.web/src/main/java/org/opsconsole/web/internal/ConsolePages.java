package org.opsconsole.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.console.ConsolePageService;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console pages registered right now, read from their service properties (the page components
 * are never activated for this). Announces every change on {@link ConsoleConstants#TOPIC_PAGES_CHANGED}.
 */
@Component(service = ConsolePages.class)
public class ConsolePages {

    private static final Logger LOG = LoggerFactory.getLogger(ConsolePages.class);
    private static final Pattern PAGE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern ELEMENT = Pattern.compile("[a-z][a-z0-9]*-[a-z0-9-]*");

    /** The navigation groups the console knows, in navigation order. */
    static final List<Group> GROUPS = List.of(
            new Group(ConsoleConstants.GROUP_OVERVIEW, "概览", "Overview", 100),
            new Group(ConsoleConstants.GROUP_MONITORING, "监控告警", "Monitoring", 200),
            new Group(ConsoleConstants.GROUP_OPERATIONS, "运维服务", "Operations", 300),
            new Group(ConsoleConstants.GROUP_SECURITY, "权限与安全", "Security", 400),
            new Group(ConsoleConstants.GROUP_TRAINING, "培训考核", "Training", 500),
            new Group(ConsoleConstants.GROUP_REPORTS, "服务报告", "Reports", 600),
            new Group(ConsoleConstants.GROUP_SYSTEM, "系统管理", "System", 900));

    private final EventAdmin events;
    private final Map<ServiceReference<ConsolePage>, Page> pages = new ConcurrentSkipListMap<>();

    @Activate
    public ConsolePages(@Reference EventAdmin events) {
        this.events = events;
    }

    @Reference(service = ConsolePage.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addPage(ServiceReference<ConsolePage> reference) {
        try {
            pages.put(reference, Page.of(reference));
            changed();
        } catch (IllegalArgumentException e) {
            LOG.error("Console page from bundle {} is ignored: {}",
                    reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName(), e.getMessage());
        }
    }

    void removePage(ServiceReference<ConsolePage> reference) {
        if (pages.remove(reference) != null) {
            changed();
        }
    }

    void modifiedPage(ServiceReference<ConsolePage> reference) {
        pages.remove(reference);
        addPage(reference);
    }

    private void changed() {
        events.postEvent(new Event(ConsoleConstants.TOPIC_PAGES_CHANGED, Map.of()));
    }

    /**
     * The pages in navigation order: by group, then order, then id. When two services claim one id,
     * the higher ranked one wins (the references are sorted by ranking already).
     */
    public List<Page> pages() {
        Map<String, Page> byId = new LinkedHashMap<>();
        // ServiceReference ordering is ascending by ranking; iterate from highest
        List<ServiceReference<ConsolePage>> refs = new ArrayList<>(pages.keySet());
        for (int i = refs.size() - 1; i >= 0; i--) {
            Page page = pages.get(refs.get(i));
            if (page != null) {
                byId.putIfAbsent(page.id(), page);
            }
        }
        List<Page> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparingInt((Page p) -> groupOrder(p.group()))
                .thenComparing(Page::group)
                .thenComparingInt(Page::order)
                .thenComparing(Page::id));
        return sorted;
    }

    public Optional<Page> page(String id) {
        return pages().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Whether a user may see a page: it needs no permission, or the user has it. */
    static boolean visible(Page page, ConsoleUser user) {
        return page.permission().isEmpty() || user != null && user.has(page.permission());
    }

    /**
     * The navigation a user sees: the groups that have pages the user may open, and those pages, ready to be
     * written as JSON.
     */
    public Map<String, Object> navigation(ConsoleUser user) {
        List<Page> current = pages().stream().filter(p -> visible(p, user)).toList();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (String id : current.stream().map(Page::group).distinct().toList()) {
            Group group = group(id);
            groups.add(Map.of("id", group.id(), "title", Map.of("zh-CN", group.titleZh(), "en", group.titleEn()),
                    "order", group.order()));
        }
        List<Map<String, Object>> list = current.stream().map(Page::toJson).toList();
        return Map.of("groups", groups, "pages", list);
    }

    static Group group(String id) {
        return GROUPS.stream().filter(g -> g.id().equals(id)).findFirst()
                .orElseGet(() -> new Group(id, id, id, 1000));
    }

    private static int groupOrder(String id) {
        return group(id).order();
    }

    /** A navigation group with its titles. */
    record Group(String id, String titleZh, String titleEn, int order) {
    }

    /** One console page as declared by its service properties. */
    public record Page(String id, String titleZh, String titleEn, String group, int order, String icon,
            String permission, String webRoot, String script, String element, Bundle bundle) {

        static Page of(ServiceReference<?> reference) {
            String id = text(reference, "id", null);
            if (id == null || !PAGE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("page id '" + id + "' must be lower-case letters, digits and hyphens");
            }
            String element = text(reference, "element", null);
            if (element == null || !ELEMENT.matcher(element).matches()) {
                throw new IllegalArgumentException("page '" + id + "': element '" + element
                        + "' is not a custom element name (lower case, with a hyphen)");
            }
            String script = text(reference, "script", null);
            if (script == null || !FilePaths.isSafeRelative(script)) {
                throw new IllegalArgumentException("page '" + id + "': script '" + script + "' is not a relative path");
            }
            String webRoot = FilePaths.trimSlashes(text(reference, "webRoot", "web"));
            String titleZh = text(reference, "title", id);
            Object order = reference.getProperty(ConsolePageService.PREFIX_ + "order");
            return new Page(id, titleZh, text(reference, "titleEn", titleZh),
                    text(reference, "group", ConsoleConstants.GROUP_SYSTEM),
                    order instanceof Number n ? n.intValue() : parseInt(order),
                    text(reference, "icon", "box"), text(reference, "permission", ""), webRoot, script, element,
                    reference.getBundle());
        }

        private static String text(ServiceReference<?> reference, String name, String fallback) {
            Object value = reference.getProperty(ConsolePageService.PREFIX_ + name);
            return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
        }

        private static int parseInt(Object value) {
            try {
                return value == null ? 500 : Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                return 500;
            }
        }

        /**
         * The URL the shell imports the page's script from. It names the bundle's revision, so a browser
         * loads the new script after the module was updated instead of the one it imported before.
         */
        public String module() {
            String revision = bundle == null ? "0" : bundle.getBundleId() + "." + bundle.getLastModified();
            return "/console/pages/" + id + "/" + script + "?v=" + revision;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("title", Map.of("zh-CN", titleZh, "en", titleEn));
            json.put("group", group);
            json.put("order", order);
            json.put("icon", icon);
            json.put("permission", permission);
            json.put("module", module());
            json.put("element", element);
            json.put("bundle", bundle == null ? "" : bundle.getSymbolicName());
            return json;
        }
    }
}
