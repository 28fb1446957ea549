package org.opsconsole.monitoring.probes.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.opsconsole.api.monitoring.Probe;
import org.opsconsole.api.monitoring.ProbeResult;
import org.opsconsole.api.monitoring.ProbeService;
import org.opsconsole.api.monitoring.ProbeTarget;
import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.notify.SettingField.Kind;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Component;

/**
 * A TCP port (TCP 端口): up when a connection is accepted within the target's time-out; the connection is closed at
 * once, nothing is sent. Sample: {@code tcp_connect_ms}, the time to connect including the name lookup.
 */
@Component(service = Probe.class)
@ProbeService(kind = "tcp", title = "TCP 端口", titleEn = "TCP port")
public class TcpProbe implements Probe {

    /** A host name or an IPv4 or IPv6 address (IPv6 with or without brackets). */
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9._-]+|\\[?[0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f.]*(%\\w+)?\\]?");

    private static final List<SettingField> FIELDS = List.of(
            new SettingField("host", "主机", "Host", Kind.TEXT, true,
                    "主机名或 IP 地址，例如 10.0.3.21 或 db.example.gov.cn / Host name or IP address, e.g. 10.0.3.21 or db.example.gov.cn"),
            new SettingField("port", "端口", "Port", Kind.NUMBER, true, "1 到 65535，例如 3306 / 1 to 65535, e.g. 3306"));

    @Override
    public List<SettingField> fields() {
        return FIELDS;
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        String host = ProbeSettings.text(settings, "host");
        if (host.isEmpty() || !HOST.matcher(host).matches()) {
            errors.add(new FieldError("host", "须为主机名或 IP 地址（不带 http:// 和端口）",
                    "Must be a host name or an IP address (without http:// or a port)"));
        }
        ProbeSettings.checkWhole(settings, "port", 1, 65535, true).ifPresent(errors::add);
        return errors;
    }

    @Override
    public ProbeResult probe(ProbeTarget target) throws Exception {
        String host = stripBrackets(target.setting("host").strip());
        int port = (int) ProbeSettings.whole(target, "port", 0);
        if (port < 1 || port > 65535) {
            return ProbeResult.down("端口无效：" + target.setting("port"), "Invalid port: " + target.setting("port")).build();
        }
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, target.timeout().toMillis()));
        String address = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        long start = System.nanoTime();
        InetSocketAddress remote = new InetSocketAddress(host, port);
        if (remote.isUnresolved()) {
            return ProbeResult.down("无法解析主机名 " + host, "Cannot resolve the host name " + host).build();
        }
        try (Socket socket = new Socket()) {
            socket.connect(remote, timeout);
        } catch (SocketTimeoutException e) {
            return ProbeResult.down("连接 " + address + " 超时（" + timeout + " 毫秒）",
                    "Connecting to " + address + " timed out (" + timeout + " ms)").build();
        } catch (ConnectException e) {
            return ProbeResult.down("无法连接 " + address + "：连接被拒绝（端口未监听或被防火墙拒绝）",
                    "Cannot connect to " + address + ": connection refused (nothing listens on the port, or a firewall refuses)")
                    .build();
        } catch (NoRouteToHostException e) {
            return ProbeResult.down("无法连接 " + address + "：没有到主机的路由", "Cannot connect to " + address + ": no route to host")
                    .build();
        } catch (IOException e) {
            return ProbeResult.down("无法连接 " + address + "：" + ProbeSettings.reason(e),
                    "Cannot connect to " + address + ": " + ProbeSettings.reason(e)).build();
        }
        double millis = (System.nanoTime() - start) / 1_000_000.0;
        return ProbeResult.up("已连接 " + address + "，" + Math.round(millis) + " 毫秒",
                "Connected to " + address + " in " + Math.round(millis) + " ms").sample("tcp_connect_ms", millis).build();
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
