package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A frame of known length being assembled from the chunks that carry it. The array grows with what
 * has arrived (doubling, capped at the frame length) rather than being allocated at the announced
 * length: a peer that announces a megabyte and sends five bytes costs a few hundred bytes, not the
 * megabyte. Memory held is at most twice the bytes received, or {@link #MIN_CAPACITY}. Once the
 * frame is complete the array is exactly the frame length and becomes the frame (no second copy).
 */
final class PartialFrame {

	/** Small frames are assembled in one array, without a series of tiny growths. */
	static final int MIN_CAPACITY = 256;

	private static final byte[] NOTHING = new byte[0];

	private final int length;

	private byte[] bytes;

	private int filled;

	/**
	 * @param length the frame length, at least 1
	 */
	PartialFrame(int length) {
		this.length = length;
		this.bytes = NOTHING;
	}

	/**
	 * Copies the bytes of {@code chunk} at absolute indexes {@code [from, to)}, as many as the frame still
	 * lacks.
	 * @return how many bytes were taken
	 */
	int append(ByteBuffer chunk, int from, int to) {
		int count = Math.min(this.length - this.filled, to - from);
		int needed = this.filled + count;
		if (needed > this.bytes.length) {
			int capacity = Math.max(Math.max(needed, MIN_CAPACITY), this.bytes.length * 2);
			this.bytes = Arrays.copyOf(this.bytes, Math.min(capacity, this.length));
		}
		chunk.get(from, this.bytes, this.filled, count);
		this.filled = needed;
		return count;
	}

	boolean isComplete() {
		return this.filled == this.length;
	}

	/**
	 * The assembled frame. Only once {@link #isComplete() complete}.
	 * @return a heap buffer at position 0 that the caller owns
	 */
	ByteBuffer frame() {
		return ByteBuffer.wrap(this.bytes);
	}

	/**
	 * Bytes of array held (capacity, not content).
	 * @return the retained bytes
	 */
	int retainedBytes() {
		return this.bytes.length;
	}

}
