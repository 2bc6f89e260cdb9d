package dev.sockloop.server;

/**
 * A server could not start, typically because its address could not be bound. The message names
 * the server, the address and the cause.
 */
public class ServerStartException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what failed, naming server and address
	 * @param cause the underlying failure, or {@code null}
	 */
	public ServerStartException(String message, Throwable cause) {
		super(message, cause);
	}

}
