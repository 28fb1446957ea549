package org.opsconsole.monitoring.internal.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.notify.SettingField;

/**
 * The outcome of a probe in both languages: a probe that words its message in each, one written for version 1.0 of the
 * API that gives one message (shown in both), one that throws, and the runner's own messages.
 */
class ProbeRunnerTest {

    /** A probe that answers what it is given. */
    private record Answering(ProbeResult result) implements Probe {
        @Override
        public List<SettingField> fields() {
            return List.of();
        }

        @Override
        public ProbeResult probe(ProbeTarget target) {
            return result;
        }
    }

    private static ProbeTarget target(String kind) {
        return new ProbeTarget(3, "非税平台前端", kind, Map.of(), Duration.ofSeconds(5), Map.of());
    }

    private static ProbeRunner runner(Probe probe) {
        return new ProbeRunner(new ProbeKinds(List.of(new ProbeKinds.Kind("test", "测试", "Test", probe))), Clock.systemUTC());
    }

    @Test
    void aProbeThatWordsItsMessageInBothLanguagesHasBoth() {
        ProbeOutcome outcome = runner(new Answering(ProbeResult.up("已连接，3 毫秒", "Connected in 3 ms").build()))
                .run(target("test"));

        assertTrue(outcome.up());
        assertEquals("已连接，3 毫秒", outcome.message());
        assertEquals("Connected in 3 ms", outcome.messageEn());
    }

    @Test
    void aProbeWithOneMessageHasItShownInBothLanguages() {
        ProbeOutcome built = runner(new Answering(ProbeResult.down("220 not ready").sample("ftp_connect_ms", 4).build()))
                .run(target("test"));
        assertFalse(built.up());
        assertEquals("220 not ready", built.messageEn());

        ProbeResult constructed = new ProbeResult(true, "220 ready", List.of());
        assertEquals("220 ready", constructed.messageEn(), "the constructor of version 1.0");
        assertEquals("220 ready", runner(new Answering(constructed)).run(target("test")).messageEn());
        assertEquals("220 ready", new ProbeResult(true, "220 ready", "", List.of()).messageEn(), "an empty English message");
    }

    @Test
    void messagesLongerThanTheLimitAreCutInBothLanguages() {
        ProbeResult result = ProbeResult.down("长".repeat(600), "long ".repeat(200)).build();

        assertEquals(ProbeResult.MAX_MESSAGE, result.message().length());
        assertEquals(ProbeResult.MAX_MESSAGE, result.messageEn().length());
    }

    @Test
    void theRunnersOwnMessagesComeInBothLanguagesAndAnExceptionsInItsOwn() {
        ProbeOutcome missing = runner(new Answering(null)).run(target("ftp"));
        assertFalse(missing.up());
        assertEquals("探测类型 ftp 未安装", missing.message());
        assertEquals("The probe kind ftp is not installed", missing.messageEn());

        ProbeOutcome nothing = runner(new Answering(null)).run(target("test"));
        assertEquals("探测没有返回结果", nothing.message());
        assertEquals("The probe returned nothing", nothing.messageEn());

        assertEquals("The probe timed out after 5 s", ProbeRunner.timedOut(target("test")).messageEn());

        Probe throwing = new Probe() {
            @Override
            public List<SettingField> fields() {
                return List.of();
            }

            @Override
            public ProbeResult probe(ProbeTarget target) {
                throw new IllegalStateException("FTP server said 421");
            }
        };
        ProbeOutcome thrown = runner(throwing).run(target("test"));
        assertFalse(thrown.up());
        assertEquals("FTP server said 421", thrown.message());
        assertEquals("FTP server said 421", thrown.messageEn());
    }
}
