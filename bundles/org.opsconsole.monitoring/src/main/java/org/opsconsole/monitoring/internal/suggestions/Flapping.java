package org.opsconsole.monitoring.internal.suggestions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.monitoring.internal.suggestions.SeriesSource.Target;

/**
 * {@value #KIND}: a target that keeps going up and down: at least {@code flappingChanges} up/down changes within
 * the flapping window. Its alerts then fire and resolve over and over, so the cause (an unstable network, a restart
 * loop, a probe timeout set too short) is worth fixing on its own.
 */
final class Flapping {

    static final String KIND = "flapping";
    /** How many of the change times the evidence lists at most (the latest ones), to keep it readable and small. */
    static final int LISTED_CHANGES = 20;

    private Flapping() {
    }

    static List<Suggestion> find(SeriesSource source, Instant now, Analyzers.Settings settings) {
        Instant from = now.minus(settings.flappingWindow());
        List<Suggestion> found = new ArrayList<>();
        for (Target target : source.targets()) {
            List<Instant> changes = source.upDownChanges(target.id(), from, now);
            if (changes.size() >= settings.flappingChanges()) {
                found.add(suggestion(target, changes, from, now, settings));
            }
        }
        return found;
    }

    private static Suggestion suggestion(Target target, List<Instant> changes, Instant from, Instant now,
            Analyzers.Settings settings) {
        String name = target.name();
        String nameEn = target.englishName();
        String title = "目标 " + name + " 频繁抖动：最近 " + Wording.zh(settings.flappingWindow()) + "内状态变化 "
                + changes.size() + " 次";
        String titleEn = "Target " + nameEn + " is flapping: " + changes.size() + " up/down changes in "
                + Wording.lastEn(settings.flappingWindow());
        String action = "检查 " + name + " 的网络与服务是否稳定（间歇性超时、进程反复重启、负载均衡健康检查摘除）；"
                + "若只是探测超时过短或网络偶有抖动，适当调大该目标的超时时间或探测间隔，以免告警反复触发与恢复";
        String actionEn = "Check whether the network and the service of " + nameEn + " are stable (intermittent timeouts,"
                + " a restart loop, a load balancer's health check taking it out); if the probe's timeout is just too"
                + " short or the network jitters, raise the target's timeout or interval so its alerts stop firing and"
                + " resolving over and over";
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("targetId", target.id());
        evidence.put("target", name);
        if (target.nameEn() != null) {
            evidence.put("targetEn", target.nameEn());
        }
        evidence.put("window", Analyzers.window(from, now));
        evidence.put("changes", changes.size());
        evidence.put("threshold", settings.flappingChanges());
        evidence.put("latestChanges", changes.subList(Math.max(0, changes.size() - LISTED_CHANGES), changes.size())
                .stream().map(Instant::toString).toList());
        return new Suggestion(KIND + ":target:" + target.id(), KIND, target.id(), "WARNING", title, titleEn, action,
                actionEn, evidence);
    }
}
