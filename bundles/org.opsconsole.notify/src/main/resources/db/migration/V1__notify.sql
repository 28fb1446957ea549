-- Notifications (通知): the messages modules send, who sees them in the console's inbox and who has read them, the
-- channels operators configured, and the outbox of deliveries (one per message and channel). The same SQL runs on H2
-- (MySQL mode) and on MySQL 8 / MariaDB 10.11.
--
-- Times are datetime(3) holding UTC, not timestamp: MySQL converts timestamps through the session's time zone, ends
-- them in 2038, and may give the first one "on update current_timestamp". Tables holding text people write (Chinese)
-- are utf8mb4 with a binary collation whatever the server's defaults are.

-- A notification as sent. severity: INFO, WARNING, CRITICAL. link: a console path or an http(s) URL, null when none.
-- test: an operator's test message from the channel settings (it has no audience and one delivery).
create table notify_message (
    id bigint not null auto_increment,
    created_at datetime(3) not null,
    severity varchar(10) not null,
    title varchar(200) not null,
    body varchar(4000) not null,
    link varchar(500) null,
    source varchar(64) not null,
    test boolean not null,
    constraint notify_message_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

-- the retention cleanup
create index notify_message_created on notify_message (created_at);

-- Who sees a message in the inbox: kind 'role' with a role id, or kind 'user' with a user name. A row per name, so
-- that the inbox finds a user's messages through the index below instead of reading every message.
create table notify_audience (
    message_id bigint not null,
    kind varchar(4) not null,
    name varchar(64) not null,
    constraint notify_audience_pk primary key (message_id, kind, name),
    constraint notify_audience_message foreign key (message_id) references notify_message (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index notify_audience_name on notify_audience (kind, name, message_id);

-- A user has read a message.
create table notify_read (
    message_id bigint not null,
    user_name varchar(64) not null,
    read_at datetime(3) not null,
    constraint notify_read_pk primary key (message_id, user_name),
    constraint notify_read_message foreign key (message_id) references notify_message (id)
) default character set utf8mb4 collate utf8mb4_bin;

-- A channel an operator configured: a kind (the type of a NotificationChannel service, e.g. wecom) with its settings.
-- id: lower case letters, digits and hyphens, chosen when the channel is made; modules name channels by it.
-- min_severity: the least severity a message needs to go through the channel when the sender names no channels.
-- settings: a JSON object by field name; a plain value is a string, a secret is {"sealed": "<SecretBox text>"},
-- so that the table never holds a secret in clear.
create table notify_channel (
    id varchar(64) not null,
    name varchar(100) not null,
    type varchar(64) not null,
    enabled boolean not null,
    min_severity varchar(10) not null,
    settings varchar(8000) not null,
    created_at datetime(3) not null,
    updated_at datetime(3) not null,
    constraint notify_channel_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

-- The outbox: one delivery of a message through a channel. state: PENDING (to be sent at next_attempt_at), SENT,
-- FAILED (no more attempts). channel_id has no foreign key: the log keeps the deliveries of a removed channel.
-- A node claims a due delivery by setting claimed_by and claimed_until with a conditional update; the claim of a node
-- that died mid-send expires at claimed_until and another node sends the delivery again (at least once).
create table notify_delivery (
    id bigint not null auto_increment,
    message_id bigint not null,
    channel_id varchar(64) not null,
    state varchar(10) not null,
    attempts int not null,
    next_attempt_at datetime(3) not null,
    last_attempt_at datetime(3) null,
    last_error varchar(2000) null,
    claimed_by varchar(100) null,
    claimed_until datetime(3) null,
    delivered_at datetime(3) null,
    constraint notify_delivery_pk primary key (id),
    constraint notify_delivery_once unique (message_id, channel_id),
    constraint notify_delivery_message foreign key (message_id) references notify_message (id)
) default character set utf8mb4 collate utf8mb4_bin;

-- the worker's due deliveries
create index notify_delivery_due on notify_delivery (state, next_attempt_at);
-- a channel's deliveries (its counts on the channels page, failing them when it is removed)
create index notify_delivery_channel on notify_delivery (channel_id, state);
