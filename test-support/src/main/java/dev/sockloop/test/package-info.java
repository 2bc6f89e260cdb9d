/**
 * Helpers for testing an application that uses Sockloop, shipped as a test-scoped dependency:
 * {@link dev.sockloop.test.SocketTestClient}, a blocking client that finds a server's port in the
 * Spring environment and exchanges lines and bytes with it, with a timeout on every read so a
 * test fails rather than hangs.
 */
package dev.sockloop.test;
