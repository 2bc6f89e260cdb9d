package dev.sockloop.client;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import reactor.core.publisher.Mono;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.codec.TextCodec;
import dev.sockloop.connection.Connection;
import dev.sockloop.internal.connection.ConnectionSettings;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.tls.ClientTls;
import dev.sockloop.internal.transport.ConnectAttempt;
import dev.sockloop.internal.transport.ConnectionOwner;
import dev.sockloop.internal.transport.TransportProvider;
import dev.sockloop.stats.ClientStats;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.tls.ClientTlsEngineFactory;
import dev.sockloop.tls.TlsHandler;
import dev.sockloop.tls.TlsStats;
import dev.sockloop.transport.EventLoopGroup;
import dev.sockloop.transport.LoopSettingsBuilder;

/**
 * Opens outbound connections on event loops, with the same {@link Connection} API as accepted ones:
 * for proxies, for clients of other services, and for tests.
 * <pre>{@code
 * SocketClient client = SocketClient.builder().loopGroup(group).build();
 * Connection connection = client.connect(new InetSocketAddress("127.0.0.1", 9000)).block();
 * connection.send(Mono.just(ByteBuffer.wrap(bytes))).then(connection.receive().next()) ...
 * connection.close();
 * }</pre>
 * A connection stays open until the application closes it, the peer resets it, or one of the
 * client's timeouts (idle, read, write) closes it; when the peer finishes sending,
 * {@link Connection#receive()} completes and the connection can still write.
 *
 * <p>With {@link Builder#tls(ClientTlsEngineFactory, Duration) TLS}, a connection is emitted once its
 * handshake has completed, and {@code receive()}/{@code send()} carry the application's bytes; a
 * handshake that fails or times out fails the connect. For request/response protocols,
 * {@link #connectExchange(SocketAddress, ExchangeCodec)} gives a pipelined
 * {@link ExchangeConnection} framed by the client's {@link Builder#codec(FrameCodec) codec}.
 */
public final class SocketClient implements AutoCloseable {

	private static final AtomicLong connectionIds = new AtomicLong(Long.MIN_VALUE / 2);

	private final EventLoopGroup group;

	private final boolean ownsGroup;

	private final TransportProvider transport;

	private final boolean tcpNoDelay;

	private final Duration connectTimeout;

	private final ServerStats stats;

	private final ClientStats clientStats;

	private final ConnectionSettings settings;

	private final ConnectionOwner owner;

	/** {@code null} for plain TCP. */
	private final ClientTls tls;

	private final FrameCodec codec;

	private final TextCodec textCodec;

	private final int maxPendingExchanges;

	private final Duration exchangeTimeout;

	private SocketClient(Builder builder, String name, EventLoopGroup group, boolean ownsGroup) {
		this.group = group;
		this.ownsGroup = ownsGroup;
		this.transport = group.transport().provider();
		this.tcpNoDelay = builder.tcpNoDelay;
		this.connectTimeout = builder.connectTimeout;
		this.settings = new ConnectionSettings(name, builder.writeHighWaterMark, builder.writeLowWaterMark,
				nanos(builder.idleTimeout), nanos(builder.readTimeout), nanos(builder.writeTimeout));
		this.stats = new ServerStats(name, group.size());
		this.clientStats = new ClientStats(name);
		this.owner = new ConnectionOwner(this.settings, this.stats, connectionIds, (id) -> { });
		this.tls = (builder.tlsEngines != null)
				? new ClientTls(name, builder.tlsEngines, nanos(builder.tlsHandshakeTimeout)) : null;
		this.codec = builder.codec;
		this.textCodec = builder.textCodec;
		this.maxPendingExchanges = builder.maxPendingExchanges;
		this.exchangeTimeout = builder.exchangeTimeout;
	}

	/** Zero for a timeout that is off ({@code null}, zero or negative). */
	private static long nanos(Duration timeout) {
		return (timeout == null || timeout.isNegative()) ? 0 : timeout.toNanos();
	}

	/**
	 * Starts building a client.
	 * @return a builder with the defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Counters of this client's connections, with the same meaning as a server's.
	 * @return the stats
	 */
	public ServerStats stats() {
		return this.stats;
	}

	/**
	 * Counters of what only a client does: failed connects, timed-out and refused exchanges.
	 * @return the stats
	 */
	public ClientStats clientStats() {
		return this.clientStats;
	}

