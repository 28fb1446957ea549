package org.opsconsole.monitoring.internal;

import static org.opsconsole.monitoring.internal.schema.Tables.MONITORING_RULE;

import java.time.Instant;

import org.jooq.DSLContext;
import org.opsconsole.monitoring.internal.schema.tables.records.MonitoringRuleRecord;

/** Rule rows written straight into {@code monitoring_rule}, for tests that need one without the rule store. */
public final class TestRules {

    private TestRules() {
    }

    /**
     * A threshold rule on {@code up} with every column of the first migration set, not yet stored: the caller sets more
     * and stores it ({@code store()}, or {@code insertInto(MONITORING_RULE).set(row)} for the changed columns only).
     *
     * @param dsl the module's database
     * @param name its name
     * @param description its description
     * @param builtIn whether the module made it
     * @param at when it was made and last changed
     * @return the row
     */
    public static MonitoringRuleRecord row(DSLContext dsl, String name, String description, boolean builtIn, Instant at) {
        MonitoringRuleRecord r = dsl.newRecord(MONITORING_RULE);
        r.setName(name);
        r.setDescription(description);
        r.setKind("THRESHOLD");
        r.setMetric("up");
        r.setAggregation("last");
        r.setWindowSeconds(60);
        r.setOp("<");
        r.setThreshold(1.0);
        r.setForSeconds(0);
        r.setTargetLabels("{}");
        r.setSeriesLabels("{}");
        r.setSeverity("CRITICAL");
        r.setChannels("[]");
        r.setEscalateChannels("[]");
        r.setEscalateRoles("[]");
        r.setEnabled(true);
        r.setBuiltIn(builtIn);
        r.setCreatedAt(at);
        r.setUpdatedAt(at);
        r.setUpdatedBy("test");
        return r;
    }
}
