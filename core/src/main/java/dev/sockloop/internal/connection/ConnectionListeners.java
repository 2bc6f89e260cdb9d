package dev.sockloop.internal.connection;

import java.util.ArrayList;
import java.util.List;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionListener;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.stats.CloseReason;

/**
 * Several listeners of one server as one: each is told in turn, and one that throws does not keep
 * the others from being told.
 */
public final class ConnectionListeners implements ConnectionListener {

	private final List<ConnectionListener> listeners;

	private final RateLimitedLog warnings;

	private ConnectionListeners(List<ConnectionListener> listeners, RateLimitedLog warnings) {
		this.listeners = listeners;
		this.warnings = warnings;
	}

	/**
	 * The listeners as one.
	 * @param listeners the listeners, in order
	 * @param warnings where a listener's failure is reported
	 * @return {@code null} for none, the listener itself for one, else a composite
	 */
	public static ConnectionListener of(List<ConnectionListener> listeners, RateLimitedLog warnings) {
		if (listeners.isEmpty()) {
			return null;
		}
		return (listeners.size() == 1) ? listeners.get(0) : new ConnectionListeners(List.copyOf(listeners), warnings);
	}

	@Override
	public OnClose opened(Connection connection) {
		List<OnClose> closes = null;
		for (ConnectionListener listener : this.listeners) {
			try {
				OnClose onClose = listener.opened(connection);
				if (onClose != null) {
					if (closes == null) {
						closes = new ArrayList<>(this.listeners.size());
					}
					closes.add(onClose);
				}
			}
			catch (RuntimeException ex) {
				failed(this.warnings, connection, ex);
			}
		}
		if (closes == null) {
			return null;
		}
		List<OnClose> all = closes;
		return (reason) -> closed(connection, all, reason);
	}

	private void closed(Connection connection, List<OnClose> closes, CloseReason reason) {
		for (OnClose onClose : closes) {
			try {
				onClose.closed(reason);
			}
			catch (RuntimeException ex) {
				failed(this.warnings, connection, ex);
			}
		}
	}

	/**
	 * Reports a listener's failure, at a limited rate: a faulty listener fails on every connection.
	 * @param warnings the server's log
	 * @param connection the connection reported on
	 * @param failure what the listener threw
	 */
	static void failed(RateLimitedLog warnings, Connection connection, RuntimeException failure) {
		warnings.warn("Connection listener of server '{}' failed on connection {}", connection.serverName(),
				connection.id(), failure);
	}

}
