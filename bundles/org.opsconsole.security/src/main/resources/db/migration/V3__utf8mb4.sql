-- V1 made its tables in the database's default character set, which on MySQL/MariaDB may be latin1 (the
-- first accounts' Chinese names then fail) and compares names without regard to case (unlike H2). Every
-- table now uses utf8mb4 with binary comparison, like the other modules' tables. (Not a schema change for jOOQ.)
/* [jooq ignore start] */
alter table security_user convert to character set utf8mb4 collate utf8mb4_bin;
alter table security_user_role convert to character set utf8mb4 collate utf8mb4_bin;
alter table security_password_history convert to character set utf8mb4 collate utf8mb4_bin;
alter table security_role_grant convert to character set utf8mb4 collate utf8mb4_bin;
alter table security_session convert to character set utf8mb4 collate utf8mb4_bin;
/* [jooq ignore stop] */
