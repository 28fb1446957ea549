package org.opsconsole.monitoring.probes.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeService;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.notify.SettingField.Kind;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Component;

/**
 * A Prometheus exposition endpoint (Prometheus 指标端点), such as a {@code node_exporter} on a remote host: scraped
 * with a GET, read with {@link PrometheusText}, and every series kept as a sample under its own name and labels. Up
 * when the endpoint answers HTTP 200 with text in the format.
 *
 * <p>Kept are the series whose metric name matches {@code include} as a whole (all when it is empty), up to
 * {@code maxSamples}. Left out, and counted in the message: NaN and infinite values, series a {@link Sample} cannot
 * carry (more than {@value Sample#MAX_LABELS} labels, names or values too long), the names the monitoring module
 * adds itself ({@code up}, {@code probe_duration_ms}), and series beyond the maximum.
 */
@Component(service = Probe.class)
@ProbeService(kind = "prometheus", title = "Prometheus 指标端点", titleEn = "Prometheus endpoint")
public class PrometheusProbe implements Probe {

    static final long DEFAULT_MAX_SAMPLES = 500;
    static final long MAX_MAX_SAMPLES = 10_000;
    /** The largest answer read: a node_exporter's is some 100 KB. */
    static final int MAX_BODY = 8 * 1024 * 1024;
    private static final Set<String> RESERVED = Set.of("up", "probe_duration_ms");
    private static final String ACCEPT = "text/plain;version=0.0.4;q=1.0,*/*;q=0.1";

    private static final List<SettingField> FIELDS = List.of(
            new SettingField("url", "指标地址", "Metrics URL", Kind.URL, true,
                    "例如 http://10.0.3.21:9100/metrics / e.g. http://10.0.3.21:9100/metrics"),
            new SettingField("bearerToken", "Bearer 令牌", "Bearer token", Kind.SECRET, false,
                    "可选：以 Authorization: Bearer 请求头发送的令牌 / Optional: a token sent in the Authorization: Bearer header"),
            new SettingField("include", "指标名筛选", "Include metrics", Kind.TEXT, false,
                    "可选：正则表达式，须与整个指标名匹配，例如 node_(load1|filesystem_avail_bytes|memory_MemAvailable_bytes)"
                            + " / Optional: a regular expression that must match the whole metric name,"
                            + " e.g. node_(load1|filesystem_avail_bytes|memory_MemAvailable_bytes)"),
            new SettingField("maxSamples", "最多样本数", "Max samples", Kind.NUMBER, false,
                    "每次最多保留的序列数，默认 " + DEFAULT_MAX_SAMPLES + "，最多 " + MAX_MAX_SAMPLES
                            + " / The most series kept per run; default " + DEFAULT_MAX_SAMPLES + ", at most " + MAX_MAX_SAMPLES));

