-- Backups (备份与恢复): what is backed up (targets), every backup taken (runs), the verifications and restores done
-- with them, the repository's size by day, and the backup data keys (sealed with the installation's master key).
-- The same SQL runs on H2 (MySQL mode) and on MySQL 8 / MariaDB 10.11. Times are datetime(3) holding UTC.

-- A data key: 32 random bytes, sealed by the core's secrets (SecretBox); a backup's manifest names the key it used.
create table backup_key (
    id varchar(32) not null,
    sealed_key varchar(1000) not null,
    created_at datetime(3) not null,
    constraint backup_key_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

-- What is backed up. kind: console (the console's own database), database (a JDBC URL or a named data source),
-- files (a folder). settings: the kind's form values as JSON, secrets sealed. schedule: a Quartz cron expression, or
-- null for backups started by hand only. keep_*: the retention policy. expect_hours: the dead-man's switch, an alert
-- when no backup completed for that long. upgrade: backed up before every module change.
create table backup_target (
    id bigint not null auto_increment,
    name varchar(100) not null,
    kind varchar(16) not null,
    settings mediumtext not null,
    schedule varchar(120) null,
    keep_last int not null,
    keep_daily int not null,
    keep_weekly int not null,
    keep_monthly int not null,
    expect_hours int null,
    upgrade_backup boolean not null,
    enabled boolean not null,
    created_at datetime(3) not null,
    updated_at datetime(3) not null,
    overdue_at datetime(3) null,
    constraint backup_target_pk primary key (id),
    constraint backup_target_name unique (name)
) default character set utf8mb4 collate utf8mb4_bin;

-- The seeds made once, by name, so that a target an operator deleted is not made again.
create table backup_seed (
    name varchar(100) not null,
    seeded_at datetime(3) not null,
    constraint backup_seed_pk primary key (name)
) default character set utf8mb4 collate utf8mb4_bin;

-- A backup. state: RUNNING, COMPLETE, FAILED, INTERRUPTED (the console stopped or was killed while it ran), PRUNED
-- (deleted by the retention policy). reason: SCHEDULED, MANUAL, PRE_UPGRADE, BEFORE_RESTORE. verify_state: NONE,
-- PASSED, FAILED. Only a COMPLETE backup has a manifest in the repository.
create table backup_run (
    id varchar(40) not null,
    target_id bigint not null,
    target_name varchar(100) not null,
    reason varchar(16) not null,
    state varchar(16) not null,
    node varchar(100) not null,
    requested_by varchar(64) null,
    note varchar(500) null,
    started_at datetime(3) not null,
    finished_at datetime(3) null,
    heartbeat_at datetime(3) not null,
    size_bytes bigint null,
    plain_bytes bigint null,
    table_count int null,
    row_count bigint null,
    file_count bigint null,
    duration_ms bigint null,
    key_id varchar(32) null,
    manifest_sha256 char(64) null,
    error varchar(4000) null,
    verify_state varchar(16) not null,
    verified_at datetime(3) null,
    constraint backup_run_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index backup_run_target on backup_run (target_id, started_at);

-- A verification: the backup restored into a scratch database (or folder) and compared with its manifest.
create table backup_verification (
    id bigint not null auto_increment,
    backup_id varchar(40) not null,
    started_at datetime(3) not null,
    finished_at datetime(3) not null,
    duration_ms bigint not null,
    outcome varchar(16) not null,
    requested_by varchar(64) null,
    detail mediumtext not null,
    constraint backup_verification_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index backup_verification_backup on backup_verification (backup_id, started_at);

-- A restore. destination: ORIGINAL or SCRATCH; location: the scratch database or folder restored into.
-- safety_backup_id: the backup taken of the original before it was overwritten.
create table backup_restore (
    id bigint not null auto_increment,
    backup_id varchar(40) not null,
    target_id bigint not null,
    destination varchar(16) not null,
    location varchar(500) null,
    safety_backup_id varchar(40) null,
    state varchar(16) not null,
    requested_by varchar(64) not null,
    started_at datetime(3) not null,
    finished_at datetime(3) null,
    duration_ms bigint null,
    detail varchar(4000) null,
    constraint backup_restore_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

-- The repository's size at the end of each day that saw a backup or a pruning (the last value of the day).
create table backup_usage (
    usage_day date not null,
    size_bytes bigint not null,
    backups int not null,
    constraint backup_usage_pk primary key (usage_day)
) default character set utf8mb4 collate utf8mb4_bin;
