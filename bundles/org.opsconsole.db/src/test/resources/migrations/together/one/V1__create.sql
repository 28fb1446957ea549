-- one of the modules that migrate at the same time
create table one_item (id bigint not null auto_increment primary key, name varchar(100) not null);
