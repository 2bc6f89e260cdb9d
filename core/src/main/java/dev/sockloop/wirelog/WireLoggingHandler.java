package dev.sockloop.wirelog;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.stats.CloseReason;

/**
 * Wraps a handler so that every byte read and written is logged at DEBUG by the logger
 * {@code dev.sockloop.wire.<server>}: an opt-in aid for debugging a protocol. Off by default;
 * without it payloads never reach the logs.
 */
public final class WireLoggingHandler implements ConnectionHandler {

	private final ConnectionHandler delegate;

	private final WireLogFormat format;

	private final Logger logger;

	/**
	 * Wraps {@code delegate}.
	 * @param serverName the server's name, which names the logger
	 * @param format how to render bytes: {@link WireLogFormat#HEX} or {@link WireLogFormat#TEXT}
	 * @param delegate the application's handler
	 * @throws IllegalArgumentException for {@link WireLogFormat#NONE} or {@code null}, which mean no
	 * wire log and so no handler
	 */
	public WireLoggingHandler(String serverName, WireLogFormat format, ConnectionHandler delegate) {
		if (format == null || format == WireLogFormat.NONE) {
			throw new IllegalArgumentException("No wire log (" + format + ") needs no WireLoggingHandler");
		}
		this.delegate = delegate;
		this.format = format;
		this.logger = LoggerFactory.getLogger("dev.sockloop.wire." + serverName);
	}

	@Override
	public Publisher<Void> handle(Connection connection) {
		if (!this.logger.isDebugEnabled()) {
			return this.delegate.handle(connection);
		}
		this.logger.debug("[{}] OPEN {} -> {}", connection.id(), connection.remoteAddress(), connection.localAddress());
		connection.onClose().subscribe(null, null, () -> this.logger.debug("[{}] CLOSE", connection.id()));
		return this.delegate.handle(new LoggingConnection(connection));
	}

	private void log(long id, String direction, ByteBuffer buffer) {
		this.logger.debug("[{}] {} {} bytes{}", id, direction, buffer.remaining(),
				(this.format == WireLogFormat.HEX) ? WireDump.render(buffer, this.format)
						: ": " + WireDump.render(buffer, this.format));
	}

	/** The connection as the handler sees it: the same, with both directions logged. */
	private final class LoggingConnection implements Connection {

		private final Connection connection;

		LoggingConnection(Connection connection) {
			this.connection = connection;
		}

		@Override
		public long id() {
			return this.connection.id();
		}

		@Override
		public String serverName() {
			return this.connection.serverName();
		}

		@Override
		public SocketAddress localAddress() {
			return this.connection.localAddress();
		}

		@Override
		public SocketAddress remoteAddress() {
			return this.connection.remoteAddress();
		}

		@Override
		public Flux<ByteBuffer> receive() {
			return this.connection.receive().doOnNext((buffer) -> log(id(), "READ", buffer));
		}

		@Override
		public Mono<Void> send(Publisher<ByteBuffer> data) {
			return this.connection.send(Flux.from(data).doOnNext((buffer) -> log(id(), "WRITE", buffer)));
		}

		@Override
		public Map<String, Object> attributes() {
			return this.connection.attributes();
		}

		@Override
		public boolean isOpen() {
			return this.connection.isOpen();
		}

		@Override
		public void close() {
			this.connection.close();
		}

		@Override
		public void close(CloseReason reason) {
			this.connection.close(reason);
		}

		@Override
		public Optional<SSLSession> tlsSession() {
			return this.connection.tlsSession();
		}

		@Override
		public void abort(CloseReason reason) {
			this.connection.abort(reason);
		}

		@Override
		public Mono<Void> onClose() {
			return this.connection.onClose();
		}

	}

}
