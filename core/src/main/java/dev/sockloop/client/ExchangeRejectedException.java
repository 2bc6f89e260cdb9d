package dev.sockloop.client;

/**
 * An exchange was refused at once because its connection already had the maximum number of
 * exchanges outstanding ({@link SocketClient.Builder#maxPendingExchanges(int)}): the server is
 * slower than the application, and waiting would only grow memory.
 */
public final class ExchangeRejectedException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what happened
	 */
	public ExchangeRejectedException(String message) {
		super(message);
	}

}
