package dev.sockloop.autoconfigure;

/**
 * Thrown at start-up when native epoll cannot be used: not Linux, or the native calls failed.
 */
public class EpollUnavailableException extends IllegalStateException {

	/**
	 * Creates an exception from the engine's explanation.
	 * @param cause the engine's exception, whose message says why epoll is unavailable
	 */
	public EpollUnavailableException(IllegalStateException cause) {
		super(cause.getMessage(), cause);
	}

}
