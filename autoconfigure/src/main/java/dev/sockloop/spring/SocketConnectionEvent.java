package dev.sockloop.spring;

import java.net.SocketAddress;

import dev.sockloop.connection.Connection;

import org.springframework.context.ApplicationEvent;

/**
 * A connection of a Sockloop server opened or closed, published when
 * {@code sockloop.events.connections=true} (like Spring Integration's {@code TcpConnectionEvent}s).
 *
 * <p>Published from one thread of its own ({@code sockloop-events}), never from an event loop, so
 * that a slow listener cannot stall connections: events reach listeners in the order they
 * happened, shortly after. If listeners fall more than 10000 events behind, further events are
 * dropped, counted and logged rather than queued without bound.
 */
public abstract class SocketConnectionEvent extends ApplicationEvent {

	/**
	 * Creates an event about the given connection.
	 * @param connection the connection, as accepted (before any TLS handshake)
	 */
	protected SocketConnectionEvent(Connection connection) {
		super(connection);
	}

	/**
	 * The connection, as accepted: its id, server and addresses. Sending through it bypasses TLS
	 * on a TLS server; use {@code SocketServer#connection(long)} to reach the connection as its
	 * handler sees it.
	 * @return the connection
	 */
	public Connection getConnection() {
		return (Connection) getSource();
	}

	/**
	 * Id of the connection.
	 * @return the id
	 */
	public long getConnectionId() {
		return getConnection().id();
	}

	/**
	 * Name of the server that accepted the connection.
	 * @return the server name
	 */
	public String getServerName() {
		return getConnection().serverName();
	}

	/**
	 * The peer's address, as accepted.
	 * @return the remote address, or {@code null} if the socket was reset before it could be read
	 */
	public SocketAddress getRemoteAddress() {
		return getConnection().remoteAddress();
	}

}
