-- The operator-visible texts in English too, for the console's English UI and reports: an alert's summary
-- (summary_en) and a probe's message at an up/down change (message_en). Both nullable: a row stored before this
-- script, or by a probe that gives one message only, has none, and readers fall back to the Chinese column.
alter table monitoring_alert add column summary_en varchar(500) null;
alter table monitoring_target_event add column message_en varchar(500) null;
