package org.opsconsole.notify.internal;

/**
 * What the notification API reads beyond {@link org.opsconsole.api.rest.Requests}: its body limit.
 */
final class RequestInput {

    /** The largest request body read, in bytes. */
    static final int MAX_BODY = 64 * 1024;

    private RequestInput() {
    }
}
