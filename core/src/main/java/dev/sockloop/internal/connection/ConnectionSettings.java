package dev.sockloop.internal.connection;

import java.util.List;

import org.slf4j.LoggerFactory;

import dev.sockloop.connection.ConnectionListener;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.server.ProxyProtocol;

/**
 * What a connection needs to know of its server's configuration.
 *
 * @param serverName name of the server, for logs
 * @param writeHighWaterMark queued outbound bytes above which senders are not asked for more
 * @param writeLowWaterMark queued outbound bytes below which they are asked again
 * @param idleTimeoutNanos time without bytes either way after which the connection is closed; 0 for
 * none
 * @param readTimeoutNanos time without bytes received after which the connection is closed; 0 for
 * none
 * @param writeTimeoutNanos time queued writes may make no progress before the connection is closed;
 * 0 for none
 * @param warnings the server's log for what a peer can cause (bad frames, handler failures on its
 * input), shared by all its connections so that a flood of them costs a line per interval
 * @param listener told of each connection's opening and closing; {@code null} for none
 * @param proxyProtocol whether a PROXY protocol header is read before the handler runs
 * @param proxyHeaderTimeoutNanos time from accept to a complete PROXY protocol header
 */
public record ConnectionSettings(String serverName, int writeHighWaterMark, int writeLowWaterMark,
		long idleTimeoutNanos, long readTimeoutNanos, long writeTimeoutNanos, RateLimitedLog warnings,
		ConnectionListener listener, ProxyProtocol proxyProtocol, long proxyHeaderTimeoutNanos) {

	/**
	 * Settings with a rate-limited log of their own, on the {@link LoopConnection} logger: create
	 * them once per server, and its connections share the log.
	 * @param serverName name of the server, for logs
	 * @param writeHighWaterMark queued outbound bytes above which senders are not asked for more
	 * @param writeLowWaterMark queued outbound bytes below which they are asked again
	 * @param idleTimeoutNanos idle timeout; 0 for none
	 * @param readTimeoutNanos read timeout; 0 for none
	 * @param writeTimeoutNanos write timeout; 0 for none
	 */
	public ConnectionSettings(String serverName, int writeHighWaterMark, int writeLowWaterMark, long idleTimeoutNanos,
			long readTimeoutNanos, long writeTimeoutNanos) {
		this(serverName, writeHighWaterMark, writeLowWaterMark, idleTimeoutNanos, readTimeoutNanos, writeTimeoutNanos,
				List.of(), ProxyProtocol.OFF, 0);
	}

	/**
	 * Settings with a rate-limited log of their own, as above, and listeners.
	 * @param serverName name of the server, for logs
	 * @param writeHighWaterMark queued outbound bytes above which senders are not asked for more
	 * @param writeLowWaterMark queued outbound bytes below which they are asked again
	 * @param idleTimeoutNanos idle timeout; 0 for none
	 * @param readTimeoutNanos read timeout; 0 for none
	 * @param writeTimeoutNanos write timeout; 0 for none
	 * @param listeners told of each connection's opening and closing, in order; empty for none
	 */
	public ConnectionSettings(String serverName, int writeHighWaterMark, int writeLowWaterMark, long idleTimeoutNanos,
			long readTimeoutNanos, long writeTimeoutNanos, List<ConnectionListener> listeners) {
		this(serverName, writeHighWaterMark, writeLowWaterMark, idleTimeoutNanos, readTimeoutNanos, writeTimeoutNanos,
				listeners, ProxyProtocol.OFF, 0);
	}

	/**
	 * Settings of a server, with a rate-limited log of their own (see the first constructor).
	 * @param serverName name of the server, for logs
	 * @param writeHighWaterMark queued outbound bytes above which senders are not asked for more
	 * @param writeLowWaterMark queued outbound bytes below which they are asked again
	 * @param idleTimeoutNanos idle timeout; 0 for none
	 * @param readTimeoutNanos read timeout; 0 for none
	 * @param writeTimeoutNanos write timeout; 0 for none
	 * @param listeners told of each connection's opening and closing, in order; empty for none
	 * @param proxyProtocol whether a PROXY protocol header is read before the handler runs
	 * @param proxyHeaderTimeoutNanos time from accept to a complete PROXY protocol header
	 */
	public ConnectionSettings(String serverName, int writeHighWaterMark, int writeLowWaterMark, long idleTimeoutNanos,
			long readTimeoutNanos, long writeTimeoutNanos, List<ConnectionListener> listeners,
			ProxyProtocol proxyProtocol, long proxyHeaderTimeoutNanos) {
		this(serverName, writeHighWaterMark, writeLowWaterMark, idleTimeoutNanos, readTimeoutNanos, writeTimeoutNanos,
				new RateLimitedLog(LoggerFactory.getLogger(LoopConnection.class)), listeners, proxyProtocol,
				proxyHeaderTimeoutNanos);
	}

	private ConnectionSettings(String serverName, int writeHighWaterMark, int writeLowWaterMark, long idleTimeoutNanos,
			long readTimeoutNanos, long writeTimeoutNanos, RateLimitedLog warnings,
			List<ConnectionListener> listeners, ProxyProtocol proxyProtocol, long proxyHeaderTimeoutNanos) {
		this(serverName, writeHighWaterMark, writeLowWaterMark, idleTimeoutNanos, readTimeoutNanos, writeTimeoutNanos,
				warnings, ConnectionListeners.of(listeners, warnings), proxyProtocol, proxyHeaderTimeoutNanos);
	}

	/**
	 * Whether any timeout is set, so that the connection must track activity.
	 * @return {@code true} if a timeout is set
	 */
	public boolean hasTimeouts() {
		return this.idleTimeoutNanos > 0 || this.readTimeoutNanos > 0 || this.writeTimeoutNanos > 0;
	}

}
