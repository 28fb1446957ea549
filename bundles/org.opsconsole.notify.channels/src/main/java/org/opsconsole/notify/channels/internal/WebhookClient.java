package org.opsconsole.notify.channels.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.opsconsole.api.notify.DeliveryException;
import org.opsconsole.api.rest.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The HTTP side of the kinds that post JSON to a webhook: one {@link HttpClient} per channel kind, posts with
 * bounded time ({@value #CONNECT_SECONDS} s to connect, {@value #REQUEST_SECONDS} s for the answer), how an answer
 * or a failure becomes a {@link DeliveryException}, HMAC-SHA256 for the signing schemes, and addresses shown with
 * their tokens masked. Thread-safe.
 *
 * <p>Never puts a webhook's key, token or signing secret into a message: the address is shown with every query
 * value (and any other {@linkplain Target#hidden() hidden} text) replaced by {@value #MASK}, and the receiver's
 * answer and the error texts are cleaned the same way.
 */
final class WebhookClient {

    static final int CONNECT_SECONDS = 10;
    static final int REQUEST_SECONDS = 20;

    /** What a hidden value is shown as. */
    static final String MASK = "****";

    /** The most characters of a receiver's answer put into a message. */
    private static final int ANSWER_SHOWN = 300;

    /**
     * Where a message goes.
     *
     * @param uri the address, in full
     * @param name the receiver's name in Chinese, for example 企业微信群机器人
     * @param nameEn the receiver's name in English, for example {@code WeCom group robot}
     * @param shown the address as messages show it: without user info, every query value masked, and any token in
     *        the path masked by the caller
     * @param hidden texts that must never appear in a message (tokens, keys, secrets)
     */
    record Target(URI uri, String name, String nameEn, String shown, Set<String> hidden) {

        /**
         * @param uri the address; its query values (of 6 characters or more) are hidden
         * @param secrets further texts to hide, such as a signing secret; empty ones are ignored
         */
        static Target of(URI uri, String name, String nameEn, String... secrets) {
            Set<String> hidden = new HashSet<>(List.of(secrets));
            if (uri.getRawQuery() != null) {
                for (String parameter : uri.getRawQuery().split("&")) {
                    // a token is long; hiding a short value such as "1" would garble every text it is in
                    String value = parameter.substring(parameter.indexOf('=') + 1);
                    if (value.length() >= 6) {
                        hidden.add(value);
                        hidden.add(decode(value));
                    }
                }
            }
            hidden.removeIf(String::isEmpty);
            return new Target(uri, name, nameEn, masked(uri), Set.copyOf(hidden));
        }

        /** @return this target with a text of the path hidden as well (a token that is a path segment) */
        Target hidingInPath(String token) {
            Set<String> more = new HashSet<>(hidden);
            more.add(token);
            return new Target(uri, name, nameEn, shown.replace(token, MASK), Set.copyOf(more));
        }

        /** @return the text with every hidden value replaced by {@value WebhookClient#MASK} */
        String clean(String text) {
            String cleaned = text == null ? "" : text;
            for (String secret : hidden) {
                cleaned = cleaned.replace(secret, MASK);
            }
            return cleaned;
        }
    }

    /**
     * An HTTP answer.
     *
     * @param status the status code
     * @param body the body, decoded as UTF-8
     */
    record Answer(int status, String body) {

        /** @return whether the status is 2xx */
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * How a chat robot reports the outcome in its JSON answer: a number that is 0 when the message was taken.
     *
     * @param codeFields the names the number may have, the first present wins
     * @param messageFields the names of the explanation that goes with it
     * @param retryable the numbers meaning "not now" (rate limits, system busy); any other refusal is permanent
     * @param explanations what some numbers mean for the operator
     */
    record ResultCode(List<String> codeFields, List<String> messageFields, Set<Integer> retryable,
            Map<Integer, Explanation> explanations) {
    }

    /**
     * What a robot's result code means, and what to do about it.
     *
     * @param zh in Chinese
     * @param en in English
     */
    record Explanation(String zh, String en) {
    }

    /** Made at the first post: building one loads the JDK's trust store, half a second the console's start need not wait for. */
    private volatile HttpClient http;

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(CONNECT_SECONDS))
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                client = http;
            }
        }
        return client;
    }

    /**
     * Posts a JSON body and returns the answer, whatever its status.
     *
     * @param headers extra request headers
     * @throws DeliveryException when there is no answer: retryable for network trouble and time-outs
     */
    Answer post(Target target, byte[] json, Map<String, String> headers) throws DeliveryException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(target.uri())
                    .timeout(Duration.ofSeconds(REQUEST_SECONDS))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "opsconsole")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json));
            headers.forEach(request::header);
        } catch (IllegalArgumentException e) {
            throw new DeliveryException(target.name() + "的地址无法使用（" + target.shown() + "） / The " + target.nameEn()
                    + "'s address cannot be used (" + target.shown() + ")", true, null);
        }
        try {
            HttpResponse<String> response = http().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body() == null ? "" : response.body());
        } catch (HttpConnectTimeoutException e) {
            throw new DeliveryException("连接" + target.name() + "超时（" + target.shown() + "，" + CONNECT_SECONDS + " 秒） / Connecting to the "
                    + target.nameEn() + " at " + target.shown() + " timed out after " + CONNECT_SECONDS + " s", false, null);
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(target.name() + "在 " + REQUEST_SECONDS + " 秒内没有应答（" + target.shown() + "） / The "
                    + target.nameEn() + " at " + target.shown() + " did not answer within " + REQUEST_SECONDS + " s", false, null);
        } catch (ConnectException e) {
            throw new DeliveryException("无法连接" + target.name() + "（" + target.shown() + "）：" + reason(target, e) + " / Cannot connect to the "
                    + target.nameEn() + " at " + target.shown() + ": " + reason(target, e), false, null);
        } catch (IOException e) {
            throw new DeliveryException("与" + target.name() + "通信失败（" + target.shown() + "）：" + reason(target, e) + " / Talking to the "
                    + target.nameEn() + " at " + target.shown() + " failed: " + reason(target, e), false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("投递被中断 / The delivery was interrupted", false, null);
        }
    }

    /**
     * @return whether a failed status is worth retrying: 408, 429 and every 5xx
     */
    static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * Accepts a 2xx answer.
     *
     * @throws DeliveryException for any other status: retryable for 408, 429 and 5xx, permanent otherwise
     */
    static void expectSuccess(Target target, Answer answer) throws DeliveryException {
        if (!answer.isSuccess()) {
            throw statusFailure(target, answer);
        }
    }

    /**
     * Accepts a chat robot's answer when its result code is 0. Robots answer most refusals with HTTP 200 and a code;
     * some (Feishu) with a 4xx and the code in the body, so the code is read whatever the status.
     *
     * @throws DeliveryException when the code is not 0 (permanent unless the code or the status is retryable), or when
     *         the answer has no code (an error status as in {@link #expectSuccess}; a 2xx without a code is retryable:
     *         something other than the robot answered)
     */
    static void expectResultCode(Target target, Answer answer, ResultCode scheme) throws DeliveryException {
        Optional<JsonNode> json = jsonObject(answer.body());
        Optional<JsonNode> code = json.flatMap(node -> first(node, scheme.codeFields())).filter(JsonNode::canConvertToInt);
        if (code.isEmpty()) {
            if (!answer.isSuccess()) {
                throw statusFailure(target, answer);
            }
            throw new DeliveryException(target.name() + "的应答无法识别（" + target.shown() + "）：" + oneLine(target, answer.body())
                    + " / The " + target.nameEn() + " at " + target.shown() + " gave an answer that is not a robot's: "
                    + oneLine(target, answer.body()), false, null);
        }
        int value = code.get().intValue();
        if (value == 0 && answer.isSuccess()) {
            return;
        }
        if (value == 0) {
            throw statusFailure(target, answer);
        }
        String said = json.flatMap(node -> first(node, scheme.messageFields())).map(JsonNode::asText)
                .map(text -> oneLine(target, text)).orElse("");
        Explanation explanation = scheme.explanations().getOrDefault(value, new Explanation("", ""));
        boolean permanent = !scheme.retryable().contains(value) && !isRetryable(answer.status());
        throw new DeliveryException(target.name() + "拒绝了消息：错误码 " + value + (said.isEmpty() ? "" : "（" + said + "）")
                + (explanation.zh().isEmpty() ? "" : "，" + explanation.zh())
                + " / The " + target.nameEn() + " refused the message: error " + value + (said.isEmpty() ? "" : " (" + said + ")")
                + (explanation.en().isEmpty() ? "" : "; " + explanation.en()), permanent, null);
    }

    /** @return the value as JSON, UTF-8, with the console's {@link Json#MAPPER} */
    static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** @return HMAC-SHA256 of the data with the key */
    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * @return the address in a form safe to show: without user info, each query value replaced by {@value #MASK},
     *         for example {@code https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****}
     */
    static String masked(URI uri) {
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        StringBuilder shown = new StringBuilder()
                .append(uri.getScheme() == null ? "" : uri.getScheme() + "://")
                .append(authority.substring(authority.lastIndexOf('@') + 1))
                .append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            List<String> parts = new ArrayList<>();
            for (String parameter : uri.getRawQuery().split("&")) {
                int equals = parameter.indexOf('=');
                parts.add(equals < 0 ? parameter : parameter.substring(0, equals + 1) + MASK);
            }
            shown.append('?').append(String.join("&", parts));
        }
        return shown.toString();
    }

    /** @return the query parameters, decoded, by name (the first value of each) */
    static Map<String, String> queryParameters(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return parameters;
        }
        for (String parameter : uri.getRawQuery().split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
            String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /**
     * @return the setting as an absolute http(s) address, or empty when it is not one
     */
    static Optional<URI> httpUri(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty()) {
                return Optional.of(uri);
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static DeliveryException statusFailure(Target target, Answer answer) {
        String body = oneLine(target, answer.body());
        return new DeliveryException(target.name() + "应答 HTTP " + answer.status() + "（" + target.shown() + "）" + (body.isEmpty() ? "" : "：" + body)
                + " / The " + target.nameEn() + " at " + target.shown() + " answered HTTP " + answer.status() + (body.isEmpty() ? "" : ": " + body),
                !isRetryable(answer.status()), null);
    }

    /** @return a receiver's text, cleaned of hidden values, on one line, shortened */
    private static String oneLine(Target target, String text) {
        String line = target.clean(text).strip().replaceAll("\\s+", " ");
        return line.length() <= ANSWER_SHOWN ? line : line.substring(0, ANSWER_SHOWN) + "…";
    }

    private static String reason(Target target, IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : oneLine(target, message);
    }

    private static Optional<JsonNode> jsonObject(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> first(JsonNode node, List<String> names) {
        return names.stream().map(node::get).filter(value -> value != null && !value.isNull()).findFirst();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
