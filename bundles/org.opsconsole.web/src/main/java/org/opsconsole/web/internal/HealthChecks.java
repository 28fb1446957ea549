package org.opsconsole.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.opsconsole.api.health.HealthCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modules' {@link HealthCheck}s as the health endpoint shows them: each run at most every
 * {@value #CACHE_MILLIS} ms (the last result is shown meanwhile), given {@value #TIMEOUT_MILLIS} ms to answer; an
 * exception or no answer counts as critical.
 */
@Component(service = HealthChecks.class)
public class HealthChecks {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    static final long CACHE_MILLIS = 5_000;
    static final long TIMEOUT_MILLIS = 2_000;

    /** A registered check with its properties and its last result. */
    private static final class Entry {
        final HealthCheck check;
        final String id;
        final String title;
        final String titleEn;
        volatile HealthCheck.Result result;
        volatile long checkedAt;
        volatile CompletableFuture<HealthCheck.Result> running;

        Entry(HealthCheck check, Map<String, Object> properties) {
            this.check = check;
            this.id = String.valueOf(properties.getOrDefault("opsconsole.health.id", check.getClass().getName()));
            this.title = String.valueOf(properties.getOrDefault("opsconsole.health.title", id));
            this.titleEn = String.valueOf(properties.getOrDefault("opsconsole.health.titleEn", title));
        }
    }

    private final Map<HealthCheck, Entry> checks = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "opsconsole-health-check");
        thread.setDaemon(true);
        return thread;
    });

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(HealthCheck check, Map<String, Object> properties) {
        checks.put(check, new Entry(check, properties));
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    /** @return every check's id, titles, status and message, by id */
    List<Map<String, Object>> results() {
        List<Entry> entries = new ArrayList<>(checks.values());
        entries.sort(Comparator.comparing(e -> e.id));
        long now = System.currentTimeMillis();
        for (Entry entry : entries) {
            if (entry.running == null && now - entry.checkedAt >= CACHE_MILLIS) {
                entry.running = CompletableFuture.supplyAsync(entry.check::check, executor);
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (Entry entry : entries) {
            CompletableFuture<HealthCheck.Result> running = entry.running;
            if (running != null) {
                try {
                    HealthCheck.Result result = running.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                    entry.result = result == null ? HealthCheck.Result.critical("检查没有结果", "The check gave no result") : result;
                } catch (TimeoutException e) {
                    entry.result = HealthCheck.Result.critical("检查在 " + TIMEOUT_MILLIS + " 毫秒内没有答复",
                            "The check did not answer within " + TIMEOUT_MILLIS + " ms");
                    running.cancel(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    LOG.warn("Health check {} failed: {}", entry.id, cause.toString());
                    entry.result = HealthCheck.Result.critical("检查失败：" + cause.getMessage(), "The check failed: " + cause.getMessage());
                }
                entry.checkedAt = System.currentTimeMillis();
                entry.running = null;
            }
            HealthCheck.Result result = entry.result;
            if (result == null) {
                continue;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", entry.id);
            json.put("title", Map.of("zh-CN", entry.title, "en", entry.titleEn));
            json.put("status", result.status().name());
            json.put("message", result.message());
            json.put("messageEn", result.messageEn());
            results.add(json);
        }
        return results;
    }
}
