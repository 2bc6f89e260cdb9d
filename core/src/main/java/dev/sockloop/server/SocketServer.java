package dev.sockloop.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.internal.connection.ConnectionSettings;
import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.LoopFutures;
import dev.sockloop.internal.server.ServerAcceptor;
import dev.sockloop.internal.server.ServerConfig;
import dev.sockloop.internal.server.UnixSocketFile;
import dev.sockloop.internal.transport.ListenException;
import dev.sockloop.internal.transport.ListenOptions;
import dev.sockloop.internal.transport.Listener;
import dev.sockloop.internal.transport.TransportProvider;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.tls.TlsHandler;
import dev.sockloop.tls.TlsStats;
import dev.sockloop.transport.EventLoopGroup;

/**
 * A running TCP server: listening sockets on a group of event loops and the connections they
 * accepted. Build and start one with {@link #builder()}:
 * <pre>{@code
 * SocketServer server = SocketServer.builder()
 *         .port(0)
 *         .loops(2)
 *         .handler((connection) -> connection.send(connection.receive()))
 *         .start();
 * int port = server.port();
 * server.stop(Duration.ofSeconds(5));
 * }</pre>
 * The group's transport binds the listeners; a {@link ServerAcceptor} admits what they accept.
 */
public final class SocketServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SocketServer.class);

	private static final Duration LOOP_TASK_TIMEOUT = Duration.ofSeconds(10);

	private final ServerConfig config;

	private final EventLoopGroup group;

	private final boolean ownsGroup;

	private final TransportProvider transport;

	private final ServerStats stats;

	/** {@code null} for a plain TCP server. */
	private final TlsStats tlsStats;

	private final ConnectionSettings settings;

	private final ServerAcceptor acceptor;

	private final List<Listener> listeners = new ArrayList<>();

	/** The socket file of a Unix domain socket server, {@code null} for TCP. */
	private final UnixSocketFile unixSocketFile;

	/** A TLS server whose peers may take for ever to handshake: named in the limits left off. */
	private final boolean tlsHandshakeUnlimited;

	private final AtomicBoolean stopping = new AtomicBoolean();

	private volatile InetSocketAddress localAddress;

	private volatile SocketAddress boundAddress;

	SocketServer(ServerConfig config, ConnectionHandler handler, TlsHandler tls, EventLoopGroup group,
			boolean ownsGroup) {
		this.config = config;
		this.tlsStats = (tls != null) ? tls.stats() : null;
		this.tlsHandshakeUnlimited = tls != null && !tls.hasHandshakeTimeout();
		this.group = group;
		this.ownsGroup = ownsGroup;
		this.transport = group.transport().provider();
		this.stats = new ServerStats(config.name(), group.size());
		this.unixSocketFile = config.isUnixSocket() ? new UnixSocketFile(config.name(), config.unixSocketPath()) : null;
		this.settings = new ConnectionSettings(config.name(), config.writeHighWaterMark(), config.writeLowWaterMark(),
				config.idleTimeout().toNanos(), config.readTimeout().toNanos(), config.writeTimeout().toNanos(),
				config.proxyProtocol(), config.proxyHeaderTimeout().toNanos());
		boolean roundRobin = config.isUnixSocket() || config.acceptMode() == AcceptMode.SINGLE_ACCEPTOR
				|| !this.transport.reusePortSupported();
		this.acceptor = new ServerAcceptor(config, this.settings, this.stats, group, roundRobin, handler);
	}

	/**
	 * Starts building a server.
	 * @return a builder with the defaults
	 */
	public static SocketServerBuilder builder() {
		return new SocketServerBuilder();
	}

	/**
	 * Name of the server.
	 * @return the name
	 */
	public String name() {
		return this.config.name();
	}

	/**
	 * The port the server listens on; the chosen one when it was configured as 0.
	 * @return the bound port, or -1 for a Unix domain socket server
	 */
	public int port() {
		InetSocketAddress address = this.localAddress;
		return (address != null) ? address.getPort() : -1;
	}

	/**
	 * The TCP address the server listens on.
	 * @return the bound address, or {@code null} for a Unix domain socket server
	 */
	public InetSocketAddress localAddress() {
		return this.localAddress;
	}

	/**
	 * The address the server listens on, TCP or Unix domain.
	 * @return an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}
	 */
	public SocketAddress boundAddress() {
		return this.boundAddress;
	}

	/**
	 * The server's settings. Its type is internal (not API, may change without notice).
	 * @return the configuration
	 */
	public ServerConfig config() {
		return this.config;
	}

	/**
	 * The server's counters.
	 * @return the stats
	 */
	public ServerStats stats() {
		return this.stats;
	}

	/**
	 * The server's TLS counters, when it was built with
	 * {@link SocketServerBuilder#tls(dev.sockloop.tls.TlsEngineFactory) TLS}.
	 * @return the counters, or empty for a plain TCP server
	 */
	public Optional<TlsStats> tlsStats() {
		return Optional.ofNullable(this.tlsStats);
	}

	/**
	 * The loops the server runs on.
	 * @return the group
	 */
	public EventLoopGroup loopGroup() {
		return this.group;
	}

	/**
	 * Whether the server accepts connections.
	 * @return {@code true} between start and stop
	 */
	public boolean isRunning() {
		return this.acceptor.isOpen();
	}

	void start() {
		try {
			if (this.config.isUnixSocket()) {
				this.unixSocketFile.clearStale();
				listen(this.group.loop(0), UnixDomainSocketAddress.of(this.config.unixSocketPath()), false);
			}
			else if (this.config.acceptMode() == AcceptMode.REUSE_PORT) {
				if (this.config.bindAddress().getPort() != 0 && !this.config.sharePort()) {
					// Port 0: the kernel picks a port nobody listens on. SO_REUSEPORT would let us
					// bind beside another process's listener and take a share of its clients:
					// only when sharing is asked for (a new instance taking over from an old one).
					this.transport.ensurePortIsFree(this.config.bindAddress());
				}
				for (EventLoop loop : this.group.loops()) {
					listen(loop, nextTcpAddress(), true);
				}
			}
			else {
				listen(this.group.loop(0), nextTcpAddress(), this.config.sharePort());
			}
		}
		catch (ListenException ex) {
			throw startFailed(new ServerStartException("Server '" + name() + "' " + ex.getMessage(), ex.getCause()));
		}
		catch (RuntimeException ex) {
			throw startFailed(ex);
		}
		this.acceptor.open();
		logger.info("Server '{}' listening on {} with {} loop(s), accept mode {}, transport {}{}{}", name(),
				this.boundAddress, this.group.size(),
				this.acceptor.isRoundRobin() ? AcceptMode.SINGLE_ACCEPTOR : AcceptMode.REUSE_PORT,
				this.group.transport().tagValue(),
				(this.config.proxyProtocol() != ProxyProtocol.OFF)
						? ", PROXY protocol " + this.config.proxyProtocol().name().toLowerCase(Locale.ROOT) : "",
				(this.config.sharePort() && !this.config.isUnixSocket()) ? ", port shared" : "");
		logLimitsLeftOff();
	}

	/** Every listener after the first binds the port the first one got, which matters for port 0. */
	private InetSocketAddress nextTcpAddress() {
		return (this.localAddress != null)
				? new InetSocketAddress(this.config.bindAddress().getAddress(), this.localAddress.getPort())
				: this.config.bindAddress();
	}

	/** Binds one listener on its loop and has it listen there; from then on only its close releases it. */
	private void listen(EventLoop loop, SocketAddress address, boolean reusePort) {
		Runnable bound = (this.unixSocketFile != null)
				? () -> this.unixSocketFile.bound(this.config.unixSocketPermissions()) : () -> { };
		Listener listener = this.transport.listen(loop, new ListenOptions(address, this.config.backlog(), reusePort,
				this.config.tcpNoDelay(), this.config.keepAlive(), bound), this.acceptor);
		if (this.boundAddress == null) {
			this.boundAddress = listener.boundAddress();
			if (this.boundAddress instanceof InetSocketAddress inet) {
				this.localAddress = inet;
			}
		}
		this.listeners.add(listener);
		LoopFutures.await(LoopFutures.onLoop(loop, listener::listen), LOOP_TASK_TIMEOUT);
	}

	/** Releases what a failed start took, and returns its failure to throw. */
	private RuntimeException startFailed(RuntimeException failure) {
		try {
			closeListeners();
		}
		catch (RuntimeException closeFailure) {
			failure.addSuppressed(closeFailure);
		}
		if (this.unixSocketFile != null) {
			try {
				this.unixSocketFile.deleteIfOurs();
			}
			catch (IOException deleteFailure) {
				failure.addSuppressed(deleteFailure);
			}
		}
		if (this.ownsGroup) {
			this.group.close(Duration.ofSeconds(5));
		}
		return failure;
	}

	/**
	 * One line naming every limit that is off, so that an operator sees at start-up what a hostile or
	 * forgetful client can hold for ever (see docs/operations.md, "Safe defaults").
	 */
	private void logLimitsLeftOff() {
		List<String> off = new ArrayList<>();
		if (this.config.maxConnections() == 0) {
			off.add("max-connections");
		}
		if (this.config.idleTimeout().isZero()) {
			off.add("idle-timeout");
		}
		if (this.config.readTimeout().isZero()) {
			off.add("read-timeout");
		}
		if (this.config.writeTimeout().isZero()) {
			off.add("write-timeout");
		}
		if (this.tlsHandshakeUnlimited) {
			off.add("ssl.handshake-timeout");
		}
		if (!off.isEmpty()) {
			logger.info("Server '{}': {} {} off", name(), String.join(", ", off), (off.size() == 1) ? "is" : "are");
		}
	}

	/**
	 * Stops the server: stops accepting, completes every connection's inbound so that handlers
	 * following their input finish, lets queued writes flush, and after {@code timeout} closes
	 * whatever is still open. A group the server created itself is closed too. Must not be called
	 * from an event loop.
	 * @param timeout how long connections may take to finish
	 * @return {@code true} if every connection finished before the timeout
	 */
	public boolean stop(Duration timeout) {
		// Checked first: a refused stop must leave the server as it was, not half-stopped.
		for (EventLoop loop : this.group.loops()) {
			if (loop.inLoop()) {
				throw new IllegalStateException("A server cannot be stopped from one of its event loops");
			}
		}
		if (!this.acceptor.isOpen() || !this.stopping.compareAndSet(false, true)) {
			return true;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		// Listeners close while the server still admits, each first taking the connections its queue
		// holds: closing resets those, and a connection accepted after admission stopped would be
		// closed at once. Another instance sharing the port then gets every later connection.
		closeListeners();
		this.acceptor.close();
		if (this.unixSocketFile != null) {
			try {
				this.unixSocketFile.deleteIfOurs();
			}
			catch (IOException ex) {
				logger.warn("Server '{}' could not remove its socket file {}", name(), this.config.unixSocketPath(), ex);
			}
		}
		forEachConnection(LoopConnection::completeInbound);
		boolean graceful = this.acceptor.awaitNoConnections(deadline);
		if (!graceful) {
			logger.warn("Server '{}' stopping: {} connection(s) still open after {}; closing them", name(),
					this.acceptor.openConnections(), timeout);
			forEachConnection((connection) -> connection.forceClose(CloseReason.SHUTDOWN));
		}
		if (this.ownsGroup) {
			this.group.close(Duration.ofSeconds(10));
		}
		logger.info("Server '{}' stopped", name());
		return graceful;
	}

	/**
	 * Stops the server, giving connections 30 seconds to finish.
	 */
	@Override
	public void close() {
		stop(Duration.ofSeconds(30));
	}

	/** Closes every listener on its loop and waits for it (see {@link #awaitCleanup}). */
	private void closeListeners() {
		List<CompletableFuture<Void>> closing = new ArrayList<>();
		for (Listener listener : this.listeners) {
			closing.add(LoopFutures.onLoop(listener.loop(), listener::close));
		}
		this.listeners.clear();
		awaitCleanup(closing, "close its listeners");
	}

	private void forEachConnection(Consumer<LoopConnection> action) {
		List<CompletableFuture<Void>> done = new ArrayList<>();
		for (EventLoop loop : this.group.loops()) {
			done.add(LoopFutures.onLoop(loop, () -> loop.forEachChannel((channel) -> {
				if (channel instanceof LoopConnection connection && connection.belongsTo(this.settings)) {
					action.accept(connection);
				}
			})));
		}
		awaitCleanup(done, "reach its connections");
	}

	/** Waits for tasks of a stop or a failed start, interrupt or not (see {@link LoopFutures#awaitCleanup}). */
	private void awaitCleanup(List<CompletableFuture<Void>> tasks, String what) {
		LoopFutures.awaitCleanup(tasks, LOOP_TASK_TIMEOUT,
				(failure) -> logger.warn("Server '{}' failed to {}", name(), what, failure),
				() -> logger.warn("Server '{}': an event loop did not {} within 10 s", name(), what));
	}

	@Override
	public String toString() {
		return "SocketServer '" + name() + "' on " + this.boundAddress;
	}

}
