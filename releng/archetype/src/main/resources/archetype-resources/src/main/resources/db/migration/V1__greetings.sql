-- The ${module} extension's tables. Table names start with the module name and an underscore. The same SQL runs on H2
-- (MySQL mode, the console's embedded database) and on MySQL 8 / MariaDB 10.11: keep to what both understand.
-- A script runs once; change the tables with a new script (V2__...sql), never by editing this one.
--
-- Times are datetime(3) holding UTC (read and written through org.opsconsole.api.db.UtcInstantBinding, see pom.xml).
-- Text people write is utf8mb4 with a binary collation, whatever the server's defaults are.

-- A greeting someone left on the page.
create table ${module}_greeting (
    id bigint not null auto_increment,
    text varchar(200) not null,
    created_by varchar(64) not null,
    created_at datetime(3) not null,
    constraint ${module}_greeting_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

-- the list (newest first) and the cleanup job
create index ${module}_greeting_created on ${module}_greeting (created_at);
