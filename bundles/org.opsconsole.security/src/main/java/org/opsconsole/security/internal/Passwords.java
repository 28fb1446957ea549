package org.opsconsole.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing (PBKDF2 with HMAC-SHA-256, a random salt per password) and the password policy.
 * Hashes read {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (Base64), so the work factor can grow later
 * and older hashes still verify.
 */
final class Passwords {

    static final int ITERATIONS = 210_000;
    static final int MIN_LENGTH = 12;
    static final int HISTORY = 5;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final String SYMBOLS = "!#%+-=?@_";

    private Passwords() {
    }

    static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return format(ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    static boolean verify(String password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    }

    /** Spends the time a verification takes, so that an unknown user name answers as slowly as a wrong password. */
    static void verifyNothing(String password) {
        derive(password, new byte[16], ITERATIONS);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    /** A broken rule of the password policy, in both console languages. */
    record Violation(String code, String zh, String en) {
    }

    /**
     * What is wrong with a new password: at least 12 characters, three of the four kinds (lower case, upper
     * case, digits, other), not containing the user name. (Reuse of the last 5 is checked against the store.)
     */
    static List<Violation> check(String userName, String password) {
        List<Violation> violations = new ArrayList<>();
        if (password == null || password.length() < MIN_LENGTH) {
            violations.add(new Violation("too-short", "密码至少需要 " + MIN_LENGTH + " 个字符",
                    "The password needs at least " + MIN_LENGTH + " characters"));
            if (password == null) {
                return violations;
            }
        }
        int kinds = 0;
        kinds += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        kinds += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        kinds += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
        kinds += password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        if (kinds < 3) {
            violations.add(new Violation("too-simple", "密码需包含小写字母、大写字母、数字、符号中的至少三类",
                    "The password needs three of: lower case, upper case, digits, symbols"));
        }
        if (userName != null && !userName.isBlank()
                && password.toLowerCase(Locale.ROOT).contains(userName.toLowerCase(Locale.ROOT))) {
            violations.add(new Violation("contains-name", "密码不能包含用户名", "The password must not contain the user name"));
        }
        return violations;
    }

    /** A random password that meets the policy: 16 characters from an alphabet without look-alikes. */
    static String generate() {
        while (true) {
            StringBuilder password = new StringBuilder(16);
            for (int i = 0; i < 14; i++) {
                password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            password.append(SYMBOLS.charAt(RANDOM.nextInt(SYMBOLS.length())));
            password.append((char) ('2' + RANDOM.nextInt(8)));
            String candidate = password.toString();
            if (check("", candidate).isEmpty()) {
                return candidate;
            }
        }
    }

    /** A random token for sessions and CSRF: 32 bytes, URL-safe Base64. */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
