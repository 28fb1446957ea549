package org.opsconsole.notify.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opsconsole.api.notify.NotificationChannel;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The packaged bundle sends mail on its own: loaded the way the framework wires it (the JDK, the jar itself, and
 * only the packages it imports from elsewhere), the e-mail channel uses Jakarta Mail's SMTP transport, stream provider
 * and mailcap from inside the jar, even when the caller's context class loader sees other copies of them (here the
 * test class path's).
 */
class EmbeddedMailIT {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("ops@example.gov.cn", "Zj-Ops-2026!mail"));

    /** Loads the bundle's own classes and resources from the jar; imported packages from the test's class path. */
    private static final class BundleLoader extends URLClassLoader {

        BundleLoader(Path jar) throws IOException {
            super(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.opsconsole.api.") || name.startsWith("com.fasterxml.jackson.")) {
                return EmbeddedMailIT.class.getClassLoader().loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void theBundleJarSendsMailWithTheMailLibrariesItEmbeds() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar"));
        Thread thread = Thread.currentThread();
        ClassLoader callers = EmbeddedMailIT.class.getClassLoader();
        try (BundleLoader bundle = new BundleLoader(jar)) {
            Class<?> type = bundle.loadClass(EmailChannel.class.getName());
            assertNotSame(EmailChannel.class, type, "the channel comes from the jar");
            assertEquals(jar.toUri().toURL(), bundle.loadClass("jakarta.mail.Session").getProtectionDomain().getCodeSource().getLocation());
            NotificationChannel channel = (NotificationChannel) type.getConstructor().newInstance();
            thread.setContextClassLoader(callers);

            channel.deliver(TestReceiver.MESSAGE, Map.of("host", "127.0.0.1", "port", Integer.toString(MAIL.getSmtp().getPort()),
                    "security", "none", "username", "ops@example.gov.cn", "password", "Zj-Ops-2026!mail",
                    "from", "运维控制台 <ops@example.gov.cn>", "to", "zhangsan@example.gov.cn"));

            assertTrue(MAIL.waitForIncomingEmail(5000, 1));
            assertEquals("[严重] 数据库主库不可用", MAIL.getReceivedMessages()[0].getSubject());
            assertEquals(callers, thread.getContextClassLoader());
        } finally {
            thread.setContextClassLoader(callers);
        }
    }
}
