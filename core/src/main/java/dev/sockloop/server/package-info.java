/**
 * The TCP and Unix domain socket server. {@link dev.sockloop.server.SocketServer#builder()}
 * returns a {@link dev.sockloop.server.SocketServerBuilder} for the address, the loops, limits,
 * timeouts, the {@link dev.sockloop.server.AcceptMode} and the handler; {@code start()} binds and
 * returns the running {@link dev.sockloop.server.SocketServer}, or throws {@link
 * dev.sockloop.server.ServerStartException} naming the address and the cause. A server stops
 * gracefully with {@code stop(Duration)}.
 */
package dev.sockloop.server;
