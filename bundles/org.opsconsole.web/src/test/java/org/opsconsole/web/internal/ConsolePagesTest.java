package org.opsconsole.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.console.ConsolePage;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class ConsolePagesTest {

    private final EventAdmin events = mock(EventAdmin.class);
    private final ConsolePages pages = new ConsolePages(events);
    private final Bundle bundle = mock(Bundle.class);

    ConsolePagesTest() {
        when(bundle.getSymbolicName()).thenReturn("org.example.module");
    }

    @Test
    void pagesAreOrderedByGroupThenOrderThenId() {
        pages.addPage(page("reports", "reporting", 10, 0));
        pages.addPage(page("system", "system", 900, 0));
        pages.addPage(page("alerts", "monitoring", 20, 0));
        pages.addPage(page("hosts", "monitoring", 10, 0));
        pages.addPage(page("custom", "provincial", 1, 0));

        assertEquals(List.of("hosts", "alerts", "system", "custom", "reports"),
                pages.pages().stream().map(ConsolePages.Page::id).toList(),
                "known groups in navigation order, unknown groups after them by name");
    }

    @Test
    void theNavigationNamesOnlyGroupsThatHavePagesWithBothTitles() {
        pages.addPage(page("system", "system", 900, 0));

        Map<String, Object> navigation = pages.navigation(null);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) navigation.get("groups");
        assertEquals(1, groups.size());
        assertEquals(Map.of("zh-CN", "系统管理", "en", "System"), groups.get(0).get("title"));
        @SuppressWarnings("unchecked")
        Map<String, Object> page = ((List<Map<String, Object>>) navigation.get("pages")).get(0);
        assertTrue(page.get("module").toString().startsWith("/console/pages/system/page.js?v="), page.get("module").toString());
        assertEquals("org.example.module", page.get("bundle"));
    }

    @Test
    void aPageNeedingAPermissionIsListedOnlyForUsersWhoHaveIt() {
        Map<String, Object> properties = properties("audit", "security", 1);
        properties.put("opsconsole.page.permission", "audit.read");
        pages.addPage(new FakeReference<>(bundle, properties));
        pages.addPage(page("system", "system", 900, 0));
        ConsoleUser auditor = mock(ConsoleUser.class);
        when(auditor.has("audit.read")).thenReturn(true);

        assertEquals(1, ((List<?>) pages.navigation(null).get("pages")).size());
        assertEquals(1, ((List<?>) pages.navigation(mock(ConsoleUser.class)).get("pages")).size());
        assertEquals(2, ((List<?>) pages.navigation(auditor).get("pages")).size());
    }

    @Test
    void whenTwoServicesClaimOneIdTheHigherRankedWins() {
        pages.addPage(page("system", "system", 1, 0));
        FakeReference<ConsolePage> better = page("system", "system", 2, 10);
        pages.addPage(better);

        assertEquals(1, pages.pages().size());
        assertEquals(2, pages.pages().get(0).order());
    }

    @Test
    void everyChangeIsAnnouncedAndRemovingAPageRemovesIt() {
        FakeReference<ConsolePage> reference = page("system", "system", 1, 0);
        pages.addPage(reference);
        pages.removePage(reference);

        assertTrue(pages.pages().isEmpty());
        verify(events, times(2)).postEvent(any(Event.class));
    }

    @Test
    void aPageWithABadIdOrElementOrScriptIsIgnored() {
        Map<String, Object> badId = properties("System Page", "system", 1);
        Map<String, Object> badElement = properties("ok", "system", 1);
        badElement.put("opsconsole.page.element", "nohyphen");
        Map<String, Object> badScript = properties("ok2", "system", 1);
        badScript.put("opsconsole.page.script", "../secret.js");

        pages.addPage(new FakeReference<>(bundle, badId));
        pages.addPage(new FakeReference<>(bundle, badElement));
        pages.addPage(new FakeReference<>(bundle, badScript));

        assertTrue(pages.pages().isEmpty());
        verify(events, times(0)).postEvent(any(Event.class));
    }

    private FakeReference<ConsolePage> page(String id, String group, int order, int ranking) {
        Map<String, Object> properties = properties(id, group, order);
        properties.put(Constants.SERVICE_RANKING, ranking);
        return new FakeReference<>(bundle, properties);
    }

    private static Map<String, Object> properties(String id, String group, int order) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("opsconsole.page.id", id);
        properties.put("opsconsole.page.title", id + "页");
        properties.put("opsconsole.page.titleEn", id + " page");
        properties.put("opsconsole.page.group", group);
        properties.put("opsconsole.page.order", order);
        properties.put("opsconsole.page.script", "page.js");
        properties.put("opsconsole.page.element", "ops-" + id.replace(' ', '-').toLowerCase() + "-page");
        return properties;
    }
}
