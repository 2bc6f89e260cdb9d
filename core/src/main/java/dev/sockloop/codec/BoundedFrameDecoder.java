package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Holds a {@link FrameCodec#custom custom} decoder to its codec's maximum frame length, whatever
 * the decoder does: a frame it hands out may not be longer, and it may not be fed more than the
 * maximum plus a header's worth of bytes without completing a frame. The second check is what
 * keeps a peer from growing a decoder that buffers until some marker arrives: the bytes fed since
 * the last frame ended are an upper bound on what the decoder can hold for the next one.
 */
final class BoundedFrameDecoder implements FrameDecoder {

	/** Bytes beyond the maximum frame length allowed for a frame's header and trailer. */
	static final int HEADER_ALLOWANCE = 1024;

	private final FrameDecoder delegate;

	private final int maxFrameLength;

	/** Bytes fed to the decoder since the end of the last frame it completed. */
	private long pending;

	BoundedFrameDecoder(FrameDecoder delegate, int maxFrameLength) {
		this.delegate = delegate;
		this.maxFrameLength = maxFrameLength;
	}

	@Override
	public void decode(ByteBuffer chunk, Consumer<ByteBuffer> frameSink) {
		long bound = (long) this.maxFrameLength + HEADER_ALLOWANCE;
		while (chunk.hasRemaining()) {
			// Fed no more than the bound allows at once, so that a decoder that keeps everything
			// holds at most the bound, not the bound plus a whole read.
			int fed = (int) Math.min(chunk.remaining(), bound - this.pending);
			ByteBuffer slice = chunk.slice(chunk.position(), fed).order(chunk.order());
			chunk.position(chunk.position() + fed);
			long[] afterLastFrame = { -1 };
			this.delegate.decode(slice, (frame) -> {
				if (frame.remaining() > this.maxFrameLength) {
					throw FrameTooLongException.frameOf(frame.remaining(), this.maxFrameLength);
				}
				// What the decoder has not consumed yet belongs to later frames. A decoder that
				// consumes the slice before cutting it makes this 0: the bound is then one slice late.
				afterLastFrame[0] = fed - slice.position();
				frameSink.accept(frame);
			});
			this.pending = (afterLastFrame[0] >= 0) ? afterLastFrame[0] : this.pending + fed;
			if (this.pending >= bound) {
				// A frame of the maximum length with a header of up to the allowance would have been
				// complete by now.
				throw new FrameTooLongException("Codec was fed " + this.pending + " bytes without completing a frame,"
						+ " over the maximum frame length of " + this.maxFrameLength + " bytes plus "
						+ HEADER_ALLOWANCE + " for its header", this.maxFrameLength, this.pending);
			}
		}
	}

}
