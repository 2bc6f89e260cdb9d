package dev.sockloop.server;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import dev.sockloop.connection.EpollSocketConnection;
import dev.sockloop.connection.LoopConnection;
import dev.sockloop.connection.NioSocketConnection;
import dev.sockloop.linux.Errno;
import dev.sockloop.linux.NativeCallException;
import dev.sockloop.linux.Sockets;
import dev.sockloop.loop.EventLoop;
import dev.sockloop.loop.EventLoopGroup;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.transport.Transport;
import dev.sockloop.wirelog.WireLogFormat;
import dev.sockloop.wirelog.WireLoggingHandler;

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

	/** Whether this JDK offers {@code SO_REUSEPORT} on server channels (not on Windows). */
	private static final boolean NIO_REUSE_PORT = nioSupportsReusePort();

	private final ServerConfig config;

	private final ConnectionHandler handler;

	private final EventLoopGroup group;

	private final boolean ownsGroup;

	private final ServerStats stats;

	private final ConnectionSettings settings;

	private final List<Listener> listeners = new ArrayList<>();

	/** Whether the loops run the NIO transport: listeners are channels instead of fds. */
	private final boolean nio;

	private final AtomicInteger openConnections = new AtomicInteger();

	/** One callback shared by every connection, rather than a method reference allocated per accept. */
	private final Runnable connectionClosed = this::connectionClosed;

	private final AtomicBoolean running = new AtomicBoolean();

	/** One listener hands connections to the loops in turn (also for Unix sockets: no SO_REUSEPORT). */
	private final boolean roundRobin;

	private final RateLimitedLog acceptLog = new RateLimitedLog(logger);

	private final RateLimitedLog limitLog = new RateLimitedLog(logger);

	private volatile InetSocketAddress localAddress;

	private volatile SocketAddress boundAddress;

	/** The socket file of a Unix domain socket server, {@code null} for TCP. */
	private final UnixSocketFile unixSocketFile;

	private SocketServer(ServerConfig config, ConnectionHandler handler, EventLoopGroup group, boolean ownsGroup) {
		this.config = config;
		this.handler = handler;
		this.group = group;
		this.ownsGroup = ownsGroup;
		this.stats = new ServerStats(config.name(), group.size());
		this.nio = group.transport() == Transport.NIO;
		this.roundRobin = config.isUnixSocket() || config.acceptMode() == AcceptMode.SINGLE_ACCEPTOR
				|| (this.nio && !NIO_REUSE_PORT);
		this.unixSocketFile = config.isUnixSocket() ? new UnixSocketFile(config.name(), config.unixSocketPath()) : null;
		this.settings = new ConnectionSettings(config.name(), config.writeHighWaterMark(), config.writeLowWaterMark(),
				config.idleTimeout().toNanos(), config.readTimeout().toNanos(), config.writeTimeout().toNanos());
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
			if (this.config.isUnixSocket()) {
				listenOnUnixSocket(this.group.loop(0));
			}
			else if (this.config.acceptMode() == AcceptMode.REUSE_PORT) {
				ensurePortIsFree();
				for (EventLoop loop : this.group.loops()) {
					listenOn(loop, true);
				}
			}
			else {
				listenOn(this.group.loop(0), false);
			}
		}
		catch (RuntimeException ex) {
			try {
				closeListeners();
			}
			catch (RuntimeException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			if (this.unixSocketFile != null) {
				try {
					this.unixSocketFile.deleteIfOurs();
				}
				catch (IOException deleteFailure) {
					ex.addSuppressed(deleteFailure);
				}
			}
			if (this.ownsGroup) {
				this.group.close(Duration.ofSeconds(5));
			}
			throw ex;
		}
		this.running.set(true);
		logger.info("Server '{}' listening on {} with {} loop(s), accept mode {}, transport {}", name(),
				this.boundAddress, this.group.size(),
				this.roundRobin ? AcceptMode.SINGLE_ACCEPTOR : AcceptMode.REUSE_PORT, this.group.transport().tagValue());
		logLimitsLeftOff();
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
		if (!off.isEmpty()) {
			logger.info("Server '{}': {} {} off", name(), String.join(", ", off), (off.size() == 1) ? "is" : "are");
		}
	}

	private void listenOnUnixSocket(EventLoop loop) {
		Path path = this.config.unixSocketPath();
		UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
		this.unixSocketFile.clearStale();
		if (this.nio) {
			listenOnNio(loop, address, false);
			return;
		}
		int fd = Sockets.newStreamSocket(address);
		ServerListener listener;
		try {
			int rc = Sockets.bind(fd, address);
			if (rc < 0) {
				throw new ServerStartException("Server '" + name() + "' could not bind Unix socket " + path + ": "
						+ Errno.describe(-rc), new NativeCallException("bind", -rc));
			}
			this.boundAddress = address;
			// Before listen: no client can connect while the file still has the umask's permissions.
			this.unixSocketFile.bound(this.config.unixSocketPermissions());
			Sockets.listen(fd, this.config.backlog());
			listener = new ServerListener(fd, this, loop, address);
		}
		catch (RuntimeException ex) {
			Sockets.close(fd);
			throw ex;
		}
		// From here the listener owns the fd: only its close, on the loop, releases it.
		this.listeners.add(listener);
		await(onLoop(loop, listener::listen), Duration.ofSeconds(10));
	}

	/**
	 * With {@code SO_REUSEPORT}, binding a port that another socket of the same user holds with
	 * {@code SO_REUSEPORT} succeeds, and the kernel would silently split connections between the
	 * two processes. A probe bound without it fails on any listener, so a taken port is reported.
	 */
	private void ensurePortIsFree() {
		InetSocketAddress address = this.config.bindAddress();
		if (address.getPort() == 0) {
			return; // the kernel picks a port nobody listens on
		}
		if (this.nio) {
			try (ServerSocketChannel probe = ServerSocketChannel.open(family(address))) {
				probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
				probe.bind(address);
			}
			catch (IOException ex) {
				throw bindFailure(address, ex);
			}
			return;
		}
		int probe = Sockets.newStreamSocket(address);
		try {
			Sockets.setReuseAddress(probe, true);
			int rc = Sockets.bind(probe, address);
			if (rc < 0) {
				throw bindFailure(address, -rc);
			}
		}
		finally {
			Sockets.close(probe);
		}
	}

	private ServerStartException bindFailure(InetSocketAddress address, int errno) {
		return new ServerStartException("Server '" + name() + "' could not bind " + describe(address) + ": "
				+ Errno.describe(errno)
				+ ((errno == Errno.EADDRINUSE) ? "; another process (or server) is using that port" : ""),
				new NativeCallException("bind", errno));
	}

	private ServerStartException bindFailure(SocketAddress address, IOException failure) {
		String reason = String.valueOf(failure.getMessage());
		boolean inUse = failure instanceof BindException && reason.contains("in use");
		String where = (address instanceof InetSocketAddress inet) ? describe(inet) : "Unix socket " + address;
		return new ServerStartException("Server '" + name() + "' could not bind " + where + ": "
				+ (inUse ? Errno.describe(Errno.EADDRINUSE) + "; another process (or server) is using that port" : reason),
				failure);
	}

	private static StandardProtocolFamily family(SocketAddress address) {
		if (address instanceof UnixDomainSocketAddress) {
			return StandardProtocolFamily.UNIX;
		}
		return (((InetSocketAddress) address).getAddress() instanceof Inet6Address) ? StandardProtocolFamily.INET6
				: StandardProtocolFamily.INET;
	}

	private static boolean nioSupportsReusePort() {
		try (ServerSocketChannel probe = ServerSocketChannel.open()) {
			return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	private void listenOnNio(EventLoop loop, SocketAddress address, boolean reusePort) {
		ServerSocketChannel channel;
		try {
			channel = ServerSocketChannel.open(family(address));
		}
		catch (IOException ex) {
			throw new ServerStartException("Server '" + name() + "' could not open a listening socket: "
					+ ex.getMessage(), ex);
		}
		NioServerListener listener;
		try {
			boolean tcp = address instanceof InetSocketAddress;
			if (tcp) {
				channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
				if (reusePort) {
					channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
				}
			}
			try {
				channel.bind(address, this.config.backlog());
			}
			catch (IOException ex) {
				throw bindFailure(address, ex);
			}
			channel.configureBlocking(false);
			if (tcp && this.localAddress == null) {
				this.localAddress = (InetSocketAddress) channel.getLocalAddress();
			}
			this.boundAddress = tcp ? this.localAddress : address;
			if (!tcp) {
				this.unixSocketFile.bound(this.config.unixSocketPermissions());
			}
			listener = new NioServerListener(channel, this, loop, tcp);
		}
		catch (IOException | RuntimeException ex) {
			NioServerListener.closeQuietly(channel);
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new ServerStartException("Server '" + name() + "' could not listen on " + address + ": "
					+ ex.getMessage(), ex);
		}
		this.listeners.add(listener);
		await(onLoop(loop, listener::listen), Duration.ofSeconds(10));
	}

	private void listenOn(EventLoop loop, boolean reusePort) {
		// Every listener after the first binds the port the first one got, which matters for port 0.
		InetSocketAddress address = (this.localAddress != null)
				? new InetSocketAddress(this.config.bindAddress().getAddress(), this.localAddress.getPort())
				: this.config.bindAddress();
		if (this.nio) {
			listenOnNio(loop, address, reusePort);
			return;
		}
		int fd = Sockets.newStreamSocket(address);
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
				throw bindFailure(address, -rc);
			}
			Sockets.listen(fd, this.config.backlog());
			if (this.localAddress == null) {
				this.localAddress = (InetSocketAddress) Sockets.localAddress(fd);
				this.boundAddress = this.localAddress;
			}
			listener = new ServerListener(fd, this, loop, this.localAddress);
		}
		catch (RuntimeException ex) {
			Sockets.close(fd);
			throw ex;
		}
		this.listeners.add(listener);
		await(onLoop(loop, listener::listen), Duration.ofSeconds(10));
	}

	private static String describe(InetSocketAddress address) {
		String host = address.getAddress().getHostAddress();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

	/** Loop thread: an epoll listener accepted {@code fd}, with the addresses of the accept. */
	void accepted(int fd, SocketAddress localAddress, SocketAddress remoteAddress, EventLoop acceptingLoop) {
		if (!admit(acceptingLoop)) {
			Sockets.close(fd);
			return;
		}
		EventLoop target = this.roundRobin ? this.group.next() : acceptingLoop;
		if (target == acceptingLoop) {
			open(fd, localAddress, remoteAddress, target);
		}
		else {
			target.execute(() -> open(fd, localAddress, remoteAddress, target));
		}
	}

	/** Loop thread: a NIO listener accepted {@code channel}. */
	void accepted(SocketChannel channel, EventLoop acceptingLoop) {
		if (!admit(acceptingLoop)) {
			NioServerListener.closeQuietly(channel);
			return;
		}
		EventLoop target = this.roundRobin ? this.group.next() : acceptingLoop;
		if (target == acceptingLoop) {
			open(channel, target);
		}
		else {
			target.execute(() -> open(channel, target));
		}
	}

	/** @return whether a new connection may open; if not, it is counted as rejected */
	private boolean admit(EventLoop acceptingLoop) {
		int max = this.config.maxConnections();
		if (!this.running.get() || (max > 0 && this.openConnections.get() >= max)) {
			this.stats.loop(acceptingLoop.index()).connectionRejected();
			if (this.running.get()) {
				this.limitLog.warn("Server '" + name() + "' is at its limit of " + max
						+ " connections; closing new ones at once");
			}
			return false;
		}
		this.openConnections.incrementAndGet();
		return true;
	}

	private void open(int fd, SocketAddress localAddress, SocketAddress remoteAddress, EventLoop loop) {
		new EpollSocketConnection(fd, connectionIds.incrementAndGet(), loop, this.settings,
				this.stats.loop(loop.index()), this.stats, this.connectionClosed, localAddress, remoteAddress)
			.start(this.handler);
	}

	private void open(SocketChannel channel, EventLoop loop) {
		new NioSocketConnection(channel, connectionIds.incrementAndGet(), loop, this.settings,
				this.stats.loop(loop.index()), this.stats, this.connectionClosed)
			.start(this.handler);
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
		if (this.unixSocketFile != null) {
			try {
				this.unixSocketFile.deleteIfOurs();
			}
			catch (IOException ex) {
				logger.warn("Server '{}' could not remove its socket file {}", name(), this.config.unixSocketPath(), ex);
			}
		}
		forEachConnection(LoopConnection::completeInbound);
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

	/** Closes every listener on its loop and waits for it (see {@link #awaitCleanup}). */
	private void closeListeners() {
		List<CompletableFuture<Void>> closing = new ArrayList<>();
		for (Listener listener : this.listeners) {
			closing.add(onLoop(listener.loop(), listener::close));
		}
		this.listeners.clear();
		awaitCleanup(closing, "close its listeners");
	}

	private void forEachConnection(java.util.function.Consumer<LoopConnection> action) {
		List<CompletableFuture<Void>> done = new ArrayList<>();
		for (EventLoop loop : this.group.loops()) {
			done.add(onLoop(loop, () -> loop.forEachChannel((channel) -> {
				if (channel instanceof LoopConnection connection && connection.belongsTo(this.settings)) {
					action.accept(connection);
				}
			})));
		}
		awaitCleanup(done, "reach its connections");
	}

	/**
	 * Waits up to 10 seconds for tasks of a stop or a failed start, even when the calling thread is
	 * interrupted: cleanup that gave up on an interrupt would leave sockets open and loops running.
	 * The interrupt is kept for the caller. A task that does not finish in time stays queued and
	 * still runs on its loop.
	 */
	private void awaitCleanup(List<CompletableFuture<Void>> tasks, String what) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		boolean interrupted = false;
		try {
			for (CompletableFuture<Void> task : tasks) {
				while (true) {
					try {
						task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
						break;
					}
					catch (InterruptedException ex) {
						interrupted = true;
					}
					catch (ExecutionException ex) {
						logger.warn("Server '{}' failed to {}", name(), what, ex.getCause());
						break;
					}
					catch (TimeoutException ex) {
						logger.warn("Server '{}': an event loop did not {} within 10 s", name(), what);
						break;
					}
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Waits for the connections to close; an interrupt does not shorten the grace period, and is kept. */
	private boolean awaitNoConnections(long deadlineNanos) {
		boolean interrupted = false;
		try {
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
						interrupted = true;
					}
				}
			}
			return true;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
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
		return "SocketServer '" + name() + "' on " + this.boundAddress;
	}

	/**
	 * Builds and starts a {@link SocketServer}. Defaults: name {@code sockloop}, all IPv4 addresses,
	 * port 0 (a free port), backlog 1024, {@link AcceptMode#REUSE_PORT}, {@code TCP_NODELAY} on,
	 * keep-alive off, write water marks 64 KiB / 32 KiB, a connection limit of 90% of the open-files
	 * limit, no timeouts (each one left off is named in an INFO line at start-up), and a group of one
	 * loop per available processor that the server owns.
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

		/** {@code null} until set: the default is derived from the open-files limit. */
		private Integer maxConnections;

		private Duration idleTimeout = Duration.ZERO;

		private Duration readTimeout = Duration.ZERO;

		private Duration writeTimeout = Duration.ZERO;

		private EventLoopGroup loopGroup;

		private int loops = Runtime.getRuntime().availableProcessors();

		private Transport transport;

		private ConnectionHandler handler;

		private WireLogFormat wireLog;

		private Path unixSocket;

		private Set<PosixFilePermission> unixSocketPermissions;

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
		 * Open connections above which new ones are closed at once; 0 for no limit. By default
		 * {@link ServerConfig#defaultMaxConnections() 90% of the process's open-files limit}.
		 * @param maxConnections the limit, or 0 for none
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
		 * Time without bytes received after which a connection is closed; zero for none.
		 * @param readTimeout the timeout
		 * @return this builder
		 */
		public Builder readTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
			return this;
		}

		/**
		 * Time queued outbound bytes may go without any being written (the peer does not read) before
		 * the connection is closed; zero for none.
		 * @param writeTimeout the timeout
		 * @return this builder
		 */
		public Builder writeTimeout(Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
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
		 * Transport of the group the server creates for itself: {@code null} (the default) to
		 * {@link Transport#detect() detect} it, or a forced one. Ignored when a
		 * {@link #loopGroup(EventLoopGroup) shared group} is given, which has its own.
		 * @param transport the transport, or {@code null}
		 * @return this builder
		 */
		public Builder transport(Transport transport) {
			this.transport = transport;
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
		 * Binds a Unix domain socket at {@code path} instead of TCP; address, port, accept mode and
		 * TCP options are then ignored. A socket file nobody listens on (connect refused) is replaced;
		 * anything else at the path fails the start. On stop the file is removed if it is still the
		 * one the server bound.
		 * @param path the socket file, or {@code null} for TCP
		 * @return this builder
		 */
		public Builder unixSocket(Path path) {
			this.unixSocket = path;
			return this;
		}

		/**
		 * Permissions of the Unix socket file, set once it is bound and before the server listens:
		 * who may connect, as the file's owner, group and others. By default the process's umask
		 * decides.
		 * @param permissions nine characters as {@code ls -l} shows them, such as {@code rw-rw----},
		 * or {@code null} for the umask's
		 * @return this builder
		 * @throws IllegalArgumentException if the string is not of that form
		 */
		public Builder unixSocketPermissions(String permissions) {
			if (permissions == null) {
				this.unixSocketPermissions = null;
				return this;
			}
			try {
				this.unixSocketPermissions = PosixFilePermissions.fromString(permissions);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Unix socket permissions must be nine characters such as "
						+ "'rw-rw----', was '" + permissions + "'", ex);
			}
			return this;
		}

		/**
		 * Logs every byte read and written at DEBUG on the logger {@code dev.sockloop.wire.<name>}.
		 * For debugging only: off by default, and payloads never reach the logs otherwise.
		 * @param format how to render the bytes, or {@code null} for no wire log
		 * @return this builder
		 */
		public Builder wireLog(WireLogFormat format) {
			this.wireLog = format;
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
					(this.maxConnections != null) ? this.maxConnections : ServerConfig.defaultMaxConnections(),
					this.idleTimeout, this.readTimeout, this.writeTimeout, this.unixSocket,
					this.unixSocketPermissions);
		}

		/**
		 * Binds and starts the server.
		 * @return the running server
		 * @throws ServerStartException if the address cannot be bound
		 * @throws IllegalStateException if the forced transport is not available here
		 */
		public SocketServer start() {
			if (this.handler == null) {
				throw new IllegalStateException("Server '" + this.name + "' has no handler");
			}
			ServerConfig config = config();
			boolean ownsGroup = this.loopGroup == null;
			EventLoopGroup group = ownsGroup ? new EventLoopGroup(this.loops, "sockloop-" + this.name + "-", this.transport)
					: this.loopGroup;
			ConnectionHandler handler = (this.wireLog != null)
					? new WireLoggingHandler(this.name, this.wireLog, this.handler) : this.handler;
			SocketServer server = new SocketServer(config, handler, group, ownsGroup);
			server.start();
			return server;
		}

	}

}
