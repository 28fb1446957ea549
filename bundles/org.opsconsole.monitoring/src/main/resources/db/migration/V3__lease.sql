-- Which console node monitors (probes the targets, evaluates the rules, sends the notifications): the node holding
-- the lease, renewed every few seconds; another node takes it over when it expires. expires_ms is epoch milliseconds.
create table monitoring_lease (
    name varchar(40) not null,
    node varchar(100) not null,
    expires_ms bigint not null,
    constraint monitoring_lease_pk primary key (name)
) default character set utf8mb4 collate utf8mb4_bin;
