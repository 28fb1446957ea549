alter table three_item add column note varchar(200);
create index three_item_name on three_item (name);
