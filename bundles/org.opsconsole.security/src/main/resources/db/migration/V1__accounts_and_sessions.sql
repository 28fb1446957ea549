-- Console users, their roles and extra grants, password history and sessions (shared by all console nodes).
create table security_user (
    id bigint not null auto_increment primary key,
    name varchar(64) not null,
    display_name varchar(100) not null,
    password_hash varchar(255) not null,
    must_change_password boolean not null,
    enabled boolean not null,
    failed_logins int not null,
    locked_until timestamp(3) null,
    created_at timestamp(3) not null,
    password_changed_at timestamp(3) null,
    constraint security_user_name unique (name)
);

create table security_user_role (
    user_id bigint not null,
    role varchar(64) not null,
    primary key (user_id, role)
);

create table security_password_history (
    id bigint not null auto_increment primary key,
    user_id bigint not null,
    password_hash varchar(255) not null,
    changed_at timestamp(3) not null
);
create index security_password_history_user on security_password_history (user_id);

create table security_role_grant (
    role varchar(64) not null,
    permission varchar(100) not null,
    primary key (role, permission)
);

create table security_session (
    token_hash char(64) not null primary key,
    user_id bigint not null,
    csrf_token varchar(64) not null,
    source varchar(64) not null,
    created_at timestamp(3) not null,
    last_seen_at timestamp(3) not null
);
create index security_session_user on security_session (user_id);
