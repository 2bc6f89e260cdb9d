package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Cuts frames at a delimiter of one or more bytes; the delimiter is not part of the frame. In line mode
 * the delimiter is LF and a CR just before it is dropped too, so both LF and CRLF end a line.
 * <p>
 * Frames that lie wholly inside a chunk are copied straight out of it; only the incomplete tail is
 * accumulated, so a chunk holding many frames costs one copy per frame. The accumulated tail never
 * grows past what a frame of the maximum length plus a partial delimiter needs: one byte more and
 * decoding fails.
 */
final class DelimiterFrameDecoder implements BufferingDecoder {

	/** Accumulation arrays larger than this are let go once emptied, so idle connections stay small. */
	private static final int RETAINED_CAPACITY = 4096;

	private static final int INITIAL_CAPACITY = 128;

	private static final byte CARRIAGE_RETURN = '\r';

	private final byte[] delimiter;

	private final boolean stripCarriageReturn;

	private final int maxFrameLength;

	/** Most bytes that may sit in the tail without proving the frame too long. */
	private final long maxBuffered;

	private byte[] pending;

	private int pendingLength;

	DelimiterFrameDecoder(byte[] delimiter, boolean stripCarriageReturn, int maxFrameLength) {
		this.delimiter = delimiter;
		this.stripCarriageReturn = stripCarriageReturn;
		this.maxFrameLength = maxFrameLength;
		this.maxBuffered = (long) maxFrameLength + delimiter.length - 1 + (stripCarriageReturn ? 1 : 0);
	}

	@Override
	public void decode(ByteBuffer chunk, Consumer<ByteBuffer> frameSink) {
		int from = chunk.position();
		int limit = chunk.limit();
		Buffers.consume(chunk);
		if (this.pendingLength > 0) {
			from = completePending(chunk, from, limit, frameSink);
			if (from < 0) {
				return;
			}
		}
		int at;
		while ((at = Buffers.indexOf(chunk, from, limit, this.delimiter)) >= 0) {
			int length = at - from;
			if (this.stripCarriageReturn && length > 0 && chunk.get(at - 1) == CARRIAGE_RETURN) {
				length--;
			}
			checkLength(length);
			frameSink.accept(Buffers.copy(chunk, from, length));
			from = at + this.delimiter.length;
		}
		int tail = limit - from;
		if (tail > 0) {
			checkBuffered(tail);
			append(chunk, from, tail);
		}
	}

	/**
	 * Finish the frame begun in {@code pending} with bytes from {@code chunk}.
	 * @return where in the chunk the next frame starts, or -1 if the whole chunk went into pending
	 */
	private int completePending(ByteBuffer chunk, int from, int limit, Consumer<ByteBuffer> frameSink) {
		int delimiterLength = this.delimiter.length;
		// A delimiter may straddle the tail and the chunk; the longest straddle starts earliest.
		for (int k = Math.min(delimiterLength - 1, this.pendingLength); k >= 1; k--) {
			if (limit - from >= delimiterLength - k && pendingEndsWithDelimiterPrefix(k)
					&& Buffers.regionMatches(chunk, from, this.delimiter, k, delimiterLength - k)) {
				int length = this.pendingLength - k;
				if (this.stripCarriageReturn && length > 0 && this.pending[length - 1] == CARRIAGE_RETURN) {
					length--;
				}
				emitPendingAndChunk(chunk, from, length, frameSink);
				return from + delimiterLength - k;
			}
		}
		int at = Buffers.indexOf(chunk, from, limit, this.delimiter);
		if (at < 0) {
			checkBuffered((long) this.pendingLength + (limit - from));
			append(chunk, from, limit - from);
			return -1;
		}
		int length = this.pendingLength + (at - from);
		if (this.stripCarriageReturn) {
			byte last = (at > from) ? chunk.get(at - 1) : this.pending[this.pendingLength - 1];
			if (last == CARRIAGE_RETURN) {
				length--;
			}
		}
		emitPendingAndChunk(chunk, from, length, frameSink);
		return at + delimiterLength;
	}

	private boolean pendingEndsWithDelimiterPrefix(int k) {
		int start = this.pendingLength - k;
		for (int i = 0; i < k; i++) {
			if (this.pending[start + i] != this.delimiter[i]) {
				return false;
			}
		}
		return true;
	}

	/** Emit a frame of {@code length} bytes: the pending bytes first, then bytes of the chunk from {@code from}. */
	private void emitPendingAndChunk(ByteBuffer chunk, int from, int length, Consumer<ByteBuffer> frameSink) {
		checkLength(length);
		byte[] frame = new byte[length];
		int fromPending = Math.min(this.pendingLength, length);
		System.arraycopy(this.pending, 0, frame, 0, fromPending);
		if (length > fromPending) {
			chunk.get(from, frame, fromPending, length - fromPending);
		}
		this.pendingLength = 0;
		if (this.pending.length > RETAINED_CAPACITY) {
			this.pending = null;
		}
		frameSink.accept(ByteBuffer.wrap(frame));
	}

	private void append(ByteBuffer chunk, int from, int length) {
		int needed = this.pendingLength + length;
		if (this.pending == null || this.pending.length < needed) {
			long doubled = (this.pending != null) ? 2L * this.pending.length : INITIAL_CAPACITY;
			long capacity = Math.max(needed, Math.min(doubled, this.maxBuffered));
			byte[] grown = new byte[(int) Math.min(capacity, Integer.MAX_VALUE - 8)];
			if (this.pendingLength > 0) {
				System.arraycopy(this.pending, 0, grown, 0, this.pendingLength);
			}
			this.pending = grown;
		}
		chunk.get(from, this.pending, this.pendingLength, length);
		this.pendingLength = needed;
	}

	private void checkLength(int length) {
		if (length > this.maxFrameLength) {
			throw FrameTooLongException.frameOf(length, this.maxFrameLength);
		}
	}

	private void checkBuffered(long buffered) {
		if (buffered > this.maxBuffered) {
			throw new FrameTooLongException("Frame exceeds the maximum frame length of " + this.maxFrameLength
					+ " bytes: " + buffered + " bytes received without a delimiter", this.maxFrameLength, buffered);
		}
	}

	@Override
	public int retainedBytes() {
		return (this.pending != null) ? this.pending.length : 0;
	}

}
