-- The simulated non-tax revenue platform (非税收入管理一体化平台): its own database, not the console's. The sandbox
-- applies these scripts to that database itself (history in sandbox_schema_history); the same SQL runs on H2 (MySQL
-- mode) and on MySQL 8 / MariaDB 10.11.
--
-- As on the platform it imitates, the business tables have no foreign keys (the application keeps the references) and
-- the ids of generated rows are given by the generator, so that the same seed gives the same rows on every database.
-- Times are the platform's local wall-clock time (Asia/Shanghai) as datetime; amounts are decimal(18,2) yuan.

-- 行政区划: the city, its districts and counties, and the development zone.
create table region (
    code varchar(12) not null comment '区划代码',
    name varchar(40) not null comment '区划名称',
    primary key (code)
) default character set utf8mb4 collate utf8mb4_bin;

-- 执收单位: the units that collect non-tax revenue, in a tree under the finance bureau.
create table collecting_unit (
    id bigint not null comment '单位编号',
    code varchar(20) not null comment '单位编码',
    name varchar(100) not null comment '单位名称',
    parent_id bigint null comment '上级单位',
    level_no int not null comment '层级：0 市财政局，1 区县财政局，2 执收单位，3 下属单位',
    region_code varchar(12) not null comment '所属区划',
    unit_type varchar(20) not null comment '单位类型：FINANCE 财政部门，ORGAN 行政机关，INSTITUTION 事业单位，JUDICIAL 司法机关',
    enabled boolean not null comment '是否启用',
    primary key (id),
    constraint collecting_unit_code unique (code)
) default character set utf8mb4 collate utf8mb4_bin;

create index collecting_unit_parent on collecting_unit (parent_id);

-- 收费项目: what may be collected, by category (行政事业性收费, 罚没收入, 国有资源有偿使用收入, 政府性基金收入, ...).
create table fee_item (
    id bigint not null comment '项目编号',
    code varchar(20) not null comment '项目编码',
    name varchar(100) not null comment '项目名称',
    category_code varchar(10) not null comment '收入类别编码（预算科目款级）',
    category_name varchar(40) not null comment '收入类别',
    standard_amount decimal(18, 2) null comment '征收标准（元/计量单位）；空为按实际金额',
    measure_unit varchar(10) not null comment '计量单位',
    enabled boolean not null comment '是否启用',
    primary key (id),
    constraint fee_item_code unique (code)
) default character set utf8mb4 collate utf8mb4_bin;

-- Which unit may collect which item.
create table unit_fee_item (
    unit_id bigint not null comment '执收单位',
    fee_item_id bigint not null comment '收费项目',
    primary key (unit_id, fee_item_id)
) default character set utf8mb4 collate utf8mb4_bin;

-- 代收银行: the agency banks and the collection account each holds for the bureau (非税收入汇缴结算户).
create table agency_bank (
    code varchar(10) not null comment '银行编码',
    bank_no varchar(3) not null comment '银行行别代码',
    name varchar(60) not null comment '银行名称',
    account_no varchar(30) not null comment '汇缴结算户账号',
    primary key (code)
) default character set utf8mb4 collate utf8mb4_bin;

-- 缴款书 (缴款通知书): one per demand for payment, identified by its 20-digit 缴款码.
-- status: UNPAID 待缴款, PAID 已缴款, CANCELLED 已作废.
create table payment_notice (
    id bigint not null comment '缴款书编号',
    pay_code varchar(20) not null comment '缴款码',
    unit_id bigint not null comment '执收单位',
    payer_name varchar(100) not null comment '缴款人',
    payer_type varchar(10) not null comment '缴款人类型：PERSON 个人，ORG 单位',
    payer_id_no varchar(30) not null comment '缴款人证件号（脱敏）',
    total_amount decimal(18, 2) not null comment '应缴金额',
    status varchar(10) not null comment '状态',
    issued_at datetime not null comment '开具时间',
    due_on date not null comment '缴款期限',
    paid_at datetime null comment '缴款时间',
    created_by bigint not null comment '开票人',
    primary key (id),
    constraint payment_notice_pay_code unique (pay_code)
) default character set utf8mb4 collate utf8mb4_bin;

