package dev.sockloop.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.connection.ConnectionListener;
import dev.sockloop.internal.connection.ConnectionSettings;
import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.LoopFutures;
import dev.sockloop.internal.server.ConnectionRegistry;
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

	private final ConnectionRegistry registry;

	private final List<Listener> listeners = new ArrayList<>();

	/** The socket file of a Unix domain socket server, {@code null} for TCP. */
	private final UnixSocketFile unixSocketFile;

	/** A TLS server whose peers may take for ever to handshake: named in the limits left off. */
	private final boolean tlsHandshakeUnlimited;

	/**
	 * Guards {@link #listeners} and {@link #paused}: pausing, resuming and stopping each change the
	 * listeners as a whole, one at a time.
	 */
	private final Object listening = new Object();

	/** Listeners closed by {@link #pauseAccepting()} while the server still runs. */
	private volatile boolean paused;

	/**
	 * Counts pauses, so that a drain waiting since an earlier pause ends when accepting resumed and
	 * paused again before it looked, rather than close connections at that earlier deadline.
	 */
	private volatile int pauses;

	/** Set once {@link #stop(Duration)} has closed everything. */
	private volatile boolean stopped;

	/** Set by the first {@link #stop(Duration)}, so that only one stop runs. */
	private final AtomicBoolean stopping = new AtomicBoolean();

	private volatile InetSocketAddress localAddress;

	private volatile SocketAddress boundAddress;

	SocketServer(ServerConfig config, ConnectionRegistry registry, ConnectionHandler handler, TlsHandler tls,
			List<ConnectionListener> listeners, EventLoopGroup group, boolean ownsGroup) {
		this.config = config;
		this.registry = registry;
		this.tlsStats = (tls != null) ? tls.stats() : null;
		this.tlsHandshakeUnlimited = tls != null && !tls.hasHandshakeTimeout();
		this.group = group;
		this.ownsGroup = ownsGroup;
		this.transport = group.transport().provider();
		this.stats = new ServerStats(config.name(), group.size());
		this.unixSocketFile = config.isUnixSocket() ? new UnixSocketFile(config.name(), config.unixSocketPath()) : null;
		this.settings = new ConnectionSettings(config.name(), config.writeHighWaterMark(), config.writeLowWaterMark(),
				config.idleTimeout().toNanos(), config.readTimeout().toNanos(), config.writeTimeout().toNanos(),
				listeners, config.proxyProtocol(), config.proxyHeaderTimeout().toNanos());
		boolean roundRobin = config.isUnixSocket() || config.acceptMode() == AcceptMode.SINGLE_ACCEPTOR
				|| !this.transport.reusePortSupported();
		this.acceptor = new ServerAcceptor(config, this.settings, this.stats, group, roundRobin, registry, handler);
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
	 * The server's open connections: a live, unmodifiable view, safe to iterate from any thread
	 * while connections open and close. A connection appears once its handler is called (for TLS,
	 * after the handshake) as the handler sees it, so that sending to it encrypts, and disappears
	 * when it closes. To send one message to many with a bound per slow member, add them to a
	 * {@link dev.sockloop.group.ConnectionGroup}.
	 * @return the open connections
	 */
	public Collection<Connection> connections() {
		return this.registry.connections();
	}

	/**
	 * The open connection with the given {@linkplain Connection#id() id}, for instance to close it
	 * from outside its handler: {@code server.connection(id).ifPresent(Connection::close)}.
	 * @param id the connection id
	 * @return the connection, or empty if none of that id is open
	 */
	public Optional<Connection> connection(long id) {
		return this.registry.connection(id);
	}

	/**
	 * Whether the server accepts connections.
	 * @return {@code true} between start and stop
	 */
	public boolean isRunning() {
		return this.acceptor.isOpen();
	}

	void start() {
		synchronized (this.listening) {
			openListeners(true);
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

	/**
	 * Binds the listeners the accept mode asks for; on failure releases them and says why.
	 * @param starting whether this is the first start rather than a resume, whose port our own
	 * connections hold
	 */
	private void openListeners(boolean starting) {
		try {
			if (this.config.isUnixSocket()) {
				this.unixSocketFile.clearStale();
				listen(this.group.loop(0), UnixDomainSocketAddress.of(this.config.unixSocketPath()), false);
			}
			else if (this.config.acceptMode() == AcceptMode.REUSE_PORT) {
				if (starting && this.config.bindAddress().getPort() != 0 && !this.config.sharePort()) {
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
				this.config.tcpNoDelay(), this.config.keepAlive(), this.config.tcpOptions(), bound), this.acceptor);
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
		if (this.ownsGroup && !this.acceptor.isOpen()) {
			// Only a failed start; a failed resume leaves the running connections their loops.
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
		synchronized (this.listening) {
			closeListenersAndSocketFile();
		}
		this.acceptor.close();
		this.acceptor.wakeWaiters();
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
		this.stopped = true;
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

	/**
	 * Stops accepting while the server keeps running: closes the listening sockets, so that new
	 * connection attempts are refused (a Unix socket's file is removed), and leaves open connections
	 * alone. Closing rather than ignoring the listeners is deliberate: a load balancer or client then
	 * sees a refusal at once and tries another instance, where a listener kept open would still
	 * complete handshakes into its accept queue. Must not be called from an event loop.
	 * @return {@code true} if the server was accepting and now is not
	 * @see #resumeAccepting()
	 * @see #drain(Duration)
	 */
	public boolean pauseAccepting() {
		ensureNotOnLoop("paused");
		synchronized (this.listening) {
			if (!this.acceptor.isOpen() || this.paused) {
				return false;
			}
			this.paused = true;
			this.pauses++;
			closeListenersAndSocketFile();
		}
		this.acceptor.wakeWaiters();
		logger.info("Server '{}' stopped accepting on {}; {} connection(s) open", name(), this.boundAddress,
				this.acceptor.openConnections());
		return true;
	}

	/**
	 * Accepts again after {@link #pauseAccepting()}: binds the listening sockets anew on the address
	 * (and port) the server had, and stops any {@link #drain(Duration) drain} in progress, which
	 * then closes nothing. Must not be called from an event loop.
	 * @return {@code true} if the server was paused and accepts again
	 * @throws ServerStartException if the address cannot be bound again (another process took the
	 * port meanwhile); the server stays paused
	 */
	public boolean resumeAccepting() {
		ensureNotOnLoop("resumed");
		synchronized (this.listening) {
			if (!this.acceptor.isOpen() || !this.paused) {
				return false;
			}
			openListeners(false);
			this.paused = false;
		}
		this.acceptor.wakeWaiters();
		logger.info("Server '{}' accepting again on {}", name(), this.boundAddress);
		return true;
	}

	/**
	 * Waits, while the server is {@linkplain #pauseAccepting() paused}, for its connections to close
	 * on their own, up to {@code timeout}, then closes those still open. Unlike {@link #stop}, the
	 * connections' input is not ended: a client keeps being served until it leaves or the timeout
	 * passes. Returns early, closing nothing, once accepting resumes or the server stops (stop then
	 * owns the connections). Must not be called from an event loop.
	 * @param timeout how long connections may take to finish
	 * @return how many connections were closed at the timeout
	 */
	public int drain(Duration timeout) {
		ensureNotOnLoop("drained");
		int pause = this.pauses;
		int open = this.acceptor.openConnections();
		if (!this.paused || open == 0) {
			return 0;
		}
		logger.info("Server '{}' draining: waiting up to {} for {} open connection(s) to finish", name(), timeout,
				open);
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean finished = this.acceptor.awaitNoConnections(deadline, () -> stillDraining(pause));
		if (finished || !stillDraining(pause)) {
			if (stillDraining(pause)) {
				logger.info("Server '{}' drained: every connection finished", name());
			}
			return 0;
		}
		int left = this.acceptor.openConnections();
		logger.warn("Server '{}' draining: {} connection(s) still open after {}; closing them", name(), left, timeout);
		forEachConnection((connection) -> connection.forceClose(CloseReason.SHUTDOWN));
		return left;
	}

	/** Whether the pause a drain started in still holds: not resumed, not stopped. */
	private boolean stillDraining(int pause) {
		return this.paused && this.pauses == pause && this.acceptor.isOpen();
	}

	/**
	 * Where the server stands: accepting, draining (not accepting, connections open), drained or
	 * stopped.
	 * @return the state
	 */
	public ServerState state() {
		if (this.stopped) {
			return ServerState.STOPPED;
		}
		boolean accepting = this.acceptor.isOpen() && !this.paused;
		if (accepting) {
			return ServerState.ACCEPTING;
		}
		return (this.acceptor.openConnections() > 0 || !this.acceptor.isOpen()) ? ServerState.DRAINING
				: ServerState.DRAINED;
	}

	private void ensureNotOnLoop(String what) {
		for (EventLoop loop : this.group.loops()) {
			if (loop.inLoop()) {
				throw new IllegalStateException("A server cannot be " + what + " from one of its event loops");
			}
		}
	}

	/** Closes the listeners and removes the Unix socket's file, if any. Holds {@link #listening}. */
	private void closeListenersAndSocketFile() {
		closeListeners();
		if (this.unixSocketFile != null) {
			try {
				this.unixSocketFile.deleteIfOurs();
			}
			catch (IOException ex) {
				logger.warn("Server '{}' could not remove its socket file {}", name(), this.config.unixSocketPath(), ex);
			}
		}
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
