package dev.sockloop.codec;

import java.nio.ByteBuffer;

/**
 * Prepends a big-endian unsigned length header whose value is the frame length minus
 * {@code lengthAdjustment}, the inverse of {@link LengthFieldFrameDecoder}.
 */
final class LengthFieldFrameEncoder implements FrameEncoder {

	private final int headerBytes;

	private final int lengthAdjustment;

	private final int maxFrameLength;

	LengthFieldFrameEncoder(int headerBytes, int lengthAdjustment, int maxFrameLength) {
		this.headerBytes = headerBytes;
		this.lengthAdjustment = lengthAdjustment;
		this.maxFrameLength = maxFrameLength;
	}

	@Override
	public ByteBuffer encode(ByteBuffer frame) {
		int length = frame.remaining();
		if (length > this.maxFrameLength) {
			throw FrameTooLongException.frameOf(length, this.maxFrameLength).asOutbound();
		}
		long value = (long) length - this.lengthAdjustment;
		if (value < 0) {
			throw new MalformedFrameException("Frame of " + length + " bytes would need a negative length field ("
					+ value + ") with length adjustment " + this.lengthAdjustment).asOutbound();
		}
		if (this.headerBytes < 8 && value >= (1L << (8 * this.headerBytes))) {
			throw new FrameTooLongException("Frame of " + length + " bytes needs a length field value of " + value
					+ ", which does not fit in a " + this.headerBytes + "-byte header (at most "
					+ ((1L << (8 * this.headerBytes)) - 1) + ")", (1L << (8 * this.headerBytes)) - 1
							+ this.lengthAdjustment, length).asOutbound();
		}
		ByteBuffer encoded = ByteBuffer.allocate(this.headerBytes + length);
		for (int i = this.headerBytes - 1; i >= 0; i--) {
			encoded.put(i, (byte) value);
			value >>>= 8;
		}
		encoded.put(this.headerBytes, frame, frame.position(), length);
		return encoded;
	}

}
