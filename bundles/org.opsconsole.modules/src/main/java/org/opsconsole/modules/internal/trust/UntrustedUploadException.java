package org.opsconsole.modules.internal.trust;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An upload with at least one bundle that may not be installed. Carries the decision on every bundle of the upload,
 * trusted ones included, so the operator sees the whole picture. {@link #getMessage()} is the refusals' reasons,
 * {@code "中文 / English"}.
 */
public final class UntrustedUploadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<TrustDecision> decisions;

    /** @param decisions the decision on each bundle of the upload; at least one refused */
    public UntrustedUploadException(List<TrustDecision> decisions) {
        super(reasons(decisions, true) + " / " + reasons(decisions, false));
        this.decisions = List.copyOf(decisions);
        if (refused().isEmpty()) {
            throw new IllegalArgumentException("an upload is untrusted only when a bundle is refused");
        }
    }

    /** @return the decision on every bundle of the upload */
    public List<TrustDecision> decisions() {
        return decisions;
    }

    /** @return the decisions that refused a bundle */
    public List<TrustDecision> refused() {
        return decisions.stream().filter(d -> !d.trusted()).toList();
    }

    /** @return the refusals' reasons in Chinese, one per line */
    public String messageZh() {
        return reasons(decisions, true);
    }

    /** @return the refusals' reasons in English, one per line */
    public String messageEn() {
        return reasons(decisions, false);
    }

    private static String reasons(List<TrustDecision> decisions, boolean zh) {
        return decisions.stream().filter(d -> !d.trusted()).map(d -> zh ? d.reasonZh() : d.reasonEn())
                .collect(Collectors.joining("\n"));
    }
}
