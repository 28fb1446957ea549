-- Every time of the accounts and sessions becomes datetime(3) holding UTC wall-clock time, read and written through
-- UtcInstantBinding. The same SQL runs on H2 (MySQL mode) and on MySQL 8 / MariaDB 10.11: one column per statement,
-- "alter table ... modify column ...", which all three accept (H2 takes no list of modify clauses).
--
-- Why not timestamp(3): MySQL converts a timestamp through the session's time zone on the way in and out (and ends it
-- in 2038), the values the console wrote through Connector/J depended on the JVM's time zone, and a server without
-- explicit_defaults_for_timestamp gave the first "timestamp not null" column of a table (security_session.created_at,
-- security_password_history.changed_at) "default current_timestamp on update current_timestamp", so that marking a
-- session seen also moved its creation time. "modify column" restates the whole column, which drops those.
--
-- The rows keep their values: the console wrote UTC wall-clock times into these columns, which MySQL stored converted
-- from the session's time zone; converting timestamp to datetime converts them back through the same session time
-- zone (the migration runs on the console's own connections), giving the UTC wall-clock time written. H2's timestamp
-- is already a wall-clock time, and datetime(3) is the same type there. The nullability stays as V1 made it.
alter table security_user modify column locked_until datetime(3) null;
alter table security_user modify column created_at datetime(3) not null;
alter table security_user modify column password_changed_at datetime(3) null;

alter table security_password_history modify column changed_at datetime(3) not null;

alter table security_session modify column created_at datetime(3) not null;
alter table security_session modify column last_seen_at datetime(3) not null;
