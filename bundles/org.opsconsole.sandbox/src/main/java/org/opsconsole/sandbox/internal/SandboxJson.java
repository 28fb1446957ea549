package org.opsconsole.sandbox.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The sandbox's things as the console's REST API shows them. */
final class SandboxJson {

    private SandboxJson() {
    }

    static Map<String, Object> generation(Generation.Status status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", status.id());
        json.put("seed", status.seed());
        json.put("scale", status.scale().toPlainString());
        json.put("state", status.state().name());
        json.put("live", status.live());
        json.put("complete", status.state() == Generation.State.COMPLETE);
        json.put("requestedBy", status.requestedBy());
        json.put("node", status.node());
        json.put("startedAt", status.startedAt());
        json.put("finishedAt", status.finishedAt());
        json.put("rowsWritten", status.rowsWritten());
        json.put("plannedRows", status.plannedRows());
        json.put("percent", status.percent());
        json.put("phase", status.phase());
        json.put("message", status.message());
        return json;
    }

    static Map<String, Object> fault(FaultSwitches.Switch state) {
        Fault fault = state.fault();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", fault.id());
        json.put("title", Map.of("zh-CN", fault.title(), "en", fault.titleEn()));
        json.put("description", Map.of("zh-CN", fault.description(), "en", fault.descriptionEn()));
        json.put("enabled", state.enabled());
        json.put("hasSetting", fault.hasSetting());
        json.put("setting", fault.hasSetting() ? state.setting() : null);
        json.put("unit", fault.unit());
        json.put("min", fault.min());
        json.put("max", fault.max());
        json.put("updatedAt", state.updatedAt());
        json.put("updatedBy", state.updatedBy());
        return json;
    }
}
