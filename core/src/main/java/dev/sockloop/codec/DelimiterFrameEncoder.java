package dev.sockloop.codec;

import java.nio.ByteBuffer;

/**
 * Appends the delimiter (LF for lines) to each frame. The frame is not searched for the delimiter: a
 * frame that contains it reaches the peer as more than one frame.
 */
final class DelimiterFrameEncoder implements FrameEncoder {

	private final byte[] delimiter;

	DelimiterFrameEncoder(byte[] delimiter) {
		this.delimiter = delimiter;
	}

	@Override
	public ByteBuffer encode(ByteBuffer frame) {
		int length = frame.remaining();
		ByteBuffer encoded = ByteBuffer.allocate(length + this.delimiter.length);
		encoded.put(0, frame, frame.position(), length);
		encoded.put(length, this.delimiter);
		return encoded;
	}

}
