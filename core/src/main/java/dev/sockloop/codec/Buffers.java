package dev.sockloop.codec;

import java.nio.ByteBuffer;

/**
 * Absolute-index helpers for the decoders: they read a chunk without moving its position, scan with
 * indexed loops (straight over the backing array when there is one) and copy each frame exactly once.
 */
final class Buffers {

	private Buffers() {
	}

	/**
	 * Copy {@code length} bytes starting at absolute index {@code from} into a fresh heap buffer.
	 */
	static ByteBuffer copy(ByteBuffer source, int from, int length) {
		byte[] bytes = new byte[length];
		source.get(from, bytes, 0, length);
		return ByteBuffer.wrap(bytes);
	}

	/**
	 * Absolute index of the first {@code value} in {@code [from, to)}, or -1.
	 */
	static int indexOf(ByteBuffer buffer, int from, int to, byte value) {
		if (buffer.hasArray()) {
			byte[] array = buffer.array();
			int offset = buffer.arrayOffset();
			for (int i = from + offset, end = to + offset; i < end; i++) {
				if (array[i] == value) {
					return i - offset;
				}
			}
			return -1;
		}
		for (int i = from; i < to; i++) {
			if (buffer.get(i) == value) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Absolute index of the first complete occurrence of {@code pattern} starting in {@code [from, to)}
	 * and ending by {@code to}, or -1.
	 */
	static int indexOf(ByteBuffer buffer, int from, int to, byte[] pattern) {
		if (pattern.length == 1) {
			return indexOf(buffer, from, to, pattern[0]);
		}
		// Scan for the last byte: occurrences end in the same order as they start, and the last byte of
		// common delimiters (CRLF, "\0\0") is the rarer one in text-like payloads.
		int last = pattern.length - 1;
		int i = from + last;
		while (i < to) {
			int end = indexOf(buffer, i, to, pattern[last]);
			if (end < 0) {
				return -1;
			}
			if (regionMatches(buffer, end - last, pattern, 0, last)) {
				return end - last;
			}
			i = end + 1;
		}
		return -1;
	}

	/**
	 * Whether {@code length} bytes of {@code buffer} at absolute index {@code index} equal those of
	 * {@code pattern} at {@code patternOffset}.
	 */
	static boolean regionMatches(ByteBuffer buffer, int index, byte[] pattern, int patternOffset, int length) {
		for (int k = 0; k < length; k++) {
			if (buffer.get(index + k) != pattern[patternOffset + k]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Mark a chunk as fully consumed.
	 */
	static void consume(ByteBuffer chunk) {
		chunk.position(chunk.limit());
	}

}
