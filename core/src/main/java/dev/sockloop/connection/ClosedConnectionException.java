package dev.sockloop.connection;

import java.io.IOException;

/**
 * A send could not complete because the connection was closed first.
 */
public final class ClosedConnectionException extends IOException {

	/**
	 * Creates the exception.
	 */
	public ClosedConnectionException() {
		super("Connection closed before the data could be written");
	}

	/**
	 * Creates the exception with a specific reason.
	 * @param message what happened
	 */
	public ClosedConnectionException(String message) {
		super(message);
	}

}
