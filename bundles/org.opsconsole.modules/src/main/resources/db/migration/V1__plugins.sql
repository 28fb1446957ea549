-- The plugin manager (模块管理): the modules installed at runtime (the desired state every console node reconciles
-- to), the exact artifacts they were installed from (so that any earlier state can be restored without a remote
-- repository), and the history of changes. The same SQL runs on H2 (MySQL mode) and on MySQL 8 / MariaDB 10.11.
-- Times are datetime(3) holding UTC.

-- A bundle jar as it was uploaded or fetched, by the SHA-256 of its bytes; never changed, kept for rollback.
create table plugins_artifact (
    sha256 char(64) not null,
    symbolic_name varchar(255) not null,
    version varchar(100) not null,
    file_name varchar(255) not null,
    size bigint not null,
    content longblob not null,
    stored_at datetime(3) not null,
    constraint plugins_artifact_pk primary key (sha256)
) default character set utf8mb4 collate utf8mb4_bin;

-- An installed module (a feature). descriptor: its feature.json as installed. source: what it came from
-- ('upload:<file>', 'deploy:<file>', 'repository:<id>').
create table plugins_feature (
    feature_id varchar(255) not null,
    name varchar(255) null,
    version varchar(100) not null,
    description varchar(2000) null,
    source varchar(500) not null,
    descriptor mediumtext not null,
    installed_at datetime(3) not null,
    installed_by varchar(64) not null,
    change_id bigint not null,
    constraint plugins_feature_pk primary key (feature_id)
) default character set utf8mb4 collate utf8mb4_bin;

-- The bundles of an installed module, in start order.
create table plugins_feature_bundle (
    feature_id varchar(255) not null,
    ordinal int not null,
    symbolic_name varchar(255) not null,
    version varchar(100) not null,
    sha256 char(64) not null,
    start_order int not null,
    constraint plugins_feature_bundle_pk primary key (feature_id, ordinal),
    constraint plugins_feature_bundle_feature foreign key (feature_id) references plugins_feature (feature_id),
    constraint plugins_feature_bundle_artifact foreign key (sha256) references plugins_artifact (sha256)
) default character set utf8mb4 collate utf8mb4_bin;

-- A change: who, when, what (action INSTALL, UPDATE, UNINSTALL, REVERT), the desired state before and after it
-- (JSON), and its outcome (APPLIED, ROLLED_BACK). summary: what the plan said, in words; error: why it failed.
create table plugins_change (
    id bigint not null auto_increment,
    changed_at datetime(3) not null,
    actor varchar(64) not null,
    action varchar(16) not null,
    feature_id varchar(255) not null,
    summary varchar(4000) not null,
    state_before mediumtext not null,
    state_after mediumtext not null,
    outcome varchar(16) not null,
    error varchar(4000) null,
    constraint plugins_change_pk primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;
