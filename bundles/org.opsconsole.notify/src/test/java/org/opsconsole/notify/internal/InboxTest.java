package org.opsconsole.notify.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.notify.Audience;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.testing.TestDatabases;
import org.osgi.service.event.Event;

/** The inbox: who sees what, unread counts and read marks. On H2 and MySQL/MariaDB. */
class InboxTest {

    private static final ConsoleUser OPERATOR = TestNotify.user("zhang.wei", Set.of("operator"));
    private static final ConsoleUser OTHER_OPERATOR = TestNotify.user("wang.fang", Set.of("operator"));
    private static final ConsoleUser AUDITOR = TestNotify.user("li.na", Set.of("auditor"));
    private static final ConsoleUser VIEWER = TestNotify.user("chen.jie", Set.of("viewer"));

    private TestNotify notify;
    private Inbox inbox;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws Exception {
        if (notify != null) {
            notify.close();
        }
    }

    private long send(String title, Audience audience) {
        return notify.notifier.send(Notification.builder(Severity.INFO, title).audience(audience).build());
    }

    private List<String> titles(ConsoleUser user, boolean unreadOnly) {
        return inbox.page(user, unreadOnly, 50, null).items().stream().map(item -> item.message().getTitle()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aUserSeesTheMessagesNamingThemOrOneOfTheirRolesNewestFirst(String kind) throws Exception {
        notify = TestNotify.on(kind);
        inbox = new Inbox(notify.database(), notify.events, notify.clock);
        send("运维团队", Audience.OPERATIONS);
        send("给李娜", Audience.ofUsers("li.na"));
        send("给审计员和张伟", new Audience(Set.of("auditor"), Set.of("zhang.wei")));
        send("无人", new Audience(Set.of(), Set.of()));

        assertEquals(List.of("给审计员和张伟", "运维团队"), titles(OPERATOR, false));
        assertEquals(List.of("运维团队"), titles(OTHER_OPERATOR, false));
        assertEquals(List.of("给审计员和张伟", "给李娜"), titles(AUDITOR, false));
        assertEquals(List.of(), titles(VIEWER, false));
        assertEquals(2, inbox.unread(OPERATOR));
        assertEquals(0, inbox.unread(VIEWER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void readMarksArePerUserAndMarkingAllReadLeavesNothingUnread(String kind) throws Exception {
        notify = TestNotify.on(kind);
        inbox = new Inbox(notify.database(), notify.events, notify.clock);
        long first = send("第一条", Audience.OPERATIONS);
        send("第二条", Audience.OPERATIONS);
        send("第三条", Audience.ofUsers("zhang.wei"));

        assertEquals(2, inbox.markRead(OPERATOR, first));
        assertEquals(2, inbox.markRead(OPERATOR, first), "marking again changes nothing");

        assertEquals(List.of("第三条", "第二条"), titles(OPERATOR, true));
        assertEquals(List.of(false, false, true),
                inbox.page(OPERATOR, false, 50, null).items().stream().map(Messages.Item::read).toList());
        assertEquals(2, inbox.unread(OTHER_OPERATOR), "another user's marks are their own");
        assertEquals(2, inbox.markAllRead(OPERATOR));
        assertEquals(0, inbox.unread(OPERATOR));
        assertTrue(inbox.page(OPERATOR, false, 50, null).items().stream().allMatch(Messages.Item::read));
        assertEquals(0, inbox.markAllRead(OPERATOR));
        assertEquals(2, inbox.unread(OTHER_OPERATOR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aMessageTheUserDoesNotSeeCannotBeMarkedRead(String kind) throws Exception {
        notify = TestNotify.on(kind);
        inbox = new Inbox(notify.database(), notify.events, notify.clock);
        long forAuditors = send("给审计员", Audience.ofRoles("auditor"));

        assertEquals(-1, inbox.markRead(OPERATOR, forAuditors));
        assertEquals(-1, inbox.markRead(OPERATOR, forAuditors + 1000));
        assertEquals(1, inbox.unread(AUDITOR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theInboxPagesBackByIdAndSaysWhenMoreFollow(String kind) throws Exception {
        notify = TestNotify.on(kind);
        inbox = new Inbox(notify.database(), notify.events, notify.clock);
        for (int i = 1; i <= 5; i++) {
            send("消息 " + i, Audience.OPERATIONS);
        }

        Inbox.Page first = inbox.page(OPERATOR, false, 2, null);
        Inbox.Page second = inbox.page(OPERATOR, false, 2, first.items().get(1).message().getId());
        Inbox.Page last = inbox.page(OPERATOR, false, 2, second.items().get(1).message().getId());

        assertEquals(List.of("消息 5", "消息 4"), first.items().stream().map(i -> i.message().getTitle()).toList());
        assertTrue(first.more());
        assertEquals(List.of("消息 3", "消息 2"), second.items().stream().map(i -> i.message().getTitle()).toList());
        assertEquals(List.of("消息 1"), last.items().stream().map(i -> i.message().getTitle()).toList());
        assertFalse(last.more());
        assertEquals(5, last.unread());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void markingReadTellsTheUsersOtherWindowsTheNewCount(String kind) throws Exception {
        notify = TestNotify.on(kind);
        inbox = new Inbox(notify.database(), notify.events, notify.clock);
        long id = send("第一条", Audience.ofUsers("zhang.wei"));
        send("第二条", Audience.ofUsers("zhang.wei"));

        inbox.markRead(OPERATOR, id);

        Event event = notify.posted().get(notify.posted().size() - 1);
        assertEquals("inbox", event.getProperty(ConsoleConstants.CLIENT_EVENT_NAME));
        assertArrayEquals(new String[] {"zhang.wei"}, (String[]) event.getProperty(ConsoleConstants.CLIENT_EVENT_USERS));
        assertArrayEquals(new String[0], (String[]) event.getProperty(ConsoleConstants.CLIENT_EVENT_ROLES));
        assertEquals("{\"type\":\"read\",\"unread\":1}", event.getProperty(ConsoleConstants.CLIENT_EVENT_DATA));
    }
}