	/**
	 * The client's TLS handshake counters, when it was built with TLS.
	 * @return the counters, or empty for a plain TCP client
	 */
	public Optional<TlsStats> tlsStats() {
		return Optional.ofNullable(this.tls).map(ClientTls::stats);
	}

	/**
	 * Name of the client, for logs and meters.
	 * @return the name
	 */
	public String name() {
		return this.settings.serverName();
	}

	/**
	 * The framing of this client's {@link ExchangeConnection exchange connections}.
	 * @return the codec; {@link FrameCodec#raw() raw} unless one was set
	 */
	public FrameCodec codec() {
		return this.codec;
	}

	/**
	 * The charset and malformed-input policy of this client's text, for
	 * {@link ExchangeCodec#text(TextCodec)}.
	 * @return the text codec; UTF-8, replacing malformed input, unless one was set
	 */
	public TextCodec textCodec() {
		return this.textCodec;
	}

	/**
	 * Connects to a TCP address or a Unix domain socket, on the next loop of the group.
	 * @param address an {@link InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}
	 * @return a {@code Mono} that connects when subscribed and emits the open connection; it errors
	 * with a {@link ConnectException} when the peer refuses or the connect timeout passes, and with
	 * the exception thrown when the address cannot be used at all (such as an unresolved one).
	 * Cancelling it at any point closes the socket; a connection already emitted belongs to the
	 * subscriber, which closes it
	 */
	public Mono<Connection> connect(SocketAddress address) {
		return Mono.<Connection>create((sink) -> {
			EventLoop loop = this.group.next();
			ConnectAttempt attempt = new ConnectAttempt(sink, loop, this.owner, this.connectTimeout.toNanos(), address,
					this.tls, this.clientStats);
			loop.execute(() -> this.transport.connect(loop, address, this.tcpNoDelay, attempt));
		})
			// A connection offered as the subscriber cancels is dropped by the sink: close it.
			.doOnDiscard(Connection.class, Connection::close);
	}

	/**
	 * Connects for request/response: frames are the client's {@link Builder#codec(FrameCodec) codec}'s,
	 * and each request and response is one frame's bytes.
	 * @param address an {@link InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}
	 * @return a {@code Mono} that connects when subscribed, as {@link #connect(SocketAddress)} does
	 */
	public Mono<ExchangeConnection<ByteBuffer, ByteBuffer>> connectExchange(SocketAddress address) {
		return connectExchange(address, ExchangeCodec.frames());
	}

	/**
	 * Connects for request/response with messages of the given codec over the client's framing.
	 * @param <I> the request type
	 * @param <O> the response type
	 * @param address an {@link InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}
	 * @param messages turns requests into frames and frames into responses
	 * @return a {@code Mono} that connects when subscribed, as {@link #connect(SocketAddress)} does,
	 * and emits the connection ready for {@link ExchangeConnection#exchange(Object) exchanges}
	 */
	public <I, O> Mono<ExchangeConnection<I, O>> connectExchange(SocketAddress address,
			ExchangeCodec<I, O> messages) {
		Objects.requireNonNull(messages, "messages");
		return connect(address).map((connection) -> new ExchangeConnection<>(connection, this.codec, messages,
				this.maxPendingExchanges, this.exchangeTimeout, this.stats, this.clientStats,
				this.settings.warnings())
			.start());
	}

	/**
	 * Closes the loop group if the client created it; connections on a shared group stay open until
	 * closed by the application.
	 */
	@Override
	public void close() {
		if (this.ownsGroup) {
			this.group.close(Duration.ofSeconds(10));
		}
	}

	/**
	 * Builds a {@link SocketClient}. Defaults: name {@code client}, {@code TCP_NODELAY} on, connect
	 * timeout 10 s, no idle, read or write timeout, write water marks 64 KiB / 32 KiB, plain TCP
	 * (with TLS: a 10 s handshake timeout), raw framing, at most 128 exchanges outstanding per
	 * connection with a 10 s exchange timeout, and a single loop of its own unless a shared group is
	 * given.
	 */
	public static final class Builder extends LoopSettingsBuilder<Builder> {

		private boolean tcpNoDelay = true;

		private Duration connectTimeout = Duration.ofSeconds(10);

		private int writeHighWaterMark = 64 * 1024;

		private int writeLowWaterMark = 32 * 1024;

		private Duration idleTimeout = Duration.ZERO;

		private Duration readTimeout = Duration.ZERO;

		private Duration writeTimeout = Duration.ZERO;

		private ClientTlsEngineFactory tlsEngines;

		private Duration tlsHandshakeTimeout = TlsHandler.DEFAULT_HANDSHAKE_TIMEOUT;

