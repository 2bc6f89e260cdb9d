package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Hands every non-empty chunk on as one frame. Never fails. The chunk is copied so that the frame is a
 * heap buffer the caller owns whatever memory the chunk lives in.
 */
final class RawFrameDecoder implements BufferingDecoder {

	@Override
	public void decode(ByteBuffer chunk, Consumer<ByteBuffer> frameSink) {
		int length = chunk.remaining();
		if (length == 0) {
			return;
		}
		ByteBuffer frame = Buffers.copy(chunk, chunk.position(), length);
		Buffers.consume(chunk);
		frameSink.accept(frame);
	}

	@Override
	public int retainedBytes() {
		return 0;
	}

}
