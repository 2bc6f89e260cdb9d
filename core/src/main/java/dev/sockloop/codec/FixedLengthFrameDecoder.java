package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Cuts the stream into frames of one fixed length. A frame split across chunks is assembled as a
 * {@link PartialFrame}, which holds what has arrived rather than the whole frame length and becomes
 * the frame itself once complete (no second copy).
 */
final class FixedLengthFrameDecoder implements BufferingDecoder {

	private final int frameLength;

	/** Non-null while a frame is being assembled across chunks. */
	private PartialFrame partial;

	FixedLengthFrameDecoder(int frameLength) {
		this.frameLength = frameLength;
	}

	@Override
	public void decode(ByteBuffer chunk, Consumer<ByteBuffer> frameSink) {
		int position = chunk.position();
		int limit = chunk.limit();
		Buffers.consume(chunk);
		if (this.partial != null) {
			position += this.partial.append(chunk, position, limit);
			if (!this.partial.isComplete()) {
				return;
			}
			ByteBuffer frame = this.partial.frame();
			this.partial = null;
			frameSink.accept(frame);
		}
		while (limit - position >= this.frameLength) {
			frameSink.accept(Buffers.copy(chunk, position, this.frameLength));
			position += this.frameLength;
		}
		if (position < limit) {
			this.partial = new PartialFrame(this.frameLength);
			this.partial.append(chunk, position, limit);
		}
	}

	@Override
	public int retainedBytes() {
		return (this.partial != null) ? this.partial.retainedBytes() : 0;
	}

}
