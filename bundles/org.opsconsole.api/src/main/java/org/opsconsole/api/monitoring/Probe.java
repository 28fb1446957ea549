package org.opsconsole.api.monitoring;

import java.util.List;
import java.util.Map;

import org.opsconsole.api.notify.SettingField;
import org.opsconsole.api.rest.Problem;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of probe (HTTP endpoint, TCP port, database ...), registered as a service described by
 * {@link ProbeService}. Operators configure any number of targets of each kind in the console; the monitoring
 * module stores their settings (secrets encrypted by the core) and calls {@link #probe} at each target's interval
 * on its scheduler's threads, many targets at once, never one target twice at once.
 *
 * <pre>
 * &#64;Component
 * &#64;ProbeService(kind = "ftp", title = "FTP 服务", titleEn = "FTP service")
 * public class FtpProbe implements Probe {
 *     public List&lt;SettingField&gt; fields() { return List.of(new SettingField("host", "主机", "Host", Kind.TEXT, true, "")); }
 *     public ProbeResult probe(ProbeTarget target) throws Exception {
 *         long millis = ...; // connect and say hello, within target.timeout()
 *         return ProbeResult.up("已连接，" + millis + " 毫秒", "Connected in " + millis + " ms")
 *                 .sample("ftp_connect_ms", millis).build();
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface Probe {

    /** @return the settings a target of this kind has, in the order the target form shows them */
    List<SettingField> fields();

    /**
     * Checks settings before they are stored. Required fields and the {@link SettingField.Kind} of each value are
     * checked by the module first.
     *
     * @param settings the settings by field name, secrets in clear
     * @return what is wrong, by field; empty when the settings can be used
     */
    default List<Problem.FieldError> validate(Map<String, String> settings) {
        return List.of();
    }

    /**
     * Probes one target once. Must return or throw within {@link ProbeTarget#timeout()}; the module interrupts a
     * probe that overruns and counts the target as down. Should not keep state between calls but what is safe to
     * share between threads.
     *
     * @param target the target, with its settings (secrets in clear; never keep or log them)
     * @return what was found: whether the target is up, and the numbers measured
     * @throws Exception when the target could not be probed; the target counts as down, the exception's message is
     *         shown (in both languages: return a {@link ProbeResult#down(String, String) down result} instead to
     *         word it in each)
     */
    ProbeResult probe(ProbeTarget target) throws Exception;
}
