-- The defaults the module created once (targets, built-in rules), by name, so that one an operator deleted is not
-- created again at the next start.
create table monitoring_seed (
    name varchar(100) not null,
    seeded_at datetime(3) not null,
    constraint monitoring_seed_pk primary key (name)
) default character set utf8mb4 collate utf8mb4_bin;
