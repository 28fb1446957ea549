package org.opsconsole.monitoring.probes.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.opsconsole.api.rest.Problem.FieldError;

/**
 * One GET or HEAD of an http(s) address for the HTTP and Prometheus probes: the whole exchange (connecting, the
 * answer, its body) within the target's time limit, at most a given number of body bytes kept, redirects not
 * followed, HTTP/1.1, never {@code Expect: 100-continue}. With {@code insecure}, any certificate and host name is
 * accepted, and the certificate can still be read from the answer's TLS session. Thread-safe; the clients (one per
 * connect time-out and trust setting) are shared between targets.
 */
final class HttpFetcher {

    /** More distinct clients than this and the cache starts over: targets use a handful of time-outs. */
    private static final int MAX_CLIENTS = 32;
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset=\"?([^\";\\s]+)");

    /**
     * An answer.
     *
     * @param status the status code
     * @param body the body's first bytes
     * @param truncated whether the body was longer than what was kept
     * @param charset the charset the answer names, UTF-8 when it names none or an unknown one
     * @param ssl the TLS session, for https
     * @param nanos the time from sending the request to the end of the body (or of the bytes kept)
     */
    record Response(int status, byte[] body, boolean truncated, Charset charset, Optional<SSLSession> ssl, long nanos) {

        /** @return the body as text in its charset */
        String text() {
            return new String(body, charset);
        }

        /** @return the time taken, in milliseconds */
        double millis() {
            return nanos / 1_000_000.0;
        }
    }

    private record ClientKey(long connectMillis, boolean insecure) {
    }

    private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

    /**
     * @param method {@code GET} or {@code HEAD}
     * @param bearerToken sent as {@code Authorization: Bearer}; empty for none
     * @param accept the {@code Accept} header; empty for none
     * @param maxBytes the most body bytes kept; the rest is not read
     * @return the answer, whatever its status
     * @throws HttpTimeoutException when the exchange did not end within the time-out
     * @throws IOException when there is no answer (no connection, a TLS failure ...)
     * @throws InterruptedException when the thread was interrupted while waiting
     */
    Response fetch(URI uri, String method, String bearerToken, String accept, boolean insecure, Duration timeout, int maxBytes)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", "opsconsole-probe");
        if (method.equals("HEAD")) {
            request.method("HEAD", HttpRequest.BodyPublishers.noBody());
        } else {
            request.GET();
        }
        if (!bearerToken.isEmpty()) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        if (!accept.isEmpty()) {
            request.header("Accept", accept);
        }
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<CappedBody.Body>> exchange = client(timeout, insecure)
                .sendAsync(request.build(), info -> new CappedBody(maxBytes));
        HttpResponse<CappedBody.Body> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(ProbeSettings.reason(cause), cause);
        }
        long nanos = System.nanoTime() - start;
        CappedBody.Body body = response.body();
        return new Response(response.statusCode(), body.bytes(), body.truncated(),
                charset(response.headers().firstValue("Content-Type").orElse("")), response.sslSession(), nanos);
    }

    private HttpClient client(Duration timeout, boolean insecure) {
        ClientKey key = new ClientKey(Math.max(1, timeout.toMillis()), insecure);
        HttpClient client = clients.get(key);
        if (client != null) {
            return client;
        }
        if (clients.size() >= MAX_CLIENTS) {
            clients.clear();
        }
        return clients.computeIfAbsent(key, HttpFetcher::newClient);
    }

    private static HttpClient newClient(ClientKey key) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(key.connectMillis()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (key.insecure()) {
            builder.sslContext(trustingEverything());
        }
        return builder.build();
    }

    /**
     * A TLS context that accepts any certificate chain. Being an {@link X509ExtendedTrustManager}, the trust manager
     * is not wrapped by the JDK, so the host name is not checked either.
     */
    private static SSLContext trustingEverything() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // not a server
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // the operator chose not to check the server's certificate
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                // not a server
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                // the operator chose not to check the server's certificate
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                // not a server
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                // the operator chose not to check the server's certificate
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    static Charset charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        if (m.find()) {
            try {
                return Charset.forName(m.group(1));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** @return the setting as an absolute http(s) address with a host, or empty when it is not one */
    static Optional<URI> httpUri(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean http = scheme.equals("http") || scheme.equals("https");
            return http && uri.getHost() != null && !uri.getHost().isEmpty() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** @return an error when the setting is not an http(s) address, or carries a user name or password */
    static Optional<FieldError> checkUrl(Map<String, String> settings, String name) {
        Optional<URI> uri = httpUri(settings.get(name));
        if (uri.isEmpty()) {
            return Optional.of(new FieldError(name, "须为以 http:// 或 https:// 开头的完整地址",
                    "Must be a full address starting with http:// or https://"));
        }
        if (uri.get().getRawUserInfo() != null) {
            return Optional.of(new FieldError(name, "地址中不能含用户名或密码，令牌请填在“Bearer 令牌”中",
                    "The address cannot carry a user name or password; put a token in Bearer token"));
        }
        return Optional.empty();
    }

    /**
     * Keeps the first bytes of a body and stops reading there. Reactive-streams signals arrive one at a time, so no
     * locking is needed.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Body> {

        record Body(byte[] bytes, boolean truncated) {
        }

        private final int maxBytes;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<Body> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = maxBytes - kept.size();
                int taken = Math.min(room, buffer.remaining());
                byte[] bytes = new byte[taken];
                buffer.get(bytes);
                kept.write(bytes, 0, taken);
                if (buffer.hasRemaining()) {
                    result.complete(new Body(kept.toByteArray(), true));
                    subscription.cancel();
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(new Body(kept.toByteArray(), false));
        }

        @Override
        public CompletionStage<Body> getBody() {
            return result;
        }
    }
}
