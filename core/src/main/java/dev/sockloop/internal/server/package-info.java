/**
 * What a {@link dev.sockloop.server.SocketServer} delegates to: {@code ServerConfig}, its settings
 * once built; {@code ServerAcceptor}, its admission (connection limit, the loop a new connection
 * goes to, the count a graceful stop waits on); and {@code UnixSocketFile}, the socket file of a
 * Unix domain socket server (stale files, permissions, removal on stop). Not API, may change
 * without notice: only Sockloop's own modules may use it.
 */
package dev.sockloop.internal.server;
