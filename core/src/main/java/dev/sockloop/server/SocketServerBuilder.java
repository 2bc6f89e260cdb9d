package dev.sockloop.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.connection.ConnectionListener;
import dev.sockloop.internal.server.ConnectionRegistry;
import dev.sockloop.internal.server.ServerConfig;
import dev.sockloop.internal.transport.TcpOptions;
import dev.sockloop.tls.TlsEngineFactory;
import dev.sockloop.tls.TlsHandler;
import dev.sockloop.transport.EventLoopGroup;
import dev.sockloop.transport.LoopSettingsBuilder;
import dev.sockloop.wirelog.WireLogFormat;
import dev.sockloop.wirelog.WireLoggingHandler;

/**
 * Builds and starts a {@link SocketServer}. Defaults: name {@code sockloop}, all IPv4 addresses,
 * port 0 (a free port), backlog 1024, {@link AcceptMode#REUSE_PORT}, {@code TCP_NODELAY} on,
 * keep-alive off, the kernel's socket buffers and keep-alive timers, an orderly close, write water marks 64 KiB / 32 KiB, a connection limit of 90% of the open-files
 * limit, no timeouts (each one left off is named in an INFO line at start-up), plain TCP (no TLS),
 * no wire log, no PROXY protocol (header timeout 5 s when it is turned on), a port that another
 * process may not share, and a group of one loop per available processor that the server owns.
 */
public final class SocketServerBuilder extends LoopSettingsBuilder<SocketServerBuilder> {

	/** Time a connection has to send its PROXY protocol header unless told otherwise. */
	public static final Duration DEFAULT_PROXY_HEADER_TIMEOUT = Duration.ofSeconds(5);

	private InetAddress address;

	private int port;

	private int backlog = 1024;

	private AcceptMode acceptMode = AcceptMode.REUSE_PORT;

	private boolean tcpNoDelay = true;

	private boolean keepAlive;

	private int receiveBufferSize;

	private int sendBufferSize;

	private Duration linger;

	private Duration keepAliveIdle;

	private Duration keepAliveInterval;

	private int keepAliveCount;

	private int writeHighWaterMark = 64 * 1024;

	private int writeLowWaterMark = 32 * 1024;

	/** {@code null} until set: the default is derived from the open-files limit. */
	private Integer maxConnections;

	private Duration idleTimeout = Duration.ZERO;

	private Duration readTimeout = Duration.ZERO;

	private Duration writeTimeout = Duration.ZERO;

	private ConnectionHandler handler;

	private WireLogFormat wireLog;

	/** {@code null} for plain TCP. */
	private TlsEngineFactory tlsEngines;

	private final List<ConnectionListener> listeners = new ArrayList<>();

	private Duration tlsHandshakeTimeout = TlsHandler.DEFAULT_HANDSHAKE_TIMEOUT;

	private Path unixSocket;

	private Set<PosixFilePermission> unixSocketPermissions;

	private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;

	private Duration proxyHeaderTimeout = DEFAULT_PROXY_HEADER_TIMEOUT;

	private boolean sharePort;

