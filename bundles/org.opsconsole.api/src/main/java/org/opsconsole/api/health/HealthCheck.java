package org.opsconsole.api.health;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A module's health check, registered as a service with {@link HealthCheckService} (its id and titles):
 *
 * <pre>
 * &#64;Component
 * &#64;HealthCheckService(id = "hello.greetings", title = "问候数据表", titleEn = "Greetings table")
 * public class GreetingsHealth implements HealthCheck {
 *     public Result check() {
 *         return db.dsl().fetchCount(GREETING) &gt;= 0 ? Result.ok("可读写", "Readable") : ...;
 *     }
 * }
 * </pre>
 *
 * A check should answer within a second or two and not change anything; the console runs it at most every few
 * seconds, never concurrently with itself. An exception it throws counts as {@link Status#CRITICAL}.
 */
@ConsumerType
public interface HealthCheck {

    /** How a check found things. */
    enum Status {
        /** Works. */
        OK,
        /** Works, but needs attention soon. */
        WARNING,
        /** Does not work. */
        CRITICAL
    }

    /**
     * What a check found: its status and a sentence in Chinese and English.
     *
     * @param status the status
     * @param message what was found, in Chinese
     * @param messageEn the same in English
     */
    record Result(Status status, String message, String messageEn) {

        /** Checks that every field is given. */
        public Result {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(messageEn, "messageEn");
        }

        /** @return an OK result */
        public static Result ok(String message, String messageEn) {
            return new Result(Status.OK, message, messageEn);
        }

        /** @return a WARNING result */
        public static Result warning(String message, String messageEn) {
            return new Result(Status.WARNING, message, messageEn);
        }

        /** @return a CRITICAL result */
        public static Result critical(String message, String messageEn) {
            return new Result(Status.CRITICAL, message, messageEn);
        }
    }

    /**
     * Checks.
     *
     * @return what the check found; never null
     */
    Result check();
}
