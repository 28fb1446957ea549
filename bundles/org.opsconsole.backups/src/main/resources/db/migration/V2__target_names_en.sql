-- A target's name in English, for the console's English UI and the scheduled jobs' English titles (name_en), and the
-- English name a backup's target had when it was taken (backup_run.target_name_en, beside target_name). Both nullable:
-- a target without an English name shows its one name in both languages. Two targets cannot share an English name
-- (several nulls can).
alter table backup_target add column name_en varchar(100) null;
alter table backup_target add constraint backup_target_name_en unique (name_en);
alter table backup_run add column target_name_en varchar(100) null;

-- The targets seeded before this script (Seeds.targets()), recognised by kind, name and settings as Seeds made them:
-- one whose name or settings an operator changed is the operator's now and gets no English name (the English UI then
-- shows the name the operator gave).
update backup_target set name_en = 'Console database'
    where kind = 'console' and name = '控制台数据库' and settings = '{}';
update backup_target set name_en = 'Console configuration files'
    where kind = 'files' and name = '控制台配置文件' and settings = '{"path":"conf"}';
update backup_target set name_en = 'Simulated platform database'
    where kind = 'database' and name = '模拟平台数据库' and settings = '{"dataSource":"sandbox-platform"}';

-- The backups taken of them under the name they still have.
update backup_run set target_name_en = (select t.name_en from backup_target t
        where t.id = backup_run.target_id and t.name = backup_run.target_name)
    where exists (select 1 from backup_target t
        where t.id = backup_run.target_id and t.name = backup_run.target_name and t.name_en is not null);