	SocketServerBuilder() {
		super("sockloop", Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Address to bind, by name or literal; {@code 0.0.0.0} or {@code ::} for all.
	 * @param host the host
	 * @return this builder
	 */
	public SocketServerBuilder address(String host) {
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
	public SocketServerBuilder address(InetAddress address) {
		this.address = address;
		return this;
	}

	/**
	 * Port to bind; 0 picks a free one, readable from {@link SocketServer#port()}.
	 * @param port the port
	 * @return this builder
	 */
	public SocketServerBuilder port(int port) {
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
	public SocketServerBuilder bindAddress(InetSocketAddress address) {
		return address(address.getAddress()).port(address.getPort());
	}

	/**
	 * Length of the queue of connections not yet accepted.
	 * @param backlog the backlog
	 * @return this builder
	 */
	public SocketServerBuilder backlog(int backlog) {
		this.backlog = backlog;
		return this;
	}

	/**
	 * How connections are spread over the loops.
	 * @param acceptMode the mode
	 * @return this builder
	 */
	public SocketServerBuilder acceptMode(AcceptMode acceptMode) {
		this.acceptMode = acceptMode;
		return this;
	}

	/**
	 * Whether Nagle's algorithm is disabled on accepted sockets.
	 * @param tcpNoDelay {@code true} to send small writes at once
	 * @return this builder
	 */
	public SocketServerBuilder tcpNoDelay(boolean tcpNoDelay) {
		this.tcpNoDelay = tcpNoDelay;
		return this;
	}

	/**
	 * Whether TCP keep-alive probes are sent on idle accepted sockets.
	 * @param keepAlive {@code true} to enable
	 * @return this builder
	 */
	public SocketServerBuilder keepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
		return this;
	}

	/**
	 * {@code SO_RCVBUF} of accepted TCP sockets, set on the listener before it listens so that the
	 * TCP window scale fits it. By default (0) the kernel sizes and auto-tunes the buffer, which
	 * setting it turns off.
	 * @param bytes the size, or 0 for the kernel's
	 * @return this builder
	 */
	public SocketServerBuilder receiveBufferSize(int bytes) {
		this.receiveBufferSize = bytes;
		return this;
	}

	/**
	 * {@code SO_SNDBUF} of accepted TCP sockets. By default (0) the kernel sizes and auto-tunes the
	 * buffer, which setting it turns off.
	 * @param bytes the size, or 0 for the kernel's
	 * @return this builder
	 */
	public SocketServerBuilder sendBufferSize(int bytes) {
		this.sendBufferSize = bytes;
		return this;
	}

	/**
	 * {@code SO_LINGER} of accepted TCP sockets: zero makes every close reset the connection (RST,
	 * unsent bytes dropped, no {@code TIME_WAIT}). By default ({@code null}) a close is orderly and
	 * finishes in the background. A positive value is refused: on Linux it makes {@code close} block
	 * the event loop until the peer has read what is unsent.
	 * @param linger zero, or {@code null} for the orderly close
	 * @return this builder
	 */
	public SocketServerBuilder linger(Duration linger) {
		this.linger = linger;
		return this;
	}

	/**
	 * {@code TCP_KEEPIDLE}: idle time before the first keep-alive probe, in whole seconds; with
	 * {@link #keepAlive(boolean)} on. By default ({@code null} or zero) the kernel's (two hours on Linux).
	 * @param idle the idle time
	 * @return this builder
	 */
	public SocketServerBuilder keepAliveIdle(Duration idle) {
		this.keepAliveIdle = idle;
		return this;
	}

	/**
	 * {@code TCP_KEEPINTVL}: time between keep-alive probes, in whole seconds. By default
	 * ({@code null} or zero) the kernel's (75 s on Linux).
	 * @param interval the interval
	 * @return this builder
	 */
	public SocketServerBuilder keepAliveInterval(Duration interval) {
		this.keepAliveInterval = interval;
		return this;
	}

	/**
	 * {@code TCP_KEEPCNT}: unanswered keep-alive probes before the connection is dropped. By default
	 * (0) the kernel's (9 on Linux).
	 * @param count the count, at most 127
	 * @return this builder
	 */
	public SocketServerBuilder keepAliveCount(int count) {
		this.keepAliveCount = count;
		return this;
	}

	/**
	 * Queued outbound bytes per connection above which a handler's publisher is not asked for more.
	 * @param bytes the high-water mark
	 * @return this builder
	 */
	public SocketServerBuilder writeHighWaterMark(int bytes) {
		this.writeHighWaterMark = bytes;
		return this;
	}

	/**
	 * Queued outbound bytes per connection below which requesting resumes.
	 * @param bytes the low-water mark
	 * @return this builder
	 */
	public SocketServerBuilder writeLowWaterMark(int bytes) {
		this.writeLowWaterMark = bytes;
		return this;
	}

	/**
	 * Open connections above which new ones are closed at once; 0 for no limit. By default
	 * 90% of the hard open-files limit of the process (the limit the event loops raise the soft one to).
	 * @param maxConnections the limit, or 0 for none
	 * @return this builder
	 */
	public SocketServerBuilder maxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
		return this;
	}

	/**
	 * Time without bytes in either direction after which a connection is closed; zero for none.
	 * @param idleTimeout the timeout
	 * @return this builder
	 */
	public SocketServerBuilder idleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
		return this;
	}

	/**
	 * Time without bytes received after which a connection is closed; zero for none.
	 * @param readTimeout the timeout
	 * @return this builder
	 */
	public SocketServerBuilder readTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
		return this;
	}

	/**
	 * Time queued outbound bytes may go without any being written (the peer does not read) before
	 * the connection is closed; zero for none.
	 * @param writeTimeout the timeout
	 * @return this builder
	 */
	public SocketServerBuilder writeTimeout(Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
		return this;
	}

