-- A target's name in English, for the console's English UI and reports (name_en). Nullable: a target has it only when
-- an operator gave one or the module seeded it; the English UI shows the one name otherwise. Unique like the name, so
-- that two targets cannot look the same in English; a target renamed without a new English name loses it (TargetStore).
alter table monitoring_target add column name_en varchar(100) null;
create unique index monitoring_target_name_en on monitoring_target (name_en);

-- The targets seeded before this script (Seeds.targets()). monitoring_target has no mark of who made a row, so a seeded
-- one is recognised by its seed's record in monitoring_seed: the seed stores the target and then, within the same
-- moment, its record, so the seeded row is the one of the seed's name and kind created up to a minute before the record
-- (an operator's target of the same name made after the seed, or long before it, is left alone), and only while its
-- name is still the one the module gave.
update monitoring_target set name_en = 'Console host'
    where name = '控制台主机' and kind = 'host' and exists (select 1 from monitoring_seed s
        where s.name = 'target:host' and monitoring_target.created_at <= s.seeded_at
        and monitoring_target.created_at > timestampadd(minute, -1, s.seeded_at));
update monitoring_target set name_en = 'Console JVM'
    where name = '控制台 JVM' and kind = 'jvm' and exists (select 1 from monitoring_seed s
        where s.name = 'target:jvm' and monitoring_target.created_at <= s.seeded_at
        and monitoring_target.created_at > timestampadd(minute, -1, s.seeded_at));
update monitoring_target set name_en = 'Console health checks'
    where name = '控制台健康检查' and kind = 'health' and exists (select 1 from monitoring_seed s
        where s.name = 'target:health' and monitoring_target.created_at <= s.seeded_at
        and monitoring_target.created_at > timestampadd(minute, -1, s.seeded_at));
update monitoring_target set name_en = 'Sandbox · front-end service'
    where name = '模拟平台 · 前端服务' and kind = 'http' and exists (select 1 from monitoring_seed s
        where s.name = 'target:sandbox-http' and monitoring_target.created_at <= s.seeded_at
        and monitoring_target.created_at > timestampadd(minute, -1, s.seeded_at));
update monitoring_target set name_en = 'Sandbox · database'
    where name = '模拟平台 · 数据库' and kind = 'database' and exists (select 1 from monitoring_seed s
        where s.name = 'target:sandbox-db' and monitoring_target.created_at <= s.seeded_at
        and monitoring_target.created_at > timestampadd(minute, -1, s.seeded_at));
update monitoring_target set name_en = 'Sandbox · login log'
    where name = '模拟平台 · 登录日志' and kind = 'login-log' and exists (select 1 from monitoring_seed s
        where s.name = 'target:sandbox-login' and monitoring_target.created_at <= s.seeded_at
        and monitoring_target.created_at > timestampadd(minute, -1, s.seeded_at));
