package org.opsconsole.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.opsconsole.api.notify.NotificationChannel;
import org.opsconsole.api.notify.NotificationChannelType;
import org.opsconsole.testing.TestSecretBox;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The installed channel kinds, and where links point. */
class ChannelKindsTest {

    @SuppressWarnings("unchecked")
    private static ServiceReference<NotificationChannel> reference(String type, int ranking, long id) {
        ServiceReference<NotificationChannel> reference = mock(ServiceReference.class);
        Bundle bundle = mock(Bundle.class);
        when(bundle.getSymbolicName()).thenReturn("org.opsconsole.notify.channels");
        when(reference.getBundle()).thenReturn(bundle);
        when(reference.getProperty(NotificationChannelType.PREFIX_ + "type")).thenReturn(type);
        when(reference.getProperty(NotificationChannelType.PREFIX_ + "title")).thenReturn("钉钉机器人");
        when(reference.getProperty(NotificationChannelType.PREFIX_ + "titleEn")).thenReturn("DingTalk robot");
        when(reference.getProperty(Constants.SERVICE_RANKING)).thenReturn(ranking);
        when(reference.getProperty(Constants.SERVICE_ID)).thenReturn(id);
        return reference;
    }

    @Test
    void theHighestRankedServiceServesATypeAndTheNextTakesOverWhenItGoes() {
        ChannelKinds kinds = new ChannelKinds();
        AtomicInteger changes = new AtomicInteger();
        kinds.addListener(changes::incrementAndGet);
        NotificationChannel first = new TestChannel();
        NotificationChannel better = new TestChannel();
        ServiceReference<NotificationChannel> betterReference = reference("dingtalk", 10, 7);

        kinds.addChannel(reference("dingtalk", 0, 3), first);
        kinds.addChannel(betterReference, better);
        kinds.addChannel(reference("Bad Type", 0, 9), new TestChannel());

        assertSame(better, kinds.kind("dingtalk").orElseThrow().channel());
        assertEquals("钉钉机器人", kinds.kind("dingtalk").orElseThrow().title());
        assertEquals(Set.of("dingtalk"), kinds.types());
        assertEquals(1, kinds.kinds().size());
        kinds.removeChannel(betterReference);
        assertSame(first, kinds.kind("dingtalk").orElseThrow().channel());
        assertEquals(3, changes.get());
        assertTrue(kinds.kind("wecom").isEmpty());
    }

    @Test
    void consolePathsAreMadeAbsoluteWithThePublicAddress() {
        BundleContext configured = mock(BundleContext.class);
        when(configured.getProperty(ChannelSender.PUBLIC_URL_PROPERTY)).thenReturn("https://ops.czj.zhanjiang.gov.cn/");
        BundleContext bare = mock(BundleContext.class);
        when(bare.getProperty("org.osgi.service.http.port")).thenReturn("8443");
        ChannelSender sender = new ChannelSender(new ChannelKinds(), new TestSecretBox(), ChannelSender.publicUrl(configured));

        assertEquals("https://ops.czj.zhanjiang.gov.cn/#/jobs", sender.absolute("/#/jobs"));
        assertEquals("https://example.cn/x", sender.absolute("https://example.cn/x"));
        assertEquals("http://" + ChannelSender.hostName() + ":8443", ChannelSender.publicUrl(bare));
    }
}
