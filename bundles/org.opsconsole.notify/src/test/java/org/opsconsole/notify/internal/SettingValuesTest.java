package org.opsconsole.notify.internal;

import org.opsconsole.api.notify.SettingValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.testing.TestSecretBox;

/** The core's checks of channel settings and how they are stored. */
class SettingValuesTest {

    private final TestChannel channel = new TestChannel();
    private final TestSecretBox box = new TestSecretBox();

    private static Map<String, String> map(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private SettingValues.Checked check(SettingValues stored, Map<String, String> input) {
        return SettingValues.check(stored, input, channel.fields(), channel::validate, box);
    }

    private List<String> errorFields(Map<String, String> input) {
        return check(SettingValues.EMPTY, input).errors().stream().map(FieldError::field).toList();
    }

    @Test
    void eachKindOfValueIsCheckedAndRequiredOnesMustBeThere() {
        assertEquals(List.of("settings.url", "settings.token"), errorFields(map()));
        assertEquals(List.of("settings.url"), errorFields(map("url", "ftp://x.cn", "token", "t")));
        assertEquals(List.of("settings.url"), errorFields(map("url", "https://", "token", "t")));
        assertEquals(List.of("settings.retries"), errorFields(map("url", "http://x.cn", "token", "t", "retries", "1.5")));
        assertEquals(List.of("settings.verbose"), errorFields(map("url", "http://x.cn", "token", "t", "verbose", "TRUE")));
        assertEquals(List.of("settings.cc"), errorFields(map("url", "http://x.cn", "token", "t", "cc", "a@b.cn,not-mail")));
        assertEquals(List.of("settings.other"), errorFields(map("url", "http://x.cn", "token", "t", "other", "x")));
        assertEquals(List.of("settings.url"), errorFields(map("url", "https://x.cn/" + "a".repeat(2000), "token", "t")));
        assertEquals(List.of(), errorFields(map("url", "https://oapi.example.cn/robot/send?access_token=1", "token", "t",
                "retries", "-3", "verbose", "false", "cc", "it@czj.zhanjiang.gov.cn; ops@example.cn")));
    }

    @Test
    void secretsAreSealedAndShownOnlyAsSet() {
        SettingValues.Checked checked = check(SettingValues.EMPTY, map("url", "https://x.cn", "token", "s3cr3t-value"));

        String json = checked.settings().toJson();
        assertFalse(json.contains("s3cr3t-value"), json);
        SettingValues stored = SettingValues.parse(json);
        assertEquals(map("url", "https://x.cn", "token", "s3cr3t-value"), stored.open(box));
        assertEquals(Map.of("url", "https://x.cn", "token", Map.of("set", true)), stored.display());
        assertTrue(stored.hasSecret("token"));
        assertEquals(List.of("url", "token"), checked.changed());
    }

    @Test
    void anEmptySecretKeepsTheStoredOneAndItStillCountsAsGiven() {
        SettingValues stored = check(SettingValues.EMPTY, map("url", "https://x.cn", "token", "first")).settings();

        SettingValues.Checked kept = check(stored, map("url", "https://y.cn", "token", ""));
        SettingValues.Checked replaced = check(stored, map("token", "second"));

        assertEquals(List.of(), kept.errors());
        assertEquals("first", kept.settings().open(box).get("token"));
        assertEquals(List.of("url"), kept.changed());
        assertEquals(map("url", "https://x.cn", "token", "second"), replaced.settings().open(box));
    }

    @Test
    void aStoredSecretThatNoLongerOpensMustBeEnteredAgain() {
        SettingValues foreign = SettingValues.parse("{\"url\":\"https://x.cn\",\"token\":{\"sealed\":\"sealed:other-key:AAAA\"}}");

        SettingValues.Checked checked = check(foreign, map());

        assertEquals(List.of("settings.token"), checked.errors().stream().map(FieldError::field).toList());
        assertNull(checked.settings());
        assertThrows(IllegalArgumentException.class, () -> foreign.open(box));
    }

    @Test
    void theStoredTextMustBeAJsonObject() {
        assertThrows(IllegalStateException.class, () -> SettingValues.parse("[1]"));
        assertThrows(IllegalStateException.class, () -> SettingValues.parse("{oops"));
        assertEquals(Map.of(), SettingValues.parse("{}").display());
    }

    @Test
    void aKindWhoseCheckThrowsGivesAnErrorInsteadOfAFailure() {
        TestChannel broken = new TestChannel() {
            @Override
            public List<FieldError> validate(Map<String, String> settings) {
                throw new IllegalStateException("broken");
            }
        };

        SettingValues.Checked checked = SettingValues.check(SettingValues.EMPTY, map("url", "https://x.cn", "token", "t"),
                broken.fields(), broken::validate, box);

        assertEquals("settings", checked.errors().get(0).field());
        assertTrue(checked.errors().get(0).messageEn().contains("broken"));
    }

    @Test
    void urlsAreHttpOrHttpsWithAHost() {
        assertTrue(SettingValues.isHttpUrl("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x"));
        assertTrue(SettingValues.isHttpUrl("HTTP://10.0.0.5:8080/hook"));
        assertFalse(SettingValues.isHttpUrl("mailto:a@b.cn"));
        assertFalse(SettingValues.isHttpUrl("https:///path"));
        assertFalse(SettingValues.isHttpUrl("https://bad host/"));
        assertEquals(SettingField.Kind.URL, channel.fields().get(0).kind());
    }
}
