package dev.sockloop.autoconfigure;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sockloop.codec.TextCodec.MalformedInputPolicy;
import dev.sockloop.server.ProxyProtocol;
import dev.sockloop.spring.Codec;
import dev.sockloop.spring.Offload;
import dev.sockloop.tls.ClientAuth;
import dev.sockloop.transport.Transport;
import dev.sockloop.wirelog.WireLogFormat;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for Sockloop: the event loops, the servers, the client, and observing
 * them (meters, health, the blocked-loop detector).
 *
 * <p>Each server's settings are {@code sockloop.defaults.*} overridden by
 * {@code sockloop.servers.<name>.*}: see {@link #settingsOf(String)}.
 */
@ConfigurationProperties("sockloop")
public class SockloopProperties {

	/**
	 * Whether Sockloop servers are started.
	 */
	private boolean enabled = true;

	/**
	 * Number of event loops (threads) shared by all servers. Defaults to the number of available
	 * processors.
	 */
	private int loops = Runtime.getRuntime().availableProcessors();

	/**
	 * Transport of the event loops: 'auto' uses Linux epoll where available and otherwise falls back
	 * to the portable NIO transport with one warning; 'epoll' fails start-up where epoll is not
	 * available; 'nio' forces the portable transport.
	 */
	private Transport transport = Transport.AUTO;

	/**
	 * Settings of the SocketClient bean, for outbound connections on the same event loops.
	 */
	@NestedConfigurationProperty
	private Client client = new Client();

	/**
	 * Settings applied to every server unless the server's own block overrides them.
	 */
	@NestedConfigurationProperty
	private Server defaults = new Server();

	/**
	 * Per-server settings, keyed by server name (the handler's name). Each entry takes the same
	 * keys as 'sockloop.defaults'.
	 */
	private Map<String, Server> servers = new LinkedHashMap<>();

	/**
	 * Per-datagram-server (UDP) settings, keyed by server name (the @DatagramHandler's name).
	 */
	private Map<String, Datagram> datagram = new LinkedHashMap<>();

	private final Metrics metrics = new Metrics();

	private final Health health = new Health();

	private final Events events = new Events();

	/**
	 * Duration of one event-loop iteration above which a warning with the loop thread's stack
	 * trace is logged: a handler is blocking the loop. Zero or negative disables the detector.
	 */
	private Duration blockedLoopThreshold = Duration.ofSeconds(2);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getLoops() {
		return this.loops;
	}

	public void setLoops(int loops) {
		this.loops = loops;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public void setTransport(Transport transport) {
		this.transport = transport;
	}

	public Client getClient() {
		return this.client;
	}

	public void setClient(Client client) {
		this.client = client;
	}

	/**
	 * Settings of the {@code SocketClient} bean.
	 */
	public static class Client {

		/**
		 * How long a connect may take before it fails.
		 */
		private Duration connectTimeout = Duration.ofSeconds(10);

		/**
		 * Whether Nagle's algorithm is disabled on outbound TCP connections.
		 */
		private boolean tcpNoDelay = true;

		/**
		 * Time without bytes in either direction after which a client connection is closed. 0 for
		 * none.
		 */
		private Duration idleTimeout = Duration.ZERO;

		/**
		 * Time without bytes received, while the application asks for more, after which a client
		 * connection is closed. 0 for none.
		 */
		private Duration readTimeout = Duration.ZERO;

		/**
		 * Time queued outbound bytes may go without any of them being written (the server does not
		 * read) before a client connection is closed. 0 for none.
		 */
		private Duration writeTimeout = Duration.ZERO;

		/**
		 * Queued outbound bytes per client connection above which senders are asked for no more
		 * data.
		 */
		private DataSize writeHighWaterMark = DataSize.ofKilobytes(64);

		/**
		 * Queued outbound bytes per client connection below which senders are asked for data
		 * again.
		 */
		private DataSize writeLowWaterMark = DataSize.ofKilobytes(32);

		/**
		 * Framing of the client's exchange connections (one request and one response per frame),
		 * as for servers. Defaults to raw.
		 */
		private Codec codec;

		/**
		 * Bytes that end a frame with the delimiter codec, given as text in the client's charset.
		 */
		private String delimiter;

		/**
		 * Length of every frame with the fixed-length codec.
		 */
		private DataSize frameLength;

		/**
		 * Size in bytes of the big-endian length field with the length-field codec: 1, 2, 4 or 8.
		 */
		private int lengthFieldSize = 4;

		/**
		 * Value added to the length field to obtain the frame's body length.
		 */
		private int lengthAdjustment = 0;

		/**
		 * Maximum length of one response frame; a longer one closes its connection (reason
		 * bad-frame) and fails its exchanges.
		 */
		private DataSize maxFrameLength = DataSize.ofKilobytes(64);

		/**
		 * Charset of String requests and responses.
		 */
		private Charset charset = StandardCharsets.UTF_8;

		/**
		 * What to do with response bytes that are not valid in the charset: replace them with
		 * U+FFFD, or close the connection.
		 */
		private MalformedInputPolicy malformedInput = MalformedInputPolicy.REPLACE;

		/**
		 * Exchanges that may wait for their response on one connection; more are refused at once.
		 */
		private int maxPendingExchanges = 128;

		/**
		 * Time an exchange may wait for its response before it fails and its connection is
		 * closed. 0 for none.
		 */
		private Duration exchangeTimeout = Duration.ofSeconds(10);

		/**
		 * TLS settings: when a bundle is named, every client connection speaks TLS.
		 */
		@NestedConfigurationProperty
		private ClientSsl ssl = new ClientSsl();

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public boolean isTcpNoDelay() {
			return this.tcpNoDelay;
		}

		public void setTcpNoDelay(boolean tcpNoDelay) {
			this.tcpNoDelay = tcpNoDelay;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public Duration getWriteTimeout() {
			return this.writeTimeout;
		}

		public void setWriteTimeout(Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
		}

		public DataSize getWriteHighWaterMark() {
			return this.writeHighWaterMark;
		}

		public void setWriteHighWaterMark(DataSize writeHighWaterMark) {
			this.writeHighWaterMark = writeHighWaterMark;
		}

		public DataSize getWriteLowWaterMark() {
			return this.writeLowWaterMark;
		}

		public void setWriteLowWaterMark(DataSize writeLowWaterMark) {
			this.writeLowWaterMark = writeLowWaterMark;
		}

		public Codec getCodec() {
			return this.codec;
		}

		public void setCodec(Codec codec) {
			this.codec = codec;
		}

		public String getDelimiter() {
			return this.delimiter;
		}

		public void setDelimiter(String delimiter) {
			this.delimiter = delimiter;
		}

		public DataSize getFrameLength() {
			return this.frameLength;
		}

		public void setFrameLength(DataSize frameLength) {
			this.frameLength = frameLength;
		}

		public int getLengthFieldSize() {
			return this.lengthFieldSize;
		}

		public void setLengthFieldSize(int lengthFieldSize) {
			this.lengthFieldSize = lengthFieldSize;
		}

		public int getLengthAdjustment() {
			return this.lengthAdjustment;
		}

		public void setLengthAdjustment(int lengthAdjustment) {
			this.lengthAdjustment = lengthAdjustment;
		}

		public DataSize getMaxFrameLength() {
			return this.maxFrameLength;
		}

		public void setMaxFrameLength(DataSize maxFrameLength) {
			this.maxFrameLength = maxFrameLength;
		}

		public Charset getCharset() {
			return this.charset;
		}

		public void setCharset(Charset charset) {
			this.charset = charset;
		}

		public MalformedInputPolicy getMalformedInput() {
			return this.malformedInput;
		}

		public void setMalformedInput(MalformedInputPolicy malformedInput) {
			this.malformedInput = malformedInput;
		}

		public int getMaxPendingExchanges() {
			return this.maxPendingExchanges;
		}

		public void setMaxPendingExchanges(int maxPendingExchanges) {
			this.maxPendingExchanges = maxPendingExchanges;
		}

		public Duration getExchangeTimeout() {
			return this.exchangeTimeout;
		}

		public void setExchangeTimeout(Duration exchangeTimeout) {
			this.exchangeTimeout = exchangeTimeout;
		}

		public ClientSsl getSsl() {
			return this.ssl;
		}

		public void setSsl(ClientSsl ssl) {
			this.ssl = ssl;
		}

		/**
		 * TLS settings of the client.
		 */
		public static class ClientSsl {

			/**
			 * Name of the SSL bundle (spring.ssl.bundle.jks.<name> or spring.ssl.bundle.pem.<name>)
			 * holding the certificates the client trusts and, for mutual TLS, its own key and
			 * certificate. The bundle's enabled protocols and ciphers apply; the server's
			 * certificate must name the host connected to. Unset: plain TCP.
			 */
			private String bundle;

			/**
			 * Time from connect to a completed TLS handshake, after which the connect fails
			 * (counted as sockloop.client.tls.handshakes with outcome=timeout). Zero for no limit.
			 */
			private Duration handshakeTimeout = Duration.ofSeconds(10);

			public String getBundle() {
				return this.bundle;
			}

			public void setBundle(String bundle) {
				this.bundle = bundle;
			}

			public Duration getHandshakeTimeout() {
				return this.handshakeTimeout;
			}

			public void setHandshakeTimeout(Duration handshakeTimeout) {
				this.handshakeTimeout = handshakeTimeout;
			}

		}

	}

	public Server getDefaults() {
		return this.defaults;
	}

	public void setDefaults(Server defaults) {
		this.defaults = defaults;
	}

	public Map<String, Server> getServers() {
		return this.servers;
	}

	public void setServers(Map<String, Server> servers) {
		this.servers = servers;
	}

	public Map<String, Datagram> getDatagram() {
		return this.datagram;
	}

	public void setDatagram(Map<String, Datagram> datagram) {
		this.datagram = datagram;
	}

	/**
	 * The settings of one datagram server, matched by name as {@link #settingsOf(String)} matches.
	 * @param serverName the server's name
	 * @return its settings, or the defaults when it has no block
	 */
	public Datagram datagramSettingsOf(String serverName) {
		for (Map.Entry<String, Datagram> entry : this.datagram.entrySet()) {
			if (isSameServer(entry.getKey(), serverName)) {
				return entry.getValue();
			}
		}
		return new Datagram();
	}

	/**
	 * The entries of {@code sockloop.datagram} that name none of the given datagram servers.
	 * @param serverNames names of the datagram servers that exist
	 * @return the unmatched keys, in configuration order
	 */
	public List<String> datagramServersOtherThan(Collection<String> serverNames) {
		List<String> unmatched = new ArrayList<>();
		for (String key : this.datagram.keySet()) {
			if (serverNames.stream().noneMatch((name) -> isSameServer(key, name))) {
				unmatched.add(key);
			}
		}
		return unmatched;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Health getHealth() {
		return this.health;
	}

	public Events getEvents() {
		return this.events;
	}

	public Duration getBlockedLoopThreshold() {
		return this.blockedLoopThreshold;
	}

	public void setBlockedLoopThreshold(Duration blockedLoopThreshold) {
		this.blockedLoopThreshold = blockedLoopThreshold;
	}

	/**
	 * The settings of one server: {@code sockloop.defaults.*}, overridden by every property set
	 * under {@code sockloop.servers.<name>.*}.
	 * @param serverName the server's name, matched as property names are: {@code orderEvents},
	 * {@code order-events} and {@code orderevents} are one server
	 * @return a new object holding the server's effective settings
	 */
	public Server settingsOf(String serverName) {
		Server settings = new Server();
		this.defaults.assignTo(settings);
		for (Map.Entry<String, Server> entry : this.servers.entrySet()) {
			if (isSameServer(entry.getKey(), serverName)) {
				entry.getValue().assignTo(settings);
			}
		}
		return settings;
	}

	/**
	 * The entries of {@code sockloop.servers} that name none of the given servers: typos, or
	 * servers whose handler is missing.
	 * @param serverNames names of the servers that exist
	 * @return the unmatched keys of {@link #getServers()}, in configuration order
	 */
	public List<String> serversOtherThan(Collection<String> serverNames) {
		List<String> unmatched = new ArrayList<>();
		for (String key : this.servers.keySet()) {
			if (serverNames.stream().noneMatch((name) -> isSameServer(key, name))) {
				unmatched.add(key);
			}
		}
		return unmatched;
	}

	/**
	 * The name of a server's property as the user should correct it: under
	 * {@code sockloop.servers.<name>} when the server's own block sets it, under
	 * {@code sockloop.defaults} when only the defaults do.
	 * @param serverName the server's name
	 * @param property the property's name in kebab case, such as {@code max-frame-length} or
	 * {@code ssl.handshake-timeout}
	 * @return the full property name
	 */
	public String propertyName(String serverName, String property) {
		String field = camelCase(property);
		for (Map.Entry<String, Server> entry : this.servers.entrySet()) {
			if (isSameServer(entry.getKey(), serverName) && entry.getValue().isSet(field)) {
				return "sockloop.servers." + entry.getKey() + "." + property;
			}
		}
		if (this.defaults.isSet(field)) {
			return "sockloop.defaults." + property;
		}
		return "sockloop.servers." + serverName + "." + property;
	}

	private static String camelCase(String kebab) {
		StringBuilder camel = new StringBuilder(kebab.length());
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

	/**
	 * Compares names as the binder does, ignoring case and dashes: a server named after a
	 * camelCase method is not a canonical property name, but 'sockloop.servers.orderEvents.port'
	 * and 'sockloop.servers.order-events.port' must both configure it.
	 */
	private static boolean isSameServer(String key, String serverName) {
		return ConfigurationPropertyName.adapt(key, '.').equals(ConfigurationPropertyName.adapt(serverName, '.'));
	}

	/**
	 * Settings of one server.
	 */
	public static class Server {

		/**
		 * Port to listen on; 0 picks a free port, published as 'local.sockloop.<name>.port'.
		 * When unset, the port given on @SocketHandler is used.
		 */
		private Integer port;

		/**
		 * Path of a Unix domain socket to bind instead of TCP; address, port, reuse-port and the
		 * TCP options are then ignored. A stale socket file is replaced and the file is removed on
		 * stop.
		 */
		private Path path;

		/**
		 * Permissions of the Unix socket file, set once it is bound, as 'ls -l' shows them
		 * (for example 'rw-rw----' to let only the owner and the group connect). When unset,
		 * the process's umask decides.
		 */
		private String pathPermissions;

		/**
		 * Network address to bind. Defaults to every interface (0.0.0.0).
		 */
		private InetAddress address;

		/**
		 * Maximum queue length of connections not yet accepted.
		 */
		private int backlog = 1024;

		/**
		 * Framing of inbound and outbound bytes, used when @SocketHandler does not name one: raw,
		 * line, delimiter, fixed-length, length-field, or the name of a FrameCodec bean (your own
		 * framing, bounded by max-frame-length). Defaults to raw.
		 */
		private String codec;

		/**
		 * Bytes that end a frame with the delimiter codec, given as text in the server's charset
		 * (escapes such as \r\n work in YAML double quotes and in .properties files).
		 */
		private String delimiter;

		/**
		 * Length of every frame with the fixed-length codec.
		 */
		private DataSize frameLength;

		/**
		 * Size in bytes of the big-endian length field with the length-field codec: 1, 2, 4 or 8.
		 */
		private int lengthFieldSize = 4;

		/**
		 * Value added to the length field to obtain the frame's body length, for protocols whose
		 * length field counts more (negative) or fewer (positive) bytes than the body.
		 */
		private int lengthAdjustment = 0;

		/**
		 * Maximum length of one frame; a longer frame closes its connection and is counted as
		 * rejected.
		 */
		private DataSize maxFrameLength = DataSize.ofKilobytes(64);

		/**
		 * Charset of String frames.
		 */
		private Charset charset = StandardCharsets.UTF_8;

		/**
		 * What to do with bytes that are not valid in the charset: replace them with U+FFFD, or
		 * close the connection.
		 */
		private MalformedInputPolicy malformedInput = MalformedInputPolicy.REPLACE;

		/**
		 * Whether every event loop gets its own listening socket bound with SO_REUSEPORT, the
		 * kernel spreading connections; otherwise one acceptor hands connections round-robin.
		 */
		private boolean reusePort = true;

		/**
		 * Whether Nagle's algorithm is disabled (TCP_NODELAY) on accepted connections.
		 */
		private boolean tcpNoDelay = true;

		/**
		 * Whether TCP keep-alive probes are enabled on accepted connections.
		 */
		private boolean keepAlive = false;

		/**
		 * Size of the socket receive buffer (SO_RCVBUF) of accepted TCP connections. When unset,
		 * the kernel sizes and auto-tunes it; setting it turns the auto-tuning off.
		 */
		private DataSize receiveBufferSize;

		/**
		 * Size of the socket send buffer (SO_SNDBUF) of accepted TCP connections. When unset, the
		 * kernel sizes and auto-tunes it; setting it turns the auto-tuning off.
		 */
		private DataSize sendBufferSize;

		/**
		 * SO_LINGER of accepted TCP connections: 0 makes every close reset the connection (RST,
		 * unsent bytes dropped, no TIME_WAIT). When unset, a close is orderly and finishes in the
		 * background. Positive values are refused: they would block the event loop in close().
		 */
		private Duration linger;

		/**
		 * Idle time before the first TCP keep-alive probe (TCP_KEEPIDLE), in whole seconds, when
		 * keep-alive is on. When unset, the system's (2 hours on Linux).
		 */
		private Duration keepAliveIdle;

		/**
		 * Time between TCP keep-alive probes (TCP_KEEPINTVL), in whole seconds. When unset, the
		 * system's (75 seconds on Linux).
		 */
		private Duration keepAliveInterval;

		/**
		 * Unanswered TCP keep-alive probes after which the connection is dropped (TCP_KEEPCNT), at
		 * most 127. When unset, the system's (9 on Linux).
		 */
		private Integer keepAliveCount;

		/**
		 * Queued outbound bytes per connection above which the handler is asked for no more data.
		 */
		private DataSize writeHighWaterMark = DataSize.ofKilobytes(64);

		/**
		 * Queued outbound bytes per connection below which the handler is asked for data again.
		 */
		private DataSize writeLowWaterMark = DataSize.ofKilobytes(32);

		/**
		 * Time given to in-flight connections to finish when the server stops, before they are
		 * closed.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * Maximum number of open connections; further ones are closed at once. 0 for no limit.
		 * When unset, 90% of the process's open-files limit.
		 */
		private Integer maxConnections;

		/**
		 * Time without bytes in either direction after which a connection is closed. 0 for none.
		 */
		private Duration idleTimeout = Duration.ZERO;

		/**
		 * Time without bytes received, while the handler asks for more, after which a connection
		 * is closed. 0 for none.
		 */
		private Duration readTimeout = Duration.ZERO;

		/**
		 * Time queued outbound bytes may go without any of them being written (the peer does not
		 * read) before the connection is closed. 0 for none.
		 */
		private Duration writeTimeout = Duration.ZERO;

		/**
		 * Whether and how to log every byte read and written, at DEBUG on the logger
		 * 'dev.sockloop.wire.<name>': none, hex or text. For debugging only; with none, payloads
		 * never reach the logs.
		 */
		private WireLogFormat wireLog = WireLogFormat.NONE;

		/**
		 * Where the handler method runs: none (on the event loop, never blocking),
		 * bounded-elastic (Reactor's shared scheduler for blocking work) or virtual-threads (Java
		 * 21+). A scheduler named on @SocketHandler wins over this setting. When unset, none, or
		 * virtual-threads with spring.threads.virtual.enabled=true on Java 21+.
		 */
		private Offload offload = Offload.NONE;

		/**
		 * Content type of a handler's message types (types other than ByteBuffer, byte[] and
		 * String), such as application/json: picks the Decoder and Encoder. When unset, the first
		 * codec that handles the handler's declared types is used.
		 */
		private String contentType;

		/**
		 * For a handler invoked once per request, how many requests of one connection it may
		 * work on at once. Answers are written in request order whatever the value.
		 */
		private int requestConcurrency = 1;

		/**
		 * Whether connections start with a PROXY protocol header (v1 or v2) from a load balancer
		 * such as HAProxy or an NLB: off, optional (used when present; clients may connect
		 * directly, and may then forge it) or required (any other connection is closed). The
		 * client's address in the header becomes the connection's remote address.
		 */
		private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;

		/**
		 * Time from accept to a complete PROXY protocol header, after which a connection is
		 * closed (required) or handled as a direct client (optional). 0 for no limit.
		 */
		private Duration proxyHeaderTimeout = Duration.ofSeconds(5);

		/**
		 * Whether another process may bind the same port at the same time (SO_REUSEPORT, same
		 * user), so that a new instance takes over while the old one drains. When false, a port
		 * held by another process fails start-up.
		 */
		private boolean sharePort = false;

		/**
		 * TLS settings: when a bundle is named, the server speaks TLS only.
		 */
		@NestedConfigurationProperty
		private Ssl ssl = new Ssl();

		/**
		 * Names of the properties set on this object, so that a server's own block overrides
		 * only what it sets and inherits the rest from 'sockloop.defaults'. Binding calls only
		 * the setters of properties that are present.
		 */
		private final Set<String> assigned = new LinkedHashSet<>();

		public Integer getPort() {
			return this.port;
		}

		public void setPort(Integer port) {
			this.port = port;
			this.assigned.add("port");
		}

		public Path getPath() {
			return this.path;
		}

		public void setPath(Path path) {
			this.path = path;
			this.assigned.add("path");
		}

		public String getPathPermissions() {
			return this.pathPermissions;
		}

		public void setPathPermissions(String pathPermissions) {
			this.pathPermissions = pathPermissions;
			this.assigned.add("pathPermissions");
		}

		public InetAddress getAddress() {
			return this.address;
		}

		public void setAddress(InetAddress address) {
			this.address = address;
			this.assigned.add("address");
		}

		public int getBacklog() {
			return this.backlog;
		}

		public void setBacklog(int backlog) {
			this.backlog = backlog;
			this.assigned.add("backlog");
		}

		public String getCodec() {
			return this.codec;
		}

		public void setCodec(String codec) {
			this.codec = codec;
			this.assigned.add("codec");
		}

		public String getDelimiter() {
			return this.delimiter;
		}

		public void setDelimiter(String delimiter) {
			this.delimiter = delimiter;
			this.assigned.add("delimiter");
		}

		public DataSize getFrameLength() {
			return this.frameLength;
		}

		public void setFrameLength(DataSize frameLength) {
			this.frameLength = frameLength;
			this.assigned.add("frameLength");
		}

		public int getLengthFieldSize() {
			return this.lengthFieldSize;
		}

		public void setLengthFieldSize(int lengthFieldSize) {
			this.lengthFieldSize = lengthFieldSize;
			this.assigned.add("lengthFieldSize");
		}

		public int getLengthAdjustment() {
			return this.lengthAdjustment;
		}

		public void setLengthAdjustment(int lengthAdjustment) {
			this.lengthAdjustment = lengthAdjustment;
			this.assigned.add("lengthAdjustment");
		}

		public DataSize getMaxFrameLength() {
			return this.maxFrameLength;
		}

		public void setMaxFrameLength(DataSize maxFrameLength) {
			this.maxFrameLength = maxFrameLength;
			this.assigned.add("maxFrameLength");
		}

		public Charset getCharset() {
			return this.charset;
		}

		public void setCharset(Charset charset) {
			this.charset = charset;
			this.assigned.add("charset");
		}

		public MalformedInputPolicy getMalformedInput() {
			return this.malformedInput;
		}

		public void setMalformedInput(MalformedInputPolicy malformedInput) {
			this.malformedInput = malformedInput;
			this.assigned.add("malformedInput");
		}

		public boolean isReusePort() {
			return this.reusePort;
		}

		public void setReusePort(boolean reusePort) {
			this.reusePort = reusePort;
			this.assigned.add("reusePort");
		}

		public boolean isTcpNoDelay() {
			return this.tcpNoDelay;
		}

		public void setTcpNoDelay(boolean tcpNoDelay) {
			this.tcpNoDelay = tcpNoDelay;
			this.assigned.add("tcpNoDelay");
		}

		public boolean isKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(boolean keepAlive) {
			this.keepAlive = keepAlive;
			this.assigned.add("keepAlive");
		}

		public DataSize getReceiveBufferSize() {
			return this.receiveBufferSize;
		}

		public void setReceiveBufferSize(DataSize receiveBufferSize) {
			this.receiveBufferSize = receiveBufferSize;
			this.assigned.add("receiveBufferSize");
		}

		public DataSize getSendBufferSize() {
			return this.sendBufferSize;
		}

		public void setSendBufferSize(DataSize sendBufferSize) {
			this.sendBufferSize = sendBufferSize;
			this.assigned.add("sendBufferSize");
		}

		public Duration getLinger() {
			return this.linger;
		}

		public void setLinger(Duration linger) {
			this.linger = linger;
			this.assigned.add("linger");
		}

		public Duration getKeepAliveIdle() {
			return this.keepAliveIdle;
		}

		public void setKeepAliveIdle(Duration keepAliveIdle) {
			this.keepAliveIdle = keepAliveIdle;
			this.assigned.add("keepAliveIdle");
		}

		public Duration getKeepAliveInterval() {
			return this.keepAliveInterval;
		}

		public void setKeepAliveInterval(Duration keepAliveInterval) {
			this.keepAliveInterval = keepAliveInterval;
			this.assigned.add("keepAliveInterval");
		}

		public Integer getKeepAliveCount() {
			return this.keepAliveCount;
		}

		public void setKeepAliveCount(Integer keepAliveCount) {
			this.keepAliveCount = keepAliveCount;
			this.assigned.add("keepAliveCount");
		}

		public DataSize getWriteHighWaterMark() {
			return this.writeHighWaterMark;
		}

		public void setWriteHighWaterMark(DataSize writeHighWaterMark) {
			this.writeHighWaterMark = writeHighWaterMark;
			this.assigned.add("writeHighWaterMark");
		}

		public DataSize getWriteLowWaterMark() {
			return this.writeLowWaterMark;
		}

		public void setWriteLowWaterMark(DataSize writeLowWaterMark) {
			this.writeLowWaterMark = writeLowWaterMark;
			this.assigned.add("writeLowWaterMark");
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
			this.assigned.add("shutdownTimeout");
		}

		public Integer getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(Integer maxConnections) {
			this.maxConnections = maxConnections;
			this.assigned.add("maxConnections");
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			this.assigned.add("idleTimeout");
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
			this.assigned.add("readTimeout");
		}

		public Duration getWriteTimeout() {
			return this.writeTimeout;
		}

		public void setWriteTimeout(Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
			this.assigned.add("writeTimeout");
		}

		public WireLogFormat getWireLog() {
			return this.wireLog;
		}

		public void setWireLog(WireLogFormat wireLog) {
			this.wireLog = wireLog;
			this.assigned.add("wireLog");
		}

		public Offload getOffload() {
			return this.offload;
		}

		public void setOffload(Offload offload) {
			this.offload = offload;
			this.assigned.add("offload");
		}

		public String getContentType() {
			return this.contentType;
		}

		public void setContentType(String contentType) {
			this.contentType = contentType;
			this.assigned.add("contentType");
		}

		public int getRequestConcurrency() {
			return this.requestConcurrency;
		}

		public void setRequestConcurrency(int requestConcurrency) {
			this.requestConcurrency = requestConcurrency;
			this.assigned.add("requestConcurrency");
		}

		public ProxyProtocol getProxyProtocol() {
			return this.proxyProtocol;
		}

		public void setProxyProtocol(ProxyProtocol proxyProtocol) {
			this.proxyProtocol = proxyProtocol;
			this.assigned.add("proxyProtocol");
		}

		public Duration getProxyHeaderTimeout() {
			return this.proxyHeaderTimeout;
		}

		public void setProxyHeaderTimeout(Duration proxyHeaderTimeout) {
			this.proxyHeaderTimeout = proxyHeaderTimeout;
			this.assigned.add("proxyHeaderTimeout");
		}

		public boolean isSharePort() {
			return this.sharePort;
		}

		public void setSharePort(boolean sharePort) {
			this.sharePort = sharePort;
			this.assigned.add("sharePort");
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public void setSsl(Ssl ssl) {
			this.ssl = ssl;
		}

		/**
		 * Whether a property was set on this object (bound from configuration or set in code),
		 * rather than left at its default.
		 * @param property the property's Java name, such as {@code offload}, or
		 * {@code ssl.handshakeTimeout} for a TLS one
		 * @return {@code true} if it was set
		 */
		boolean isSet(String property) {
			return property.startsWith("ssl.") ? this.ssl.assigned.contains(property.substring(4))
					: this.assigned.contains(property);
		}

		/**
		 * Sets on {@code target} every property that was set on this object, nested TLS
		 * properties included.
		 */
		void assignTo(Server target) {
			BeanWrapper source = PropertyAccessorFactory.forBeanPropertyAccess(this);
			BeanWrapper destination = PropertyAccessorFactory.forBeanPropertyAccess(target);
			for (String property : this.assigned) {
				destination.setPropertyValue(property, source.getPropertyValue(property));
			}
			for (String property : this.ssl.assigned) {
				destination.setPropertyValue("ssl." + property, source.getPropertyValue("ssl." + property));
			}
		}

		/**
		 * TLS settings of one server.
		 */
		public static class Ssl {

			/**
			 * Name of the SSL bundle (spring.ssl.bundle.jks.<name> or spring.ssl.bundle.pem.<name>)
			 * holding the server's key and certificate and, for client authentication, the trusted
			 * client certificates. The bundle's enabled protocols and ciphers apply. Unset: plain TCP.
			 */
			private String bundle;

			/**
			 * Whether clients are asked for a certificate: none, want (optional) or need (required).
			 */
			private ClientAuth clientAuth = ClientAuth.NONE;

			/**
			 * Time from connect to a completed TLS handshake, after which the connection is closed
			 * (counted as sockloop.tls.handshakes with outcome=timeout). Zero for no limit.
			 */
			private Duration handshakeTimeout = Duration.ofSeconds(10);

			/**
			 * Names of the properties set on this object; see {@link Server}.
			 */
			private final Set<String> assigned = new LinkedHashSet<>();

			public String getBundle() {
				return this.bundle;
			}

			public void setBundle(String bundle) {
				this.bundle = bundle;
				this.assigned.add("bundle");
			}

			public ClientAuth getClientAuth() {
				return this.clientAuth;
			}

			public void setClientAuth(ClientAuth clientAuth) {
				this.clientAuth = clientAuth;
				this.assigned.add("clientAuth");
			}

			public Duration getHandshakeTimeout() {
				return this.handshakeTimeout;
			}

			public void setHandshakeTimeout(Duration handshakeTimeout) {
				this.handshakeTimeout = handshakeTimeout;
				this.assigned.add("handshakeTimeout");
			}

		}

	}

	/**
	 * Micrometer meters.
	 */
	public static class Metrics {

		/**
		 * Whether Sockloop's meters are bound to the application's MeterRegistry.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The 'sockloop' health indicator.
	 */
	public static class Health {

		/**
		 * Duration of one event-loop iteration above which the loop is reported stuck and the
		 * 'sockloop' health indicator is DOWN.
		 */
		private Duration stuckThreshold = Duration.ofSeconds(10);

		public Duration getStuckThreshold() {
			return this.stuckThreshold;
		}

		public void setStuckThreshold(Duration stuckThreshold) {
			this.stuckThreshold = stuckThreshold;
		}

	}

	/**
	 * Application events about connections.
	 */
	public static class Events {

		/**
		 * Whether to publish a SocketConnectionOpenedEvent and a SocketConnectionClosedEvent for
		 * every connection of every server, from one thread of their own; past 10000 events
		 * waiting, further ones are dropped and counted.
		 */
		private boolean connections = false;

		public boolean isConnections() {
			return this.connections;
		}

		public void setConnections(boolean connections) {
			this.connections = connections;
		}

	}

	/**
	 * Settings of one datagram (UDP) server.
	 */
	public static class Datagram {

		/**
		 * Port to bind; 0 picks a free port, published as 'local.sockloop.datagram.<name>.port'.
		 * When unset, the port given on @DatagramHandler is used.
		 */
		private Integer port;

		/**
		 * Network address to bind. Defaults to every IPv4 interface (0.0.0.0); '::' binds every
		 * IPv6 and IPv4 interface.
		 */
		private InetAddress address;

		/**
		 * Largest datagram payload received; longer datagrams are dropped and counted in
		 * 'sockloop.datagram.truncated'. At most 65507 bytes.
		 */
		private DataSize maxDatagramSize = DataSize.ofBytes(2048);

		/**
		 * Kernel receive buffer (SO_RCVBUF) of each socket: what waits while the handler does not
		 * keep up; beyond it datagrams are dropped and counted. When unset, the kernel's default.
		 */
		private DataSize receiveBufferSize;

		/**
		 * Payload bytes a socket queues for sending before the handler is asked for no more.
		 */
		private DataSize writeHighWaterMark = DataSize.ofKilobytes(256);

		/**
		 * Whether each event loop has its own socket on the port (SO_REUSEPORT), the kernel
		 * spreading datagrams over them by sender.
		 */
		private boolean reusePort = true;

		/**
		 * Where the handler runs: 'none' (the event loop; the handler must not block),
		 * 'bounded-elastic' or 'virtual-threads'. A scheduler named on @DatagramHandler wins.
		 */
		private Offload offload = Offload.NONE;

		/**
		 * Time given to handlers to finish and queued datagrams to leave when the server stops.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		public Integer getPort() {
			return this.port;
		}

		public void setPort(Integer port) {
			this.port = port;
		}

		public InetAddress getAddress() {
			return this.address;
		}

		public void setAddress(InetAddress address) {
			this.address = address;
		}

		public DataSize getMaxDatagramSize() {
			return this.maxDatagramSize;
		}

		public void setMaxDatagramSize(DataSize maxDatagramSize) {
			this.maxDatagramSize = maxDatagramSize;
		}

		public DataSize getReceiveBufferSize() {
			return this.receiveBufferSize;
		}

		public void setReceiveBufferSize(DataSize receiveBufferSize) {
			this.receiveBufferSize = receiveBufferSize;
		}

		public DataSize getWriteHighWaterMark() {
			return this.writeHighWaterMark;
		}

		public void setWriteHighWaterMark(DataSize writeHighWaterMark) {
			this.writeHighWaterMark = writeHighWaterMark;
		}

		public boolean isReusePort() {
			return this.reusePort;
		}

		public void setReusePort(boolean reusePort) {
			this.reusePort = reusePort;
		}

		public Offload getOffload() {
			return this.offload;
		}

		public void setOffload(Offload offload) {
			this.offload = offload;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

	}

}
