package org.opsconsole.monitoring.probes.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.opsconsole.api.health.HealthCheck;
import org.opsconsole.api.health.HealthCheck.Result;
import org.opsconsole.api.health.HealthCheck.Status;
import org.opsconsole.api.health.HealthCheckService;
import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeService;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.monitoring.Sample;
import org.opsconsole.api.notify.SettingField;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The console's health checks (控制台健康检查): runs every {@link HealthCheck} service, all at once on a small pool
 * of {@value #THREADS} threads, each given {@value #CHECK_MILLIS} ms (less when the target's time-out is shorter). A
 * check that throws, returns nothing or does not answer in time counts as critical. Up unless a check is critical.
 *
 * <p>Samples: {@code health_check_status} per check (label {@code check}, the check's
 * {@value HealthCheckService#PREFIX_}{@code id}): 0 OK, 1 WARNING, 2 CRITICAL.
 */
@Component(service = Probe.class)
@ProbeService(kind = "health", title = "控制台健康检查", titleEn = "Console health checks")
public class HealthProbe implements Probe {

    static final long CHECK_MILLIS = 2_000;
    static final int THREADS = 4;
    private static final String ID = HealthCheckService.PREFIX_ + "id";

    private final Map<HealthCheck, String> checks = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;

    /** A probe with its own threads, ended by {@link #deactivate()}. */
    public HealthProbe() {
        executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "opsconsole-health-probe");
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(HealthCheck check, Map<String, Object> properties) {
        checks.put(check, String.valueOf(properties.getOrDefault(ID, check.getClass().getName())));
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Override
    public List<SettingField> fields() {
        return List.of();
    }

    @Override
    public ProbeResult probe(ProbeTarget target) throws InterruptedException {
        long limit = Math.min(CHECK_MILLIS, target.timeout().toMillis());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
        Map<String, Future<Result>> running = new TreeMap<>();
        checks.forEach((check, id) -> running.put(id, executor.submit(check::check)));
        Map<String, Result> results = new TreeMap<>();
        try {
            for (Map.Entry<String, Future<Result>> entry : running.entrySet()) {
                results.put(entry.getKey(), outcome(entry.getValue(), deadline, limit));
            }
        } finally {
            running.values().forEach(future -> future.cancel(true));
        }
        List<String> critical = new ArrayList<>();
        List<String> criticalEn = new ArrayList<>();
        List<String> warning = new ArrayList<>();
        List<String> warningEn = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        results.forEach((id, result) -> {
            samples.add(new Sample("health_check_status", Map.of("check", label(id)), result.status().ordinal()));
            if (result.status() == Status.CRITICAL) {
                critical.add(id + "（" + result.message() + "）");
                criticalEn.add(id + " (" + result.messageEn() + ")");
            } else if (result.status() == Status.WARNING) {
                warning.add(id + "（" + result.message() + "）");
                warningEn.add(id + " (" + result.messageEn() + ")");
            }
        });
        String message;
        String messageEn;
        if (critical.isEmpty() && warning.isEmpty()) {
            message = results.size() + " 项检查全部正常";
            messageEn = results.size() + (results.size() == 1 ? " check" : " checks") + ", all OK";
        } else {
            message = (critical.isEmpty() ? "" : "严重：" + String.join("、", critical))
                    + (critical.isEmpty() || warning.isEmpty() ? "" : "；")
                    + (warning.isEmpty() ? "" : "警告：" + String.join("、", warning));
            messageEn = (critical.isEmpty() ? "" : "Critical: " + String.join(", ", criticalEn))
                    + (critical.isEmpty() || warning.isEmpty() ? "" : "; ")
                    + (warning.isEmpty() ? "" : "Warning: " + String.join(", ", warningEn));
        }
        ProbeResult.Builder result = critical.isEmpty() ? ProbeResult.up(message, messageEn)
                : ProbeResult.down(message, messageEn);
        samples.forEach(result::sample);
        return result.build();
    }

    private static Result outcome(Future<Result> future, long deadline, long limit) throws InterruptedException {
        try {
            Result result = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return result == null ? Result.critical("检查没有结果", "The check gave no result") : result;
        } catch (TimeoutException e) {
            future.cancel(true);
            return Result.critical(limit + " 毫秒内没有答复", "No answer within " + limit + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Result.critical("检查出错：" + ProbeSettings.reason(cause), "The check failed: " + ProbeSettings.reason(cause));
        }
    }

    /** @return the id cut to the longest label value a sample takes */
    private static String label(String id) {
        return id.length() <= Sample.MAX_LABEL_VALUE ? id : id.substring(0, Sample.MAX_LABEL_VALUE);
    }
}
