alter table two_item add column note varchar(200);
create index two_item_name on two_item (name);
