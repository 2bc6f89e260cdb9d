package dev.sockloop.spring;

import dev.sockloop.connection.Connection;

/**
 * A Sockloop server accepted a connection (see {@link SocketConnectionEvent} for when it is
 * published).
 */
public class SocketConnectionOpenedEvent extends SocketConnectionEvent {

	/**
	 * Creates an event for the given connection.
	 * @param connection the connection, as accepted
	 */
	public SocketConnectionOpenedEvent(Connection connection) {
		super(connection);
	}

}