    private final HttpFetcher fetcher = new HttpFetcher();

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        HttpFetcher.checkUrl(settings, "url").ifPresent(errors::add);
        String include = settings.getOrDefault("include", "");
        if (!include.isEmpty()) {
            ProbeSettings.checkRegex("include", include).ifPresent(errors::add);
        }
        ProbeSettings.checkWhole(settings, "maxSamples", 1, MAX_MAX_SAMPLES, false).ifPresent(errors::add);
        return errors;
    }

    @Override
    public ProbeResult probe(ProbeTarget target) throws Exception {
        Optional<URI> url = HttpFetcher.httpUri(target.setting("url"));
        if (url.isEmpty()) {
            return ProbeResult.down("地址无效：" + target.setting("url"), "Invalid URL: " + target.setting("url")).build();
        }
        URI uri = url.get();
        String include = target.setting("include");
        Pattern filter = include.isEmpty() ? null : Pattern.compile(include);
        long max = ProbeSettings.whole(target, "maxSamples", DEFAULT_MAX_SAMPLES);
        max = max < 1 || max > MAX_MAX_SAMPLES ? DEFAULT_MAX_SAMPLES : max;
        String address = uri.getAuthority();
        long timeout = target.timeout().toMillis();
        HttpFetcher.Response response;
        try {
            response = fetcher.fetch(uri, "GET", target.setting("bearerToken").strip(), ACCEPT, false, target.timeout(), MAX_BODY);
        } catch (HttpConnectTimeoutException e) {
            return ProbeResult.down("连接 " + address + " 超时（" + timeout + " 毫秒）",
                    "Connecting to " + address + " timed out (" + timeout + " ms)").build();
        } catch (HttpTimeoutException e) {
            return ProbeResult.down(address + " 在 " + timeout + " 毫秒内没有完整应答",
                    address + " gave no complete answer within " + timeout + " ms").build();
        } catch (ConnectException e) {
            return ProbeResult.down("无法连接 " + address + "：" + ProbeSettings.reason(e),
                    "Cannot connect to " + address + ": " + ProbeSettings.reason(e)).build();
        } catch (SSLException e) {
            return ProbeResult.down("与 " + address + " 的 TLS 握手失败：" + ProbeSettings.reason(e),
                    "The TLS handshake with " + address + " failed: " + ProbeSettings.reason(e)).build();
        } catch (IOException e) {
            return ProbeResult.down("抓取 " + address + " 失败：" + ProbeSettings.reason(e),
                    "Scraping " + address + " failed: " + ProbeSettings.reason(e)).build();
        }
        if (response.status() != 200) {
            return ProbeResult.down("指标端点应答 HTTP " + response.status() + "（应为 200）",
                    "The metrics endpoint answered HTTP " + response.status() + " (200 expected)").build();
        }
        if (response.truncated()) {
            return ProbeResult.down("指标超过 " + MAX_BODY / (1024 * 1024) + " MB，未读取",
                    "The metrics are larger than " + MAX_BODY / (1024 * 1024) + " MB and were not read").build();
        }
        List<PrometheusText.Series> series;
        try {
            series = PrometheusText.parse(response.text());
        } catch (PrometheusText.FormatException e) {
            return ProbeResult.down("指标不是 Prometheus 文本格式：" + e.getMessage(),
                    "The metrics are not in the Prometheus text format: " + e.messageEn()).build();
        }
        return result(series, filter, (int) max);
    }

    /** The samples kept of what was scraped, and a message that counts what was left out. */
    static ProbeResult result(List<PrometheusText.Series> series, Pattern filter, int max) {
        List<Sample> kept = new ArrayList<>();
        int notFinite = 0;
        int unfit = 0;
        int reserved = 0;
        int beyond = 0;
        int matching = 0;
        for (PrometheusText.Series one : series) {
            if (filter != null && !filter.matcher(one.metric()).matches()) {
                continue;
            }
            matching++;
            if (!Double.isFinite(one.value())) {
                notFinite++;
            } else if (RESERVED.contains(one.metric())) {
                reserved++;
            } else if (kept.size() >= max) {
                beyond++;
            } else {
                try {
                    kept.add(new Sample(one.metric(), one.labels(), one.value()));
                } catch (IllegalArgumentException e) {
                    unfit++;
                }
            }
        }
        StringBuilder message = new StringBuilder("抓取 ").append(series.size()).append(" 个序列");
        StringBuilder messageEn = new StringBuilder("Scraped ").append(series.size()).append(" series");
        if (filter != null) {
            message.append("，匹配筛选 ").append(matching).append(" 个");
            messageEn.append(", ").append(matching).append(" matching the filter");
        }
        message.append("，保留 ").append(kept.size()).append(" 个");
        messageEn.append(", kept ").append(kept.size());
        List<String> skipped = new ArrayList<>();
        List<String> skippedEn = new ArrayList<>();
        if (beyond > 0) {
            skipped.add("超出上限 " + beyond);
            skippedEn.add(beyond + " beyond the maximum");
        }
        if (notFinite > 0) {
            skipped.add("非有限值（NaN/Inf） " + notFinite);
            skippedEn.add(notFinite + " not finite (NaN/Inf)");
        }
        if (unfit > 0) {
            skipped.add("标签过多或名称过长 " + unfit);
            skippedEn.add(unfit + " with too many labels or too long names");
        }
        if (reserved > 0) {
            skipped.add("与监控模块自身指标同名 " + reserved);
            skippedEn.add(reserved + " named like the monitoring module's own metrics");
        }
        if (!skipped.isEmpty()) {
            message.append("；跳过：").append(String.join("，", skipped));
            messageEn.append("; skipped: ").append(String.join(", ", skippedEn));
        }
        ProbeResult.Builder result = ProbeResult.up(message.toString(), messageEn.toString());
        kept.forEach(result::sample);
        return result.build();
    }
}
