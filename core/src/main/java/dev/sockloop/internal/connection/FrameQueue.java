package dev.sockloop.internal.connection;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

import dev.sockloop.codec.FrameDecoder;

/**
 * A connection's decoder and the frames its last read completed, waiting for the subscriber's demand,
 * followed by the failure that stopped decoding if any. Filled only while empty (the connection
 * reads only then), so it holds at most one read's frames. Loop thread only.
 *
 * <p>Frames past the first {@value #MAX_FRAME_OBJECTS} of a read are kept packed, their bytes in one
 * array and their lengths in another, and become buffers again as they are taken: a 64 KiB read of
 * one-byte frames would otherwise hold 65,536 buffer objects (5 MB measured) where their bytes and
 * lengths take 320 KiB. Legitimate traffic seldom gets there (it takes frames of under 16 bytes on
 * average), so the extra copy costs it nothing.
 */
final class FrameQueue implements Consumer<ByteBuffer> {

	/** Frames kept as the decoder's own buffers; any more of the same read are packed. */
	static final int MAX_FRAME_OBJECTS = 4096;

	private static final byte[] NO_BYTES = new byte[0];

	private static final int[] NO_LENGTHS = new int[0];

	private final FrameDecoder decoder;

	private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>(4);

	/** Bytes of the packed frames, back to back; {@link #packedLengths} says where each ends. */
	private byte[] packed = NO_BYTES;

	private int[] packedLengths = NO_LENGTHS;

	private int packedCount;

	private int packedBytes;

	/** The next packed frame to take, and where its bytes start. */
	private int packedNext;

	private int packedOffset;

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
		if (this.packedCount == 0 && this.frames.size() < MAX_FRAME_OBJECTS) {
			this.frames.add(frame);
			return;
		}
		int length = frame.remaining();
		if (this.packedCount == this.packedLengths.length) {
			this.packedLengths = Arrays.copyOf(this.packedLengths, Math.max(256, this.packedCount * 2));
		}
		if (this.packedBytes + length > this.packed.length) {
			this.packed = Arrays.copyOf(this.packed, Math.max(this.packedBytes + length, Math.max(4096, this.packed.length * 2)));
		}
		frame.get(frame.position(), this.packed, this.packedBytes, length);
		this.packedBytes += length;
		this.packedLengths[this.packedCount++] = length;
	}

	/** @return the next frame, a buffer of its own, or {@code null} if none is waiting */
	ByteBuffer poll() {
		ByteBuffer frame = this.frames.poll();
		if (frame != null || this.packedCount == 0) {
			return frame;
		}
		int length = this.packedLengths[this.packedNext++];
		frame = ByteBuffer.wrap(Arrays.copyOfRange(this.packed, this.packedOffset, this.packedOffset + length));
		this.packedOffset += length;
		if (this.packedNext == this.packedCount) {
			clearPacked();
		}
		return frame;
	}

	/** @return whether no frame is waiting */
	boolean isEmpty() {
		return this.frames.isEmpty() && this.packedCount == 0;
	}

	/** @return the failure that stopped decoding, or {@code null} */
	Throwable failure() {
		return this.failure;
	}

	/** Drops the waiting frames: nobody will take them. */
	void clear() {
		this.frames.clear();
		clearPacked();
	}

	private void clearPacked() {
		this.packed = NO_BYTES;
		this.packedLengths = NO_LENGTHS;
		this.packedCount = 0;
		this.packedBytes = 0;
		this.packedNext = 0;
		this.packedOffset = 0;
	}

}