	/**
	 * The application logic for each connection.
	 * @param handler the handler
	 * @return this builder
	 */
	public SocketServerBuilder handler(ConnectionHandler handler) {
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
	public SocketServerBuilder unixSocket(Path path) {
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
	public SocketServerBuilder unixSocketPermissions(String permissions) {
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
	 * Whether connections start with a PROXY protocol header (version 1 or 2) from a load balancer,
	 * whose client address then becomes {@link dev.sockloop.connection.Connection#remoteAddress()}.
	 * The header is read before the handler runs and before TLS. Off by default.
	 * @param mode off, optional or required
	 * @return this builder
	 * @see ProxyProtocol
	 */
	public SocketServerBuilder proxyProtocol(ProxyProtocol mode) {
		this.proxyProtocol = (mode != null) ? mode : ProxyProtocol.OFF;
		return this;
	}

	/**
	 * Time from accept to a complete PROXY protocol header: a connection without one by then is
	 * closed with reason {@link dev.sockloop.stats.CloseReason#TIMEOUT TIMEOUT} when the header is
	 * required, and handled as a direct client when it is optional. Default
	 * {@link #DEFAULT_PROXY_HEADER_TIMEOUT}.
	 * @param timeout the timeout; zero for none (a peer that sends nothing is then held until another
	 * timeout closes it)
	 * @return this builder
	 */
	public SocketServerBuilder proxyHeaderTimeout(Duration timeout) {
		this.proxyHeaderTimeout = timeout;
		return this;
	}

	/**
	 * Whether the TCP port may be shared with another process's listener (both bound with
	 * {@code SO_REUSEPORT}, same user): a new instance of a service binds the port while the old
	 * one drains, and the kernel spreads new connections over both until the old one closes its
	 * listeners. Off by default: a port held by another process then fails the start, rather than
	 * silently splitting its traffic. The old instance must hold the port with {@code SO_REUSEPORT}
	 * too: {@link AcceptMode#REUSE_PORT} (the default) or {@code sharePort}.
	 * @param sharePort {@code true} to share
	 * @return this builder
	 */
	public SocketServerBuilder sharePort(boolean sharePort) {
		this.sharePort = sharePort;
		return this;
	}

	/**
	 * Logs every byte read and written at DEBUG on the logger {@code dev.sockloop.wire.<name>}.
	 * For debugging only: off by default, and payloads never reach the logs otherwise.
	 * @param format how to render the bytes, or {@link WireLogFormat#NONE} or {@code null} for no
	 * wire log
	 * @return this builder
	 */
	public SocketServerBuilder wireLog(WireLogFormat format) {
		this.wireLog = format;
		return this;
	}

	/**
	 * Speaks TLS on every accepted connection, giving each peer
	 * {@link TlsHandler#DEFAULT_HANDSHAKE_TIMEOUT} to complete the handshake. The handler is called
	 * once the handshake has completed and sees decrypted bytes; the counters are
	 * {@link SocketServer#tlsStats()}. See {@link TlsHandler} for the behaviour.
	 * @param engines creates the engine of each connection, or {@code null} for plain TCP
	 * @return this builder
	 */
	public SocketServerBuilder tls(TlsEngineFactory engines) {
		return tls(engines, TlsHandler.DEFAULT_HANDSHAKE_TIMEOUT);
	}

	/**
	 * Speaks TLS on every accepted connection; a peer that has not completed the handshake within
	 * {@code handshakeTimeout} of connecting is closed and counted in
	 * {@link dev.sockloop.tls.TlsStats#handshakeTimeouts()}.
	 * @param engines creates the engine of each connection, or {@code null} for plain TCP
	 * @param handshakeTimeout time from connect to a completed handshake; {@code null} or zero for
	 * none
	 * @return this builder
	 * @see #tls(TlsEngineFactory)
	 */
	public SocketServerBuilder tls(TlsEngineFactory engines, Duration handshakeTimeout) {
		this.tlsEngines = engines;
		this.tlsHandshakeTimeout = handshakeTimeout;
		return this;
	}

	/**
	 * Adds a listener told of each connection's opening (at accept) and closing (with its reason),
	 * on the connection's loop: for observations, events, audit. Listeners are told in the order
	 * added.
	 * @param listener the listener
	 * @return this builder
	 */
	public SocketServerBuilder listener(ConnectionListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
		return this;
	}

	/**
	 * The settings as they stand. Its type is internal (not API, may change without notice).
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
				this.unixSocketPermissions, new TcpOptions(this.receiveBufferSize, this.sendBufferSize, this.linger,
						this.keepAliveIdle, this.keepAliveInterval, this.keepAliveCount),
				this.proxyProtocol, (this.proxyHeaderTimeout != null) ? this.proxyHeaderTimeout : Duration.ZERO,
				this.sharePort);
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
		boolean ownsGroup = ownsLoopGroup();
		EventLoopGroup group = loopGroupToUse();
		ConnectionRegistry registry = new ConnectionRegistry(this.handler);
		ConnectionHandler handler = registry;
		TlsHandler tls = null;
		if (this.tlsEngines != null) {
			tls = new TlsHandler(this.name, this.tlsEngines, this.tlsHandshakeTimeout, handler);
			handler = tls;
		}
		if (this.wireLog != null && this.wireLog != WireLogFormat.NONE) {
			// Outside TLS: the wire log shows the bytes on the socket, records and not plaintext.
			handler = new WireLoggingHandler(this.name, this.wireLog, handler);
		}
		SocketServer server = new SocketServer(config, registry, handler, tls, this.listeners, group, ownsGroup);
		server.start();
		return server;
	}

}
