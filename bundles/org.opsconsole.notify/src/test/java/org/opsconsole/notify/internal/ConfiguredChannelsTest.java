package org.opsconsole.notify.internal;

import org.opsconsole.api.notify.SettingValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opsconsole.notify.internal.schema.Tables.NOTIFY_CHANNEL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.notify.Notification;
import org.opsconsole.api.notify.Severity;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.testing.TestDatabases;

/** Configured channels: sealed secrets, checks, changes, removal, tests and their audit records. On H2 and MySQL/MariaDB. */
class ConfiguredChannelsTest {

    private static final String SECRET = "SEC-5d41402abc4b2a76b9719d911017c592";

    private TestNotify notify;

    static List<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws Exception {
        if (notify != null) {
            notify.close();
        }
    }

    private static Map<String, String> settings(String... pairs) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    private ConfiguredChannels.Change create(String id, Map<String, String> settings) {
        return notify.channels.create(new ConfiguredChannels.Input(id, "运维中心企业微信群", TestChannel.TYPE, true, "WARNING", settings),
                TestNotify.ADMIN, "192.0.2.1");
    }

    private String storedSettings(String id) {
        return notify.target.dsl().select(NOTIFY_CHANNEL.SETTINGS).from(NOTIFY_CHANNEL).where(NOTIFY_CHANNEL.ID.eq(id))
                .fetchOne(NOTIFY_CHANNEL.SETTINGS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void secretsAreStoredSealedShownOnlyAsSetAndOpenedForTheChannel(String kind) throws Exception {
        notify = TestNotify.on(kind);

        ConfiguredChannels.Change change = create("ops-wecom", settings("url", "https://qyapi.example.cn/send?key=1", "token", SECRET));

        assertInstanceOf(ConfiguredChannels.Change.Done.class, change);
        String row = storedSettings("ops-wecom");
        assertFalse(row.contains(SECRET), row);
        assertTrue(row.contains("sealed:"), row);
        Map<String, Object> shown = ChannelsServlet.channelJson(notify.channels.get("ops-wecom").orElseThrow());
        assertEquals(Map.of("url", "https://qyapi.example.cn/send?key=1", "token", Map.of("set", true)), shown.get("settings"));
        assertEquals("运维中心企业微信群", notify.target.dsl().select(NOTIFY_CHANNEL.NAME).from(NOTIFY_CHANNEL).fetchOne(NOTIFY_CHANNEL.NAME),
                "Chinese survives the table's character set");
        notify.notifier.send(Notification.builder(Severity.CRITICAL, "数据库不可用").build());
        notify.worker.runOnce();
        assertEquals(SECRET, notify.channel.settingsSeen.peek().get("token"));
        AuditEvent created = notify.audited.get(0);
        assertEquals("notify.channel.create", created.action());
        assertEquals("ops-wecom", created.target());
        assertFalse(created.detail().contains(SECRET), created.detail());
        assertTrue(created.detail().contains("token"), created.detail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anUpdateLeavingTheSecretEmptyKeepsItAndANewOneReplacesIt(String kind) throws Exception {
        notify = TestNotify.on(kind);
        create("ops-wecom", settings("url", "https://qyapi.example.cn/a", "token", SECRET));
        String sealedBefore = storedSettings("ops-wecom");

        ConfiguredChannels.Change kept = notify.channels.update("ops-wecom", new ConfiguredChannels.Input(null, "新名称", null, null,
                "CRITICAL", settings("url", "https://qyapi.example.cn/b", "token", "")), TestNotify.ADMIN, "192.0.2.1");

        assertInstanceOf(ConfiguredChannels.Change.Done.class, kept, kept.toString());
        SettingValues stored = SettingValues.parse(storedSettings("ops-wecom"));
        assertEquals(Map.of("url", "https://qyapi.example.cn/b", "token", SECRET), stored.open(notify.secrets));
        assertEquals(SettingValues.parse(sealedBefore).toJson().replace("/a", "/b"), stored.toJson(), "the sealed text is kept as is");
        AuditEvent updated = notify.audited.get(notify.audited.size() - 1);
        assertEquals("notify.channel.update", updated.action());
        assertTrue(updated.detail().contains("name=新名称") && updated.detail().contains("minSeverity=CRITICAL")
                && updated.detail().contains("settings: url") && !updated.detail().contains("token"), updated.detail());

        notify.channels.update("ops-wecom", new ConfiguredChannels.Input(null, null, null, null, null, settings("token", "new-secret")),
                TestNotify.ADMIN, "192.0.2.1");
        assertEquals("new-secret", SettingValues.parse(storedSettings("ops-wecom")).open(notify.secrets).get("token"));
        assertEquals("https://qyapi.example.cn/b", SettingValues.parse(storedSettings("ops-wecom")).open(notify.secrets).get("url"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void badSettingsAreRefusedByFieldAndNothingIsStored(String kind) throws Exception {
        notify = TestNotify.on(kind);

        ConfiguredChannels.Change change = notify.channels.create(new ConfiguredChannels.Input("Bad Id", " ", TestChannel.TYPE, true,
                "LOUD", settings("url", "ftp://example.cn", "retries", "three", "verbose", "yes", "cc", "ops@example.cn, nobody",
                        "colour", "red")), TestNotify.ADMIN, "192.0.2.1");

        List<String> fields = ((ConfiguredChannels.Change.Invalid) change).errors().stream().map(FieldError::field).sorted().toList();
        assertEquals(List.of("id", "minSeverity", "name", "settings.cc", "settings.colour", "settings.retries",
                "settings.token", "settings.url", "settings.verbose"), fields);
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_CHANNEL));
        assertTrue(notify.audited.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theKindsOwnChecksComeAfterTheCoresAndNameTheSetting(String kind) throws Exception {
        notify = TestNotify.on(kind);

        ConfiguredChannels.Change change = create("ops", settings("url", "https://forbidden.example.cn", "token", "t"));

        List<FieldError> errors = ((ConfiguredChannels.Change.Invalid) change).errors();
        assertEquals(List.of(new FieldError("settings.url", "该地址不允许", "This address is not allowed")), errors);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anIdIsMadeFromTheKindWhenNoneIsGivenAndATakenOneIsRefused(String kind) throws Exception {
        notify = TestNotify.on(kind);
        Map<String, String> valid = settings("url", "https://hooks.example.cn", "token", "t");

        ConfiguredChannels.Change first = create(null, valid);
        ConfiguredChannels.Change second = create("", valid);
        ConfiguredChannels.Change taken = create("test-hook-1", valid);

        assertEquals("test-hook-1", ((ConfiguredChannels.Change.Done) first).view().channel().getId());
        assertEquals("test-hook-2", ((ConfiguredChannels.Change.Done) second).view().channel().getId());
        assertEquals("id", ((ConfiguredChannels.Change.Taken) taken).errors().get(0).field());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void removingAChannelGivesUpItsPendingDeliveriesAndTheLogKeepsThem(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", true);
        notify.notifier.send(Notification.builder(Severity.CRITICAL, "数据库不可用").build());

        assertTrue(notify.channels.delete("ops-hook", TestNotify.ADMIN, "192.0.2.1"));
        assertFalse(notify.channels.delete("ops-hook", TestNotify.ADMIN, "192.0.2.1"));

        assertEquals("FAILED", notify.deliveries().get(0).getState());
        assertEquals(OutboxWorker.REMOVED, notify.deliveries().get(0).getLastError());
        assertEquals(0, notify.target.dsl().fetchCount(NOTIFY_CHANNEL));
        assertEquals("notify.channel.delete", notify.audited.get(notify.audited.size() - 1).action());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aTestMessageIsDeliveredNowAndItsOutcomeRecorded(String kind) throws Exception {
        notify = TestNotify.on(kind);
        notify.addChannel("ops-hook", "INFO", false);

        ConfiguredChannels.Test ok = notify.channels.test("ops-hook", TestNotify.ADMIN, "192.0.2.1");
        notify.channel.failWith("errcode 93000: invalid webhook url", true);
        ConfiguredChannels.Test failed = notify.channels.test("ops-hook", TestNotify.ADMIN, "192.0.2.1");

        assertInstanceOf(ConfiguredChannels.Test.Sent.class, ok, "a disabled channel can be tested");
        assertTrue(notify.channel.delivered.peek().test());
        assertEquals("errcode 93000: invalid webhook url", ((ConfiguredChannels.Test.Failed) failed).error());
        assertEquals(List.of("SENT", "FAILED"), notify.deliveries().stream().map(d -> d.getState()).toList());
        assertEquals("errcode 93000: invalid webhook url", notify.deliveries().get(1).getLastError());
        AuditEvent audited = notify.audited.get(notify.audited.size() - 1);
        assertEquals("notify.channel.test", audited.action());
        assertEquals(AuditEvent.Outcome.FAILURE, audited.outcome());
        assertEquals(0, new Inbox(notify.database(), notify.events, notify.clock)
                .unread(TestNotify.user("admin", java.util.Set.of("sysadmin"))), "test messages reach no inbox");
        assertInstanceOf(ConfiguredChannels.Test.Unknown.class, notify.channels.test("nothing", TestNotify.ADMIN, "x"));
    }
}