create index payment_notice_unit on payment_notice (unit_id, issued_at);

-- The items of a notice.
create table payment_notice_item (
    id bigint not null comment '明细编号',
    notice_id bigint not null comment '缴款书',
    line_no int not null comment '行号',
    fee_item_id bigint not null comment '收费项目',
    quantity int not null comment '数量',
    unit_price decimal(18, 2) not null comment '单价',
    amount decimal(18, 2) not null comment '金额',
    primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index payment_notice_item_notice on payment_notice_item (notice_id);

-- 收缴记录: a payment an agency bank reported, with the bank's serial number.
-- channel: COUNTER 柜台, ONLINE 网上银行, MOBILE 手机银行, POS 刷卡.
create table collection_record (
    id bigint not null comment '收缴记录编号',
    notice_id bigint not null comment '缴款书',
    pay_code varchar(20) not null comment '缴款码',
    bank_code varchar(10) not null comment '代收银行',
    bank_serial varchar(30) not null comment '银行流水号',
    amount decimal(18, 2) not null comment '实缴金额',
    channel varchar(10) not null comment '缴款渠道',
    paid_at datetime not null comment '缴款时间',
    recorded_at datetime not null comment '入账时间',
    primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index collection_record_serial on collection_record (bank_code, bank_serial);
create index collection_record_notice on collection_record (notice_id);

-- 银行对账单: what each agency bank says it received on a day, line by line.
create table bank_statement_line (
    id bigint not null comment '对账单明细编号',
    bank_code varchar(10) not null comment '代收银行',
    statement_date date not null comment '对账日期',
    line_no int not null comment '行号',
    bank_serial varchar(30) not null comment '银行流水号',
    pay_code varchar(20) not null comment '缴款码',
    amount decimal(18, 2) not null comment '金额',
    txn_at datetime not null comment '交易时间',
    primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index bank_statement_line_day on bank_statement_line (bank_code, statement_date);
create index bank_statement_line_serial on bank_statement_line (bank_code, bank_serial);

-- 会计科目 of the bureau's non-tax revenue bookkeeping.
create table ledger_account (
    code varchar(20) not null comment '科目编码',
    name varchar(60) not null comment '科目名称',
    primary key (code)
) default character set utf8mb4 collate utf8mb4_bin;

-- 明细账: the daily summary vouchers (collections per bank and category; transfers to the treasury every ten days).
create table ledger_entry (
    id bigint not null comment '分录编号',
    entry_date date not null comment '记账日期',
    voucher_no varchar(20) not null comment '凭证号',
    line_no int not null comment '分录行号',
    account_code varchar(20) not null comment '科目',
    bank_code varchar(10) not null comment '代收银行（结算户）',
    debit decimal(18, 2) not null comment '借方金额',
    credit decimal(18, 2) not null comment '贷方金额',
    summary varchar(100) not null comment '摘要',
    primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index ledger_entry_day on ledger_entry (entry_date, bank_code);

-- 总账日余额: each collection account's balance per day.
create table ledger_daily_balance (
    bank_code varchar(10) not null comment '代收银行（结算户）',
    balance_date date not null comment '日期',
    opening_balance decimal(18, 2) not null comment '期初余额',
    debit_total decimal(18, 2) not null comment '借方发生额',
    credit_total decimal(18, 2) not null comment '贷方发生额',
    closing_balance decimal(18, 2) not null comment '期末余额',
    primary key (bank_code, balance_date)
) default character set utf8mb4 collate utf8mb4_bin;

-- 平台用户. job_template_id: the 岗位模板 whose roles the user should hold. status: ACTIVE 正常, DISABLED 停用.
-- password_hash: hex SHA-256 of salt and password (the simulation's stand-in for the platform's own scheme).
create table sys_user (
    id bigint not null comment '用户编号',
    login_name varchar(40) not null comment '登录名',
    full_name varchar(40) not null comment '姓名',
    unit_id bigint not null comment '所属单位',
    job_template_id bigint not null comment '岗位模板',
    status varchar(10) not null comment '状态',
    password_salt varchar(32) not null comment '密码盐',
    password_hash varchar(64) not null comment '密码摘要',
    created_on date not null comment '创建日期',
    last_login_at datetime null comment '最后登录时间',
    primary key (id),
    constraint sys_user_login unique (login_name)
) default character set utf8mb4 collate utf8mb4_bin;

create table sys_role (
    id bigint not null comment '角色编号',
    code varchar(30) not null comment '角色编码',
    name varchar(40) not null comment '角色名称',
    primary key (id),
    constraint sys_role_code unique (code)
) default character set utf8mb4 collate utf8mb4_bin;

-- 操作权限: the menus and the functions under them. kind: MENU 菜单, FUNCTION 功能.
create table sys_function (
    id bigint not null comment '功能编号',
    code varchar(40) not null comment '功能编码',
    name varchar(40) not null comment '功能名称',
    parent_id bigint null comment '上级菜单',
    kind varchar(10) not null comment '类型',
    primary key (id),
    constraint sys_function_code unique (code)
) default character set utf8mb4 collate utf8mb4_bin;

create table sys_role_function (
    role_id bigint not null comment '角色',
    function_id bigint not null comment '功能',
    primary key (role_id, function_id)
) default character set utf8mb4 collate utf8mb4_bin;

create table sys_user_role (
    user_id bigint not null comment '用户',
    role_id bigint not null comment '角色',
    granted_on date not null comment '授权日期',
    primary key (user_id, role_id)
) default character set utf8mb4 collate utf8mb4_bin;

-- 岗位模板: the roles a post should have.
create table sys_job_template (
    id bigint not null comment '岗位模板编号',
    code varchar(30) not null comment '岗位编码',
    name varchar(40) not null comment '岗位名称',
    primary key (id),
    constraint sys_job_template_code unique (code)
) default character set utf8mb4 collate utf8mb4_bin;

create table sys_job_template_role (
    template_id bigint not null comment '岗位模板',
    role_id bigint not null comment '角色',
    primary key (template_id, role_id)
) default character set utf8mb4 collate utf8mb4_bin;

-- 不相容角色: pairs of roles one user must not hold together (不相容岗位分离).
create table sys_role_conflict (
    role_id bigint not null comment '角色',
    other_role_id bigint not null comment '不相容的角色',
    reason varchar(100) not null comment '原因',
    primary key (role_id, other_role_id)
) default character set utf8mb4 collate utf8mb4_bin;

-- 数据权限: the units whose data a user may see (with their subordinate units when include_children).
create table sys_data_scope (
    user_id bigint not null comment '用户',
    unit_id bigint not null comment '可见单位',
    include_children boolean not null comment '含下级单位',
    primary key (user_id, unit_id)
) default character set utf8mb4 collate utf8mb4_bin;

-- 登录日志. user_id is null when the login name is unknown. result: SUCCESS, WRONG_PASSWORD, NO_SUCH_USER, DISABLED.
create table sys_login_log (
    id bigint not null auto_increment comment '日志编号',
    login_name varchar(40) not null comment '登录名',
    user_id bigint null comment '用户',
    login_at datetime not null comment '登录时间',
    client_ip varchar(45) not null comment '客户端地址',
    success boolean not null comment '是否成功',
    result varchar(20) not null comment '结果',
    primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;

create index sys_login_log_at on sys_login_log (login_at);

-- The sandbox's record of each data generation, newest last. state: RUNNING, COMPLETE, FAILED, CANCELLED, INTERRUPTED
-- (the process ended during the run). Only a COMPLETE run's data is whole; heartbeat_at tells a live run (updated every
-- few seconds) from one whose process died. Times are UTC.
create table sandbox_generation (
    id bigint not null auto_increment,
    seed bigint not null,
    scale decimal(10, 4) not null,
    state varchar(12) not null,
    node varchar(100) not null,
    requested_by varchar(64) not null,
    started_at datetime(3) not null,
    heartbeat_at datetime(3) not null,
    finished_at datetime(3) null,
    rows_written bigint not null,
    message varchar(2000) null,
    ground_truth longtext null,
    primary key (id)
) default character set utf8mb4 collate utf8mb4_bin;
