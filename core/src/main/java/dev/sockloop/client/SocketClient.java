package dev.sockloop.client;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

import dev.sockloop.connection.Connection;
import dev.sockloop.internal.connection.ConnectionSettings;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.transport.ConnectAttempt;
import dev.sockloop.internal.transport.ConnectionOwner;
import dev.sockloop.internal.transport.TransportProvider;
import dev.sockloop.stats.ServerStats;
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
 * A connection stays open until the application closes it or the peer resets it; when the peer
 * finishes sending, {@link Connection#receive()} completes and the connection can still write.
 */
public final class SocketClient implements AutoCloseable {

	private static final AtomicLong connectionIds = new AtomicLong(Long.MIN_VALUE / 2);

	private final EventLoopGroup group;

	private final boolean ownsGroup;

	private final TransportProvider transport;

	private final boolean tcpNoDelay;

	private final Duration connectTimeout;

	private final ServerStats stats;

	private final ConnectionOwner owner;

	private SocketClient(Builder builder, String name, EventLoopGroup group, boolean ownsGroup) {
		this.group = group;
		this.ownsGroup = ownsGroup;
		this.transport = group.transport().provider();
		this.tcpNoDelay = builder.tcpNoDelay;
		this.connectTimeout = builder.connectTimeout;
		ConnectionSettings settings = new ConnectionSettings(name, builder.writeHighWaterMark,
				builder.writeLowWaterMark, 0, 0, 0);
		this.stats = new ServerStats(name, group.size());
		this.owner = new ConnectionOwner(settings, this.stats, connectionIds, (id) -> { });
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
			ConnectAttempt attempt = new ConnectAttempt(sink, loop, this.owner, this.connectTimeout.toNanos());
			loop.execute(() -> this.transport.connect(loop, address, this.tcpNoDelay, attempt));
		})
			// A connection offered as the subscriber cancels is dropped by the sink: close it.
			.doOnDiscard(Connection.class, Connection::close);
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
	 * timeout 10 s, write water marks 64 KiB / 32 KiB, and a single loop of its own unless a shared
	 * group is given.
	 */
	public static final class Builder extends LoopSettingsBuilder<Builder> {

		private boolean tcpNoDelay = true;

		private Duration connectTimeout = Duration.ofSeconds(10);

		private int writeHighWaterMark = 64 * 1024;

		private int writeLowWaterMark = 32 * 1024;

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
		 * Creates the client.
		 * @return the client
		 */
		public SocketClient build() {
			return new SocketClient(this, this.name, loopGroupToUse(), ownsLoopGroup());
		}

	}

}
