package org.opsconsole.monitoring.internal.suggestions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.NOW;
import static org.opsconsole.monitoring.internal.suggestions.TestSource.lastFor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Series;

/** Certificates that expire soon, have expired, or are no concern. */
class CertificateExpiryTest {

    private final TestSource source = new TestSource();

    private Series cert(String target, double daysLeft) {
        return source.add(source.target(source.targets().size() + 1, target), CertificateExpiry.METRIC, Map.of(),
                lastFor(Duration.ofHours(2), Duration.ofMinutes(30), h -> daysLeft + (2 - h) / 24));
    }

    private List<Suggestion> found() {
        return CertificateExpiry.find(source, NOW, Analyzers.Settings.DEFAULTS);
    }

    @Test
    void underThirtyDaysIsAWarningAndUnderSevenCritical() {
        Series portal = cert("portal", 12);
        cert("pay", 3);

        List<Suggestion> found = found();

        assertEquals(2, found.size());
        Suggestion warning = found.get(0);
        assertEquals("cert-expiry:series:" + portal.seriesId(), warning.key());
        assertEquals("WARNING", warning.severity());
        assertEquals("目标 portal 的 TLS 证书约 12 天后过期", warning.title());
        assertEquals("The TLS certificate of portal expires in about 12 days", warning.titleEn());
        assertEquals(12.0, warning.evidence().get("daysLeft"));
        assertEquals(NOW.plus(Duration.ofDays(12)).toString(), warning.evidence().get("expiresAt"));
        assertEquals("CRITICAL", found.get(1).severity());
        assertEquals("目标 pay 的 TLS 证书约 3 天后过期", found.get(1).title());
    }

    @Test
    void anExpiredCertificateIsCriticalAndSaysSo() {
        cert("portal", -2);

        Suggestion s = found().get(0);

        assertEquals("CRITICAL", s.severity());
        assertEquals("目标 portal 的 TLS 证书已过期", s.title());
        assertEquals("The TLS certificate of portal has expired", s.titleEn());
    }

    @Test
    void thirtyDaysOrMoreIsNoSuggestion() {
        cert("portal", 30);
        cert("pay", 400);

        assertEquals(List.of(), found());
    }

    @Test
    void aValueOlderThanADayDoesNotCount() {
        source.add(source.target(1, "portal"), CertificateExpiry.METRIC, Map.of(),
                List.of(new Point(NOW.minus(Duration.ofHours(25)).toEpochMilli(), 3)));

        assertEquals(List.of(), found());
    }

    @Test
    void theLabelsOfACertificateNameIt() {
        source.add(source.target(1, "gateway"), CertificateExpiry.METRIC, Map.of("host", "pay.example.cn"),
                lastFor(Duration.ofHours(1), Duration.ofMinutes(30), h -> 20));

        assertEquals("目标 gateway{host=pay.example.cn} 的 TLS 证书约 20 天后过期", found().get(0).title());
    }
}
