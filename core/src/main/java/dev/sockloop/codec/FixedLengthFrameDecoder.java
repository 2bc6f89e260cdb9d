package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Cuts the stream into frames of one fixed length. A frame split across chunks is assembled in an
 * array of exactly the frame length, which is then handed out as the frame itself (no second copy).
 */
final class FixedLengthFrameDecoder implements BufferingDecoder {

	private final int frameLength;

	private byte[] partial;

	private int partialLength;

	FixedLengthFrameDecoder(int frameLength) {
		this.frameLength = frameLength;
	}

	@Override
	public void decode(ByteBuffer chunk, Consumer<ByteBuffer> frameSink) {
		int position = chunk.position();
		int limit = chunk.limit();
		Buffers.consume(chunk);
		if (this.partial != null) {
			int count = Math.min(this.frameLength - this.partialLength, limit - position);
			chunk.get(position, this.partial, this.partialLength, count);
			position += count;
			this.partialLength += count;
			if (this.partialLength < this.frameLength) {
				return;
			}
			ByteBuffer frame = ByteBuffer.wrap(this.partial);
			this.partial = null;
			this.partialLength = 0;
			frameSink.accept(frame);
		}
		while (limit - position >= this.frameLength) {
			frameSink.accept(Buffers.copy(chunk, position, this.frameLength));
			position += this.frameLength;
		}
		if (position < limit) {
			this.partial = new byte[this.frameLength];
			this.partialLength = limit - position;
			chunk.get(position, this.partial, 0, this.partialLength);
		}
	}

	@Override
	public int retainedBytes() {
		return (this.partial != null) ? this.partial.length : 0;
	}

}
