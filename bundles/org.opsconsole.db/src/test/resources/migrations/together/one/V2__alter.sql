alter table one_item add column note varchar(200);
create index one_item_name on one_item (name);
