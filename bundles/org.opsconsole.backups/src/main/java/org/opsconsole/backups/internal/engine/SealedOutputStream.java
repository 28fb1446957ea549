package org.opsconsole.backups.internal.engine;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;

/**
 * Writes a sealed file (see {@link Sealing}): the header, then the bytes written in sealed chunks. {@link #close()}
 * writes the last chunk; a stream that is not closed leaves a file that does not open. Not thread-safe.
 */
public final class SealedOutputStream extends OutputStream {

    /** Plain bytes per call of the cipher. */
    private static final int SLICE = 8 * 1024;

    private final DataOutputStream out;
    private final Sealing sealing;
    private final byte[] header;
    private final Cipher cipher;
    private final byte[] buffer = new byte[Sealing.CHUNK];
    private final byte[] sealed = new byte[Sealing.CHUNK + 16];
    private int filled;
    private long chunk;
    private boolean closed;

    /**
     * @param out where the sealed bytes go; closed with this stream
     * @param sealing the key
     */
    public SealedOutputStream(OutputStream out, Sealing sealing) throws IOException {
        this.out = new DataOutputStream(out);
        this.sealing = sealing;
        this.header = sealing.newHeader();
        try {
            this.cipher = Sealing.cipher(sealing.algorithm());
        } catch (GeneralSecurityException e) {
            throw new IOException("the backup cannot be encrypted with " + sealing.algorithm().title() + ": " + e.getMessage(), e);
        }
        this.out.write(header);
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == buffer.length) {
            flushChunk(false);
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (filled == buffer.length) {
                flushChunk(false);
            }
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
        }
    }

    private void flushChunk(boolean last) throws IOException {
        try {
            sealing.init(cipher, sealing.algorithm(), Cipher.ENCRYPT_MODE, header, chunk, last);
            // in slices: the JIT compiles the cipher's block loop into its CPU intrinsic only once it is called often
            // enough, which one call per 256 KB chunk takes a whole night's backups to reach
            int length = 0;
            for (int offset = 0; offset < filled; offset += SLICE) {
                length += cipher.update(buffer, offset, Math.min(SLICE, filled - offset), sealed, length);
            }
            length += cipher.doFinal(sealed, length);
            out.writeInt(length);
            out.write(sealed, 0, length);
        } catch (GeneralSecurityException e) {
            throw new IOException("the backup could not be encrypted: " + e.getMessage(), e);
        }
        chunk++;
        filled = 0;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            flushChunk(true);
            out.close();
        }
    }
}
