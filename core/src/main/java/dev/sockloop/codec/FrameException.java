package dev.sockloop.codec;

/**
 * A frame could not be decoded or encoded. The connection it came from cannot be trusted to stay in
 * step with its peer any more, so the usual reaction is to close it: counted as the peer's bad frame
 * when decoding failed, and as a handler error when an encoder rejected a frame the application sent
 * ({@link #isOutbound()}).
 */
public class FrameException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private boolean outbound;

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

	/**
	 * Whether an encoder rejected a frame the application sent, rather than a decoder rejecting
	 * input from the peer.
	 * @return {@code true} for an outbound (encoding) fault
	 */
	public boolean isOutbound() {
		return this.outbound;
	}

	/**
	 * Marks this exception as raised while encoding an outbound frame; encoders call it on what they
	 * throw.
	 * @return this exception
	 */
	public FrameException asOutbound() {
		this.outbound = true;
		return this;
	}

}
