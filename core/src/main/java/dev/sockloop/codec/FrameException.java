package dev.sockloop.codec;

/**
 * A frame could not be decoded or encoded. The connection it came from cannot be trusted to stay in
 * step with its peer any more, so the usual reaction is to close it (counted as a bad frame).
 */
public class FrameException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a message that says what was wrong with the frame.
	 * @param message the detail message
	 */
	public FrameException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a message and the failure that caused it.
	 * @param message the detail message
	 * @param cause the underlying failure
	 */
	public FrameException(String message, Throwable cause) {
		super(message, cause);
	}

}
