package org.opsconsole.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void aHashVerifiesOnlyItsPasswordAndTwoHashesOfOnePasswordDiffer() {
        String hash = Passwords.hash("Zhanjiang-2026!");
        assertTrue(hash.startsWith("pbkdf2-sha256$" + Passwords.ITERATIONS + "$"));
        assertTrue(Passwords.verify("Zhanjiang-2026!", hash));
        assertFalse(Passwords.verify("zhanjiang-2026!", hash));
        assertNotEquals(hash, Passwords.hash("Zhanjiang-2026!"), "a salt per password");
        assertFalse(Passwords.verify("x", "not-a-hash"));
    }

    @Test
    void thePolicyNamesEveryRuleABadPasswordBreaks() {
        assertEquals(List.of("too-short", "too-simple"), codes("zhang", "abcdefg"));
        assertEquals(List.of("too-simple"), codes("zhang", "abcdefghijklmnop"));
        assertEquals(List.of("contains-name"), codes("zhangwei", "Zhangwei-2026!"));
        assertEquals(List.of(), codes("zhangwei", "Caishi-Ju-2026"));
    }

    @Test
    void generatedPasswordsMeetThePolicyAndDiffer() {
        String one = Passwords.generate();
        assertEquals(List.of(), Passwords.check("admin", one));
        assertEquals(16, one.length());
        assertNotEquals(one, Passwords.generate());
    }

    private static List<String> codes(String name, String password) {
        return Passwords.check(name, password).stream().map(Passwords.Violation::code).toList();
    }
}
