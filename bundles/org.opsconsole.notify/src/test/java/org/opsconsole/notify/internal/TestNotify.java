package org.opsconsole.notify.internal;

import org.opsconsole.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_DELIVERY;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.notify.internal.schema.tables.records.NotifyDeliveryRecord;
import org.opsconsole.testing.TestDatabases;
import org.opsconsole.testing.TestSecretBox;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.converter.Converters;

/** The notification module on one test database: its components wired as DS would, with a clock the test moves. */
final class TestNotify implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-26T08:00:00Z");
    static final String PUBLIC_URL = "https://ops.example.gov.cn";
    static final ConsoleUser ADMIN = user("admin", Set.of("sysadmin"), "notify.read", "notify.operate", "notify.configure");

    final TestDatabases.Target target;
    final MutableClock clock = new MutableClock(START);
    final TestChannel channel = new TestChannel();
    final ChannelKinds kinds = new ChannelKinds();
    final TestSecretBox secrets = new TestSecretBox();
    final EventAdmin events = mock(EventAdmin.class);
    final List<AuditEvent> audited = new ArrayList<>();
    final AuditLog audit = event -> {
        synchronized (audited) {
            audited.add(event);
        }
    };
    final OutboxWorker worker;
    final OutboxNotifier notifier;
    final ConfiguredChannels channels;

    private TestNotify(TestDatabases.Target target) {
        this.target = target;
        kinds.add("test", channel.kind());
        this.worker = worker("node-a", 10);
        this.notifier = new OutboxNotifier(database(), events, worker, clock);
        this.channels = new ConfiguredChannels(database(), kinds, secrets, audit, worker, clock);
    }

    static TestNotify on(String kind) throws Exception {
        return new TestNotify(TestDatabases.create(kind, "notify"));
    }

    Database database() {
        return target.database();
    }

    /** Another worker on the same database (another node, or this one after a restart); not running by itself. */
    OutboxWorker worker(String node, int maxAttempts) {
        return new OutboxWorker(database(), kinds, new ChannelSender(kinds, secrets, PUBLIC_URL), node,
                config(3600, maxAttempts, 120), clock);
    }

    static OutboxWorker.Config config(int pollSeconds, int maxAttempts, int claimSeconds) {
        return Converters.standardConverter()
                .convert(Map.of("pollSeconds", pollSeconds, "maxAttempts", maxAttempts, "claimSeconds", claimSeconds))
                .to(OutboxWorker.Config.class);
    }

    /** Adds a channel of the test kind through the service, as an operator would. */
    String addChannel(String id, String minSeverity, boolean enabled) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", "https://hooks.example.cn/" + id);
        settings.put("token", "token-of-" + id);
        ConfiguredChannels.Change change = channels.create(
                new ConfiguredChannels.Input(id, "渠道 " + id, TestChannel.TYPE, enabled, minSeverity, settings), ADMIN, "192.0.2.1");
        assertInstanceOf(ConfiguredChannels.Change.Done.class, change, change.toString());
        return id;
    }

    List<NotifyDeliveryRecord> deliveries() {
        return target.dsl().selectFrom(NOTIFY_DELIVERY).orderBy(NOTIFY_DELIVERY.ID).fetch();
    }

    NotifyDeliveryRecord delivery(long id) {
        return target.dsl().selectFrom(NOTIFY_DELIVERY).where(NOTIFY_DELIVERY.ID.eq(id)).fetchOne();
    }

    /** The events posted so far. */
    List<Event> posted() {
        ArgumentCaptor<Event> captor = ArgumentCaptor.forClass(Event.class);
        Mockito.verify(events, Mockito.atLeast(0)).postEvent(captor.capture());
        return captor.getAllValues();
    }

    /** A signed-in user with roles and exactly the given permissions. */
    static ConsoleUser user(String name, Set<String> roles, String... permissions) {
        Set<String> granted = Set.of(permissions);
        ConsoleUser user = mock(ConsoleUser.class);
        when(user.name()).thenReturn(name);
        when(user.displayName()).thenReturn("用户 " + name);
        when(user.roles()).thenReturn(roles);
        when(user.permissions()).thenReturn(granted);
        when(user.has(anyString())).thenAnswer(call -> granted.contains(call.getArgument(0, String.class)));
        return user;
    }

    @Override
    public void close() throws java.sql.SQLException {
        target.close();
    }
}
