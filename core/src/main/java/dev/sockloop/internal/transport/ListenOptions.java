package dev.sockloop.internal.transport;

import java.net.SocketAddress;

/**
 * What a listening socket binds and how.
 *
 * @param address an {@link java.net.InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}
 * @param backlog the length of the queue of connections not yet accepted
 * @param reusePort whether to bind with {@code SO_REUSEPORT} (TCP only)
 * @param tcpNoDelay whether accepted TCP sockets disable Nagle's algorithm
 * @param keepAlive whether accepted TCP sockets send keep-alive probes
 * @param tcpOptions the other options of accepted TCP sockets
 * @param bound run once the socket is bound and before it listens (a Unix socket file's
 * permissions are set there, so that no client connects while the umask's apply)
 */
public record ListenOptions(SocketAddress address, int backlog, boolean reusePort, boolean tcpNoDelay,
		boolean keepAlive, TcpOptions tcpOptions, Runnable bound) {

}
