package org.opsconsole.notify.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.security.ConsoleRoute;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/notify/channel-types}: the kinds of channel installed now, with the settings each has, from which the
 * channels page makes its forms: {@code {"types":[{"type","title":{"zh-CN","en"},"fields":[{"name","label":{"zh-CN",
 * "en"},"kind","required","hint"}]}]}}, ordered by type. Needs {@value NotifyPermissions#READ}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/api/notify/channel-types")
@ConsoleRoute(read = NotifyPermissions.READ, write = NotifyPermissions.CONFIGURE)
public class ChannelTypesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ChannelKinds kinds;

    @Activate
    public ChannelTypesServlet(@Reference ChannelKinds kinds) {
        this.kinds = kinds;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            Problem.of(405, "Method Not Allowed", "只允许 GET, HEAD / Only GET, HEAD is allowed here").write(response);
            return;
        }
        Json.write(response, Map.of("types", kinds.kinds().stream().map(ChannelTypesServlet::kindJson).toList()));
    }

    static Map<String, Object> kindJson(ChannelKinds.Kind kind) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", kind.type());
        json.put("title", Map.of("zh-CN", kind.title(), "en", kind.titleEn()));
        json.put("fields", fieldsJson(kind.fields()));
        return json;
    }

    static List<Map<String, Object>> fieldsJson(List<SettingField> fields) {
        return fields.stream().map(field -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", field.name());
            json.put("label", Map.of("zh-CN", field.label() == null ? field.name() : field.label(),
                    "en", field.labelEn() == null ? field.name() : field.labelEn()));
            json.put("kind", field.kind() == null ? SettingField.Kind.TEXT.name() : field.kind().name());
            json.put("required", field.required());
            json.put("hint", field.hint() == null ? "" : field.hint());
            return json;
        }).toList();
    }
}
