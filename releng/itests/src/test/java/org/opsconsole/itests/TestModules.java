package org.opsconsole.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import jdk.security.jarsigner.JarSigner;

import org.osgi.framework.BundleActivator;

/**
 * Modules for the plugin manager's tests, made in the test: bundle jars (with an activator compiled on the spot when
 * one is wanted), feature archives, and a signing key whose certificate is the console's truststore.
 */
final class TestModules {

    static final char[] PASSWORD = "changeit".toCharArray();

    private TestModules() {
    }

    /** A signing key (alias {@code module}) in {@code signer.p12} and its certificate in {@code truststore.p12}. */
    record Keys(Path keystore, Path truststore) {
    }

    static Keys keys(Path folder, String name) throws IOException, InterruptedException {
        Path keystore = folder.resolve(name + "-signer.p12");
        Path certificate = folder.resolve(name + ".cer");
        Path truststore = folder.resolve(name + "-truststore.p12");
        keytool("-genkeypair", "-alias", "module", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name + ",O=Zhanjiang Finance Bureau", "-validity", "365", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "module", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", "changeit");
        return new Keys(keystore, truststore);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** A bundle jar: the manifest headers given, plus the entries (path to bytes). */
    static byte[] bundle(String symbolicName, String version, Map<String, String> headers, Map<String, byte[]> entries)
            throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] bundle(String symbolicName, String version, Map<String, String> headers) throws IOException {
        return bundle(symbolicName, version, headers, Map.of("readme.txt", ("bundle " + symbolicName).getBytes(StandardCharsets.UTF_8)));
    }

    /** A bundle whose activator throws in start, compiled now. */
    static byte[] throwingBundle(String symbolicName, String version, Path scratch) throws IOException, URISyntaxException {
        String pkg = symbolicName.replace('-', '_');
        String source = "package " + pkg + ";\n"
                + "public class Activator implements org.osgi.framework.BundleActivator {\n"
                + "  public void start(org.osgi.framework.BundleContext c) { throw new IllegalStateException(\"模块故障 boom\"); }\n"
                + "  public void stop(org.osgi.framework.BundleContext c) { }\n}\n";
        Path src = scratch.resolve("src").resolve(pkg.replace('.', '/')).resolve("Activator.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = scratch.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String osgi = Path.of(BundleActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int result = javac.run(null, null, null, "-encoding", "UTF-8", "--release", "17", "-cp", osgi, "-d", classes.toString(),
                src.toString());
        if (result != 0) {
            throw new IOException("the activator did not compile");
        }
        String entry = pkg.replace('.', '/') + "/Activator.class";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(entry, Files.readAllBytes(classes.resolve(entry)));
        return bundle(symbolicName, version, Map.of("Bundle-Activator", pkg + ".Activator",
                "Import-Package", "org.osgi.framework;version=\"[1.8,2)\""), entries);
    }

    /**
     * A bundle that subscribes to EventAdmin events of a topic and appends each event's topic, a tab and its
     * properties to a file, compiled now. It implements {@code EventHandler} through a dynamic proxy, so that it
     * compiles against the framework API alone.
     */
    static byte[] eventRecorderBundle(String symbolicName, String topic, Path file, Path scratch) throws IOException, URISyntaxException {
        String pkg = symbolicName.replace('-', '_');
        String source = "package " + pkg + ";\n"
                + "public class Activator implements org.osgi.framework.BundleActivator {\n"
                + "  public void start(org.osgi.framework.BundleContext c) throws Exception {\n"
                + "    Class<?> handler = Class.forName(\"org.osgi.service.event.EventHandler\");\n"
                + "    java.nio.file.Path file = java.nio.file.Path.of(" + quoted(file.toString()) + ");\n"
                + "    Object proxy = java.lang.reflect.Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, (p, m, a) -> {\n"
                + "      if (!m.getName().equals(\"handleEvent\")) { return m.getName().equals(\"hashCode\") ? 1 : m.getName().equals(\"equals\") ? p == a[0] : \"recorder\"; }\n"
                + "      Object event = a[0];\n"
                + "      String line = event.getClass().getMethod(\"getTopic\").invoke(event) + \"\\t\" + event + \"\\n\";\n"
                + "      synchronized (Activator.class) { java.nio.file.Files.writeString(file, line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND); }\n"
                + "      return null; });\n"
                + "    java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();\n"
                + "    properties.put(\"event.topics\", " + quoted(topic) + ");\n"
                + "    c.registerService(handler.getName(), proxy, properties);\n"
                + "  }\n"
                + "  public void stop(org.osgi.framework.BundleContext c) { }\n}\n";
        Path src = scratch.resolve("src").resolve(pkg.replace('.', '/')).resolve("Activator.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = scratch.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String osgi = Path.of(BundleActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        if (javac.run(null, null, null, "-encoding", "UTF-8", "--release", "17", "-cp", osgi, "-d", classes.toString(), src.toString()) != 0) {
            throw new IOException("the event recorder did not compile");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                entries.put(classes.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        }
        return bundle(symbolicName, "1.0.0", Map.of("Bundle-Activator", pkg + ".Activator",
                "Import-Package", "org.osgi.framework;version=\"[1.8,2)\",org.osgi.service.event;version=\"[1.4,2)\""), entries);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A bundle with a Declarative Services component whose activate method throws, compiled now. */
    static byte[] throwingComponentBundle(String symbolicName, String version, Path scratch) throws IOException, URISyntaxException {
        String pkg = symbolicName.replace('-', '_');
        String source = "package " + pkg + ";\n"
                + "public class Broken {\n"
                + "  public void activate() { throw new IllegalStateException(\"组件故障 broken component\"); }\n}\n";
        Path src = scratch.resolve("src").resolve(pkg.replace('.', '/')).resolve("Broken.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = scratch.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, "-encoding", "UTF-8", "--release", "17", "-d", classes.toString(), src.toString()) != 0) {
            throw new IOException("the component did not compile");
        }
        String entry = pkg.replace('.', '/') + "/Broken.class";
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + pkg + ".Broken\" immediate=\"true\""
                + " activate=\"activate\">\n  <implementation class=\"" + pkg + ".Broken\"/>\n</scr:component>\n";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(entry, Files.readAllBytes(classes.resolve(entry)));
        entries.put("OSGI-INF/" + pkg + ".Broken.xml", xml.getBytes(StandardCharsets.UTF_8));
        return bundle(symbolicName, version, Map.of("Service-Component", "OSGI-INF/" + pkg + ".Broken.xml"), entries);
    }

    /** Signs a jar with the key of {@code keys}. */
    static byte[] sign(byte[] jar, Keys keys) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys.keystore())) {
            store.load(in, PASSWORD);
        }
        PrivateKey key = (PrivateKey) store.getKey("module", PASSWORD);
        Certificate[] chain = store.getCertificateChain("module");
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(chain));
        JarSigner signer = new JarSigner.Builder(key, path).digestAlgorithm("SHA-256").build();
        Path unsigned = Files.createTempFile("unsigned", ".jar");
        try {
            Files.write(unsigned, jar);
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            try (ZipFile zip = new ZipFile(unsigned.toFile()); OutputStream out = signed) {
                signer.sign(zip, out);
            }
            return signed.toByteArray();
        } finally {
            Files.deleteIfExists(unsigned);
        }
    }

    /** A feature archive: feature.json and the jars, at the root, named {@code <artifact>-<version>.jar}. */
    static byte[] feature(String json, Map<String, byte[]> jars) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("feature.json"));
            zip.write(json.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Map.Entry<String, byte[]> jar : jars.entrySet()) {
                zip.putNextEntry(new ZipEntry(jar.getKey()));
                zip.write(jar.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The feature.json of a feature {@code org.example:<artifact>:<version>} with bundles {@code org.example:<name>:<version>}. */
    static String featureJson(String artifact, String version, String apiRange, List<String> requires, String... bundles) {
        StringBuilder json = new StringBuilder("{\"feature-resource-version\":\"1.0\",\"id\":\"org.example:" + artifact + ":json:"
                + version + "\",\"name\":\"测试模块 " + artifact + "\",\"description\":\"A test module\",\"bundles\":[");
        for (int i = 0; i < bundles.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"org.example:").append(bundles[i]).append(':').append(version)
                    .append("\",\"start-order\":").append(i + 1).append('}');
        }
        json.append("],\"extensions\":{");
        boolean comma = false;
        if (apiRange != null) {
            json.append("\"opsconsole-api\":{\"kind\":\"mandatory\",\"text\":[\"").append(apiRange).append("\"]}");
            comma = true;
        }
        if (!requires.isEmpty()) {
            json.append(comma ? "," : "").append("\"opsconsole-requires\":{\"kind\":\"mandatory\",\"artifacts\":[");
            for (int i = 0; i < requires.size(); i++) {
                json.append(i == 0 ? "" : ",").append("{\"id\":\"").append(requires.get(i)).append("\"}");
            }
            json.append("]}");
        }
        return json.append("}}").toString();
    }
}
