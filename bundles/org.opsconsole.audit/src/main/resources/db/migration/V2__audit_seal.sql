-- Sealing the head of the audit trail. The chain's hashes are unkeyed (anyone can check an export), so someone who
-- can write to the database could change a record, hash every later one anew and move the head. The head is
-- therefore also sealed: seal is the HMAC-SHA256 of its last_id and last_hash under the trail's own key, 64 hex
-- digits, set by every append in the same transaction; null in a trail written before this script, until its next
-- append. The same SQL runs on H2 (MySQL mode) and on MySQL 8 / MariaDB 10.11.
alter table audit_head add column seal char(64) null;

-- The trail's key (one row, id 1): 32 random bytes, sealed with the installation's master key (SecretBox), which
-- lives in the console's data folder, not in the database. Made by the first append that seals, in its transaction;
-- never changed or removed through the console.
create table audit_key (
    id int not null,
    sealed_key varchar(1000) not null,
    constraint audit_key_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;
