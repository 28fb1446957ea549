package org.opsconsole.monitoring.internal.web;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.monitoring.internal.MonitoringPermissions;
import org.opsconsole.monitoring.internal.series.QueryResult;
import org.opsconsole.monitoring.internal.series.SeriesInfo;
import org.opsconsole.monitoring.internal.series.SeriesPoints;
import org.opsconsole.monitoring.internal.series.SeriesStore;
import org.opsconsole.monitoring.internal.targets.Target;
import org.opsconsole.monitoring.internal.targets.TargetStore;
import org.opsconsole.api.rest.RestServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;

/**
 * The time series: {@code GET /api/monitoring/series?target=<id>} or {@code ?metric=<name>} lists series, and
 * {@code GET /api/monitoring/query?series=1,2&from=<ISO>&to=<ISO>&points=600} gives their points (average, least and
 * greatest per step) at the resolution that fits the range.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/monitoring/series", "/api/monitoring/query"})
@ConsoleRoute(read = MonitoringPermissions.READ, write = MonitoringPermissions.CONFIGURE)
public class SeriesServlet extends RestServlet {

    private static final long serialVersionUID = 1L;
    /** Most series in one query. */
    static final int MAX_SERIES = 200;

    private final transient SeriesStore series;
    private final transient TargetStore targets;

    @Activate
    public SeriesServlet(@Reference SeriesStore series, @Reference TargetStore targets) {
        this.series = series;
        this.targets = targets;
    }

    @Override
    protected void handle(Call call) throws IOException {
        if (!call.parts().isEmpty()) {
            call.notFound();
        } else if (call.allows("GET")) {
            if (call.request().getServletPath().endsWith("/query")) {
                query(call);
            } else {
                list(call);
            }
        }
    }

    private Map<Long, Target> targetsById() {
        Map<Long, Target> byId = new HashMap<>();
        targets.list().forEach(target -> byId.put(target.id(), target));
        return byId;
    }

    private void list(Call call) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        Long target = Requests.id(call.request(), "target", errors);
        String metric = Requests.single(call.request(), "metric", errors);
        if (errors.isEmpty() && (target == null) == (metric == null)) {
            errors.add(new FieldError("target", "请指定 target 或 metric 之一", "Give one of target and metric"));
        }
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return;
        }
        List<SeriesInfo> found = target != null ? series.seriesOf(target) : series.seriesNamed(metric);
        Map<Long, Target> byId = targetsById();
        Json.write(call.response(), found.stream().filter(s -> byId.containsKey(s.targetId())).map(s -> view(s, byId)).toList());
    }

    /** A series with its target's name and English name (the one name when it has no English one; "" when deleted). */
    private static Map<String, Object> view(SeriesInfo info, Map<Long, Target> targets) {
        Target target = targets.get(info.targetId());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", info.id());
        view.put("targetId", info.targetId());
        view.put("targetName", target == null ? "" : target.name());
        view.put("targetNameEn", target == null ? "" : target.englishName());
        view.put("metric", info.metric());
        view.put("labels", info.labels());
        return view;
    }

    private void query(Call call) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        String list = Requests.single(call.request(), "series", errors);
        if (list == null || list.isBlank()) {
            errors.add(new FieldError("series", "请指定序列编号，如 series=1,2", "Give series ids, such as series=1,2"));
        } else {
            for (String part : list.split(",")) {
                Optional<Long> id = Requests.id(part.strip());
                if (id.isEmpty()) {
                    errors.add(new FieldError("series", "不是序列编号：" + part, "Not a series id: " + part));
                    break;
                }
                ids.add(id.get());
            }
            if (ids.size() > MAX_SERIES) {
                errors.add(new FieldError("series", "一次最多 " + MAX_SERIES + " 个序列", "At most " + MAX_SERIES + " series at once"));
            }
        }
        Instant to = time(call, "to", Instant.now(), errors);
        Instant from = time(call, "from", to.minus(Duration.ofHours(1)), errors);
        if (errors.isEmpty() && !from.isBefore(to)) {
            errors.add(new FieldError("from", "开始时间须早于结束时间", "The start is before the end"));
        }
        int points = Requests.integer(call.request(), "points", 600, 1, 5000, errors);
        if (!errors.isEmpty()) {
            call.invalid(errors);
            return;
        }
        QueryResult result = series.query(ids, from, to, points);
        Map<Long, Target> byId = targetsById();
        Map<Long, SeriesInfo> infos = new HashMap<>();
        series.series(ids).forEach(info -> infos.put(info.id(), info));
        List<Map<String, Object>> out = new ArrayList<>();
        for (SeriesPoints data : result.series()) {
            SeriesInfo info = infos.get(data.seriesId());
            if (info == null) {
                continue;
            }
            Map<String, Object> view = view(info, byId);
            List<double[]> rows = new ArrayList<>(data.size());
            for (int i = 0; i < data.size(); i++) {
                rows.add(new double[] {data.at()[i], data.avg()[i], data.min()[i], data.max()[i]});
            }
            view.put("points", rows);
            out.add(view);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("resolution", result.resolution());
        answer.put("stepMs", result.stepMillis());
        answer.put("from", from);
        answer.put("to", to);
        answer.put("series", out);
        Json.write(call.response(), answer);
    }

    private static Instant time(Call call, String name, Instant fallback, List<FieldError> errors) {
        String text = Requests.single(call.request(), name, errors);
        if (text == null) {
            return fallback;
        }
        try {
            return text.matches("\\d{1,15}") ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "时间须为 ISO-8601（如 2026-11-27T08:00:00Z）或毫秒数",
                    "A time is ISO-8601 (such as 2026-11-27T08:00:00Z) or epoch milliseconds"));
            return fallback;
        }
    }
}
