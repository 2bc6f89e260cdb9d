package dev.sockloop.datagram;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sockloop.internal.datagram.DatagramBind;
import dev.sockloop.internal.datagram.DatagramEndpoint;
import dev.sockloop.internal.datagram.DatagramSettings;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.LoopFutures;
import dev.sockloop.internal.transport.ListenException;
import dev.sockloop.internal.transport.TransportProvider;
import dev.sockloop.server.ServerStartException;
import dev.sockloop.stats.DatagramStats;
import dev.sockloop.transport.EventLoopGroup;

/**
 * A running UDP server: one bound socket per event loop (with {@code SO_REUSEPORT}, the kernel
 * spreading datagrams over them by sender) or one socket on the first loop, each serving its
 * datagrams through the {@link DatagramSocketHandler}. Build and start one with {@link #builder()}:
 * <pre>{@code
 * DatagramServer server = DatagramServer.builder()
 *         .port(0)
 *         .handler((datagrams) -> datagrams.map((datagram) -> datagram.reply(datagram.payload())))
 *         .start();
 * int port = server.port();
 * server.stop(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Memory: the JVM holds no more received datagrams than the handler has requested, plus one
 * batch of native receive slots per socket (32 times the maximum datagram size) and a send queue of
 * at most the write high-water mark plus one datagram per socket. What the handler does not keep up
 * with waits in the kernel's receive buffer, which drops (and, on epoll, counts) what does not fit.
 */
