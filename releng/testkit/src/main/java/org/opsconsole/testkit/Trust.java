package org.opsconsole.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which code the console under test accepts from its plugin manager, given to it as environment variables.
 *
 * <ul>
 * <li>{@link #development()}, the test kit's default: unsigned code is installed too
 * ({@code OPSCONSOLE_PLUGINS_TRUST=development}). <b>For tests only</b>: a console in development mode installs code
 * from anyone and says so on every page; never run a real installation so.</li>
 * <li>{@link #truststore(Path, String)}: the console's default policy, signed code only, trusting the certificates of
 * a PKCS12 truststore ({@code OPSCONSOLE_PLUGINS_TRUSTSTORE}, {@code OPSCONSOLE_PLUGINS_TRUSTSTORE_PASSWORD}): what a
 * real installation does, to test that a signed extension is accepted.</li>
 * <li>{@link #signedOnly()}: the default policy without a truststore of the test's own, to test that unsigned code is
 * refused.</li>
 * </ul>
 * Immutable.
 */
public final class Trust {

    static final String MODE = "OPSCONSOLE_PLUGINS_TRUST";
    static final String TRUSTSTORE = "OPSCONSOLE_PLUGINS_TRUSTSTORE";
    static final String TRUSTSTORE_PASSWORD = "OPSCONSOLE_PLUGINS_TRUSTSTORE_PASSWORD";

    private final Map<String, String> environment;
    private final String description;

    private Trust(Map<String, String> environment, String description) {
        this.environment = Map.copyOf(environment);
        this.description = description;
    }

    /** @return development mode: unsigned code is installed (for tests only) */
    public static Trust development() {
        return new Trust(Map.of(MODE, "development"), "development mode (unsigned code accepted)");
    }

    /**
     * @param truststore a PKCS12 file with the certificates of the keys extensions are signed with
     * @param password its password
     * @return signed code only, by a key of the truststore
     */
    public static Trust truststore(Path truststore, String password) {
        Objects.requireNonNull(truststore, "truststore");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(TRUSTSTORE, truststore.toAbsolutePath().toString());
        if (password != null) {
            environment.put(TRUSTSTORE_PASSWORD, password);
        }
        return new Trust(environment, "signed code only, truststore " + truststore);
    }

    /** @return signed code only, with the installation's own truststore (if any) */
    public static Trust signedOnly() {
        return new Trust(Map.of(), "signed code only");
    }

    /**
     * The console's environment with this trust: the trust variables of {@code inherited} are replaced by this one's.
     *
     * @param inherited the environment the console would otherwise get; changed in place
     */
    void applyTo(Map<String, String> inherited) {
        inherited.remove(MODE);
        inherited.remove(TRUSTSTORE);
        inherited.remove(TRUSTSTORE_PASSWORD);
        inherited.putAll(environment);
    }

    @Override
    public String toString() {
        return description;
    }
}
