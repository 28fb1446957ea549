package org.opsconsole.monitoring.internal.suggestions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Test data for the analyzers: targets, series with their points and up/down changes, held in lists and answered
 * like the time series store answers (only what lies in the range asked, oldest first).
 */
final class TestSource implements SeriesSource {

    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private final List<Target> targets = new ArrayList<>();
    private final List<Series> series = new ArrayList<>();
    private final Map<Long, List<Point>> points = new HashMap<>();
    private final Map<Long, List<Instant>> changes = new HashMap<>();

    /** Adds a target (once) and returns it. */
    Target target(long id, String name) {
        return target(id, name, null);
    }

    /** Adds a target with an English name (once) and returns it. */
    Target target(long id, String name, String nameEn) {
        Target target = new Target(id, name, nameEn);
        if (!targets.contains(target)) {
            targets.add(target);
        }
        return target;
    }

    /** Adds a series of a target with its points. */
    Series add(Target target, String metric, Map<String, String> labels, List<Point> values) {
        Series s = new Series(series.size() + 1L, target.id(), target.name(), target.nameEn(), metric, labels);
        series.add(s);
        points.put(s.seriesId(), List.copyOf(values));
        return s;
    }

    /** Records a target's up/down changes. */
    void changes(Target target, List<Instant> times) {
        changes.put(target.id(), List.copyOf(times));
    }

    /**
     * @param from the first point's time
     * @param to the last point's time, at most
     * @param step the time between points
     * @param value the value at a number of hours after {@code from}
     * @return the points
     */
    static List<Point> line(Instant from, Instant to, Duration step, DoubleUnaryOperator value) {
        List<Point> line = new ArrayList<>();
        for (Instant at = from; !at.isAfter(to); at = at.plus(step)) {
            double hours = Duration.between(from, at).toMillis() / 3_600_000.0;
            line.add(new Point(at.toEpochMilli(), value.applyAsDouble(hours)));
        }
        return line;
    }

    /** @return points every {@code step} for the {@code length} before {@link #NOW}, ending at it */
    static List<Point> lastFor(Duration length, Duration step, DoubleUnaryOperator value) {
        return line(NOW.minus(length), NOW, step, value);
    }

    @Override
    public List<Target> targets() {
        return List.copyOf(targets);
    }

    @Override
    public List<Series> series(String metric) {
        return series.stream().filter(s -> s.metric().equals(metric)).toList();
    }

    @Override
    public List<Point> points(long seriesId, Instant from, Instant to) {
        return points.getOrDefault(seriesId, List.of()).stream()
                .filter(p -> p.atMillis() >= from.toEpochMilli() && p.atMillis() <= to.toEpochMilli()).toList();
    }

    @Override
    public List<Instant> upDownChanges(long targetId, Instant from, Instant to) {
        return changes.getOrDefault(targetId, List.of()).stream().filter(t -> !t.isBefore(from) && !t.isAfter(to)).toList();
    }
}
