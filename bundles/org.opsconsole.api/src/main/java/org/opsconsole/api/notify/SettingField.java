package org.opsconsole.api.notify;

/**
 * One setting of a channel, as the channel settings page shows it.
 *
 * @param name the key in the settings map, for example {@code url}
 * @param label the label in Chinese
 * @param labelEn the label in English
 * @param kind how to edit it; {@link Kind#SECRET} values are stored encrypted and never shown again
 * @param required whether the channel cannot work without it
 * @param hint an example or explanation, written {@code 中文 / English} (the console shows the part of the reader's
 *        language; a hint without " / " shows as it is in both); may be empty
 */
public record SettingField(String name, String label, String labelEn, Kind kind, boolean required, String hint) {

    /** How a setting is edited and stored. */
    public enum Kind {
        /** One line of text. */
        TEXT,
        /** An http(s) address. */
        URL,
        /** A password, token or signing secret: encrypted at rest, write-only. */
        SECRET,
        /** A whole number. */
        NUMBER,
        /** Yes or no ({@code true} / {@code false}). */
        BOOLEAN,
        /** E-mail addresses separated by commas. */
        EMAILS
    }
}
