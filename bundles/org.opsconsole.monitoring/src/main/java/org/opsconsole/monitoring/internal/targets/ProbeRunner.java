package org.opsconsole.monitoring.internal.targets;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.monitoring.Sample;

/**
 * Runs one probe on the calling thread and turns what happened into a {@link ProbeOutcome}: the probe's result, or a
 * down outcome for an exception, a missing kind or an interrupt (the scheduler interrupts a probe that overruns).
 */
public final class ProbeRunner {

    private final ProbeKinds kinds;
    private final Clock clock;

    /**
     * @param kinds the installed probe kinds
     * @param clock tells the time
     */
    public ProbeRunner(ProbeKinds kinds, Clock clock) {
        this.kinds = kinds;
        this.clock = clock;
    }

    /**
     * @param target the target, secrets opened
     * @return what the probe found
     */
    public ProbeOutcome run(ProbeTarget target) {
        Instant start = clock.instant();
        long started = System.nanoTime();
        Optional<ProbeKinds.Kind> kind = kinds.kind(target.kind());
        ProbeResult result;
        if (kind.isEmpty()) {
            result = ProbeResult.down("探测类型 " + target.kind() + " 未安装", "The probe kind " + target.kind() + " is not installed")
                    .build();
        } else {
            try {
                result = kind.get().probe().probe(target);
                if (result == null) {
                    result = ProbeResult.down("探测没有返回结果", "The probe returned nothing").build();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = timedOut(target);
            } catch (Exception | LinkageError e) {
                result = Thread.interrupted() ? timedOut(target) : ProbeResult.down(message(e)).build();
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return outcome(target.id(), start, result, millis);
    }

    /**
     * @param targetId the target
     * @param start when the probe started
     * @param result what it found
     * @param millis how long it took
     * @return the outcome with {@code up} and {@code probe_duration_ms}
     */
    public static ProbeOutcome outcome(long targetId, Instant start, ProbeResult result, long millis) {
        List<Sample> samples = new ArrayList<>(result.samples().size() + 2);
        samples.add(Sample.of("up", result.up() ? 1 : 0));
        samples.add(Sample.of("probe_duration_ms", millis));
        result.samples().stream().filter(s -> !s.metric().equals("up") && !s.metric().equals("probe_duration_ms")).forEach(samples::add);
        return new ProbeOutcome(targetId, start, result.up(), result.message(), result.messageEn(), millis, samples);
    }

    /**
     * @param target the target
     * @return the result of a probe that did not finish in time
     */
    public static ProbeResult timedOut(ProbeTarget target) {
        return ProbeResult.down("探测超时（" + target.timeout().toSeconds() + " 秒）",
                "The probe timed out after " + target.timeout().toSeconds() + " s").build();
    }

    private static String message(Throwable e) {
        String text = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return text.length() > 400 ? text.substring(0, 400) : text;
    }
}
