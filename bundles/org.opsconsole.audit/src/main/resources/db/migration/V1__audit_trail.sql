-- The audit trail (审计日志): one row per recorded action, append-only and hash-chained. The same SQL runs on
-- H2 (MySQL mode) and on MySQL 8 / MariaDB 10.11.
--
-- occurred_at is a datetime holding UTC, not a timestamp: MySQL converts timestamps through the session's
-- time zone (and ends them in 2038), and the chain's hashes cover the time to the millisecond, so it must read
-- back exactly as it was written, on every node.
-- The texts are utf8mb4 with a binary collation whatever the server's defaults are: a Chinese or emoji
-- character that a latin1 table turned into '?' would make the record look changed.
create table audit_event (
    id bigint not null auto_increment,
    occurred_at datetime(3) not null,
    actor varchar(100) not null,
    source varchar(100) not null,
    action varchar(200) not null,
    target varchar(255) not null,
    outcome varchar(16) not null,
    detail varchar(4000) not null,
    prev_hash char(64) not null,
    hash char(64) not null,
    constraint audit_event_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index audit_event_occurred_at on audit_event (occurred_at);
create index audit_event_actor on audit_event (actor, occurred_at);
create index audit_event_action on audit_event (action, occurred_at);
create index audit_event_outcome on audit_event (outcome, occurred_at);

-- The head of the chain: the newest record and its hash. Appending locks this one row (select ... for update),
-- so that the chain stays one line even when several console nodes append to one database; verifying compares
-- the newest record with it, so that removing the newest records is detected too.
create table audit_head (
    id int not null,
    last_id bigint null,
    last_hash char(64) null,
    constraint audit_head_pk primary key (id)
);

insert into audit_head (id, last_id, last_hash) values (1, null, null);
