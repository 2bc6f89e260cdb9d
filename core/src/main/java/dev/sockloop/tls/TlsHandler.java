package dev.sockloop.tls;

import java.time.Duration;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.internal.tls.TlsConnection;

/**
 * Wraps a handler so that it speaks TLS: the handler sees a {@link Connection} whose
 * {@code receive()} emits decrypted application bytes and whose {@code send()} encrypts, while a
 * JDK {@link javax.net.ssl.SSLEngine} per connection is driven from the connection's loop.
 *
 * <p>The handler is called once the handshake has completed, so that it never sees a peer that
 * failed it. A failed handshake is counted in {@link #stats()}, logged at WARN (without payload) by
 * the logger {@code dev.sockloop.tls} at most once every ten seconds per server with a count of
 * those suppressed, and closes the connection; so does a handshake not completed within the
 * handshake timeout, and a client's attempt to renegotiate a TLS 1.2 session. When the handler
 * completes, a {@code close_notify} alert is sent before the connection closes; a peer's
 * {@code close_notify} completes the handler's inbound {@code Flux}.
 */
public final class TlsHandler implements ConnectionHandler {

	static final Logger logger = LoggerFactory.getLogger("dev.sockloop.tls");

	/** Time a peer has to complete the handshake unless told otherwise: Netty's {@code SslHandler} default. */
	public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

	private final TlsEngineFactory engines;

	private final TlsStats stats;

	private final ConnectionHandler delegate;

	private final long handshakeTimeoutNanos;

	/** Handshake failures of this server: any peer can cause one, so they are rate-limited. */
	private final RateLimitedLog warnings = new RateLimitedLog(logger);

	/**
	 * Wraps {@code delegate}, giving each peer {@link #DEFAULT_HANDSHAKE_TIMEOUT} to complete the
	 * handshake.
	 * @param serverName the server's name, for the counters and the logs
	 * @param engines creates the engine of each connection
	 * @param delegate the application's handler
	 */
	public TlsHandler(String serverName, TlsEngineFactory engines, ConnectionHandler delegate) {
		this(serverName, engines, DEFAULT_HANDSHAKE_TIMEOUT, delegate);
	}

	/**
	 * Whether a peer that has not completed its handshake is closed after a time.
	 * @return {@code false} when the handshake timeout is off
	 */
	public boolean hasHandshakeTimeout() {
		return this.handshakeTimeoutNanos > 0;
	}

	/**
	 * Wraps {@code delegate}. A peer that has not completed the handshake within
	 * {@code handshakeTimeout} of connecting is closed with reason
	 * {@link dev.sockloop.stats.CloseReason#TIMEOUT TIMEOUT} and counted in
	 * {@link TlsStats#handshakeTimeouts()}: without it, a peer that sends nothing, or half a
	 * {@code ClientHello}, holds a socket and an engine for ever.
	 * @param serverName the server's name, for the counters and the logs
	 * @param engines creates the engine of each connection
	 * @param handshakeTimeout time from connect to a completed handshake; {@code null} or zero for
	 * none
	 * @param delegate the application's handler
	 */
	public TlsHandler(String serverName, TlsEngineFactory engines, Duration handshakeTimeout,
			ConnectionHandler delegate) {
		this.engines = engines;
		this.stats = new TlsStats(serverName);
		this.delegate = delegate;
		boolean limited = handshakeTimeout != null && !handshakeTimeout.isNegative() && !handshakeTimeout.isZero();
		this.handshakeTimeoutNanos = limited ? handshakeTimeout.toNanos() : 0;
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
		return new TlsConnection(connection, this.engines.createEngine(connection), this.stats, this.warnings,
				this.delegate)
			.start(this.handshakeTimeoutNanos);
	}

}
