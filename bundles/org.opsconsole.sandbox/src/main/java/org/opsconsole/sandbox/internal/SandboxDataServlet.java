package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/sandbox/data}: the simulated platform's data: {@code {"database":{"url","dialect"},"platformPath",
 * "groundTruthFile","generation":{..}|null,"tables":[{"name","title":{"zh-CN","en"},"rows"}],"totalRows",
 * "anomalies":{"<kind>":n}|null}}. The anomalies are the ground truth's counts, when the data is whole. Needs
 * {@value SandboxPermissions#READ} (checked by the core).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/sandbox/data")
@ConsoleRoute(read = SandboxPermissions.READ, write = SandboxPermissions.OPERATE)
public class SandboxDataServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SandboxDataServlet.class);

    private final transient PlatformDatabase platform;
    private final transient Generation generation;

    @Activate
    public SandboxDataServlet(@Reference PlatformDatabase platform, @Reference Generation generation) {
        this.platform = platform;
        this.generation = generation;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            Problem.of(405, "Method Not Allowed", "只允许 GET, HEAD / Only GET, HEAD is allowed here").write(response);
            return;
        }
        if (ConsoleUser.of(request).isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return;
        }
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("database", Map.of("url", platform.displayUrl(), "dialect", platform.dialect().name()));
            body.put("platformPath", PlatformContext.PATH);
            body.put("groundTruthFile", platform.folder().resolve(Generation.GROUND_TRUTH_FILE).toString());
            body.put("generation", generation.latest().map(SandboxJson::generation).orElse(null));
            List<Map<String, Object>> tables = new ArrayList<>();
            long total = 0;
            for (PlatformTables.Count count : PlatformTables.counts(platform.dataSource())) {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put("name", count.table().name());
                table.put("title", Map.of("zh-CN", count.table().title(), "en", count.table().titleEn()));
                table.put("rows", count.rows());
                tables.add(table);
                total += count.rows();
            }
            body.put("tables", tables);
            body.put("totalRows", total);
            Optional<GroundTruth> truth = generation.parsedGroundTruth();
            body.put("anomalies", truth.map(SandboxDataServlet::anomalies).orElse(null));
            Json.write(response, body);
        } catch (SQLException | RuntimeException e) {
            LOG.error("GET {} failed: {}", request.getRequestURI(), e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                Problem.of(503, "Service Unavailable", "模拟平台的数据库暂时不可用，详见服务器日志 / The sandbox's database is not "
                        + "available now; the server log says why").write(response);
            }
        }
    }

    static Map<String, Object> anomalies(GroundTruth truth) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("bankLinesWithoutCollection", truth.bankLinesWithoutCollection().size());
        counts.put("collectionsWithoutBankLine", truth.collectionsWithoutBankLine().size());
        counts.put("amountMismatches", truth.amountMismatches().size());
        counts.put("duplicateSerials", truth.duplicateSerials().size());
        counts.put("dormantUsers", truth.dormantUsers().size());
        counts.put("excessRoles", truth.excessRoles().size());
        counts.put("conflictingRoles", truth.conflictingRoles().size());
        counts.put("wideDataScopes", truth.wideDataScopes().size());
        counts.put("failedLoginBursts", truth.failedLoginBursts().size());
        return counts;
    }
}
