package org.opsconsole.sandbox.internal;

import static org.opsconsole.sandbox.internal.platform.Tables.AGENCY_BANK;
import static org.opsconsole.sandbox.internal.platform.Tables.COLLECTING_UNIT;
import static org.opsconsole.sandbox.internal.platform.Tables.COLLECTION_RECORD;
import static org.opsconsole.sandbox.internal.platform.Tables.FEE_ITEM;
import static org.opsconsole.sandbox.internal.platform.Tables.PAYMENT_NOTICE;
import static org.opsconsole.sandbox.internal.platform.Tables.PAYMENT_NOTICE_ITEM;
import static org.opsconsole.sandbox.internal.platform.Tables.SYS_DATA_SCOPE;
import static org.opsconsole.sandbox.internal.platform.Tables.SYS_FUNCTION;
import static org.opsconsole.sandbox.internal.platform.Tables.SYS_JOB_TEMPLATE;
import static org.opsconsole.sandbox.internal.platform.Tables.SYS_LOGIN_LOG;
import static org.opsconsole.sandbox.internal.platform.Tables.SYS_ROLE;
import static org.opsconsole.sandbox.internal.platform.Tables.SYS_ROLE_FUNCTION;
import static org.opsconsole.sandbox.internal.platform.Tables.SYS_USER;
import static org.opsconsole.sandbox.internal.platform.Tables.SYS_USER_ROLE;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.opsconsole.api.rest.Problem.FieldError;
import org.opsconsole.sandbox.internal.platform.tables.records.PaymentNoticeRecord;
import org.opsconsole.sandbox.internal.platform.tables.records.SysUserRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the simulated platform's front end does, on its database: health, sign-in (written to the login log, with the
 * account's effective roles, functions and data scope), looking up a payment notice by 缴款码, and recording a
 * collection an agency bank reports. With the {@link Fault#SLOW_DB} fault on, each call first holds a database
 * connection for the set time. Times are the platform's local time (Asia/Shanghai). Thread-safe.
 */
@Component(service = PlatformOperations.class)
public class PlatformOperations {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9-]{1,30}");
    static final List<String> CHANNELS = List.of("COUNTER", "ONLINE", "MOBILE", "POS");

    private final PlatformDatabase platform;
    private final FaultSwitches faults;
    private final Generation generation;
    private final Clock clock;

    @Activate
    public PlatformOperations(@Reference PlatformDatabase platform, @Reference FaultSwitches faults,
            @Reference Generation generation) {
        this(platform, faults, generation, Clock.system(ZONE));
    }

    PlatformOperations(PlatformDatabase platform, FaultSwitches faults, Generation generation, Clock clock) {
        this.platform = platform;
        this.faults = faults;
        this.generation = generation;
        this.clock = clock;
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Holds a connection for the slow-database fault's time, as a slow query would. */
    private void slowDatabase() {
        FaultSwitches.Switch slow = faults.get(Fault.SLOW_DB);
        if (!slow.enabled()) {
            return;
        }
        int millis = slow.setting();
        platform.dsl().connection(c -> {
            if (platform.dialect() == SQLDialect.H2) {
                Thread.sleep(millis);
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute("do sleep(" + BigDecimal.valueOf(millis, 3).toPlainString() + ")");
                }
            }
        });
    }

    /**
     * @param status UP when the database answers, else DOWN
     * @param databaseMillis how long the database took to answer
     * @param data the state of the newest data generation (COMPLETE when the data is whole), NONE when there is none
     */
    record Health(String status, long databaseMillis, String data) {
    }

    Health health() {
        long begin = System.nanoTime();
        try {
            slowDatabase();
            platform.dsl().selectOne().fetch();
            long millis = (System.nanoTime() - begin) / 1_000_000;
            String data = generation.latest().map(s -> s.state().name()).orElse("NONE");
            return new Health("UP", millis, data);
        } catch (DataAccessException e) {
            return new Health("DOWN", (System.nanoTime() - begin) / 1_000_000, "UNKNOWN");
        }
    }

    /** The outcome of a sign-in. */
    sealed interface Login {
        /** @param account the account with its effective permissions */
        record Success(Map<String, Object> account) implements Login {
        }

        /** @param result WRONG_PASSWORD, NO_SUCH_USER or DISABLED, as the login log says */
        record Failure(String result) implements Login {
        }
    }

    /**
     * Checks a sign-in and writes it to the login log.
     *
     * @param loginName the account, as given
     * @param password the password, as given
     * @param clientIp the client's address
     */
    Login login(String loginName, String password, String clientIp) {
        slowDatabase();
        DSLContext dsl = platform.dsl();
        SysUserRecord user = dsl.selectFrom(SYS_USER).where(SYS_USER.LOGIN_NAME.eq(loginName)).fetchOne();
        String result;
        if (user == null) {
            result = "NO_SUCH_USER";
        } else if (!MessageDigest.isEqual(PlatformGenerator.sha256(user.getPasswordSalt() + password).getBytes(StandardCharsets.UTF_8),
                user.getPasswordHash().getBytes(StandardCharsets.UTF_8))) {
            result = "WRONG_PASSWORD";
        } else if (!"ACTIVE".equals(user.getStatus())) {
            result = "DISABLED";
        } else {
            result = "SUCCESS";
        }
        LocalDateTime now = now();
        String name = loginName.length() > 40 ? loginName.substring(0, 40) : loginName;
        dsl.insertInto(SYS_LOGIN_LOG).set(SYS_LOGIN_LOG.LOGIN_NAME, name).set(SYS_LOGIN_LOG.USER_ID, user == null ? null : user.getId())
                .set(SYS_LOGIN_LOG.LOGIN_AT, now).set(SYS_LOGIN_LOG.CLIENT_IP, clientIp).set(SYS_LOGIN_LOG.SUCCESS, result.equals("SUCCESS"))
                .set(SYS_LOGIN_LOG.RESULT, result).execute();
        if (!result.equals("SUCCESS")) {
            return new Login.Failure(result);
        }
        dsl.update(SYS_USER).set(SYS_USER.LAST_LOGIN_AT, now).where(SYS_USER.ID.eq(user.getId())).execute();
        return new Login.Success(account(dsl, user));
    }

    private static Map<String, Object> account(DSLContext dsl, SysUserRecord user) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("loginName", user.getLoginName());
        account.put("fullName", user.getFullName());
        var unit = dsl.select(COLLECTING_UNIT.CODE, COLLECTING_UNIT.NAME).from(COLLECTING_UNIT)
                .where(COLLECTING_UNIT.ID.eq(user.getUnitId())).fetchOne();
        account.put("unit", unit == null ? null : Map.of("code", unit.value1(), "name", unit.value2()));
        account.put("jobTemplate", dsl.select(SYS_JOB_TEMPLATE.CODE).from(SYS_JOB_TEMPLATE)
                .where(SYS_JOB_TEMPLATE.ID.eq(user.getJobTemplateId())).fetchOne(SYS_JOB_TEMPLATE.CODE));
        account.put("roles", dsl.select(SYS_ROLE.CODE).from(SYS_USER_ROLE).join(SYS_ROLE).on(SYS_ROLE.ID.eq(SYS_USER_ROLE.ROLE_ID))
                .where(SYS_USER_ROLE.USER_ID.eq(user.getId())).orderBy(SYS_ROLE.CODE).fetch(SYS_ROLE.CODE));
        account.put("functions", dsl.selectDistinct(SYS_FUNCTION.CODE).from(SYS_USER_ROLE)
                .join(SYS_ROLE_FUNCTION).on(SYS_ROLE_FUNCTION.ROLE_ID.eq(SYS_USER_ROLE.ROLE_ID))
                .join(SYS_FUNCTION).on(SYS_FUNCTION.ID.eq(SYS_ROLE_FUNCTION.FUNCTION_ID))
                .where(SYS_USER_ROLE.USER_ID.eq(user.getId())).orderBy(SYS_FUNCTION.CODE).fetch(SYS_FUNCTION.CODE));
        List<Map<String, Object>> scope = new ArrayList<>();
        dsl.select(COLLECTING_UNIT.CODE, COLLECTING_UNIT.NAME, SYS_DATA_SCOPE.INCLUDE_CHILDREN).from(SYS_DATA_SCOPE)
                .join(COLLECTING_UNIT).on(COLLECTING_UNIT.ID.eq(SYS_DATA_SCOPE.UNIT_ID)).where(SYS_DATA_SCOPE.USER_ID.eq(user.getId()))
                .orderBy(COLLECTING_UNIT.CODE).forEach(r -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("unitCode", r.value1());
                    entry.put("unitName", r.value2());
                    entry.put("includeChildren", Boolean.TRUE.equals(r.value3()));
                    scope.add(entry);
                });
        account.put("dataScope", scope);
        return account;
    }

    /** @return the payment notice with that 缴款码, its items and collections; empty when there is none */
    Optional<Map<String, Object>> notice(String payCode) {
        slowDatabase();
        DSLContext dsl = platform.dsl();
        PaymentNoticeRecord notice = dsl.selectFrom(PAYMENT_NOTICE).where(PAYMENT_NOTICE.PAY_CODE.eq(payCode)).fetchOne();
        if (notice == null) {
            return Optional.empty();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("payCode", notice.getPayCode());
        json.put("status", notice.getStatus());
        var unit = dsl.select(COLLECTING_UNIT.CODE, COLLECTING_UNIT.NAME).from(COLLECTING_UNIT)
                .where(COLLECTING_UNIT.ID.eq(notice.getUnitId())).fetchOne();
        json.put("unit", unit == null ? null : Map.of("code", unit.value1(), "name", unit.value2()));
        json.put("payerName", notice.getPayerName());
        json.put("payerType", notice.getPayerType());
        json.put("totalAmount", notice.getTotalAmount());
        json.put("issuedAt", notice.getIssuedAt());
        json.put("dueOn", notice.getDueOn());
        json.put("paidAt", notice.getPaidAt());
        List<Map<String, Object>> items = new ArrayList<>();
        dsl.select(PAYMENT_NOTICE_ITEM.LINE_NO, FEE_ITEM.CODE, FEE_ITEM.NAME, FEE_ITEM.CATEGORY_NAME, PAYMENT_NOTICE_ITEM.QUANTITY,
                PAYMENT_NOTICE_ITEM.UNIT_PRICE, PAYMENT_NOTICE_ITEM.AMOUNT).from(PAYMENT_NOTICE_ITEM).join(FEE_ITEM)
                .on(FEE_ITEM.ID.eq(PAYMENT_NOTICE_ITEM.FEE_ITEM_ID)).where(PAYMENT_NOTICE_ITEM.NOTICE_ID.eq(notice.getId()))
                .orderBy(PAYMENT_NOTICE_ITEM.LINE_NO).forEach(r -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("lineNo", r.value1());
                    item.put("itemCode", r.value2());
                    item.put("itemName", r.value3());
                    item.put("category", r.value4());
                    item.put("quantity", r.value5());
                    item.put("unitPrice", r.value6());
                    item.put("amount", r.value7());
                    items.add(item);
                });
        json.put("items", items);
        List<Map<String, Object>> collections = new ArrayList<>();
        dsl.selectFrom(COLLECTION_RECORD).where(COLLECTION_RECORD.NOTICE_ID.eq(notice.getId())).orderBy(COLLECTION_RECORD.ID)
                .forEach(r -> collections.add(collectionJson(r.getId(), r.getBankCode(), r.getBankSerial(), r.getAmount(), r.getChannel(),
                        r.getPaidAt(), r.getRecordedAt())));
        json.put("collections", collections);
        return Optional.of(json);
    }

    private static Map<String, Object> collectionJson(long id, String bank, String serial, BigDecimal amount, String channel,
            LocalDateTime paidAt, LocalDateTime recordedAt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("bankCode", bank);
        json.put("bankSerial", serial);
        json.put("amount", amount);
        json.put("channel", channel);
        json.put("paidAt", paidAt);
        json.put("recordedAt", recordedAt);
        return json;
    }

    /** A collection as an agency bank reports it; null parts were not given. */
    record CollectionInput(String payCode, String bankCode, String bankSerial, BigDecimal amount, String channel) {
    }

    /** The outcome of recording a collection. */
    sealed interface Posted {
        /** @param collection the recorded collection */
        record Created(Map<String, Object> collection) implements Posted {
        }

        /** No notice has the 缴款码. */
        record NoNotice() implements Posted {
        }

        /** @param detail why the notice cannot take the collection (paid already, cancelled) */
        record Refused(String detail, List<FieldError> errors) implements Posted {
        }

        /** @param errors the fields at fault */
        record Invalid(List<FieldError> errors) implements Posted {
        }
    }

    /** @return the fields of a reported collection that are missing or wrong, in the order of the input */
    static List<FieldError> check(CollectionInput input) {
        List<FieldError> errors = new ArrayList<>();
        if (input.payCode() == null || !PlatformGenerator.validPayCode(input.payCode())) {
            errors.add(new FieldError("payCode", "须为 20 位缴款码（校验位正确）", "Must be a 20-digit pay code with valid check digits"));
        }
        if (input.bankCode() == null || input.bankCode().isBlank()) {
            errors.add(new FieldError("bankCode", "必填", "Required"));
        }
        if (input.bankSerial() == null || !SERIAL.matcher(input.bankSerial()).matches()) {
            errors.add(new FieldError("bankSerial", "须为 1 至 30 位字母、数字或连字符", "Must be 1 to 30 letters, digits or hyphens"));
        }
        if (input.amount() == null || input.amount().signum() <= 0 || input.amount().stripTrailingZeros().scale() > 2
                || input.amount().precision() - input.amount().scale() > 16) {
            errors.add(new FieldError("amount", "须为大于 0 的金额，最多两位小数", "Must be an amount above 0 with at most two decimals"));
        }
        if (input.channel() != null && !CHANNELS.contains(input.channel())) {
            errors.add(new FieldError("channel", "须为 " + String.join("、", CHANNELS) + " 之一", "Must be one of " + String.join(", ", CHANNELS)));
        }
        return errors;
    }

    /**
     * Records a collection of a notice: the notice becomes PAID. Refused, changing nothing, when a field is missing or
     * wrong, the amount is not the notice's, the notice is paid or cancelled, or the bank has reported the serial before.
     */
    Posted post(CollectionInput input) {
        List<FieldError> errors = check(input);
        if (!errors.isEmpty()) {
            return new Posted.Invalid(errors);
        }
        slowDatabase();
        DSLContext dsl = platform.dsl();
        if (!dsl.fetchExists(AGENCY_BANK, AGENCY_BANK.CODE.eq(input.bankCode()))) {
            return new Posted.Invalid(List.of(new FieldError("bankCode", "不是代收银行", "Not an agency bank")));
        }
        for (int attempt = 1;; attempt++) {
            try {
                return dsl.transactionResult(tx -> record(DSL.using(tx), input));
            } catch (IntegrityConstraintViolationException e) {
                if (attempt == 5) {
                    throw e; // another collection kept taking the next id
                }
            }
        }
    }

    private Posted record(DSLContext dsl, CollectionInput input) {
        PaymentNoticeRecord notice = dsl.selectFrom(PAYMENT_NOTICE).where(PAYMENT_NOTICE.PAY_CODE.eq(input.payCode())).forUpdate().fetchOne();
        if (notice == null) {
            return new Posted.NoNotice();
        }
        if ("CANCELLED".equals(notice.getStatus())) {
            return new Posted.Refused("缴款书已作废 / The payment notice is cancelled", List.of());
        }
        if ("PAID".equals(notice.getStatus())) {
            return new Posted.Refused("缴款书已缴款 / The payment notice is paid already", List.of());
        }
        if (notice.getTotalAmount().compareTo(input.amount()) != 0) {
            return new Posted.Refused("金额与应缴金额不符 / The amount is not the notice's",
                    List.of(new FieldError("amount", "须等于应缴金额 " + notice.getTotalAmount().toPlainString(),
                            "Must equal the amount due, " + notice.getTotalAmount().toPlainString())));
        }
        if (dsl.fetchExists(COLLECTION_RECORD, COLLECTION_RECORD.BANK_CODE.eq(input.bankCode())
                .and(COLLECTION_RECORD.BANK_SERIAL.eq(input.bankSerial())))) {
            return new Posted.Refused("该银行流水号已入账 / The bank reported this serial before",
                    List.of(new FieldError("bankSerial", "该银行的流水号已使用", "The bank's serial is used already")));
        }
        long id = dsl.select(DSL.coalesce(DSL.max(COLLECTION_RECORD.ID), 0L)).from(COLLECTION_RECORD).fetchOne().value1() + 1;
        LocalDateTime now = now();
        String channel = input.channel() == null ? "ONLINE" : input.channel();
        BigDecimal amount = input.amount().setScale(2);
        dsl.insertInto(COLLECTION_RECORD).set(COLLECTION_RECORD.ID, id).set(COLLECTION_RECORD.NOTICE_ID, notice.getId())
                .set(COLLECTION_RECORD.PAY_CODE, notice.getPayCode()).set(COLLECTION_RECORD.BANK_CODE, input.bankCode())
                .set(COLLECTION_RECORD.BANK_SERIAL, input.bankSerial()).set(COLLECTION_RECORD.AMOUNT, amount)
                .set(COLLECTION_RECORD.CHANNEL, channel).set(COLLECTION_RECORD.PAID_AT, now).set(COLLECTION_RECORD.RECORDED_AT, now)
                .execute();
        dsl.update(PAYMENT_NOTICE).set(PAYMENT_NOTICE.STATUS, "PAID").set(PAYMENT_NOTICE.PAID_AT, now)
                .where(PAYMENT_NOTICE.ID.eq(notice.getId())).execute();
        Map<String, Object> json = collectionJson(id, input.bankCode(), input.bankSerial(), amount, channel, now, now);
        json.put("payCode", notice.getPayCode());
        return new Posted.Created(json);
    }
}
