/**
 * Helpers for testing an application that uses Sockloop, shipped as a test-scoped dependency:
 * {@link dev.sockloop.test.LocalSockloopPort @LocalSockloopPort}, which injects the port a started
 * server listens on, and {@link dev.sockloop.test.SocketTestClient}, a blocking client over TCP,
 * TLS and Unix domain sockets that exchanges lines, bytes and frames with a server, with a timeout
 * on every read so a test fails rather than hangs.
 */
package dev.sockloop.test;
