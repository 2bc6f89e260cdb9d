package dev.sockloop.codec;

import java.nio.ByteBuffer;

/**
 * Holds a {@link FrameCodec#custom custom} encoder to its codec's maximum frame length: a longer
 * frame from the application fails as the application's fault ({@link FrameException#isOutbound()}),
 * before the encoder sees it.
 */
final class BoundedFrameEncoder implements FrameEncoder {

	private final FrameEncoder delegate;

	private final int maxFrameLength;

	BoundedFrameEncoder(FrameEncoder delegate, int maxFrameLength) {
		this.delegate = delegate;
		this.maxFrameLength = maxFrameLength;
	}

	@Override
	public ByteBuffer encode(ByteBuffer frame) {
		if (frame.remaining() > this.maxFrameLength) {
			throw FrameTooLongException.frameOf(frame.remaining(), this.maxFrameLength).asOutbound();
		}
		return this.delegate.encode(frame);
	}

}
