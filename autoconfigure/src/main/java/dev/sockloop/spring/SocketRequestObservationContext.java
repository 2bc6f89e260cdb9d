package dev.sockloop.spring;

import dev.sockloop.connection.Connection;
import io.micrometer.observation.Observation;

/**
 * What the {@code sockloop.request} observation knows of one request of a request/response
 * handler: the connection it came on and how its response ended. See
 * {@link SocketRequestObservations}.
 */
public class SocketRequestObservationContext extends Observation.Context {

	private final Connection connection;

	private volatile String outcome = "unknown";

	/**
	 * Creates the context of one request.
	 * @param connection the connection the request came on
	 */
	public SocketRequestObservationContext(Connection connection) {
		this.connection = connection;
	}

	/**
	 * The connection the request came on.
	 * @return the connection
	 */
	public Connection getConnection() {
		return this.connection;
	}

	/**
	 * Name of the server the request came to.
	 * @return the server name
	 */
	public String getServerName() {
		return this.connection.serverName();
	}

	/**
	 * How the response ended: {@code success}, {@code error} or {@code cancelled} (the connection
	 * closed first); {@code unknown} until then.
	 * @return the outcome
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * Records how the response ended.
	 * @param outcome one of a small, fixed set of values: it becomes a meter tag
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
