/**
 * The opsconsole test kit: {@link org.opsconsole.testkit.OpsConsole}, a JUnit 5 extension that boots a built
 * distribution with the extension under test installed, and {@link org.opsconsole.testkit.ConsoleClient}, a signed-in
 * user's HTTP client.
 */
package org.opsconsole.testkit;
