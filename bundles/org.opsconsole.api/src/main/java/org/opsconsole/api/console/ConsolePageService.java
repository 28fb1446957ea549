package org.opsconsole.api.console;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Requirement;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares the service properties of a {@link ConsolePage}: its identity, titles in both console
 * languages, where it sits in the navigation, and the web component that renders it.
 *
 * <p>Placing this annotation on a component also makes the bundle require the console shell, so that
 * resolving a module pulls the shell in. Every property name starts with {@value #PREFIX_}.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Requirement(namespace = "osgi.implementation",
        name = ConsoleConstants.CONSOLE_IMPLEMENTATION, version = ConsoleConstants.CONSOLE_SPECIFICATION_VERSION)
public @interface ConsolePageService {

    /** Prefix of every property this annotation declares. */
    String PREFIX_ = "opsconsole.page.";

    /**
     * The page identifier: lower-case letters, digits and hyphens, unique in the console. It is the
     * page's address ({@code /#/<id>}) and the folder its files are served from
     * ({@code /console/pages/<id>/}).
     *
     * @return the page identifier
     */
    String id();

    /**
     * The title in Chinese (zh-CN), the console's default language, shown in the navigation.
     *
     * @return the Chinese title
     */
    String title();

    /**
     * The title in English.
     *
     * @return the English title
     */
    String titleEn();

    /**
     * The navigation group the page belongs to, one of the {@code GROUP_*} constants of
     * {@link ConsoleConstants}; an unknown group is shown after the known ones under its own name.
     *
     * @return the navigation group
     */
    String group() default ConsoleConstants.GROUP_SYSTEM;

    /**
     * The position inside the group; lower comes first.
     *
     * @return the order inside the group
     */
    int order() default 500;

    /**
     * The icon name from the console's icon set (for example {@code server}, {@code activity},
     * {@code bell}, {@code shield}, {@code database}, {@code archive}, {@code clipboard}, {@code book},
     * {@code file-text}, {@code users}, {@code settings}); an unknown name shows a neutral icon.
     *
     * @return the icon name
     */
    String icon() default "box";

    /**
     * The permission a user needs to see and open the page; empty for every signed-in user.
     *
     * @return the required permission
     */
    String permission() default "";

    /**
     * The folder inside the contributing bundle whose files the shell serves for this page.
     *
     * @return the folder, relative to the bundle root
     */
    String webRoot() default "web";

    /**
     * The ES module, relative to {@link #webRoot()}, that defines the page's custom element. It may
     * import {@code lit} and {@code opsconsole} (the shell's helper module) by those names.
     *
     * @return the script path
     */
    String script();

    /**
     * The custom element name the script defines (it must contain a hyphen), created by the shell
     * when the page is opened.
     *
     * @return the custom element name
     */
    String element();
}
