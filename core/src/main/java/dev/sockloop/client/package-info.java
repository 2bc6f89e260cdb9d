/**
 * Outbound connections: {@link dev.sockloop.client.SocketClient}, built with {@link
 * dev.sockloop.client.SocketClient#builder()}, connects on event loops and hands back the same
 * {@link dev.sockloop.connection.Connection} API that servers give their handlers, for proxies,
 * clients of other services and tests; over TLS with the servers' engine, under idle, read, write
 * and handshake timeouts. For request/response protocols, {@link
 * dev.sockloop.client.ExchangeConnection} pipelines requests over one connection and matches
 * responses in order, with messages from an {@link dev.sockloop.client.ExchangeCodec} over the
 * client's framing.
 */
package dev.sockloop.client;
