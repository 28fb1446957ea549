-- The sandbox's own state in the console's database (the simulated platform's data lives in a database of its own).
-- The same SQL runs on H2 (MySQL mode) and on MySQL 8 / MariaDB 10.11.

-- A fault switch of the simulated platform, as an operator last set it: it survives restarts. name: latency, errors,
-- outage, slow-db, disk-fill, login-burst. setting: the fault's one number (milliseconds, percent, megabytes or
-- attempts per second, by name), kept while the switch is off. updated_at is UTC.
create table sandbox_fault (
    name varchar(20) not null,
    enabled boolean not null,
    setting int not null,
    updated_at datetime(3) not null,
    updated_by varchar(64) not null,
    constraint sandbox_fault_pk primary key (name)
) default character set utf8mb4 collate utf8mb4_bin;
