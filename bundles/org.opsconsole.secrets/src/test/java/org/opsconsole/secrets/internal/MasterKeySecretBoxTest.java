package org.opsconsole.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opsconsole.api.secrets.SecretBox;
import org.osgi.framework.BundleContext;

class MasterKeySecretBoxTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SECRET = "Db-Passw0rd!";

    @TempDir
    Path data;

    private final byte[] key = randomKey();
    // no data folder: the key comes from the property (the @TempDir is not there yet when fields are set)
    private final SecretBox box = new MasterKeySecretBox(context(null, Base64.getEncoder().encodeToString(key)));

    @Test
    void aSealedSecretOpensToItselfWhateverItsText() {
        for (String secret : List.of(SECRET, "湛江市财政局非税收入管理平台 数据库口令：密码123", "", " spaces and\nnew lines ", "sealed:not-really")) {
            String sealed = box.seal(secret);
            assertEquals(secret, box.open(sealed));
        }
    }

    @Test
    void aSealedValueNamesTheKeyAndDoesNotShowTheSecret() {
        String sealed = box.seal(SECRET);

        assertTrue(sealed.matches("sealed:[0-9a-f]{8}:[A-Za-z0-9+/]+=*"), sealed);
        assertEquals("sealed:" + sha256Prefix(key) + ":", sealed.substring(0, 16));
        assertFalse(sealed.contains(SECRET));
        assertFalse(new String(Base64.getDecoder().decode(sealed.substring(16)), StandardCharsets.ISO_8859_1).contains(SECRET));
    }

    @Test
    void sealingOneSecretTwiceGivesTwoDifferentValuesThatBothOpen() {
        String first = box.seal(SECRET);
        String second = box.seal(SECRET);

        assertNotEquals(first, second);
        assertEquals(SECRET, box.open(first));
        assertEquals(SECRET, box.open(second));
    }

    @Test
    void plainTextPassesThroughOpenUnchanged() {
        for (String plain : List.of("typed-into-a-config-file", "", "Sealed:abcd1234:AAAA", " sealed:abcd1234:AAAA", "密码")) {
            assertEquals(plain, box.open(plain));
        }
        assertNull(box.open(null));
    }

    @Test
    void changingAnyCharacterOfThePayloadMakesOpenRefuseWithoutShowingTheSecret() {
        String sealed = box.seal(SECRET);
        int start = "sealed:".length() + 9;
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = start; i < sealed.length(); i++) {
            char original = sealed.charAt(i);
            char other = original == '=' ? 'A' : alphabet.charAt((alphabet.indexOf(original) + 1) % 64);
            String changed = sealed.substring(0, i) + other + sealed.substring(i + 1);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> box.open(changed),
                    "character " + i + " changed");
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        }
    }

    @Test
    void aTruncatedOrMalformedSealedValueIsRefusedWithAClearMessage() {
        String sealed = box.seal(SECRET);
        String id = sealed.substring(7, 15);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> box.open(sealed.substring(0, sealed.length() - 4)))
                .getMessage().contains("damaged"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> box.open("sealed:" + id + ":AAAA"))
                .getMessage().contains("too short"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> box.open("sealed:" + id + ":not base64!"))
                .getMessage().contains("not base64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> box.open("sealed:"))
                .getMessage().contains("not a sealed value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> box.open(sealed.replace(id, id.toUpperCase())))
                .getMessage().contains("not a sealed value"));
    }

    @Test
    void aValueSealedWithAnotherKeyIsRefusedNamingBothKeys() {
        byte[] otherKey = randomKey();
        String sealedElsewhere = withKey(Base64.getEncoder().encodeToString(otherKey)).seal(SECRET);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> box.open(sealedElsewhere));

        assertTrue(e.getMessage().contains("sealed with another master key (id " + sha256Prefix(otherKey) + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("this installation's key is " + sha256Prefix(key)), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void aValueInTheDocumentedFormatOpensButTheSameWithoutTheFormatVersionDoesNot() throws Exception {
        assertEquals(SECRET, box.open(sealedByHand(key, "opsconsole-secret-v1".getBytes(StandardCharsets.US_ASCII))));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> box.open(sealedByHand(key, new byte[0])));
        assertTrue(e.getMessage().contains("does not authenticate"), e.getMessage());
    }

    @Test
    void aKeyGivenByPropertyWinsOverTheKeyFile() throws Exception {
        SecretBox fromFile = withData(data);
        String sealedWithFileKey = fromFile.seal(SECRET);

        BundleContext context = context(data.toString(), Base64.getEncoder().encodeToString(key));
        MasterKeySecretBox fromProperty = new MasterKeySecretBox(context);

        assertEquals(sha256Prefix(key), fromProperty.keyId());
        assertEquals(SECRET, fromProperty.open(box.seal(SECRET)));
        assertThrows(IllegalArgumentException.class, () -> fromProperty.open(sealedWithFileKey));
    }

    @Test
    void aKeyGivenByPropertyCreatesNoKeyFile() {
        BundleContext context = context(data.toString(), Base64.getEncoder().encodeToString(key));

        new MasterKeySecretBox(context).seal(SECRET);

        assertFalse(Files.exists(data.resolve("secrets")));
    }

    @Test
    void aKeyPropertyThatIsNotBase64FailsActivationSayingSoWithoutShowingIt() {
        String bad = "my-master-key-is-not-base64!";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withKey(bad));

        assertTrue(e.getMessage().contains("opsconsole.master.key"), e.getMessage());
        assertTrue(e.getMessage().contains("OPSCONSOLE_MASTER_KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("is not base64"), e.getMessage());
        assertFalse(e.getMessage().contains(bad), e.getMessage());
        assertNull(e.getCause(), "the decoder's message quotes the key");
    }

    @Test
    void aKeyPropertyOfTheWrongLengthFailsActivationSayingHowLongItIsWithoutShowingIt() {
        for (int length : new int[] {16, 31, 33, 64}) {
            byte[] wrong = new byte[length];
            RANDOM.nextBytes(wrong);
            String text = Base64.getEncoder().encodeToString(wrong);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withKey(text));

            assertTrue(e.getMessage().contains("holds " + length + " bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("exactly 32"), e.getMessage());
            assertFalse(e.getMessage().contains(text), e.getMessage());
        }
    }

    @Test
    void anEmptyKeyPropertyFailsActivationInsteadOfFallingBackToTheKeyFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withKey("  "));

        assertTrue(e.getMessage().contains("holds 0 bytes"), e.getMessage());
        assertFalse(Files.exists(data.resolve("secrets")));
    }

    @Test
    void aKeyPropertyWithSurroundingWhitespaceIsAccepted() {
        SecretBox trimmed = withKey("  " + Base64.getEncoder().encodeToString(key) + "\n");

        assertEquals(SECRET, trimmed.open(box.seal(SECRET)));
    }

    @Test
    void aSecondInstanceOnTheSameDataFolderUsesTheKeyTheFirstCreated() throws Exception {
        MasterKeySecretBox first = withData(data);
        String keyFile = Files.readString(data.resolve("secrets/master.key"));
        MasterKeySecretBox second = withData(data);

        assertEquals(first.keyId(), second.keyId());
        assertEquals(SECRET, second.open(first.seal(SECRET)));
        assertEquals("密码", first.open(second.seal("密码")));
        assertEquals(keyFile, Files.readString(data.resolve("secrets/master.key")));
    }

    @Test
    void twoDataFoldersGetTwoDifferentKeys() {
        MasterKeySecretBox first = withData(data.resolve("one"));
        MasterKeySecretBox second = withData(data.resolve("two"));

        assertNotEquals(first.keyId(), second.keyId());
        assertThrows(IllegalArgumentException.class, () -> second.open(first.seal(SECRET)));
    }

    @Test
    void isSealedIsTrueOnlyForSealedValues() {
        assertTrue(box.isSealed(box.seal(SECRET)));
        assertTrue(box.isSealed(box.seal("")));
        assertFalse(box.isSealed(SECRET));
        assertFalse(box.isSealed(""));
        assertFalse(box.isSealed(null));
        assertFalse(box.isSealed("SEALED:" + box.seal(SECRET).substring(7)));
    }

    @Test
    void manyThreadsSealingAndOpeningAtOnceEachGetTheirOwnSecretBack() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(() -> {
                    int good = 0;
                    for (int i = 0; i < 300; i++) {
                        String secret = "secret " + thread + "/" + i + " 密码";
                        if (secret.equals(box.open(box.seal(secret)))) {
                            good++;
                        }
                    }
                    return good;
                });
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                assertEquals(300, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private SecretBox withKey(String base64) {
        return new MasterKeySecretBox(context(data.toString(), base64));
    }

    private static MasterKeySecretBox withData(Path folder) {
        return new MasterKeySecretBox(context(folder.toString(), null));
    }

    static BundleContext context(String data, String key) {
        BundleContext context = mock(BundleContext.class);
        when(context.getProperty("opsconsole.data")).thenReturn(data);
        when(context.getProperty("opsconsole.master.key")).thenReturn(key);
        return context;
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The key id as the format defines it, computed here independently of the component. */
    static String sha256Prefix(byte[] key) {
        try {
            return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), 4));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@link #SECRET} sealed by this test, with the JDK, in the format the API documents. */
    private static String sealedByHand(byte[] key, byte[] associatedData) throws Exception {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(associatedData);
        byte[] ciphertext = cipher.doFinal(SECRET.getBytes(StandardCharsets.UTF_8));
        byte[] payload = Arrays.copyOf(nonce, 12 + ciphertext.length);
        System.arraycopy(ciphertext, 0, payload, 12, ciphertext.length);
        return "sealed:" + sha256Prefix(key) + ":" + Base64.getEncoder().encodeToString(payload);
    }
}
