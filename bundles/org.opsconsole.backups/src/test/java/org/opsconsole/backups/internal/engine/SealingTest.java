package org.opsconsole.backups.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sealed stream with each cipher: what is sealed opens; changed, cut, extended or reordered, it does not. */
class SealingTest {

    private static byte[] seal(Sealing sealing, byte[] plain) throws IOException {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = new SealedOutputStream(sealed, sealing)) {
            out.write(plain);
        }
        return sealed.toByteArray();
    }

    private static byte[] open(Sealing sealing, byte[] sealed) throws IOException {
        try (SealedInputStream in = new SealedInputStream(new ByteArrayInputStream(sealed), sealing)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(Sealing.Algorithm.class)
    void whatIsSealedOpensAndNothingElseDoes(Sealing.Algorithm algorithm) throws Exception {
        Sealing sealing = new Sealing("k-1", Sealing.newKey(), algorithm);
        byte[] plain = new byte[Sealing.CHUNK * 3 + 1234];
        new Random(7).nextBytes(plain);
        byte[] sealed = seal(sealing, plain);
        assertArrayEquals(plain, open(sealing, sealed));
        assertArrayEquals(new byte[0], open(sealing, seal(sealing, new byte[0])), "an empty file too");
        assertNotEquals(Arrays.toString(seal(sealing, plain)), Arrays.toString(sealed), "a new nonce for every file");

        byte[] changed = sealed.clone();
        changed[sealed.length / 2] ^= 1;
        assertTrue(assertThrows(IOException.class, () -> open(sealing, changed)).getMessage().contains("changed or damaged"));
        byte[] cut = Arrays.copyOf(sealed, sealed.length - (Sealing.CHUNK / 2));
        assertThrows(IOException.class, () -> open(sealing, cut));
        int chunk = 4 + Sealing.CHUNK + 16;
        int header = sealed.length - 3 * chunk - (4 + 1234 + 16);
        byte[] withoutLast = Arrays.copyOf(sealed, header + 3 * chunk);
        assertTrue(assertThrows(IOException.class, () -> open(sealing, withoutLast)).getMessage().contains("cut short"),
                "a file cut exactly between chunks is still refused");
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, header, swapped, header + chunk, chunk);
        System.arraycopy(sealed, header + chunk, swapped, header, chunk);
        assertThrows(IOException.class, () -> open(sealing, swapped));
        byte[] extended = Arrays.copyOf(sealed, sealed.length + 1);
        assertTrue(assertThrows(IOException.class, () -> open(sealing, extended)).getMessage().contains("after its end"));
        Sealing otherKey = new Sealing("k-1", Sealing.newKey(), algorithm);
        assertThrows(IOException.class, () -> open(otherKey, sealed));
        Sealing otherId = new Sealing("k-2", Sealing.newKey(), algorithm);
        assertTrue(assertThrows(IOException.class, () -> open(otherId, sealed)).getMessage().contains("k-1"));
    }

    @ParameterizedTest
    @EnumSource(Sealing.Algorithm.class)
    void aReaderTakesTheCipherFromTheFile(Sealing.Algorithm algorithm) throws Exception {
        byte[] key = Sealing.newKey();
        byte[] sealed = seal(new Sealing("k-1", key, algorithm), "缴款书".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("缴款书", new String(open(new Sealing("k-1", key), sealed), java.nio.charset.StandardCharsets.UTF_8));
    }
}
