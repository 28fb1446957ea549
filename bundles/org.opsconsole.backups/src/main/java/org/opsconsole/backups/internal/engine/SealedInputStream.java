package org.opsconsole.backups.internal.engine;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;

/**
 * Reads a sealed file (see {@link Sealing}), chunk by chunk; a chunk that does not open, a missing last chunk or bytes
 * after it end the reading with an {@link IOException} that says the file was changed. Not thread-safe.
 */
public final class SealedInputStream extends InputStream {

    /** The largest sealed chunk a reader accepts: a chunk plus the tag. */
    private static final int MAX_SEALED = Sealing.CHUNK + 16;

    private final DataInputStream in;
    private final Sealing sealing;
    private final byte[] header;
    private final Sealing.Algorithm algorithm;
    private final Cipher cipher;
    private byte[] plain = new byte[0];
    private int position;
    private long chunk;
    private boolean ended;

    /**
     * @param in the sealed bytes; closed with this stream
     * @param sealing the key
     * @throws IOException when the header is not a backup file's or names another key
     */
    public SealedInputStream(InputStream in, Sealing sealing) throws IOException {
        this.in = new DataInputStream(in);
        this.sealing = sealing;
        Sealing.Header read = sealing.readHeader(this.in);
        this.header = read.bytes();
        this.algorithm = read.algorithm();
        try {
            this.cipher = Sealing.cipher(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IOException("the backup cannot be decrypted with " + algorithm.title() + ": " + e.getMessage(), e);
        }
    }

    private boolean fill() throws IOException {
        while (position == plain.length) {
            if (ended) {
                return false;
            }
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                throw new IOException("the backup file is cut short (its last part is missing)");
            }
            if (length < 16 || length > MAX_SEALED) {
                throw new IOException("the backup file was changed (a part has an impossible length)");
            }
            byte[] sealed = new byte[length];
            try {
                in.readFully(sealed);
            } catch (EOFException e) {
                throw new IOException("the backup file is cut short");
            }
            plain = open(sealed);
            position = 0;
            chunk++;
        }
        return true;
    }

    /** Opens a chunk: as a middle chunk, else as the last one. */
    private byte[] open(byte[] sealed) throws IOException {
        try {
            sealing.init(cipher, algorithm, Cipher.DECRYPT_MODE, header, chunk, false);
            return cipher.doFinal(sealed);
        } catch (GeneralSecurityException notMiddle) {
            try {
                sealing.init(cipher, algorithm, Cipher.DECRYPT_MODE, header, chunk, true);
                byte[] last = cipher.doFinal(sealed);
                ended = true;
                if (in.read() != -1) {
                    throw new IOException("the backup file was changed (bytes after its end)");
                }
                return last;
            } catch (GeneralSecurityException e) {
                throw new IOException("the backup file was changed or damaged (part " + chunk + " does not decrypt)");
            }
        }
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return plain[position++] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, plain.length - position);
        System.arraycopy(plain, position, bytes, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
