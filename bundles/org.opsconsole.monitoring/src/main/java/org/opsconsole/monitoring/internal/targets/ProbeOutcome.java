package org.opsconsole.monitoring.internal.targets;

import java.time.Instant;
import java.util.List;

import org.opsconsole.api.monitoring.Sample;

/**
 * One probe of one target, as the scheduler recorded it.
 *
 * @param targetId the target
 * @param at when the probe started
 * @param up whether the target was up
 * @param message what the probe said (or why it failed), in Chinese
 * @param messageEn the same in English (the same text when the probe gave one message only)
 * @param durationMillis how long it took
 * @param samples what it measured, with {@code up} and {@code probe_duration_ms} added
 */
public record ProbeOutcome(long targetId, Instant at, boolean up, String message, String messageEn, long durationMillis,
        List<Sample> samples) {

    /** Copies the samples; a missing English message is the Chinese one. */
    public ProbeOutcome {
        messageEn = messageEn == null ? message : messageEn;
        samples = List.copyOf(samples);
    }
}
