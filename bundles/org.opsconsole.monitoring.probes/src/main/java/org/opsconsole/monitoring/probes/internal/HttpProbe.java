package org.opsconsole.monitoring.probes.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeService;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.notify.SettingField.Kind;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Component;

/**
 * An HTTP(S) endpoint (HTTP(S) 端点): one GET or HEAD, up when the status is one of the expected and the body has
 * the expected content. Redirects are not followed, so a 302 is the endpoint's own answer. At most
 * {@value #MAX_BODY} bytes of the body are read.
 *
 * <p>Samples: {@code http_status}, {@code http_latency_ms} (to the end of the body), {@code http_5xx} (1 or 0),
 * {@code http_body_match} (1 or 0, when a content is expected) and, for https, {@code tls_cert_days_left}: the days
 * until the server certificate's notAfter, read even when certificate errors are ignored.
 */
@Component(service = Probe.class)
@ProbeService(kind = "http", title = "HTTP(S) 端点", titleEn = "HTTP(S) endpoint")
public class HttpProbe implements Probe {

    static final int MAX_BODY = 1024 * 1024;
    private static final double MILLIS_PER_DAY = 86_400_000.0;

    private static final List<SettingField> FIELDS = List.of(
            new SettingField("url", "地址", "URL", Kind.URL, true,
                    "被探测的 http(s) 地址，例如 https://fs.example.gov.cn/nontax/health"
                            + " / The http(s) address probed, e.g. https://fs.example.gov.cn/nontax/health"),
            new SettingField("method", "请求方法", "Method", Kind.TEXT, false, "GET（默认）或 HEAD / GET (default) or HEAD"),
            new SettingField("expectStatus", "预期状态码", "Expected status", Kind.TEXT, false,
                    "视为正常的状态码：范围如 200-399（默认），或列表如 200,204"
                            + " / Status codes taken as healthy: a range such as 200-399 (default), or a list such as 200,204"),
            new SettingField("bodyContains", "正文应包含", "Body contains", Kind.TEXT, false,
                    "可选：应答正文须包含的文字；写成 /.../ 时按正则表达式查找"
                            + " / Optional: text the response body must contain; written as /.../ it is searched for as a regular expression"),
            new SettingField("bearerToken", "Bearer 令牌", "Bearer token", Kind.SECRET, false,
                    "可选：以 Authorization: Bearer 请求头发送的令牌 / Optional: a token sent in the Authorization: Bearer header"),
            new SettingField("ignoreTlsErrors", "忽略证书错误", "Ignore TLS errors", Kind.BOOLEAN, false,
                    "是否不校验服务器证书（如自签名证书），默认否；仍会读取证书的到期时间"
                            + " / Whether to skip checking the server's certificate (such as a self-signed one), no by default;"
                            + " the certificate's expiry is still read"));

    private final HttpFetcher fetcher = new HttpFetcher();
    private final Clock clock;

    /** A probe on the system clock. */
    public HttpProbe() {
        this(Clock.systemUTC());
    }

    HttpProbe(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        HttpFetcher.checkUrl(settings, "url").ifPresent(errors::add);
        String method = method(settings.get("method"));
        if (!method.equals("GET") && !method.equals("HEAD")) {
            errors.add(new FieldError("method", "请求方法只能是 GET 或 HEAD", "The method must be GET or HEAD"));
        }
        if (StatusRanges.parse(settings.get("expectStatus")).isEmpty()) {
            errors.add(new FieldError("expectStatus", "须为 100 到 599 的状态码或范围，以逗号分隔，例如 200-399 或 200,204",
                    "Must be status codes or ranges from 100 to 599 separated by commas, such as 200-399 or 200,204"));
        }
        String body = settings.getOrDefault("bodyContains", "");
        if (BodyMatch.isRegex(body)) {
            ProbeSettings.checkRegex("bodyContains", body.substring(1, body.length() - 1)).ifPresent(errors::add);
        }
        if (!body.isEmpty() && method.equals("HEAD")) {
            errors.add(new FieldError("bodyContains", "HEAD 请求没有正文，无法检查内容", "A HEAD request has no body to check"));
        }
        return errors;
    }

