package dev.sockloop.codec;

/**
 * A frame is, or is announced to be, longer than the codec's maximum frame length. Thrown as soon as
 * the length is known (or, for delimiter codecs, as soon as more bytes are buffered than a frame may
 * hold), before any buffer of that size is allocated.
 */
public final class FrameTooLongException extends FrameException {

	private static final long serialVersionUID = 1L;

	private final long maxFrameLength;

	private final long observedLength;

	/**
	 * Create an exception for a frame of a known or lower-bound length.
	 * @param message the detail message, which names the limit and the observed length
	 * @param maxFrameLength the codec's limit in bytes
	 * @param observedLength the frame length seen or announced, in bytes ({@link Long#MAX_VALUE} when it
	 * does not fit a {@code long})
	 */
	public FrameTooLongException(String message, long maxFrameLength, long observedLength) {
		super(message);
		this.maxFrameLength = maxFrameLength;
		this.observedLength = observedLength;
	}

	/**
	 * The codec's maximum frame length.
	 * @return the limit in bytes
	 */
	public long maxFrameLength() {
		return this.maxFrameLength;
	}

	/**
	 * The frame length that was seen or announced: for delimiter codecs a lower bound (the bytes buffered
	 * without finding a delimiter).
	 * @return the observed length in bytes
	 */
	public long observedLength() {
		return this.observedLength;
	}

	static FrameTooLongException frameOf(long observedLength, long maxFrameLength) {
		return new FrameTooLongException("Frame of " + observedLength
				+ " bytes exceeds the maximum frame length of " + maxFrameLength + " bytes", maxFrameLength,
				observedLength);
	}

}
