package org.opsconsole.web.internal;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** A service reference with given properties, ordered like the framework's: by ranking, then by service id. */
final class FakeReference<S> implements ServiceReference<S> {

    private static long nextId = 1;

    private final Map<String, Object> properties = new HashMap<>();
    private final Bundle bundle;

    FakeReference(Bundle bundle, Map<String, Object> properties) {
        this.bundle = bundle;
        this.properties.putAll(properties);
        this.properties.putIfAbsent(Constants.SERVICE_RANKING, 0);
        this.properties.put(Constants.SERVICE_ID, nextId++);
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
        FakeReference<?> that = (FakeReference<?>) other;
        int ranking = Integer.compare((Integer) getProperty(Constants.SERVICE_RANKING), (Integer) that.getProperty(Constants.SERVICE_RANKING));
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
