package org.opsconsole.monitoring.internal.suggestions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** How amounts read: durations in days, hours or minutes, bytes in binary units, percentages. */
class WordingTest {

    @Test
    void durationsAreRoundedToDaysFromADayToHoursFromAnHourAndOtherwiseToMinutes() {
        assertEquals("12 天", Wording.zh(Duration.ofDays(12).plusHours(5)));
        assertEquals("12 days", Wording.en(Duration.ofDays(12).plusHours(5)));
        assertEquals("1 day", Wording.en(Duration.ofHours(25)));
        assertEquals("5 小时", Wording.zh(Duration.ofMinutes(5 * 60 + 20)));
        assertEquals("1 hour", Wording.en(Duration.ofMinutes(61)));
        assertEquals("40 分钟", Wording.zh(Duration.ofSeconds(40 * 60 + 10)));
        assertEquals("40 minutes", Wording.en(Duration.ofMinutes(40)));
        assertEquals("1 minute", Wording.en(Duration.ofSeconds(5)), "never less than a minute");
        assertEquals("the last hour", Wording.lastEn(Duration.ofHours(1)));
        assertEquals("the last 7 days", Wording.lastEn(Duration.ofDays(7)));
    }

    @Test
    void bytesUseBinaryUnitsWithOneDecimal() {
        assertEquals("512 B", Wording.bytes(512));
        assertEquals("2.1 GB", Wording.bytes(2.1 * 1024 * 1024 * 1024));
        assertEquals("1.0 KB", Wording.bytes(1024));
        assertEquals("3.5 TB", Wording.bytes(3.5 * Math.pow(1024, 4)));
    }

    @Test
    void ratiosArePercentagesAndEvidenceNumbersKeepSignificantDigits() {
        assertEquals("87%", Wording.percent(0.8712));
        assertEquals("260 ms", Wording.millis(259.6));
        assertEquals("4.5 ms", Wording.millis(4.52));
        assertEquals(1.23e9, Wording.round(1_234_567_890, 3));
        assertEquals(0.0123, Wording.round(0.012345, 3));
    }
}
