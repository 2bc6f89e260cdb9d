package dev.sockloop.codec;

import java.nio.ByteBuffer;

/**
 * Passes frames of the fixed length through unchanged and rejects any other size, which the peer could
 * not decode.
 */
final class FixedLengthFrameEncoder implements FrameEncoder {

	private final int frameLength;

	FixedLengthFrameEncoder(int frameLength) {
		this.frameLength = frameLength;
	}

	@Override
	public ByteBuffer encode(ByteBuffer frame) {
		if (frame.remaining() != this.frameLength) {
			throw new MalformedFrameException("Frame of " + frame.remaining()
					+ " bytes does not match the fixed frame length of " + this.frameLength + " bytes").asOutbound();
		}
		return frame;
	}

}
