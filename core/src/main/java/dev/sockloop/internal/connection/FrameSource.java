package dev.sockloop.internal.connection;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;

import dev.sockloop.codec.FrameDecoder;

/**
 * An inbound that cuts its reads into frames itself, on its loop, straight from the loop's read
 * buffer: what {@link dev.sockloop.codec.FrameCodec#decode} uses for a connection's own
 * {@code receive()}, instead of copying each read out for a decoder that then copies each frame
 * again. The decoder's contract (the chunk is not retained, every frame is a fresh buffer) makes the
 * first copy unnecessary.
 */
public interface FrameSource {

	/**
	 * The frames of this inbound, cut by a fresh decoder for each subscription. Demand is for frames:
	 * the socket is read only when every frame of the last read has been taken, so at most one read's
	 * frames (plus what the decoder keeps of an unfinished frame) wait per connection. A
	 * {@link dev.sockloop.codec.FrameException} is signalled after the frames that preceded it and
	 * ends the inbound.
	 * @param decoders creates the decoder for a subscription
	 * @return the frames, each a heap buffer the subscriber owns
	 */
	Flux<ByteBuffer> frames(Supplier<? extends FrameDecoder> decoders);

}
