-- a module's first tables: the same SQL on H2 (MySQL mode) and MySQL/MariaDB
create table demo_item (
    id bigint not null auto_increment primary key,
    name varchar(100) not null,
    amount decimal(18, 2) not null,
    created_at timestamp not null default current_timestamp
);
