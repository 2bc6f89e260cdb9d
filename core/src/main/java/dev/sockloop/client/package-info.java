/**
 * Outbound connections: {@link dev.sockloop.client.SocketClient}, built with {@link
 * dev.sockloop.client.SocketClient#builder()}, connects on event loops and hands back the same
 * {@link dev.sockloop.connection.Connection} API that servers give their handlers, for proxies,
 * clients of other services and tests.
 */
package dev.sockloop.client;
