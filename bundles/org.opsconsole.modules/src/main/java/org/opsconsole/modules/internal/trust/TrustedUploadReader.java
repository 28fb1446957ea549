package org.opsconsole.modules.internal.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.opsconsole.modules.internal.archive.ArchiveException;
import org.opsconsole.modules.internal.archive.ArchiveReader;
import org.opsconsole.modules.internal.archive.BundleArtifact;
import org.opsconsole.modules.internal.archive.Upload;

/**
 * The way in for uploaded code: reads the upload safely ({@link ArchiveReader}), then decides on the trust of every
 * bundle in it ({@link TrustVerifier}). An upload comes out of here only when every one of its bundles is trusted;
 * whatever is refused, for a bad archive or an untrusted bundle, leaves nothing in the work folder.
 *
 * <p>Thread-safe, as its reader and verifier are.
 */
public final class TrustedUploadReader {

    private final ArchiveReader reader;
    private final TrustVerifier verifier;

    /**
     * @param reader reads uploads within their limits
     * @param verifier decides on trust
     */
    public TrustedUploadReader(ArchiveReader reader, TrustVerifier verifier) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * An upload whose every bundle may be installed.
     *
     * @param upload the upload, its files in its work folder
     * @param decisions the decision on each of its bundles, in the order of {@link Upload#bundles()}, for the
     *        audit trail and for the operator (some may be {@link TrustDecision#developmentMode()})
     */
    public record TrustedUpload(Upload upload, List<TrustDecision> decisions) {

        /** Makes the list unmodifiable. */
        public TrustedUpload {
            Objects.requireNonNull(upload, "upload");
            decisions = List.copyOf(decisions);
        }

        /** @return whether any bundle was accepted only because the installation is in development mode */
        public boolean developmentMode() {
            return decisions.stream().anyMatch(TrustDecision::developmentMode);
        }
    }

    /**
     * Reads an upload and checks its trust.
     *
     * @param upload the uploaded file
     * @param originalName the name of the operator's file
     * @param workDir a folder for this upload alone (see {@link ArchiveReader#read})
     * @return the upload with the decisions, when every bundle is trusted
     * @throws ArchiveException when the file cannot be installed (damaged, unsafe, too large, not bundles, ...)
     * @throws UntrustedUploadException when a bundle is not trusted, with every decision
     * @throws IOException when the upload or the work folder cannot be read or written
     */
    public TrustedUpload read(Path upload, String originalName, Path workDir)
            throws ArchiveException, UntrustedUploadException, IOException {
        Upload read = reader.read(upload, originalName, workDir);
        List<TrustDecision> decisions = new ArrayList<>();
        try {
            for (BundleArtifact bundle : read.bundles()) {
                decisions.add(verifier.verify(bundle));
            }
        } catch (RuntimeException | Error e) {
            discard(read, e);
            throw e;
        }
        if (decisions.stream().allMatch(TrustDecision::trusted)) {
            return new TrustedUpload(read, decisions);
        }
        UntrustedUploadException refusal = new UntrustedUploadException(decisions);
        discard(read, refusal);
        throw refusal;
    }

    private static void discard(Upload upload, Throwable cause) {
        try {
            upload.discard();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
