package dev.sockloop.spring;

import dev.sockloop.connection.Connection;
import dev.sockloop.stats.CloseReason;

/**
 * A connection of a Sockloop server closed (see {@link SocketConnectionEvent} for when it is
 * published).
 */
public class SocketConnectionClosedEvent extends SocketConnectionEvent {

	private final CloseReason reason;

	/**
	 * Creates an event for the given connection.
	 * @param connection the connection, as accepted
	 * @param reason why it closed
	 */
	public SocketConnectionClosedEvent(Connection connection, CloseReason reason) {
		super(connection);
		this.reason = reason;
	}

	/**
	 * Why the connection closed.
	 * @return the reason
	 */
	public CloseReason getReason() {
		return this.reason;
	}

}
