package dev.sockloop.internal.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import dev.sockloop.internal.datagram.DatagramBind;
import dev.sockloop.internal.datagram.DatagramEndpoint;
import dev.sockloop.internal.datagram.DatagramSettings;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.Poller;

/**
 * What a transport does that the rest of the engine does not: wait for ready sockets, listen and
 * accept, connect, and read and write (through the connections it creates). One per
 * {@link dev.sockloop.transport.Transport}, chosen once with
 * {@link dev.sockloop.transport.Transport#provider()}; servers and clients go through it rather
 * than asking which transport they run on.
 */
public interface TransportProvider {

	/**
	 * Whether this transport can run on this host.
	 * @return {@code true} if it can
	 */
	boolean isAvailable();

	/**
	 * Fails with one clear sentence when this transport cannot run here.
	 * @throws IllegalStateException if it is unavailable
	 */
	void ensureAvailable();

	/**
	 * Creates the poller of a new loop.
	 * @param loop the loop
	 * @return its poller
	 */
	Poller newPoller(EventLoop loop);

	/**
	 * Whether connections read and write through native addresses, which the loop's buffers then
	 * compute.
	 * @return {@code true} for a transport of raw syscalls
	 */
	boolean nativeBuffers();

	/**
	 * Whether several listeners can bind one port with {@code SO_REUSEPORT}, the kernel spreading
	 * connections over them.
	 * @return {@code true} if so
	 */
	boolean reusePortSupported();

	/**
	 * Fails if a TCP port is taken. With {@code SO_REUSEPORT}, binding a port that another socket of
	 * the same user holds with {@code SO_REUSEPORT} succeeds, and the kernel would silently split
	 * connections between the two processes; a probe bound without it fails on any listener.
	 * @param address the address and (non-zero) port
	 * @throws ListenException if the port cannot be bound
	 */
	void ensurePortIsFree(InetSocketAddress address);

	/**
	 * Opens, binds and listens on a socket, TCP or Unix domain, for one loop. Nothing is accepted
	 * until {@link Listener#listen()} runs on that loop.
	 * @param loop the loop the listener runs on
	 * @param options what to bind and how
	 * @param acceptor who accepted connections go to
	 * @return the listener, which owns the socket from now on
	 * @throws ListenException if the socket cannot be bound or listen
	 */
	Listener listen(EventLoop loop, ListenOptions options, Acceptor acceptor);

	/**
	 * Loop thread: starts a connect, which ends in {@code attempt} one way or the other.
	 * @param loop the loop the connection will run on
	 * @param address a TCP or Unix domain address
	 * @param tcpNoDelay whether to disable Nagle's algorithm on a TCP connection
	 * @param attempt the attempt, which also holds the connection's owner and the timeout
	 */
	void connect(EventLoop loop, SocketAddress address, boolean tcpNoDelay, ConnectAttempt attempt);

	/**
	 * Opens and binds a UDP socket for one loop. Nothing is read until
	 * {@link DatagramEndpoint#start()} runs on that loop.
	 * @param loop the loop the socket runs on
	 * @param bind what to bind and how
	 * @param settings what the server's sockets share
	 * @return the endpoint, which owns the socket from now on
	 * @throws ListenException if the socket cannot be bound
	 */
	DatagramEndpoint bindDatagram(EventLoop loop, DatagramBind bind, DatagramSettings settings);

}
