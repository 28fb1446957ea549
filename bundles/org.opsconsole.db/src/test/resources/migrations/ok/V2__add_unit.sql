alter table demo_item add column unit_code varchar(20);
create index demo_item_unit on demo_item (unit_code);
insert into demo_item (name, amount, unit_code) values ('缴款书', 12.50, '440800');
