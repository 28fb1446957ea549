package org.opsconsole.monitoring.internal.suggestions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Point;
import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Series;

/**
 * {@value #KIND}: a TLS certificate that expires soon or has expired, from the latest {@code tls_cert_days_left}
 * value (measured within {@code latestWithin}; an older one says the probe stopped, which is not this suggestion's
 * business).
 */
final class CertificateExpiry {

    static final String KIND = "cert-expiry";
    static final String METRIC = "tls_cert_days_left";

    private CertificateExpiry() {
    }

    static List<Suggestion> find(SeriesSource source, Instant now, Analyzers.Settings settings) {
        Instant from = now.minus(settings.latestWithin());
        List<Suggestion> found = new ArrayList<>();
        for (Series series : source.series(METRIC)) {
            Point latest = Analyzers.last(source.points(series.seriesId(), from, now));
            if (latest == null || latest.value() >= settings.certWarningDays()) {
                continue;
            }
            found.add(suggestion(series, latest, from, now, settings));
        }
        return found;
    }

    private static Suggestion suggestion(Series series, Point latest, Instant from, Instant now,
            Analyzers.Settings settings) {
        double daysLeft = latest.value();
        String severity = daysLeft < settings.certCriticalDays() ? "CRITICAL" : "WARNING";
        String where = series.where();
        String whereEn = series.whereEn();
        boolean expired = daysLeft <= 0;
        Duration left = Duration.ofMillis(Math.round(Math.max(0, daysLeft) * Duration.ofDays(1).toMillis()));
        String title = expired ? "目标 " + where + " 的 TLS 证书已过期"
                : "目标 " + where + " 的 TLS 证书约 " + Wording.zh(left) + "后过期";
        String titleEn = expired ? "The TLS certificate of " + whereEn + " has expired"
                : "The TLS certificate of " + whereEn + " expires in about " + Wording.en(left);
        String action = (expired ? "立即" : "在到期前") + "续签证书并部署到 " + series.targetName()
                + " 的服务器（含负载均衡和反向代理上的副本），重新加载服务后确认对外提供的是新证书；过期的证书会使浏览器和接口调用方拒绝连接";
        String actionEn = (expired ? "Renew the certificate now" : "Renew the certificate before it expires")
                + " and deploy it to the servers of " + series.englishTargetName() + " (including copies on load balancers and"
                + " reverse proxies), reload them and check that the new certificate is served; browsers and API clients"
                + " refuse an expired one";

        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", series.describe());
        evidence.put("window", Analyzers.window(from, now));
        evidence.put("daysLeft", Wording.round(daysLeft, 4));
        evidence.put("measuredAt", Instant.ofEpochMilli(latest.atMillis()).toString());
        evidence.put("expiresAt", Instant.ofEpochMilli(latest.atMillis()).plus(left).toString());
        evidence.put("warningDays", settings.certWarningDays());
        evidence.put("criticalDays", settings.certCriticalDays());
        return new Suggestion(Analyzers.seriesKey(KIND, series), KIND, series.targetId(), severity, title, titleEn, action,
                actionEn, evidence);
    }
}
