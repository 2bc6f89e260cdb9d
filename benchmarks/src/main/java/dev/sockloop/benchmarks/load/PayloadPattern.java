package dev.sockloop.benchmarks.load;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes every connection sends: an endless stream defined by its offset, so that echoed bytes
 * can be checked without remembering what was sent.
 *
 * <p>The stream repeats every {@link #PERIOD} bytes, a prime, so message boundaries drift through
 * the pattern and a server that swapped, dropped or duplicated a chunk is caught. Each connection
 * starts at a different offset. The backing arrays are longer than one period so that any run of
 * up to {@code maxRun} bytes starting inside the first period is contiguous.
 */
public final class PayloadPattern {

	/** Length after which the stream repeats. */
	public static final int PERIOD = 65_521;

	private final byte[] bytes;

	private final ByteBuffer direct;

	private final int maxRun;

	/**
	 * Builds the pattern.
	 * @param maxRun longest run of bytes that will be written or verified in one call
	 */
	public PayloadPattern(int maxRun) {
		this.maxRun = maxRun;
		this.bytes = new byte[PERIOD + maxRun];
		for (int i = 0; i < this.bytes.length; i++) {
			this.bytes[i] = valueAt(i % PERIOD);
		}
		this.direct = ByteBuffer.allocateDirect(this.bytes.length);
		this.direct.put(this.bytes).clear();
	}

	/**
	 * The byte at a position within one period.
	 * @param position 0 to {@link #PERIOD} - 1
	 * @return the byte
	 */
	static byte valueAt(int position) {
		return (byte) ((position * 131) ^ (position >>> 7));
	}

	/**
	 * Longest run this pattern supports.
	 * @return bytes
	 */
	public int maxRun() {
		return this.maxRun;
	}

	/**
	 * A private view of the direct copy, for one thread to write from.
	 * @return a duplicate whose position and limit the caller sets
	 */
	public ByteBuffer newWriteView() {
		return this.direct.duplicate();
	}

	/**
	 * Positions a write view on a run of the stream.
	 * @param view a view from {@link #newWriteView()}
	 * @param streamOffset offset in the stream
	 * @param length bytes, at most {@link #maxRun()}
	 * @return the view, ready to write
	 */
	public ByteBuffer slice(ByteBuffer view, long streamOffset, int length) {
		int start = (int) (streamOffset % PERIOD);
		view.limit(start + length).position(start);
		return view;
	}

	/**
	 * Checks received bytes in a buffer against the stream, without copying them: with the received
	 * bytes in a direct buffer, the comparison is one vectorised pass over native memory.
	 * @param received buffer holding the bytes; its position and limit are left alone
	 * @param from index of the first byte in {@code received}
	 * @param length bytes to check, at most {@link #maxRun()}
	 * @param streamOffset stream offset of the byte at {@code from}
	 * @param view a view from {@link #newWriteView()}, private to the calling thread
	 * @return whether every byte matches
	 */
	public boolean matches(ByteBuffer received, int from, int length, long streamOffset, ByteBuffer view) {
		int start = (int) (streamOffset % PERIOD);
		view.limit(start + length).position(start);
		ByteBuffer bytes = received.duplicate();
		bytes.limit(from + length).position(from);
		return bytes.mismatch(view) < 0;
	}

	/**
	 * Checks received bytes against the stream.
	 * @param received array holding the bytes
	 * @param from first byte in {@code received}
	 * @param length bytes to check, at most {@link #maxRun()}
	 * @param streamOffset stream offset of {@code received[from]}
	 * @return whether every byte matches
	 */
	public boolean matches(byte[] received, int from, int length, long streamOffset) {
		int start = (int) (streamOffset % PERIOD);
		return Arrays.mismatch(received, from, from + length, this.bytes, start, start + length) < 0;
	}

}
