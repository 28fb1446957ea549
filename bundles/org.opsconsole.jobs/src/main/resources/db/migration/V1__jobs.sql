-- The scheduler's run history (计划任务运行记录): one row per run of a scheduled job, on whichever console node
-- ran it. The same SQL runs on H2 (MySQL mode) and on MySQL 8 / MariaDB 10.11.
--
-- A row is also the claim on a firing: before a node runs the firing of a job due at scheduled_at, it inserts the
-- row; the unique key (job_id, scheduled_at) lets exactly one node of the cluster succeed, the others skip that
-- firing. A "run now" request is a row whose scheduled_at is the time of the request and requested_by the user.
--
-- The times are datetime(3) holding UTC, not timestamp: MySQL converts timestamps through the session's time zone
-- (so that two nodes in different zones would claim different values for the same firing) and ends them in 2038,
-- and a MySQL server without explicit_defaults_for_timestamp would give the first timestamp column
-- "on update current_timestamp", moving scheduled_at, the claim itself, whenever the row is updated.
-- outcome: RUNNING, SUCCESS, FAILED, INTERRUPTED.
create table jobs_run (
    id bigint not null auto_increment,
    job_id varchar(100) not null,
    scheduled_at datetime(3) not null,
    node varchar(100) not null,
    requested_by varchar(64) null,
    started_at datetime(3) not null,
    ended_at datetime(3) null,
    outcome varchar(20) not null,
    message varchar(2000) null,
    progress varchar(500) null,
    constraint jobs_run_pk primary key (id),
    constraint jobs_run_firing unique (job_id, scheduled_at)
) default character set utf8mb4 collate utf8mb4_bin;

-- a job's history, newest first, and its last run
create index jobs_run_job on jobs_run (job_id, id);
-- what runs now, on the cluster or on one node (at start and stop)
create index jobs_run_outcome on jobs_run (outcome, node);
-- the history cleanup
create index jobs_run_started on jobs_run (started_at);