    @Override
    public ProbeResult probe(ProbeTarget target) throws Exception {
        long deadline = System.nanoTime() + target.timeout().toNanos();
        Optional<URI> url = HttpFetcher.httpUri(target.setting("url"));
        if (url.isEmpty()) {
            return ProbeResult.down("地址无效：" + target.setting("url"), "Invalid URL: " + target.setting("url")).build();
        }
        Optional<StatusRanges> statuses = StatusRanges.parse(target.setting("expectStatus"));
        if (statuses.isEmpty()) {
            return ProbeResult.down("预期状态码无效：" + target.setting("expectStatus"),
                    "Invalid expected status: " + target.setting("expectStatus")).build();
        }
        URI uri = url.get();
        StatusRanges expected = statuses.get();
        Optional<BodyMatch> content = BodyMatch.of(target.setting("bodyContains"));
        String address = address(uri);
        long timeout = target.timeout().toMillis();
        HttpFetcher.Response response;
        try {
            response = fetcher.fetch(uri, method(target.setting("method")), target.setting("bearerToken").strip(), "",
                    ProbeSettings.yes(target, "ignoreTlsErrors"), target.timeout(), MAX_BODY);
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
            return ProbeResult.down("与 " + address + " 的 TLS 握手失败（证书不受信任或协议不符）：" + ProbeSettings.reason(e),
                    "The TLS handshake with " + address + " failed (certificate not trusted, or no common protocol): "
                            + ProbeSettings.reason(e)).build();
        } catch (IOException e) {
            return ProbeResult.down("请求 " + address + " 失败：" + ProbeSettings.reason(e),
                    "The request to " + address + " failed: " + ProbeSettings.reason(e)).build();
        }

        int status = response.status();
        boolean statusOk = expected.matches(status);
        Boolean bodyOk = null;
        if (content.isPresent()) {
            try {
                bodyOk = content.get().matches(response.text(), deadline);
            } catch (CancellationException e) {
                return ProbeResult.down("正文的正则表达式在时限内没有查找完",
                        "The regular expression did not finish searching the body in time").sample("http_status", status).build();
            }
        }
        long millis = Math.round(response.millis());
        StringBuilder message = new StringBuilder("HTTP ").append(status).append("，").append(millis).append(" 毫秒");
        StringBuilder messageEn = new StringBuilder("HTTP ").append(status).append(" in ").append(millis).append(" ms");
        if (!statusOk) {
            message.append("；状态码不在预期的 ").append(expected.text()).append(" 内");
            messageEn.append("; the status is not in the expected ").append(expected.text());
        }
        if (Boolean.FALSE.equals(bodyOk)) {
            message.append("；正文").append(response.truncated() ? "前 " + MAX_BODY / 1024 + " KB " : "")
                    .append("不含 ").append(content.get().setting());
            messageEn.append("; the body").append(response.truncated() ? "'s first " + MAX_BODY / 1024 + " KB" : "")
                    .append(" does not contain ").append(content.get().setting());
        }
        ProbeResult.Builder result = statusOk && !Boolean.FALSE.equals(bodyOk)
                ? ProbeResult.up(message.toString(), messageEn.toString())
                : ProbeResult.down(message.toString(), messageEn.toString());
        result.sample("http_status", status)
                .sample("http_latency_ms", response.millis())
                .sample("http_5xx", status >= 500 && status <= 599 ? 1 : 0);
        if (bodyOk != null) {
            result.sample("http_body_match", bodyOk ? 1 : 0);
        }
        certificateDaysLeft(response.ssl()).ifPresent(days -> result.sample("tls_cert_days_left", days));
        return result.build();
    }

    private Optional<Double> certificateDaysLeft(Optional<SSLSession> session) {
        if (session.isEmpty()) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.get().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate server) {
                return Optional.of((server.getNotAfter().getTime() - clock.millis()) / MILLIS_PER_DAY);
            }
        } catch (SSLPeerUnverifiedException e) {
            // an anonymous cipher suite: no certificate to tell about
        }
        return Optional.empty();
    }

    private static String method(String setting) {
        return setting == null || setting.isBlank() ? "GET" : setting.strip().toUpperCase(Locale.ROOT);
    }

    private static String address(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return uri.getHost() + ":" + port;
    }
}
