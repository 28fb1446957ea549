package org.opsconsole.monitoring.internal.web;

/** Numbers from a request, as the stores take them. */
final class RequestNumbers {

    private RequestNumbers() {
    }

    /**
     * @param value a whole number from a request, or null
     * @return the number as an int, out-of-range values made extreme so that the range check refuses them
     */
    static Integer clamp(Long value) {
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
}
