package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into frames. Stateful: one instance per connection (or per subscription), used by
 * one thread at a time.
 */
public interface FrameDecoder {

	/**
	 * Consume all remaining bytes of {@code chunk} (its position ends at its limit) and hand every frame
	 * they complete to {@code frameSink}, in order. Bytes of an incomplete frame are kept for the next
	 * call. The chunk is not retained or modified otherwise: it may be a view of the event loop's read
	 * buffer, which the next read overwrites. Each frame handed out is a fresh heap buffer, positioned
	 * at 0, that the sink owns.
	 * @param chunk the bytes just read
	 * @param frameSink receives the completed frames
	 * @throws FrameTooLongException if a frame is longer than the codec allows; frames completed before
	 * it in the same chunk have already been handed to the sink
	 * @throws MalformedFrameException if the input breaks the codec's rules in another way
	 */
	void decode(ByteBuffer chunk, Consumer<ByteBuffer> frameSink);

}