public final class DatagramServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DatagramServer.class);

	private static final Duration LOOP_TASK_TIMEOUT = Duration.ofSeconds(10);

	private final String name;

	private final DatagramBind bind;

	private final EventLoopGroup group;

	private final boolean ownsGroup;

	private final TransportProvider transport;

	private final DatagramStats stats;

	private final DatagramSettings settings;

	private final List<DatagramEndpoint> endpoints = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile InetSocketAddress localAddress;

	DatagramServer(String name, DatagramBind bind, int maxDatagramSize, int writeHighWaterMark,
			DatagramSocketHandler handler, EventLoopGroup group, boolean ownsGroup) {
		this.name = name;
		this.bind = bind;
		this.group = group;
		this.ownsGroup = ownsGroup;
		this.transport = group.transport().provider();
		this.stats = new DatagramStats(name, group.size());
		this.settings = new DatagramSettings(name, maxDatagramSize, writeHighWaterMark, handler, this.stats,
				new RateLimitedLog(logger));
	}

	/**
	 * Starts building a server.
	 * @return a builder with the defaults
	 */
	public static DatagramServerBuilder builder() {
		return new DatagramServerBuilder();
	}

	/**
	 * Name of the server.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The port the server is bound to; the chosen one when it was configured as 0.
	 * @return the bound port
	 */
	public int port() {
		InetSocketAddress address = this.localAddress;
		return (address != null) ? address.getPort() : -1;
	}

	/**
	 * The address the server is bound to.
	 * @return the bound address
	 */
	public InetSocketAddress localAddress() {
		return this.localAddress;
	}

	/**
	 * The server's counters.
	 * @return the stats
	 */
	public DatagramStats stats() {
		return this.stats;
	}

	/**
	 * The loops the server runs on.
	 * @return the group
	 */
	public EventLoopGroup loopGroup() {
		return this.group;
	}

	/**
	 * Number of bound sockets: one per loop with {@code SO_REUSEPORT}, otherwise one.
	 * @return the count
	 */
	public int socketCount() {
		return this.endpoints.size();
	}

	/**
	 * Whether the server is serving.
	 * @return {@code true} between start and stop
	 */
	public boolean isRunning() {
		return this.running.get();
	}

	void start() {
		List<EventLoop> loops = this.bind.reusePort() ? this.group.loops() : List.of(this.group.loop(0));
		try {
			if (this.bind.reusePort() && this.bind.address().getPort() != 0) {
				ensurePortIsFree(this.bind.address());
			}
			for (EventLoop loop : loops) {
				InetSocketAddress address = (this.localAddress != null)
						? new InetSocketAddress(this.bind.address().getAddress(), this.localAddress.getPort())
						: this.bind.address();
				DatagramEndpoint endpoint = this.transport.bindDatagram(loop,
						new DatagramBind(address, this.bind.reusePort(), this.bind.receiveBufferSize(), this.bind.groups()),
						this.settings);
				this.endpoints.add(endpoint);
				if (this.localAddress == null) {
					this.localAddress = endpoint.boundAddress();
				}
				LoopFutures.await(LoopFutures.onLoop(loop, endpoint::start), LOOP_TASK_TIMEOUT);
			}
		}
		catch (ListenException ex) {
			throw startFailed(new ServerStartException("Datagram server '" + this.name + "' " + ex.getMessage(),
					ex.getCause()));
		}
		catch (RuntimeException ex) {
			throw startFailed(ex);
		}
		this.running.set(true);
		logger.info("Datagram server '{}' bound to {} with {} socket(s), transport {}", this.name, this.localAddress,
				this.endpoints.size(), this.group.transport().tagValue());
	}

	/**
	 * Joins a multicast group while running. Only a server with one socket can: with one socket per
	 * loop every socket bound to the port would receive the group's datagrams (Linux delivers
	 * multicast to each socket on the port), so build the server with {@code reusePort(false)} or
	 * with a group joined at start.
	 * @param group the group's address
	 * @param networkInterface the interface to join it on
	 * @throws IllegalStateException if the server has more than one socket or is not running
	 */
	public void joinGroup(InetAddress group, NetworkInterface networkInterface) {
		DatagramBind.MulticastGroup membership = membership(group, networkInterface);
		DatagramEndpoint endpoint = soleEndpoint("join");
		LoopFutures.await(LoopFutures.onLoop(endpoint.loop(), () -> endpoint.joinGroup(membership)), LOOP_TASK_TIMEOUT);
	}

	/**
	 * Leaves a multicast group joined before, at start or with {@link #joinGroup}.
	 * @param group the group's address
	 * @param networkInterface the interface it was joined on
	 * @throws IllegalStateException if the server has more than one socket or is not running
	 */
	public void leaveGroup(InetAddress group, NetworkInterface networkInterface) {
		DatagramBind.MulticastGroup membership = membership(group, networkInterface);
		DatagramEndpoint endpoint = soleEndpoint("leave");
		LoopFutures.await(LoopFutures.onLoop(endpoint.loop(), () -> endpoint.leaveGroup(membership)), LOOP_TASK_TIMEOUT);
	}

	private static DatagramBind.MulticastGroup membership(InetAddress group, NetworkInterface networkInterface) {
		if (!group.isMulticastAddress() || networkInterface == null) {
			throw new IllegalArgumentException("A multicast group address and a network interface are required, was "
					+ group.getHostAddress() + " on " + networkInterface);
		}
		return new DatagramBind.MulticastGroup(group, networkInterface);
	}

	private DatagramEndpoint soleEndpoint(String action) {
		if (!isRunning()) {
			throw new IllegalStateException("Datagram server '" + this.name + "' is not running");
		}
		if (this.endpoints.size() != 1) {
			throw new IllegalStateException("Datagram server '" + this.name + "' has " + this.endpoints.size()
					+ " sockets (one per loop): it can " + action + " a multicast group only with one socket; "
					+ "build it with reusePort(false) or with joinGroup(...)");
		}
		return this.endpoints.get(0);
	}

	/**
	 * With {@code SO_REUSEPORT}, binding a port another process of the same user holds with it
	 * succeeds, and the kernel would silently split datagrams between the two; a probe bound without
	 * it fails on any socket.
	 */
	private static void ensurePortIsFree(InetSocketAddress address) {
		StandardProtocolFamily family = (address.getAddress() instanceof Inet6Address) ? StandardProtocolFamily.INET6
				: StandardProtocolFamily.INET;
		try (DatagramChannel probe = DatagramChannel.open(family)) {
			probe.bind(address);
		}
		catch (IOException ex) {
			throw ListenException.bindFailed(address, String.valueOf(ex.getMessage())
					+ ListenException.PORT_IN_USE.replace("that port", "that UDP port"), ex);
		}
	}

	private RuntimeException startFailed(RuntimeException failure) {
		try {
			closeEndpoints();
		}
		catch (RuntimeException closeFailure) {
			failure.addSuppressed(closeFailure);
		}
		if (this.ownsGroup) {
			this.group.close(Duration.ofSeconds(5));
		}
		return failure;
	}

	/**
	 * Stops the server: stops reading, completes every handler's inbound, lets queued datagrams go
	 * out, and after {@code timeout} closes the sockets whatever remains. A group the server created
	 * itself is closed too. Must not be called from an event loop.
	 * @param timeout how long handlers may take to finish
	 * @return {@code true} if every handler finished before the timeout
	 */
	public boolean stop(Duration timeout) {
		for (EventLoop loop : this.group.loops()) {
			if (loop.inLoop()) {
				throw new IllegalStateException("A server cannot be stopped from one of its event loops");
			}
		}
		if (!this.running.compareAndSet(true, false)) {
			return true;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		onEveryEndpoint(DatagramEndpoint::completeInbound, "complete its inbound");
		boolean graceful = true;
		for (DatagramEndpoint endpoint : this.endpoints) {
			while (!endpoint.isFinished()) {
				if (System.nanoTime() - deadline > 0) {
					graceful = false;
					break;
				}
				LockSupport.parkNanos(1_000_000);
			}
		}
		if (!graceful) {
			logger.warn("Datagram server '{}' stopping: a handler did not finish within {}; closing its socket",
					this.name, timeout);
		}
		closeEndpoints();
		if (this.ownsGroup) {
			this.group.close(Duration.ofSeconds(10));
		}
		logger.info("Datagram server '{}' stopped", this.name);
		return graceful;
	}

	/**
	 * Stops the server, giving handlers 30 seconds to finish.
	 */
	@Override
	public void close() {
		stop(Duration.ofSeconds(30));
	}

	private void closeEndpoints() {
		onEveryEndpoint(DatagramEndpoint::close, "close its sockets");
		this.endpoints.clear();
	}

	private void onEveryEndpoint(java.util.function.Consumer<DatagramEndpoint> action, String what) {
		List<CompletableFuture<Void>> tasks = new ArrayList<>();
		for (DatagramEndpoint endpoint : this.endpoints) {
			tasks.add(LoopFutures.onLoop(endpoint.loop(), () -> action.accept(endpoint)));
		}
		LoopFutures.awaitCleanup(tasks, LOOP_TASK_TIMEOUT,
				(failure) -> logger.warn("Datagram server '{}' failed to {}", this.name, what, failure),
				() -> logger.warn("Datagram server '{}': an event loop did not {} within 10 s", this.name, what));
	}

	@Override
	public String toString() {
		return "DatagramServer '" + this.name + "' on " + this.localAddress;
	}

}
