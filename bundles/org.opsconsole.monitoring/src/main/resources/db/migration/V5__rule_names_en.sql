-- A built-in rule's name and description in English, for the console's English UI and reports (name_en,
-- description_en). Both nullable: an operator's rule has its one name and description, and a built-in rule whose name
-- or description an operator changed loses the English text of what changed (the English UI then shows what the
-- operator typed).
alter table monitoring_rule add column name_en varchar(100) null;
alter table monitoring_rule add column description_en varchar(1000) null;

-- The built-in rules seeded before this script (Seeds.rules()): each English text is filled where the Chinese text is
-- still the one the module gave.
update monitoring_rule set name_en = 'Target down' where built_in = true and name = '目标不可用';
update monitoring_rule set name_en = 'Slow HTTP responses' where built_in = true and name = 'HTTP 响应缓慢';
update monitoring_rule set name_en = 'HTTP 5xx surge' where built_in = true and name = 'HTTP 5xx 激增';
update monitoring_rule set name_en = 'Certificate expiring soon' where built_in = true and name = '证书即将过期';
update monitoring_rule set name_en = 'Low disk space' where built_in = true and name = '磁盘空间不足';
update monitoring_rule set name_en = 'Login failure surge (possible attack)' where built_in = true and name = '登录失败激增（疑似攻击）';
update monitoring_rule set name_en = 'Database connections near the limit' where built_in = true and name = '数据库连接数接近上限';
update monitoring_rule set name_en = 'JVM heap running low' where built_in = true and name = 'JVM 堆内存紧张';
update monitoring_rule set name_en = 'Monitoring data missing' where built_in = true and name = '监控数据中断';

update monitoring_rule set description_en = 'Probes keep failing: the service is down, the network is cut, or something blocks it. Check the service and its host at once.'
    where built_in = true and description = '探测连续失败：服务宕机、网络中断或被拦截。请立即检查该服务及其所在主机。';
update monitoring_rule set description_en = 'The average response time over one minute is above 1 second. Check the load on the application, slow database queries and the network.'
    where built_in = true and description = '一分钟内平均响应时间超过 1 秒。检查应用负载、数据库慢查询和网络。';
update monitoring_rule set description_en = 'Over five minutes, more than one probe in ten got a 5xx answer: the application fails or crashed, or it may be under attack.'
    where built_in = true and description = '五分钟内超过一成的探测得到 5xx 应答：应用出错或崩溃，也可能遭受攻击。';
update monitoring_rule set description_en = 'The TLS certificate expires within 14 days. Renew it and deploy the new certificate soon.'
    where built_in = true and description = 'TLS 证书 14 天内过期。请尽快续期并部署新证书。';
update monitoring_rule set description_en = 'The mount point is more than 90% full. Clean up logs and temporary files, or add space.'
    where built_in = true and description = '挂载点已用超过 90%。清理日志和临时文件，或扩容。';
update monitoring_rule set description_en = '20 or more failed logins from one source address within the window: a possible brute-force attack. Check the source and consider blocking it.'
    where built_in = true and description = '同一来源地址在窗口内登录失败 20 次以上：疑似暴力破解。请核实来源并考虑封禁。';
update monitoring_rule set description_en = 'More than 85% of the maximum connections are in use. Look for connection leaks or raise max_connections.'
    where built_in = true and description = '已用连接超过最大连接数的 85%。检查连接泄漏或调大 max_connections。';
update monitoring_rule set description_en = 'Average heap use over five minutes is above 90%. Look for memory leaks or enlarge the heap.'
    where built_in = true and description = '五分钟内平均堆使用超过 90%。检查内存泄漏或调大堆内存。';
update monitoring_rule set description_en = 'No probe result for five minutes: a probe is stuck or the monitoring scheduler is behind.'
    where built_in = true and description = '五分钟没有收到探测结果：探测卡住或监控调度落后。';
