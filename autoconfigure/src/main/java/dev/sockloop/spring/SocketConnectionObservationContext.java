package dev.sockloop.spring;

import dev.sockloop.connection.Connection;
import dev.sockloop.stats.CloseReason;
import io.micrometer.observation.Observation;

/**
 * What the {@code sockloop.connection} observation knows of one connection: started when a server
 * accepts it, stopped when it closes, with the reason.
 */
public class SocketConnectionObservationContext extends Observation.Context {

	private final Connection connection;

	private volatile CloseReason closeReason;

	/**
	 * Creates the context of one connection.
	 * @param connection the connection, as accepted
	 */
	public SocketConnectionObservationContext(Connection connection) {
		this.connection = connection;
	}

	/**
	 * The connection, as accepted (before any TLS handshake).
	 * @return the connection
	 */
	public Connection getConnection() {
		return this.connection;
	}

	/**
	 * Name of the server that accepted the connection.
	 * @return the server name
	 */
	public String getServerName() {
		return this.connection.serverName();
	}

	/**
	 * Why the connection closed.
	 * @return the reason, or {@code null} while it is open
	 */
	public CloseReason getCloseReason() {
		return this.closeReason;
	}

	/**
	 * Records why the connection closed, before the observation stops.
	 * @param closeReason the reason
	 */
	public void setCloseReason(CloseReason closeReason) {
		this.closeReason = closeReason;
	}

}