		private FrameCodec codec = FrameCodec.raw();

		private TextCodec textCodec = TextCodec.utf8();

		private int maxPendingExchanges = 128;

		private Duration exchangeTimeout = Duration.ofSeconds(10);

		private Builder() {
			super("client", 1);
		}

		/**
		 * Whether Nagle's algorithm is disabled on TCP connections.
		 * @param tcpNoDelay {@code true} to send small writes at once
		 * @return this builder
		 */
		public Builder tcpNoDelay(boolean tcpNoDelay) {
			this.tcpNoDelay = tcpNoDelay;
			return this;
		}

		/**
		 * How long a connect may take.
		 * @param connectTimeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Queued outbound bytes per connection above which a sender is not asked for more.
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
		 * Time without bytes in either direction after which a connection is closed (reason
		 * {@code timeout}).
		 * @param idleTimeout the timeout; zero for none
		 * @return this builder
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
			return this;
		}

		/**
		 * Time without bytes received, while the application asks for more, after which a
		 * connection is closed.
		 * @param readTimeout the timeout; zero for none
		 * @return this builder
		 */
		public Builder readTimeout(Duration readTimeout) {
			this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
			return this;
		}

		/**
		 * Time queued outbound bytes may go without any being written (the server does not read)
		 * before a connection is closed.
		 * @param writeTimeout the timeout; zero for none
		 * @return this builder
		 */
		public Builder writeTimeout(Duration writeTimeout) {
			this.writeTimeout = Objects.requireNonNull(writeTimeout, "writeTimeout");
			return this;
		}

		/**
		 * Speak TLS on every connection, with the default handshake timeout
		 * ({@link TlsHandler#DEFAULT_HANDSHAKE_TIMEOUT}).
		 * @param context the trusted certificates and, for mutual TLS, the client's key
		 * @return this builder
		 */
		public Builder tls(SSLContext context) {
			return tls(ClientTlsEngineFactory.of(context), TlsHandler.DEFAULT_HANDSHAKE_TIMEOUT);
		}

		/**
		 * Speak TLS on every connection: a connect completes once the handshake has, and fails if
		 * the handshake fails or does not complete within {@code handshakeTimeout} (a server that
		 * accepts and never answers would otherwise hold the connect for ever).
		 * @param engines creates the engine of each connection
		 * @param handshakeTimeout time from connect to a completed handshake; zero for none
		 * @return this builder
		 */
		public Builder tls(ClientTlsEngineFactory engines, Duration handshakeTimeout) {
			this.tlsEngines = Objects.requireNonNull(engines, "engines");
			this.tlsHandshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
			return this;
		}

		/**
		 * Framing of {@link ExchangeConnection exchange connections}: one request and one response
		 * per frame. Its maximum frame length bounds what a server can make the client buffer.
		 * @param codec the framing, the same as a server's
		 * @return this builder
		 */
		public Builder codec(FrameCodec codec) {
			this.codec = Objects.requireNonNull(codec, "codec");
			return this;
		}

		/**
		 * Charset and malformed-input policy of the client's text, as {@link SocketClient#textCodec()} hands
		 * them to {@link ExchangeCodec#text(TextCodec)}.
		 * @param textCodec the text codec
		 * @return this builder
		 */
		public Builder textCodec(TextCodec textCodec) {
			this.textCodec = Objects.requireNonNull(textCodec, "textCodec");
			return this;
		}

		/**
		 * Exchanges that may wait for their response on one connection; more are refused at once.
		 * @param maxPendingExchanges the limit, at least 1
		 * @return this builder
		 */
		public Builder maxPendingExchanges(int maxPendingExchanges) {
			if (maxPendingExchanges < 1) {
				throw new IllegalArgumentException("maxPendingExchanges must be at least 1, was " + maxPendingExchanges);
			}
			this.maxPendingExchanges = maxPendingExchanges;
			return this;
		}

		/**
		 * Time an exchange may wait for its response before it fails and its connection is closed.
		 * @param exchangeTimeout the timeout; zero for none
		 * @return this builder
		 */
		public Builder exchangeTimeout(Duration exchangeTimeout) {
			this.exchangeTimeout = Objects.requireNonNull(exchangeTimeout, "exchangeTimeout");
			return this;
		}

		/**
		 * Creates the client.
		 * @return the client
		 */
		public SocketClient build() {
			return new SocketClient(this, this.name, loopGroupToUse(), ownsLoopGroup());
		}

	}

}
