package org.opsconsole.modules.internal.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStore.PrivateKeyEntry;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import jdk.security.jarsigner.JarSigner;

/**
 * Signing keys for tests, made once per test run with the JDK's {@code keytool} (the JDK has no public API to
 * create a certificate), and JAR signing with the JDK's {@link JarSigner}. Every key is an EC P-256 key in a PKCS12
 * keystore of its own group, the groups made in parallel:
 * <ul>
 * <li>{@code trusted}: self-signed, CN=Trusted Signer, valid for ten years; and {@code sub}, CN=Sub Signer,
 * issued by {@code trusted} (which is not a CA);</li>
 * <li>{@code stranger}: self-signed, CN=Stranger;</li>
 * <li>{@code expired}: self-signed, CN=Expired Signer, valid for 30 days from 400 days ago;</li>
 * <li>{@code ca}: a CA (basic constraints), CN=Bureau CA; {@code leaf}, CN=Module Signer, issued by it for code
 * signing, valid for a year; {@code web}, CN=Web Server, issued by it for TLS servers only.</li>
 * </ul>
 */
public final class SigningKeys {

    /** The password of every keystore and key. */
    public static final char[] PASSWORD = "changeit".toCharArray();

    private static SigningKeys instance;

    private final Path folder;
    private final PrivateKeyEntry trusted;
    private final PrivateKeyEntry sub;
    private final PrivateKeyEntry stranger;
    private final PrivateKeyEntry expired;
    private final PrivateKeyEntry ca;
    private final PrivateKeyEntry leaf;
    private final PrivateKeyEntry web;

    private SigningKeys(Path folder) throws IOException, GeneralSecurityException, InterruptedException {
        this.folder = folder;
        String ec = "-keyalg EC -groupname secp256r1";
        List<List<String>> groups = List.of(
                List.of("trusted -dname CN=Trusted_Signer " + ec + " -validity 3650",
                        "sub -dname CN=Sub_Signer " + ec + " -validity 365 -signer trusted"),
                List.of("stranger -dname CN=Stranger " + ec + " -validity 3650"),
                List.of("expired -dname CN=Expired_Signer " + ec + " -startdate -400d -validity 30"),
                List.of("ca -dname CN=Bureau_CA " + ec + " -validity 3650 -ext bc:c",
                        "leaf -dname CN=Module_Signer " + ec + " -validity 365 -signer ca -ext ku:c=digitalSignature -ext eku=codeSigning",
                        "web -dname CN=Web_Server " + ec + " -validity 365 -signer ca -ext eku=serverAuth"));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (List<String> group : groups) {
            Thread thread = new Thread(() -> {
                try {
                    for (String command : group) {
                        String alias = command.substring(0, command.indexOf(' '));
                        genkeypair(keystore(group.get(0).substring(0, group.get(0).indexOf(' '))), alias,
                                command.substring(alias.length() + 1));
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("keytool failed", failures.get(0));
        }
        trusted = entry("trusted", "trusted");
        sub = entry("trusted", "sub");
        stranger = entry("stranger", "stranger");
        expired = entry("expired", "expired");
        ca = entry("ca", "ca");
        leaf = entry("ca", "leaf");
        web = entry("ca", "web");
    }

    /** @return the keys, made at the first call */
    public static synchronized SigningKeys get() {
        if (instance == null) {
            try {
                Path folder = Files.createTempDirectory("opsconsole-signing-keys");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder)));
                instance = new SigningKeys(folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** @return a self-signed key, CN=Trusted Signer */
    public PrivateKeyEntry trusted() {
        return trusted;
    }

    /** @return a key whose certificate {@link #trusted()} issued, though it is no CA */
    public PrivateKeyEntry sub() {
        return sub;
    }

    /** @return a self-signed key nobody trusts, CN=Stranger */
    public PrivateKeyEntry stranger() {
        return stranger;
    }

    /** @return a self-signed key whose certificate expired a year ago */
    public PrivateKeyEntry expired() {
        return expired;
    }

    /** @return the CA, CN=Bureau CA */
    public PrivateKeyEntry ca() {
        return ca;
    }

    /** @return a code-signing key issued by {@link #ca()}; its chain is [leaf, ca] */
    public PrivateKeyEntry leaf() {
        return leaf;
    }

    /** @return a TLS server key issued by {@link #ca()} (extended key usage serverAuth only) */
    public PrivateKeyEntry web() {
        return web;
    }

    /** @return the keystore file holding the keys of a group (named by its first alias) */
    public Path keystore(String group) {
        return folder.resolve(group + ".p12");
    }

    /** @return a folder for the tests' own key files, removed at the end of the run */
    public Path folder() {
        return folder;
    }

    /** @return the certificate of a key */
    public static X509Certificate certificate(PrivateKeyEntry key) {
        return (X509Certificate) key.getCertificate();
    }

    /** Signs a jar with a key and its whole chain, under the signer name {@code SIGNER}. */
    public static byte[] sign(byte[] jar, PrivateKeyEntry key) {
        return sign(jar, new JarSigner.Builder(key).signerName("SIGNER").build());
    }

    /** Signs a jar with a key, embedding the given chain (which may leave out the issuers). */
    public static byte[] sign(byte[] jar, PrivateKey key, List<X509Certificate> chain, String signerName) {
        try {
            return sign(jar, new JarSigner.Builder(key, CertificateFactory.getInstance("X.509").generateCertPath(chain))
                    .signerName(signerName).build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sign(byte[] jar, JarSigner signer) {
        try {
            Path unsigned = Files.createTempFile("unsigned", ".jar");
            try {
                Files.write(unsigned, jar);
                ByteArrayOutputStream signed = new ByteArrayOutputStream();
                try (ZipFile in = new ZipFile(unsigned.toFile()); OutputStream out = signed) {
                    signer.sign(in, out);
                }
                return signed.toByteArray();
            } finally {
                Files.delete(unsigned);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code keytool} with the given arguments. */
    public static void keytool(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + arguments + " failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** Makes a key pair; {@code options} are split on spaces, and {@code _} in them stands for a space. */
    private static void genkeypair(Path keystore, String alias, String options) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-alias", alias));
        for (String option : options.trim().split("\\s+")) {
            arguments.add(option.replace('_', ' '));
        }
        keytool(arguments);
    }

    private PrivateKeyEntry entry(String group, String alias) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore(group))) {
            store.load(in, PASSWORD);
        }
        return (PrivateKeyEntry) store.getEntry(alias, new KeyStore.PasswordProtection(PASSWORD));
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary folder; the system cleans it eventually
        }
    }
}
