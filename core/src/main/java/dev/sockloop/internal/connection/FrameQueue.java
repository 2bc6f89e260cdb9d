package dev.sockloop.internal.connection;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

import dev.sockloop.codec.FrameDecoder;

/**
 * A connection's decoder and the frames its last read completed, waiting for the subscriber's demand,
 * followed by the failure that stopped decoding if any. Filled only while empty (the connection
 * reads only then), so it holds at most one read's frames. Loop thread only.
 */
final class FrameQueue implements Consumer<ByteBuffer> {

	private final FrameDecoder decoder;

	private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>(4);

	private Throwable failure;

	FrameQueue(FrameDecoder decoder) {
		this.decoder = decoder;
	}

	/**
	 * Cuts bytes into frames. The chunk is the loop's, valid only during this call: the decoder's
	 * contract is that it keeps no reference to it and hands out frames of their own.
	 * @param chunk bytes just read
	 */
	void decode(ByteBuffer chunk) {
		try {
			this.decoder.decode(chunk, this);
		}
		catch (RuntimeException ex) {
			// A FrameException (the peer's fault) or a failing custom decoder: either way it ends the
			// inbound once the frames completed before it have been delivered.
			this.failure = ex;
		}
	}

	@Override
	public void accept(ByteBuffer frame) {
		this.frames.add(frame);
	}

	/** @return the next frame, or {@code null} if none is waiting */
	ByteBuffer poll() {
		return this.frames.poll();
	}

	/** @return whether no frame is waiting */
	boolean isEmpty() {
		return this.frames.isEmpty();
	}

	/** @return the failure that stopped decoding, or {@code null} */
	Throwable failure() {
		return this.failure;
	}

	/** Drops the waiting frames: nobody will take them. */
	void clear() {
		this.frames.clear();
	}

}
