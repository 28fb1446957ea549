package org.opsconsole.notify.internal;

import org.opsconsole.api.notify.SettingValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opsconsole.api.console.ConsoleConstants;
import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.api.security.ConsoleRoute;
import org.opsconsole.api.security.ConsoleUser;
import org.opsconsole.notify.internal.schema.tables.records.NotifyChannelRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The configured channels:
 * <ul>
 * <li>{@code GET /api/notify/channels}: {@code {"channels":[{"id","name","type","typeTitle":{"zh-CN","en"}|null,
 * "installed","enabled","minSeverity","settings":{..},"pending","failed","createdAt","updatedAt"}]}}; a secret shows
 * only as {@code {"set":true}};</li>
 * <li>{@code GET /api/notify/channels/<id>}: one channel;</li>
 * <li>{@code POST /api/notify/channels} {@code {"id"?,"name","type","enabled"?,"minSeverity"?,"settings":{..}}}: adds one,
 * 201 with the channel; 409 when the id is taken;</li>
 * <li>{@code PUT /api/notify/channels/<id>} with any of {@code name, enabled, minSeverity, settings}: changes it (a
 * secret left empty keeps the stored one);</li>
 * <li>{@code DELETE /api/notify/channels/<id>}: removes it, 204;</li>
 * <li>{@code POST /api/notify/channels/<id>/test}: sends a test message now, {@code {"delivered":true,"messageId",
 * "deliveryId"}}, or 502 with the receiver's error as the detail; 409 when the channel's kind is not installed.</li>
 * </ul>
 * Reading needs {@value NotifyPermissions#READ}, changing {@value NotifyPermissions#CONFIGURE} (checked by the core).
 * Bad input is answered 400 naming the fields ({@code settings.<name>} for a setting) and changes nothing; unknown ids 404.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleConstants.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/api/notify/channels", "/api/notify/channels/*"})
@ConsoleRoute(read = NotifyPermissions.READ, write = NotifyPermissions.CONFIGURE)
public class ChannelsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ChannelsServlet.class);
    private static final List<String> FIELDS = List.of("id", "name", "type", "enabled", "minSeverity", "settings");

    private final transient ConfiguredChannels channels;

    @Activate
    public ChannelsServlet(@Reference ConfiguredChannels channels) {
        this.channels = channels;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> parts = Requests.parts(request);
        String method = request.getMethod();
        String allow;
        if (parts.isEmpty()) {
            allow = "GET, HEAD, POST";
        } else if (parts.size() == 1 && Channels.ID.matcher(parts.get(0)).matches()) {
            allow = "GET, HEAD, PUT, DELETE";
        } else if (parts.size() == 2 && Channels.ID.matcher(parts.get(0)).matches() && parts.get(1).equals("test")) {
            allow = "POST";
        } else {
            Problem.of(404, "Not Found", "没有该资源 / No such resource").write(response);
            return;
        }
        String verb = method.equals("HEAD") ? "GET" : method;
        if (!List.of(allow.split(", ")).contains(verb)) {
            response.setHeader("Allow", allow);
            Problem.of(405, "Method Not Allowed", "只允许 " + allow + " / Only " + allow + " is allowed here").write(response);
            return;
        }
        Optional<ConsoleUser> user = ConsoleUser.of(request);
        if (user.isEmpty()) {
            Problem.of(401, "Unauthorized", "请先登录 / Sign in first").write(response);
            return;
        }
        try {
            if (parts.isEmpty()) {
                if (verb.equals("GET")) {
                    Json.write(response, Map.of("channels", channels.list().stream().map(ChannelsServlet::channelJson).toList()));
                } else {
                    create(request, response, user.get());
                }
            } else if (parts.size() == 2) {
                test(request, response, parts.get(0), user.get());
            } else if (verb.equals("GET")) {
                Optional<ConfiguredChannels.View> view = channels.get(parts.get(0));
                if (view.isPresent()) {
                    Json.write(response, channelJson(view.get()));
                } else {
                    unknown(response, parts.get(0));
                }
            } else if (verb.equals("PUT")) {
                update(request, response, parts.get(0), user.get());
            } else if (channels.delete(parts.get(0), user.get(), request.getRemoteAddr())) {
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            } else {
                unknown(response, parts.get(0));
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", method, request.getRequestURI(), e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                Problem.of(500, "Internal Server Error",
                        "通知渠道暂时不可用，详见服务器日志 / Notification channels are not available now; the server log says why")
                        .write(response);
            }
        }
    }

    private void create(HttpServletRequest request, HttpServletResponse response, ConsoleUser user) throws IOException {
        Optional<ConfiguredChannels.Input> input = input(request, response);
        if (input.isPresent()) {
            ConfiguredChannels.Change change = channels.create(input.get(), user, request.getRemoteAddr());
            if (change instanceof ConfiguredChannels.Change.Done done) {
                response.setHeader("Location", "/api/notify/channels/" + done.view().channel().getId());
            }
            answer(response, change, HttpServletResponse.SC_CREATED, "");
        }
    }

    private void update(HttpServletRequest request, HttpServletResponse response, String id, ConsoleUser user) throws IOException {
        Optional<ConfiguredChannels.Input> input = input(request, response);
        if (input.isPresent()) {
            answer(response, channels.update(id, input.get(), user, request.getRemoteAddr()), HttpServletResponse.SC_OK, id);
        }
    }

    private static Optional<ConfiguredChannels.Input> input(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<JsonNode> body = Requests.object(request, response, RequestInput.MAX_BODY);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        JsonNode json = body.get();
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(json, FIELDS, errors);
        ConfiguredChannels.Input input = new ConfiguredChannels.Input(Requests.text(json, "id", errors),
                Requests.text(json, "name", errors), Requests.text(json, "type", errors),
                Requests.bool(json, "enabled", errors), Requests.text(json, "minSeverity", errors),
                SettingValues.read(json, "settings", errors));
        if (!errors.isEmpty()) {
            Problem.badRequest(errors).write(response);
            return Optional.empty();
        }
        return Optional.of(input);
    }

    private static void answer(HttpServletResponse response, ConfiguredChannels.Change change, int status, String id)
            throws IOException {
        if (change instanceof ConfiguredChannels.Change.Done done) {
            Json.write(response, status, channelJson(done.view()));
        } else if (change instanceof ConfiguredChannels.Change.Invalid invalid) {
            Problem.badRequest(invalid.errors()).write(response);
        } else if (change instanceof ConfiguredChannels.Change.Taken taken) {
            new Problem(null, "Conflict", 409, "该编号已被其他渠道使用 / Another channel has this id", taken.errors()).write(response);
        } else {
            unknown(response, id);
        }
    }

    private void test(HttpServletRequest request, HttpServletResponse response, String id, ConsoleUser user) throws IOException {
        ConfiguredChannels.Test result = channels.test(id, user, request.getRemoteAddr());
        if (result instanceof ConfiguredChannels.Test.Sent sent) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("delivered", true);
            body.put("messageId", sent.messageId());
            body.put("deliveryId", sent.deliveryId());
            Json.write(response, body);
        } else if (result instanceof ConfiguredChannels.Test.Failed failed) {
            new Problem("urn:opsconsole:notify:delivery-failed", "测试消息未送达 / The test message was not delivered", 502,
                    failed.error(), List.of()).write(response);
        } else if (result instanceof ConfiguredChannels.Test.KindMissing missing) {
            Problem.of(409, "Conflict", missing.error()).write(response);
        } else {
            unknown(response, id);
        }
    }

    private static void unknown(HttpServletResponse response, String id) throws IOException {
        Problem.of(404, "Not Found", "没有编号为“" + id + "”的通知渠道 / No notification channel '" + id + "'").write(response);
    }

    static Map<String, Object> channelJson(ConfiguredChannels.View view) {
        NotifyChannelRecord channel = view.channel();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", channel.getId());
        json.put("name", channel.getName());
        json.put("type", channel.getType());
        json.put("typeTitle", view.kind().map(k -> Map.of("zh-CN", k.title(), "en", k.titleEn())).orElse(null));
        json.put("installed", view.kind().isPresent());
        json.put("enabled", Boolean.TRUE.equals(channel.getEnabled()));
        json.put("minSeverity", Channels.minSeverity(channel).name());
        Map<String, Object> settings;
        try {
            settings = SettingValues.parse(channel.getSettings()).display();
        } catch (IllegalStateException e) {
            settings = Map.of();
        }
        json.put("settings", settings);
        json.put("pending", view.pending());
        json.put("failed", view.failed());
        json.put("createdAt", channel.getCreatedAt());
        json.put("updatedAt", channel.getUpdatedAt());
        return json;
    }
}
