-- Monitoring (监控告警): targets and their probes' time series, alert rules and alerts, silences and maintenance
-- windows, and tuning suggestions. The same SQL runs on H2 (MySQL mode) and on MySQL 8 / MariaDB 10.11.
-- Times named *_at are datetime(3) holding UTC; sample times are epoch milliseconds (bigint), which index and
-- bucket the same way on every database.

-- A target an operator configured: what to probe (kind, the probe's settings as JSON, secrets sealed), how often,
-- and its labels (JSON object).
create table monitoring_target (
    id bigint not null auto_increment,
    name varchar(100) not null,
    kind varchar(40) not null,
    settings varchar(8000) not null,
    labels varchar(2000) not null,
    interval_seconds int not null,
    timeout_seconds int not null,
    enabled boolean not null,
    created_at datetime(3) not null,
    updated_at datetime(3) not null,
    updated_by varchar(64) not null,
    constraint monitoring_target_pk primary key (id),
    constraint monitoring_target_name unique (name)
) default character set utf8mb4 collate utf8mb4_bin;

-- A time series: one metric with one set of labels (canonical JSON, keys sorted) of one target.
create table monitoring_series (
    id bigint not null auto_increment,
    target_id bigint not null,
    metric varchar(100) not null,
    labels varchar(1200) not null,
    created_at datetime(3) not null,
    constraint monitoring_series_pk primary key (id),
    constraint monitoring_series_key unique (target_id, metric, labels)
) default character set utf8mb4 collate utf8mb4_bin;

-- Raw samples, kept for the raw retention (7 days by default).
create table monitoring_sample (
    series_id bigint not null,
    at_ms bigint not null,
    val double not null,
    constraint monitoring_sample_pk primary key (series_id, at_ms)
) default character set utf8mb4 collate utf8mb4_bin;

create index monitoring_sample_at on monitoring_sample (at_ms);

-- 5-minute and hourly roll-ups of the raw samples: bucket start, and min, max, sum and count in the bucket.
create table monitoring_rollup_5m (
    series_id bigint not null,
    at_ms bigint not null,
    val_min double not null,
    val_max double not null,
    val_sum double not null,
    val_count int not null,
    constraint monitoring_rollup_5m_pk primary key (series_id, at_ms)
) default character set utf8mb4 collate utf8mb4_bin;

create index monitoring_rollup_5m_at on monitoring_rollup_5m (at_ms);

create table monitoring_rollup_1h (
    series_id bigint not null,
    at_ms bigint not null,
    val_min double not null,
    val_max double not null,
    val_sum double not null,
    val_count int not null,
    constraint monitoring_rollup_1h_pk primary key (series_id, at_ms)
) default character set utf8mb4 collate utf8mb4_bin;

create index monitoring_rollup_1h_at on monitoring_rollup_1h (at_ms);

-- How far each roll-up is complete: every bucket that starts before done_until_ms is rolled up. resolution: 5m, 1h.
create table monitoring_rollup_state (
    resolution varchar(10) not null,
    done_until_ms bigint not null,
    constraint monitoring_rollup_state_pk primary key (resolution)
) default character set utf8mb4 collate utf8mb4_bin;

-- A target going up or down (the probe results between are kept in memory only): for the target's history and
-- for flapping.
create table monitoring_target_event (
    id bigint not null auto_increment,
    target_id bigint not null,
    at_ms bigint not null,
    up boolean not null,
    message varchar(500) not null,
    constraint monitoring_target_event_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index monitoring_target_event_target on monitoring_target_event (target_id, at_ms);

-- An alert rule. kind: THRESHOLD (the metric's value, or its avg/min/max over window_seconds, compared with the
-- threshold), RATE (change per minute over window_seconds compared with the threshold), ABSENT (no sample for
-- window_seconds). op: >, >=, <, <=, ==, !=. clear_threshold: where a firing alert resolves (hysteresis); null for
-- the threshold itself. target_id: one target, or null for every target whose labels match target_labels (JSON).
-- series_labels: the series' labels must include these (JSON). severity: INFO, WARNING, CRITICAL. channels: JSON
-- array of notification channel ids, empty for the default ones. escalate_*: when a firing alert is not
-- acknowledged within escalate_minutes, it is sent to these channels and roles as well.
create table monitoring_rule (
    id bigint not null auto_increment,
    name varchar(100) not null,
    description varchar(1000) not null,
    kind varchar(20) not null,
    metric varchar(100) not null,
    aggregation varchar(10) not null,
    window_seconds int not null,
    op varchar(2) not null,
    threshold double not null,
    clear_threshold double null,
    for_seconds int not null,
    target_id bigint null,
    target_labels varchar(2000) not null,
    series_labels varchar(2000) not null,
    severity varchar(10) not null,
    channels varchar(1000) not null,
    escalate_minutes int null,
    escalate_channels varchar(1000) not null,
    escalate_roles varchar(1000) not null,
    enabled boolean not null,
    built_in boolean not null,
    created_at datetime(3) not null,
    updated_at datetime(3) not null,
    updated_by varchar(64) not null,
    constraint monitoring_rule_pk primary key (id),
    constraint monitoring_rule_name unique (name)
) default character set utf8mb4 collate utf8mb4_bin;

-- An alert: one rule firing for one series. state: FIRING, RESOLVED (pending alerts live in memory only).
-- fingerprint: rule id and series id, unique among the alerts not resolved. ack_*: who acknowledged it and why
-- (it stays acknowledged until it resolves). notified_at / resolved_notified_at: when its group's notification went
-- out; escalated_at: when it was escalated. silenced_by: the silence that held back its notification, if any.
create table monitoring_alert (
    id bigint not null auto_increment,
    rule_id bigint not null,
    target_id bigint not null,
    series_id bigint null,
    fingerprint varchar(100) not null,
    severity varchar(10) not null,
    state varchar(10) not null,
    summary varchar(500) not null,
    labels varchar(2000) not null,
    alert_value double not null,
    pending_at datetime(3) not null,
    fired_at datetime(3) not null,
    resolved_at datetime(3) null,
    ack_by varchar(64) null,
    ack_at datetime(3) null,
    ack_reason varchar(500) null,
    notified_at datetime(3) null,
    resolved_notified_at datetime(3) null,
    escalated_at datetime(3) null,
    silenced_by bigint null,
    constraint monitoring_alert_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index monitoring_alert_state on monitoring_alert (state, fired_at);
create index monitoring_alert_fingerprint on monitoring_alert (fingerprint, state);

-- A silence (notifications held back) or a maintenance window (also shown as maintenance on the targets, and
-- announced when it starts and ends). matchers: JSON {"targetId":..,"ruleId":..,"labels":{..}}, all optional, all
-- must match. start_notified_at / end_notified_at: when its start and end were announced. ended_by: who ended
-- it early.
create table monitoring_silence (
    id bigint not null auto_increment,
    kind varchar(12) not null,
    matchers varchar(2000) not null,
    starts_at datetime(3) not null,
    ends_at datetime(3) not null,
    comment varchar(1000) not null,
    created_by varchar(64) not null,
    created_at datetime(3) not null,
    ended_by varchar(64) null,
    start_notified_at datetime(3) null,
    end_notified_at datetime(3) null,
    constraint monitoring_silence_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

-- A tuning or fault-prevention suggestion (调优和故障预防建议). suggestion_key: its kind and what it is about, so a
-- suggestion found again updates its row. evidence: JSON (the series, the numbers). active: still found by the
-- last computation. dismissed_*: who dismissed it and why (it stays dismissed while it is found again).
create table monitoring_suggestion (
    id bigint not null auto_increment,
    suggestion_key varchar(300) not null,
    kind varchar(30) not null,
    target_id bigint null,
    severity varchar(10) not null,
    title varchar(300) not null,
    title_en varchar(300) not null,
    action varchar(1000) not null,
    action_en varchar(1000) not null,
    evidence varchar(4000) not null,
    active boolean not null,
    first_seen_at datetime(3) not null,
    last_seen_at datetime(3) not null,
    dismissed_at datetime(3) null,
    dismissed_by varchar(64) null,
    dismissed_reason varchar(500) null,
    constraint monitoring_suggestion_pk primary key (id),
    constraint monitoring_suggestion_key unique (suggestion_key)
) default character set utf8mb4 collate utf8mb4_bin;
