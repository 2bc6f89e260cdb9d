package dev.sockloop.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.connection.ConnectionSettings;
import dev.sockloop.connection.EpollConnection;
import dev.sockloop.linux.Epoll;
import dev.sockloop.linux.Errno;
import dev.sockloop.linux.NativeCallException;
import dev.sockloop.linux.Sockets;
import dev.sockloop.loop.EventLoop;
import dev.sockloop.loop.EventLoopGroup;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;

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
 */
public final class SocketServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SocketServer.class);

	private static final AtomicLong connectionIds = new AtomicLong();

	private final ServerConfig config;

	private final ConnectionHandler handler;

	private final EventLoopGroup group;

	private final boolean ownsGroup;

	private final ServerStats stats;

	private final ConnectionSettings settings;

	private final List<ServerListener> listeners = new ArrayList<>();

	private final AtomicInteger openConnections = new AtomicInteger();

	private final AtomicBoolean running = new AtomicBoolean();

	private final RateLimitedLog acceptLog = new RateLimitedLog(logger);

	private final RateLimitedLog limitLog = new RateLimitedLog(logger);

	private volatile InetSocketAddress localAddress;

	private SocketServer(ServerConfig config, ConnectionHandler handler, EventLoopGroup group, boolean ownsGroup) {
		this.config = config;
		this.handler = handler;
		this.group = group;
		this.ownsGroup = ownsGroup;
		this.stats = new ServerStats(config.name(), group.size());
		this.settings = new ConnectionSettings(config.name(), config.writeHighWaterMark(), config.writeLowWaterMark(),
				config.idleTimeout().toNanos());
	}

	/**
	 * Starts building a server.
	 * @return a builder with the defaults
	 */
	public static Builder builder() {
		return new Builder();
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
	 * @return the bound port
	 */
	public int port() {
		return this.localAddress.getPort();
	}

	/**
	 * The address the server listens on.
	 * @return the bound address
	 */
	public InetSocketAddress localAddress() {
		return this.localAddress;
	}

	/**
	 * The server's settings.
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
		return this.running.get();
	}

	private void start() {
		try {
			if (this.config.acceptMode() == AcceptMode.REUSE_PORT) {
				for (EventLoop loop : this.group.loops()) {
					listenOn(loop, true);
				}
			}
			else {
				listenOn(this.group.loop(0), false);
			}
		}
		catch (RuntimeException ex) {
			closeListeners();
			if (this.ownsGroup) {
				this.group.close(Duration.ofSeconds(5));
			}
			throw ex;
		}
		this.running.set(true);
		logger.info("Server '{}' listening on {} with {} loop(s), accept mode {}", name(), this.localAddress,
				this.group.size(), this.config.acceptMode());
	}

	private void listenOn(EventLoop loop, boolean reusePort) {
		// Every listener after the first binds the port the first one got, which matters for port 0.
		InetSocketAddress address = (this.localAddress != null)
				? new InetSocketAddress(this.config.bindAddress().getAddress(), this.localAddress.getPort())
				: this.config.bindAddress();
		int fd = Sockets.newTcpSocket(address);
		ServerListener listener;
		try {
			Sockets.setReuseAddress(fd, true);
			if (reusePort) {
				Sockets.setReusePort(fd, true);
			}
			// Accepted sockets inherit these from the listener on Linux: no syscall per connection.
			Sockets.setTcpNoDelay(fd, this.config.tcpNoDelay());
			Sockets.setKeepAlive(fd, this.config.keepAlive());
			int rc = Sockets.bind(fd, address);
			if (rc < 0) {
				throw new ServerStartException("Server '" + name() + "' could not bind " + describe(address) + ": "
						+ Errno.describe(-rc)
						+ ((-rc == Errno.EADDRINUSE) ? "; another process (or server) is using that port" : ""),
						new NativeCallException("bind", -rc));
			}
			Sockets.listen(fd, this.config.backlog());
			if (this.localAddress == null) {
				this.localAddress = Sockets.localAddress(fd);
			}
			listener = new ServerListener(fd, this, loop);
		}
		catch (RuntimeException ex) {
			Sockets.close(fd);
			throw ex;
		}
		this.listeners.add(listener);
		await(onLoop(loop, () -> loop.register(listener, Epoll.EPOLLIN)), Duration.ofSeconds(10));
	}

	private static String describe(InetSocketAddress address) {
		String host = address.getAddress().getHostAddress();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

	/** Loop thread: a listener accepted {@code fd}. */
	void accepted(int fd, EventLoop acceptingLoop) {
		int max = this.config.maxConnections();
		if (!this.running.get() || (max > 0 && this.openConnections.get() >= max)) {
			Sockets.close(fd);
			this.stats.loop(acceptingLoop.index()).connectionRejected();
			if (this.running.get()) {
				this.limitLog.warn("Server '" + name() + "' is at its limit of " + max
						+ " connections; closing new ones at once");
			}
			return;
		}
		this.openConnections.incrementAndGet();
		EventLoop target = (this.config.acceptMode() == AcceptMode.REUSE_PORT) ? acceptingLoop : this.group.next();
		if (target == acceptingLoop) {
			open(fd, target);
		}
		else {
			target.execute(() -> open(fd, target));
		}
	}

	private void open(int fd, EventLoop loop) {
		EpollConnection connection = new EpollConnection(fd, connectionIds.incrementAndGet(), loop, this.settings,
				this.stats.loop(loop.index()), this.stats, this::connectionClosed);
		connection.start(this.handler);
	}

	private void connectionClosed() {
		if (this.openConnections.decrementAndGet() == 0 && !this.running.get()) {
			synchronized (this.openConnections) {
				this.openConnections.notifyAll();
			}
		}
	}

	void acceptWarning(String message) {
		this.acceptLog.warn(message);
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
		if (!this.running.compareAndSet(true, false)) {
			return true;
		}
		for (EventLoop loop : this.group.loops()) {
			if (loop.inLoop()) {
				throw new IllegalStateException("A server cannot be stopped from one of its event loops");
			}
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		closeListeners();
		forEachConnection(EpollConnection::completeInbound);
		boolean graceful = awaitNoConnections(deadline);
		if (!graceful) {
			logger.warn("Server '{}' stopping: {} connection(s) still open after {}; closing them", name(),
					this.openConnections.get(), timeout);
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

	private void closeListeners() {
		List<CompletableFuture<Void>> closing = new ArrayList<>();
		for (ServerListener listener : this.listeners) {
			closing.add(onLoop(listener.loop(), listener::close));
		}
		closing.forEach((future) -> await(future, Duration.ofSeconds(10)));
		this.listeners.clear();
	}

	private void forEachConnection(java.util.function.Consumer<EpollConnection> action) {
		List<CompletableFuture<Void>> done = new ArrayList<>();
		for (EventLoop loop : this.group.loops()) {
			done.add(onLoop(loop, () -> loop.forEachChannel((channel) -> {
				if (channel instanceof EpollConnection connection && connection.belongsTo(this.settings)) {
					action.accept(connection);
				}
			})));
		}
		done.forEach((future) -> await(future, Duration.ofSeconds(10)));
	}

	private boolean awaitNoConnections(long deadlineNanos) {
		synchronized (this.openConnections) {
			while (this.openConnections.get() > 0) {
				long left = deadlineNanos - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.openConnections, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return true;
	}

	private static CompletableFuture<Void> onLoop(EventLoop loop, Runnable task) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		Runnable wrapped = () -> {
			try {
				task.run();
				future.complete(null);
			}
			catch (Throwable ex) {
				future.completeExceptionally(ex);
			}
		};
		if (loop.inLoop()) {
			wrapped.run();
		}
		else if (loop.isAlive()) {
			loop.execute(wrapped);
		}
		else {
			future.complete(null);
		}
		return future;
	}

	private static void await(CompletableFuture<Void> future, Duration timeout) {
		try {
			future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Event loop did not respond within " + timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	@Override
	public String toString() {
		return "SocketServer '" + name() + "' on " + this.localAddress;
	}

	/**
	 * Builds and starts a {@link SocketServer}. Defaults: name {@code sockloop}, all IPv4 addresses,
	 * port 0 (a free port), backlog 1024, {@link AcceptMode#REUSE_PORT}, {@code TCP_NODELAY} on,
	 * keep-alive off, write water marks 64 KiB / 32 KiB, no connection limit, no idle timeout, and a
	 * group of one loop per available processor that the server owns.
	 */
	public static final class Builder {

		private String name = "sockloop";

		private InetAddress address;

		private int port;

		private int backlog = 1024;

		private AcceptMode acceptMode = AcceptMode.REUSE_PORT;

		private boolean tcpNoDelay = true;

		private boolean keepAlive;

		private int writeHighWaterMark = 64 * 1024;

		private int writeLowWaterMark = 32 * 1024;

		private int maxConnections;

		private Duration idleTimeout = Duration.ZERO;

		private EventLoopGroup loopGroup;

		private int loops = Runtime.getRuntime().availableProcessors();

		private ConnectionHandler handler;

		private Builder() {
		}

		/**
		 * Name used in logs, stats and meter tags.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Address to bind, by name or literal; {@code 0.0.0.0} or {@code ::} for all.
		 * @param host the host
		 * @return this builder
		 */
		public Builder address(String host) {
			try {
				this.address = InetAddress.getByName(host);
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException("Unknown bind address '" + host + "'", ex);
			}
			return this;
		}

		/**
		 * Address to bind.
		 * @param address the address
		 * @return this builder
		 */
		public Builder address(InetAddress address) {
			this.address = address;
			return this;
		}

		/**
		 * Port to bind; 0 picks a free one, readable from {@link SocketServer#port()}.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("Port must be between 0 and 65535, was " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * Address and port to bind.
		 * @param address the socket address
		 * @return this builder
		 */
		public Builder bindAddress(InetSocketAddress address) {
			return address(address.getAddress()).port(address.getPort());
		}

		/**
		 * Length of the queue of connections not yet accepted.
		 * @param backlog the backlog
		 * @return this builder
		 */
		public Builder backlog(int backlog) {
			this.backlog = backlog;
			return this;
		}

		/**
		 * How connections are spread over the loops.
		 * @param acceptMode the mode
		 * @return this builder
		 */
		public Builder acceptMode(AcceptMode acceptMode) {
			this.acceptMode = acceptMode;
			return this;
		}

		/**
		 * Whether Nagle's algorithm is disabled on accepted sockets.
		 * @param tcpNoDelay {@code true} to send small writes at once
		 * @return this builder
		 */
		public Builder tcpNoDelay(boolean tcpNoDelay) {
			this.tcpNoDelay = tcpNoDelay;
			return this;
		}

		/**
		 * Whether TCP keep-alive probes are sent on idle accepted sockets.
		 * @param keepAlive {@code true} to enable
		 * @return this builder
		 */
		public Builder keepAlive(boolean keepAlive) {
			this.keepAlive = keepAlive;
			return this;
		}

		/**
		 * Queued outbound bytes per connection above which a handler's publisher is not asked for more.
		 * @param bytes the high-water mark
		 * @return this builder
		 */
		public Builder writeHighWaterMark(int bytes) {
			this.writeHighWaterMark = bytes;
			return this;
		}

		/**
		 * Queued outbound bytes per connection below which requesting resumes.
		 * @param bytes the low-water mark
		 * @return this builder
		 */
		public Builder writeLowWaterMark(int bytes) {
			this.writeLowWaterMark = bytes;
			return this;
		}

		/**
		 * Open connections above which new ones are closed at once; 0 for no limit.
		 * @param maxConnections the limit
		 * @return this builder
		 */
		public Builder maxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
			return this;
		}

		/**
		 * Time without bytes in either direction after which a connection is closed; zero for none.
		 * @param idleTimeout the timeout
		 * @return this builder
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * Runs on a shared group, which stopping the server leaves running.
		 * @param group the group
		 * @return this builder
		 */
		public Builder loopGroup(EventLoopGroup group) {
			this.loopGroup = group;
			return this;
		}

		/**
		 * Runs on a group of its own with this many loops, closed when the server stops. Ignored when
		 * a {@link #loopGroup(EventLoopGroup) shared group} is given.
		 * @param loops the number of loops
		 * @return this builder
		 */
		public Builder loops(int loops) {
			this.loops = loops;
			return this;
		}

		/**
		 * The application logic for each connection.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder handler(ConnectionHandler handler) {
			this.handler = handler;
			return this;
		}

		/**
		 * The settings as they stand.
		 * @return the configuration
		 */
		public ServerConfig config() {
			InetAddress bind = this.address;
			if (bind == null) {
				try {
					bind = InetAddress.getByAddress(new byte[4]);
				}
				catch (UnknownHostException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return new ServerConfig(this.name, new InetSocketAddress(bind, this.port), this.backlog,
					this.acceptMode, this.tcpNoDelay, this.keepAlive, this.writeHighWaterMark, this.writeLowWaterMark,
					this.maxConnections, this.idleTimeout);
		}

		/**
		 * Binds and starts the server.
		 * @return the running server
		 * @throws ServerStartException if the address cannot be bound
		 * @throws IllegalStateException if epoll is not available here
		 */
		public SocketServer start() {
			if (this.handler == null) {
				throw new IllegalStateException("Server '" + this.name + "' has no handler");
			}
			ServerConfig config = config();
			boolean ownsGroup = this.loopGroup == null;
			EventLoopGroup group = ownsGroup ? new EventLoopGroup(this.loops, "sockloop-" + this.name + "-") : this.loopGroup;
			SocketServer server = new SocketServer(config, this.handler, group, ownsGroup);
			server.start();
			return server;
		}

	}

}
