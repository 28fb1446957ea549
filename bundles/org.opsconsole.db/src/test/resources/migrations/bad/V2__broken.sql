insert into demo_item (name, amount) values ('first', 1.00);
insert into no_such_table (x) values (1);
