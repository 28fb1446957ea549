package org.opsconsole.monitoring.internal.suggestions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.opsconsole.api.audit.AuditEvent;
import org.opsconsole.api.audit.AuditLog;
import org.opsconsole.api.db.Database;
import org.opsconsole.api.jobs.JobContext;
import org.opsconsole.api.jobs.ScheduledJob;
import org.opsconsole.api.jobs.ScheduledJobService;
import org.opsconsole.monitoring.internal.series.SeriesStore;
import org.opsconsole.monitoring.internal.targets.LiveStatus;
import org.opsconsole.monitoring.internal.targets.TargetStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Computes the tuning and fault-prevention suggestions from the stored series every ten minutes (a core job, so one
 * node of a cluster does it) and when an operator asks; keeps them in {@link SuggestionStore}; dismisses and restores
 * them for operators, audited. The disk forecast's window, least span and least points can be set with
 * {@code opsconsole.monitoring.suggestions.forecast.window.seconds}, {@code .min.span.seconds} and
 * {@code .min.points} (defaults 3 days, 1 hour, 10).
 */
@Component(service = {SuggestionService.class, ScheduledJob.class})
@ScheduledJobService(id = "monitoring.suggestions", title = "计算调优和故障预防建议", titleEn = "Compute tuning and fault-prevention suggestions",
        cron = "0 */10 * * * ?", permission = "monitoring.operate")
public class SuggestionService implements ScheduledJob {

    private final SuggestionStore store;
    private final SeriesSource source;
    private final Analyzers.Settings settings;
    private final AuditLog audit;
    private final Clock clock;

    @Activate
    public SuggestionService(BundleContext context, @Reference Database database, @Reference SeriesStore series,
            @Reference TargetStore targets, @Reference LiveStatus status, @Reference AuditLog audit) {
        this(new SuggestionStore(database, Clock.systemUTC()), source(series, targets, status), settings(context::getProperty), audit,
                Clock.systemUTC());
    }

    SuggestionService(SuggestionStore store, SeriesSource source, Analyzers.Settings settings, AuditLog audit, Clock clock) {
        this.store = store;
        this.source = source;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    static Analyzers.Settings settings(UnaryOperator<String> property) {
        Analyzers.Settings d = Analyzers.Settings.DEFAULTS;
        return new Analyzers.Settings(seconds(property, "forecast.window.seconds", d.forecastWindow()),
                seconds(property, "min.span.seconds", d.minSpan()), (int) number(property, "min.points", d.minPoints()), d.diskHorizon(),
                d.diskWarning(), d.diskCritical(), d.latestWithin(), d.certWarningDays(), d.certCriticalDays(), d.latencyWindow(),
                d.latencyMinSpan(), d.latencyMinR2(), d.latencyMinRise(), d.httpLatencyLimitMs(), d.dbQueryLimitMs(),
                d.connectionsWindow(), d.connectionsWarning(), d.connectionsCritical(), d.memoryWindow(), d.memoryMinSpan(),
                d.memoryMinR2(), d.memoryHorizon(), d.flappingWindow(), d.flappingChanges());
    }

    private static Duration seconds(UnaryOperator<String> property, String name, Duration fallback) {
        long value = number(property, name, -1);
        return value > 0 ? Duration.ofSeconds(value) : fallback;
    }

    private static long number(UnaryOperator<String> property, String name, long fallback) {
        String text = property.apply("opsconsole.monitoring.suggestions." + name);
        try {
            return text == null ? fallback : Math.max(2, Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The stored series, targets and up/down changes, as the analyzers read them. */
    static SeriesSource source(SeriesStore series, TargetStore targets, LiveStatus status) {
        return new SeriesSource() {
            @Override
            public List<Target> targets() {
                return targets.list().stream().map(t -> new Target(t.id(), t.name(), t.nameEn())).toList();
            }

            @Override
            public List<Series> series(String metric) {
                Map<Long, Target> byId = new HashMap<>();
                targets().forEach(t -> byId.put(t.id(), t));
                return series.seriesNamed(metric).stream().filter(s -> byId.containsKey(s.targetId()))
                        .map(s -> {
                            Target target = byId.get(s.targetId());
                            return new Series(s.id(), s.targetId(), target.name(), target.nameEn(), s.metric(), s.labels());
                        }).toList();
            }

            @Override
            public List<Point> points(long seriesId, Instant from, Instant to) {
                return series.points(seriesId, from, to).stream().map(p -> new Point(p.atMillis(), p.value())).toList();
            }

            @Override
            public List<Instant> upDownChanges(long targetId, Instant from, Instant to) {
                return status.changes(targetId, from, to);
            }
        };
    }

    @Override
    public String run(JobContext context) {
        return refresh();
    }

    /** @return what was found, for the job history */
    public synchronized String refresh() {
        List<Suggestion> found = Analyzers.all(source, clock.instant(), settings);
        store.replaceFound(found);
        return found.size() + " 条建议 / " + found.size() + " suggestions";
    }

    /** @return the store, for listing */
    public SuggestionStore store() {
        return store;
    }

    /**
     * @param id a suggestion
     * @param user who dismisses it
     * @param address where from
     * @param reason why
     * @return the suggestion
     */
    public StoredSuggestion dismiss(long id, String user, String address, String reason) {
        StoredSuggestion dismissed = store.dismiss(id, user, reason);
        audit.record(new AuditEvent(user, address, "monitoring.suggestion.dismiss", dismissed.key(), AuditEvent.Outcome.SUCCESS, reason));
        return dismissed;
    }

    /**
     * @param id a suggestion
     * @param user who restores it
     * @param address where from
     * @return the suggestion
     */
    public StoredSuggestion restore(long id, String user, String address) {
        StoredSuggestion restored = store.restore(id);
        audit.record(new AuditEvent(user, address, "monitoring.suggestion.restore", restored.key(), AuditEvent.Outcome.SUCCESS, ""));
        return restored;
    }
}
