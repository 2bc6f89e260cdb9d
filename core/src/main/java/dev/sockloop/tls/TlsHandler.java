package dev.sockloop.tls;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;

/**
 * Wraps a handler so that it speaks TLS: the handler sees a {@link Connection} whose
 * {@code receive()} emits decrypted application bytes and whose {@code send()} encrypts, while a
 * JDK {@link javax.net.ssl.SSLEngine} per connection is driven from the connection's loop.
 *
 * <p>The handler is called once the handshake has completed, so that it never sees a peer that
 * failed it. A failed handshake is counted in {@link #stats()}, logged once at WARN (without
 * payload) by the logger {@code dev.sockloop.tls}, and closes the connection. When the handler
 * completes, a {@code close_notify} alert is sent before the connection closes; a peer's
 * {@code close_notify} completes the handler's inbound {@code Flux}.
 */
public final class TlsHandler implements ConnectionHandler {

	static final Logger logger = LoggerFactory.getLogger("dev.sockloop.tls");

	private final TlsEngineFactory engines;

	private final TlsStats stats;

	private final ConnectionHandler delegate;

	/**
	 * Wraps {@code delegate}.
	 * @param serverName the server's name, for the counters and the logs
	 * @param engines creates the engine of each connection
	 * @param delegate the application's handler
	 */
	public TlsHandler(String serverName, TlsEngineFactory engines, ConnectionHandler delegate) {
		this.engines = engines;
		this.stats = new TlsStats(serverName);
		this.delegate = delegate;
	}

	/**
	 * Counters of this server's handshakes.
	 * @return the stats
	 */
	public TlsStats stats() {
		return this.stats;
	}

	@Override
	public Publisher<Void> handle(Connection connection) {
		return new TlsConnection(connection, this.engines.createEngine(connection), this.stats, this.delegate).start();
	}

}
