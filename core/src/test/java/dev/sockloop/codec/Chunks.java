package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test helpers: cut wire bytes into chunks and run them through a decoder. Chunks alternate between
 * heap buffers that sit at an offset inside a larger array and direct buffers, so that both scanning
 * paths and absolute indexing are exercised.
 */
final class Chunks {

	private Chunks() {
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

	static byte[] concat(List<byte[]> parts) {
		return concat(parts.toArray(new byte[0][]));
	}

	/** Cut {@code wire} at the given ascending split points. */
	static List<byte[]> split(byte[] wire, int... points) {
		List<byte[]> chunks = new ArrayList<>();
		int from = 0;
		for (int point : points) {
			chunks.add(Arrays.copyOfRange(wire, from, point));
			from = point;
		}
		chunks.add(Arrays.copyOfRange(wire, from, wire.length));
		return chunks;
	}

	static List<byte[]> singleBytes(byte[] wire) {
		List<byte[]> chunks = new ArrayList<>();
		for (byte b : wire) {
			chunks.add(new byte[] { b });
		}
		return chunks;
	}

	/** A buffer holding {@code bytes}: direct, or heap at an offset in a larger array with junk around it. */
	static ByteBuffer buffer(byte[] bytes, boolean direct) {
		if (direct) {
			ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
			buffer.put(bytes).flip();
			return buffer;
		}
		byte[] padded = new byte[bytes.length + 7];
		Arrays.fill(padded, (byte) '\n');
		System.arraycopy(bytes, 0, padded, 3, bytes.length);
		return ByteBuffer.wrap(padded, 3, bytes.length).slice();
	}

	static byte[] toArray(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return bytes;
	}

	/** Decode all chunks with {@code decoder}, checking that every chunk is consumed. */
	static List<byte[]> decode(FrameDecoder decoder, List<byte[]> chunks) {
		List<byte[]> frames = new ArrayList<>();
		int index = 0;
		for (byte[] chunk : chunks) {
			ByteBuffer buffer = buffer(chunk, (index++ % 2) == 1);
			decoder.decode(buffer, (frame) -> {
				if (frame.isDirect() || frame.position() != 0) {
					throw new AssertionError("Frames must be heap buffers at position 0");
				}
				frames.add(toArray(frame));
			});
			if (buffer.hasRemaining()) {
				throw new AssertionError("Decoder left " + buffer.remaining() + " bytes of a chunk unconsumed");
			}
		}
		return frames;
	}

	static List<byte[]> decode(FrameCodec codec, List<byte[]> chunks) {
		return decode(codec.newDecoder(), chunks);
	}

	static List<String> asText(List<byte[]> frames) {
		List<String> text = new ArrayList<>();
		for (byte[] frame : frames) {
			text.add(new String(frame, StandardCharsets.UTF_8));
		}
		return text;
	}

	/**
	 * Every way of cutting {@code wire} we test exhaustively: whole, one byte per chunk, at every single
	 * split point, and at every pair of split points.
	 */
	static List<List<byte[]>> allSplits(byte[] wire) {
		List<List<byte[]>> splits = new ArrayList<>();
		splits.add(List.of(wire));
		splits.add(singleBytes(wire));
		for (int i = 0; i <= wire.length; i++) {
			splits.add(split(wire, i));
			for (int j = i; j <= wire.length; j++) {
				splits.add(split(wire, i, j));
			}
		}
		return splits;
	}

	/** Assert that every cut of {@code wire} decodes to {@code expected}. */
	static void assertDecodesUnderAllSplits(FrameCodec codec, byte[] wire, List<byte[]> expected) {
		List<String> want = describe(expected);
		for (List<byte[]> chunks : allSplits(wire)) {
			List<String> got = describe(decode(codec, chunks));
			if (!got.equals(want)) {
				throw new AssertionError(codec + " decoded " + got + " instead of " + want + " from chunks "
						+ describe(chunks));
			}
		}
	}

	static List<String> describe(List<byte[]> frames) {
		List<String> described = new ArrayList<>();
		for (byte[] frame : frames) {
			described.add(Arrays.toString(frame));
		}
		return described;
	}

}
