package org.opsconsole.notify.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.opsconsole.api.notify.NotificationChannel;
import org.opsconsole.api.notify.NotificationChannelType;
import org.opsconsole.api.notify.SettingField;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kinds of channel installed right now: every {@link NotificationChannel} service, by the type its
 * {@link NotificationChannelType} properties give. When two services claim one type, the higher ranked (then the older)
 * one serves it. A kind comes and goes with its bundle; configured channels of a kind that is gone wait for it.
 * Thread-safe.
 */
@Component(service = ChannelKinds.class)
public class ChannelKinds {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelKinds.class);
    /** Channel kind ids: lower case, as stored in {@code notify_channel.type}. */
    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /**
     * An installed kind.
     *
     * @param ranking the service ranking; with {@code serviceId}, which of two services of one type serves it
     * @param bundle the providing bundle's symbolic name, for the log
     */
    record Kind(String type, String title, String titleEn, NotificationChannel channel, int ranking, long serviceId,
            String bundle) {

        /** @return the kind's settings, as its service lists them; empty when the service fails to say */
        List<SettingField> fields() {
            try {
                List<SettingField> fields = channel.fields();
                return fields == null ? List.of() : List.copyOf(fields);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("The notification channel kind '{}' of bundle {} cannot list its settings: {}", type, bundle,
                        e.getMessage(), e);
                return List.of();
            }
        }
    }

    private static final Comparator<Kind> BEST_FIRST = Comparator.comparingInt(Kind::ranking).reversed()
            .thenComparingLong(Kind::serviceId);

    private final Map<Object, Kind> kinds = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Reference(service = NotificationChannel.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeChannel")
    void addChannel(ServiceReference<NotificationChannel> reference, NotificationChannel channel) {
        Bundle bundle = reference.getBundle();
        String bundleName = bundle == null ? "?" : bundle.getSymbolicName();
        String type = text(reference.getProperty(NotificationChannelType.PREFIX_ + "type"));
        if (!TYPE.matcher(type).matches()) {
            LOG.error("The notification channel service of bundle {} is ignored: its type '{}' must be lower-case letters, "
                    + "digits and hyphens, starting with a letter (@NotificationChannelType)", bundleName, type);
            return;
        }
        String title = text(reference.getProperty(NotificationChannelType.PREFIX_ + "title"));
        String titleEn = text(reference.getProperty(NotificationChannelType.PREFIX_ + "titleEn"));
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        Object id = reference.getProperty(Constants.SERVICE_ID);
        add(reference, new Kind(type, title.isEmpty() ? type : title, titleEn.isEmpty() ? type : titleEn, channel,
                ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : Long.MAX_VALUE, bundleName));
    }

    void removeChannel(ServiceReference<NotificationChannel> reference) {
        remove(reference);
    }

    /** Adds a kind under a key (its service reference); also how tests install kinds. */
    void add(Object key, Kind kind) {
        kinds.put(key, kind);
        LOG.info("Notification channel kind '{}' ({}) of bundle {} is installed", kind.type(), kind.title(), kind.bundle());
        listeners.forEach(Runnable::run);
    }

    /** Removes the kind added under a key. */
    void remove(Object key) {
        Kind gone = kinds.remove(key);
        if (gone != null) {
            LOG.info("Notification channel kind '{}' of bundle {} is gone", gone.type(), gone.bundle());
            listeners.forEach(Runnable::run);
        }
    }

    /** @return the kind serving a type, when one is installed */
    Optional<Kind> kind(String type) {
        return kinds.values().stream().filter(k -> k.type().equals(type)).min(BEST_FIRST);
    }

    /** @return the installed kinds, one per type, ordered by type */
    List<Kind> kinds() {
        List<Kind> all = new ArrayList<>();
        for (String type : types()) {
            kind(type).ifPresent(all::add);
        }
        return all;
    }

    /** @return the installed types */
    Set<String> types() {
        Set<String> types = new TreeSet<>();
        kinds.values().forEach(k -> types.add(k.type()));
        return types;
    }

    /** Runs the listener whenever a kind comes or goes (on the thread that changed it). */
    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
