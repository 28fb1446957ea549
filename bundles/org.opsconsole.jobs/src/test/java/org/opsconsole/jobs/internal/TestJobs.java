package org.opsconsole.jobs.internal;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.opsconsole.api.jobs.ScheduledJob;
import org.opsconsole.api.jobs.ScheduledJobService;
import org.opsconsole.api.security.ConsoleUser;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.converter.Converters;

/** Job service references, scheduler settings and users for the tests. */
final class TestJobs {

    /** A cron expression that does not fire while a test runs (at 03:00 on 1 January 2099). */
    static final String FAR = "0 0 3 1 1 ? 2099";

    private TestJobs() {
    }

    static JobScheduler.Config config(int threads, int stopWaitSeconds) {
        return Converters.standardConverter().convert(Map.of("threads", threads, "stopWaitSeconds", stopWaitSeconds))
                .to(JobScheduler.Config.class);
    }

    static FakeReference reference(String id, String cron) {
        return reference(id, cron, "");
    }

    static FakeReference reference(String id, String cron, String permission) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ScheduledJobService.PREFIX_ + "id", id);
        properties.put(ScheduledJobService.PREFIX_ + "title", "任务 " + id);
        properties.put(ScheduledJobService.PREFIX_ + "titleEn", "Job " + id);
        properties.put(ScheduledJobService.PREFIX_ + "cron", cron);
        properties.put(ScheduledJobService.PREFIX_ + "permission", permission);
        return new FakeReference(bundle("org.example.module"), properties);
    }

    static Bundle bundle(String symbolicName) {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getSymbolicName()).thenReturn(symbolicName);
        return bundle;
    }

    /** A signed-in user holding exactly the given permissions. */
    static ConsoleUser user(String name, String... permissions) {
        Set<String> granted = Set.of(permissions);
        ConsoleUser user = mock(ConsoleUser.class);
        when(user.name()).thenReturn(name);
        when(user.permissions()).thenReturn(granted);
        when(user.has(anyString())).thenAnswer(call -> granted.contains(call.getArgument(0, String.class)));
        return user;
    }

    /** A job service reference with given properties, ordered like the framework's: by ranking, then by service id. */
    static final class FakeReference implements ServiceReference<ScheduledJob> {

        private static final AtomicLong NEXT_ID = new AtomicLong(1);

        private final Map<String, Object> properties = new ConcurrentHashMap<>();
        private final Bundle bundle;

        FakeReference(Bundle bundle, Map<String, Object> properties) {
            this.bundle = bundle;
            this.properties.putAll(properties);
            this.properties.putIfAbsent(Constants.SERVICE_RANKING, 0);
            this.properties.put(Constants.SERVICE_ID, NEXT_ID.getAndIncrement());
        }

        /** Changes a property, as a component's modified configuration would. */
        void set(String key, Object value) {
            properties.put(key, value);
        }

        @Override
        public Object getProperty(String key) {
            return properties.get(key);
        }

        @Override
        public String[] getPropertyKeys() {
            return properties.keySet().toArray(String[]::new);
        }

        @Override
        public Bundle getBundle() {
            return bundle;
        }

        @Override
        public Bundle[] getUsingBundles() {
            return new Bundle[0];
        }

        @Override
        public boolean isAssignableTo(Bundle other, String className) {
            return true;
        }

        @Override
        public int compareTo(Object other) {
            FakeReference that = (FakeReference) other;
            int ranking = Integer.compare((Integer) getProperty(Constants.SERVICE_RANKING),
                    (Integer) that.getProperty(Constants.SERVICE_RANKING));
            if (ranking != 0) {
                return ranking;
            }
            return Long.compare((Long) that.getProperty(Constants.SERVICE_ID), (Long) getProperty(Constants.SERVICE_ID));
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return new Hashtable<>(properties);
        }

        @Override
        public <A> A adapt(Class<A> type) {
            return null;
        }
    }
}
