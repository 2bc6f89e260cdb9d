package dev.sockloop.codec;

/**
 * A frame breaks the codec's rules in a way other than its length: a negative announced length, a
 * frame of the wrong size for a fixed-length codec, or bytes that are not valid in the text charset.
 */
public final class MalformedFrameException extends FrameException {

	private static final long serialVersionUID = 1L;

	private final long byteOffset;

	/**
	 * Create an exception that is not tied to a byte position.
	 * @param message the detail message
	 */
	public MalformedFrameException(String message) {
		this(message, -1);
	}

	/**
	 * Create an exception for bad input at a known byte position.
	 * @param message the detail message, which names the offset
	 * @param byteOffset offset of the first offending byte, within the frame or stream the message names
	 */
	public MalformedFrameException(String message, long byteOffset) {
		super(message);
		this.byteOffset = byteOffset;
	}

	/**
	 * Offset of the first offending byte, within the frame (or for streamed text, the stream).
	 * @return the offset, or -1 when the failure is not tied to a position
	 */
	public long byteOffset() {
		return this.byteOffset;
	}

}
