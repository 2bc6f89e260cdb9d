package dev.sockloop.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionSettings;
import dev.sockloop.connection.EpollSocketConnection;
import dev.sockloop.connection.LoopConnection;
import dev.sockloop.connection.NioSocketConnection;
import dev.sockloop.linux.Errno;
import dev.sockloop.linux.Sockets;
import dev.sockloop.loop.EventLoop;
import dev.sockloop.loop.EventLoopGroup;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.transport.Transport;

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

	private final boolean tcpNoDelay;

	private final Duration connectTimeout;

	private final ConnectionSettings settings;

	private final ServerStats stats;

	private SocketClient(Builder builder, EventLoopGroup group, boolean ownsGroup) {
		this.group = group;
		this.ownsGroup = ownsGroup;
		this.tcpNoDelay = builder.tcpNoDelay;
		this.connectTimeout = builder.connectTimeout;
		this.settings = new ConnectionSettings(builder.name, builder.writeHighWaterMark, builder.writeLowWaterMark, 0,
				0, 0);
		this.stats = new ServerStats(builder.name, group.size());
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
			ConnectAttempt attempt = new ConnectAttempt(sink, loop);
			if (loop.transport() == Transport.NIO) {
				loop.execute(() -> startNioConnect(loop, address, attempt));
			}
			else {
				loop.execute(() -> startConnect(loop, address, attempt));
			}
		})
			// A connection offered as the subscriber cancels is dropped by the sink: close it.
			.doOnDiscard(Connection.class, Connection::close);
	}

	private void startConnect(EventLoop loop, SocketAddress address, ConnectAttempt attempt) {
		if (attempt.isCancelled()) {
			return;
		}
		int fd = -1;
		try {
			fd = Sockets.newStreamSocket(address);
			if (address instanceof InetSocketAddress) {
				Sockets.setTcpNoDelay(fd, this.tcpNoDelay);
			}
			int rc = Sockets.connect(fd, address);
			if (rc == 0) {
				int connected = fd;
				fd = -1;
				open(connected, loop, attempt);
			}
			else if (rc == -Errno.EINPROGRESS || rc == -Errno.EAGAIN) {
				PendingConnect pending = new EpollPendingConnect(fd, loop, address,
						(connected) -> open(connected, loop, attempt), attempt::failed);
				fd = -1;
				attempt.await(pending, this.connectTimeout.toNanos());
			}
			else {
				attempt.failed(new ConnectException("Connect to " + address + " failed: " + Errno.describe(-rc)));
			}
		}
		catch (RuntimeException ex) {
			// An address the socket call cannot take (unresolved, a Unix path too long), or out of fds.
			attempt.failed(ex);
		}
		finally {
			if (fd >= 0) {
				Sockets.close(fd);
			}
		}
	}

	private void startNioConnect(EventLoop loop, SocketAddress address, ConnectAttempt attempt) {
		if (attempt.isCancelled()) {
			return;
		}
		SocketChannel channel;
		try {
			channel = SocketChannel.open(family(address));
		}
		catch (IOException | RuntimeException ex) {
			attempt.failed(ex);
			return;
		}
		try {
			channel.configureBlocking(false);
			if (address instanceof InetSocketAddress) {
				channel.setOption(StandardSocketOptions.TCP_NODELAY, this.tcpNoDelay);
			}
			if (channel.connect(address)) {
				SocketChannel connected = channel;
				channel = null;
				open(connected, loop, attempt);
				return;
			}
			NioPendingConnect pending = new NioPendingConnect(channel, loop, address,
					(connected) -> open(connected, loop, attempt), attempt::failed);
			channel = null;
			attempt.await(pending, this.connectTimeout.toNanos());
		}
		catch (IOException ex) {
			attempt.failed(connectFailure(address, ex));
		}
		catch (RuntimeException ex) {
			// UnresolvedAddressException, UnsupportedAddressTypeException: thrown before any connect.
			attempt.failed(ex);
		}
		finally {
			if (channel != null) {
				close(channel);
			}
		}
	}

	static ConnectException connectFailure(SocketAddress address, IOException failure) {
		ConnectException exception = new ConnectException("Connect to " + address + " failed: " + failure.getMessage());
		exception.initCause(failure);
		return exception;
	}

	private static StandardProtocolFamily family(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return (inet.getAddress() instanceof Inet6Address) ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
		}
		return StandardProtocolFamily.UNIX;
	}

	private static void close(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Released either way.
		}
	}

	private void open(int fd, EventLoop loop, ConnectAttempt attempt) {
		LoopConnection connection;
		try {
			connection = new EpollSocketConnection(fd, connectionIds.incrementAndGet(), loop, this.settings,
					this.stats.loop(loop.index()), this.stats, () -> { });
		}
		catch (RuntimeException ex) {
			Sockets.close(fd);
			attempt.failed(ex);
			return;
		}
		start(connection, attempt);
	}

	private void open(SocketChannel channel, EventLoop loop, ConnectAttempt attempt) {
		LoopConnection connection;
		try {
			connection = new NioSocketConnection(channel, connectionIds.incrementAndGet(), loop, this.settings,
					this.stats.loop(loop.index()), this.stats, () -> { });
		}
		catch (RuntimeException ex) {
			close(channel);
			attempt.failed(ex);
			return;
		}
		start(connection, attempt);
	}

	private static void start(LoopConnection connection, ConnectAttempt attempt) {
		// The "handler" of an outbound connection hands it to the caller and lives until it closes.
		connection.start((opened) -> {
			attempt.succeeded(opened);
			return opened.onClose();
		});
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
	public static final class Builder {

		private String name = "client";

		private EventLoopGroup loopGroup;

		private int loops = 1;

		private Transport transport;

		private boolean tcpNoDelay = true;

		private Duration connectTimeout = Duration.ofSeconds(10);

		private int writeHighWaterMark = 64 * 1024;

		private int writeLowWaterMark = 32 * 1024;

		private Builder() {
		}

		/**
		 * Name used in logs and stats.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Runs on a shared group (typically the servers' group), which {@link #close()} leaves running.
		 * @param group the group
		 * @return this builder
		 */
		public Builder loopGroup(EventLoopGroup group) {
			this.loopGroup = group;
			return this;
		}

		/**
		 * Runs on a group of its own with this many loops. Ignored when a shared group is given.
		 * @param loops the number of loops
		 * @return this builder
		 */
		public Builder loops(int loops) {
			this.loops = loops;
			return this;
		}

		/**
		 * Transport of the group the client creates for itself: {@code null} (the default) to
		 * {@link Transport#detect() detect} it, or a forced one. Ignored when a shared group is given.
		 * @param transport the transport, or {@code null}
		 * @return this builder
		 */
		public Builder transport(Transport transport) {
			this.transport = transport;
			return this;
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
			boolean ownsGroup = this.loopGroup == null;
			EventLoopGroup group = ownsGroup ? new EventLoopGroup(this.loops, "sockloop-" + this.name + "-", this.transport)
					: this.loopGroup;
			return new SocketClient(this, group, ownsGroup);
		}

	}

}
