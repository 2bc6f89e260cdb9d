package dev.sockloop.connection;

import org.reactivestreams.Publisher;

/**
 * Application logic for accepted connections. Called on the connection's event loop: it must not
 * block.
 *
 * <p>When the returned publisher completes, the connection is closed after its queued bytes have
 * been written; when it errors, the connection is closed and the error is logged and counted.
 */
@FunctionalInterface
public interface ConnectionHandler {

	/**
	 * Handles one connection.
	 * @param connection the accepted connection
	 * @return a publisher that completes when the handler is done with the connection
	 */
	Publisher<Void> handle(Connection connection);

}
