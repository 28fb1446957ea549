-- The backup that protected a change: taken for it by the backup module before the framework was touched, or a
-- recent one the backup module named instead. backup_id: the backup's id; backup_link: the console path that shows
-- it. Null when no backup module was installed or it said the change needed none. A rolled-back change keeps its
-- backup (it was taken). The same SQL runs on H2 (MySQL mode) and on MySQL 8 / MariaDB 10.11: one column per
-- statement; the columns take the table's character set (utf8mb4, utf8mb4_bin).
alter table plugins_change add column backup_id varchar(64) null;
alter table plugins_change add column backup_link varchar(500) null;
