package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips (frames, encode, concatenate, cut at random, decode) for every codec, and random garbage
 * into every decoder.
 */
class FrameCodecPropertyTests {

	private static final int TRIES = 300;

	@Property(tries = TRIES)
	void lineRoundTrip(@ForAll("lineFrames") List<byte[]> frames, @ForAll("chunkSizes") List<Integer> chunkSizes) {
		assertRoundTrip(FrameCodec.line(longest(frames)), frames, chunkSizes);
	}

	@Property(tries = TRIES)
	void delimiterRoundTrip(@ForAll("delimiters") byte[] delimiter, @ForAll("smallAlphabetFrames") List<byte[]> candidates,
			@ForAll("chunkSizes") List<Integer> chunkSizes) {
		// Keep frames whose encoding does not show the delimiter early (inside the frame or overlapping it).
		List<byte[]> frames = new ArrayList<>();
		for (byte[] frame : candidates) {
			if (firstIndexOf(Chunks.concat(frame, delimiter), delimiter) == frame.length) {
				frames.add(frame);
			}
		}
		assertRoundTrip(FrameCodec.delimiter(delimiter, longest(frames)), frames, chunkSizes);
	}

	@Property(tries = TRIES)
	void fixedLengthRoundTrip(@ForAll @IntRange(min = 1, max = 9) int frameLength,
			@ForAll @Size(max = 12) List<@Size(min = 9, max = 9) byte[]> candidates,
			@ForAll("chunkSizes") List<Integer> chunkSizes) {
		List<byte[]> frames = new ArrayList<>();
		for (byte[] candidate : candidates) {
			frames.add(Arrays.copyOf(candidate, frameLength));
		}
		assertRoundTrip(FrameCodec.fixedLength(frameLength), frames, chunkSizes);
	}

	@Property(tries = TRIES)
	void lengthFieldRoundTrip(@ForAll("headerSizes") int headerBytes, @ForAll @IntRange(min = -8, max = 8) int adjustment,
			@ForAll @Size(max = 12) List<@Size(max = 40) byte[]> candidates,
			@ForAll("chunkSizes") List<Integer> chunkSizes) {
		List<byte[]> frames = new ArrayList<>();
		for (byte[] candidate : candidates) {
			if (candidate.length >= adjustment) {
				frames.add(candidate);
			}
		}
		assertRoundTrip(FrameCodec.lengthField(headerBytes, adjustment, longest(frames)), frames, chunkSizes);
	}

	@Property(tries = TRIES)
	void rawRoundTripKeepsTheBytes(@ForAll @Size(max = 12) List<@Size(max = 40) byte[]> frames,
			@ForAll("chunkSizes") List<Integer> chunkSizes) {
		FrameCodec codec = FrameCodec.raw();
		byte[] wire = encodeAll(codec, frames);
		assertThat(Chunks.concat(Chunks.decode(codec, cut(wire, chunkSizes)))).isEqualTo(wire);
	}

	@Property(tries = TRIES)
	void garbageEndsOnlyInFrameExceptionsAndStaysBounded(@ForAll("codecs") FrameCodec codec,
			@ForAll @Size(max = 400) byte[] garbage, @ForAll("chunkSizes") List<Integer> chunkSizes) {
		BufferingDecoder decoder = (BufferingDecoder) codec.newDecoder();
		// A frame of the maximum length plus a partial delimiter (at most 3 bytes here) is all a decoder may keep.
		long bound = Math.min((long) codec.maxFrameLength() + 3, Integer.MAX_VALUE);
		try {
			for (byte[] chunk : cut(garbage, chunkSizes)) {
				decoder.decode(ByteBuffer.wrap(chunk), (frame) -> assertThat(frame.remaining())
					.isLessThanOrEqualTo(codec.maxFrameLength()));
				assertThat((long) decoder.retainedBytes()).isLessThanOrEqualTo(bound);
			}
		}
		catch (FrameException ex) {
			assertThat(ex.getMessage()).isNotBlank();
		}
	}

	@Provide
	Arbitrary<List<Integer>> chunkSizes() {
		return Arbitraries.integers().between(1, 48).list().ofMinSize(1).ofMaxSize(8);
	}

	@Provide
	Arbitrary<List<byte[]>> lineFrames() {
		// CR and LF are frequent so that CRLF, lone CRs and empty lines all turn up.
		Arbitrary<byte[]> line = Arbitraries.of((byte) 'a', (byte) 'b', (byte) '\r', (byte) 0xC3)
			.list()
			.ofMaxSize(30)
			.map((bytes) -> {
				byte[] frame = toBytes(bytes);
				// A CR at the end of a line would be read back as part of CRLF.
				if (frame.length > 0 && frame[frame.length - 1] == '\r') {
					frame[frame.length - 1] = 'z';
				}
				return frame;
			});
		return line.list().ofMaxSize(12);
	}

	@Provide
	Arbitrary<byte[]> delimiters() {
		return Arbitraries.bytes().between((byte) 0, (byte) 2).list().ofMinSize(1).ofMaxSize(3).map(FrameCodecPropertyTests::toBytes);
	}

	@Provide
	Arbitrary<List<byte[]>> smallAlphabetFrames() {
		return Arbitraries.bytes().between((byte) 0, (byte) 3).list().ofMaxSize(30).map(FrameCodecPropertyTests::toBytes)
			.list().ofMaxSize(12);
	}

	@Provide
	Arbitrary<Integer> headerSizes() {
		return Arbitraries.of(1, 2, 4, 8);
	}

	@Provide
	Arbitrary<FrameCodec> codecs() {
		Arbitrary<Integer> max = Arbitraries.integers().between(1, 64);
		Arbitrary<FrameCodec> line = max.map(FrameCodec::line);
		Arbitrary<FrameCodec> delimiter = Combinators.combine(delimiters(), max).as(FrameCodec::delimiter);
		Arbitrary<FrameCodec> fixed = max.map(FrameCodec::fixedLength);
		Arbitrary<FrameCodec> lengthField = Combinators
			.combine(headerSizes(), Arbitraries.integers().between(-8, 8), max)
			.as(FrameCodec::lengthField);
		return Arbitraries.oneOf(line, delimiter, fixed, lengthField, Arbitraries.just(FrameCodec.raw()));
	}

	private static void assertRoundTrip(FrameCodec codec, List<byte[]> frames, List<Integer> chunkSizes) {
		byte[] wire = encodeAll(codec, frames);
		List<byte[]> chunks = cut(wire, chunkSizes);
		assertThat(Chunks.describe(Chunks.decode(codec, chunks))).as("%s decoding %s", codec, Chunks.describe(chunks))
			.isEqualTo(Chunks.describe(frames));
	}

	private static byte[] encodeAll(FrameCodec codec, List<byte[]> frames) {
		List<byte[]> encoded = new ArrayList<>();
		for (byte[] frame : frames) {
			encoded.add(Chunks.toArray(codec.encoder().encode(ByteBuffer.wrap(frame))));
		}
		return Chunks.concat(encoded);
	}

	/** Cut {@code wire} into chunks whose sizes cycle through {@code sizes}. */
	private static List<byte[]> cut(byte[] wire, List<Integer> sizes) {
		List<byte[]> chunks = new ArrayList<>();
		int from = 0;
		for (int i = 0; from < wire.length; i++) {
			int to = Math.min(wire.length, from + sizes.get(i % sizes.size()));
			chunks.add(Arrays.copyOfRange(wire, from, to));
			from = to;
		}
		return chunks;
	}

	private static int longest(List<byte[]> frames) {
		int longest = 1;
		for (byte[] frame : frames) {
			longest = Math.max(longest, frame.length);
		}
		return longest;
	}

	private static int firstIndexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int k = 0; k < needle.length; k++) {
				if (haystack[i + k] != needle[k]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static byte[] toBytes(List<Byte> bytes) {
		byte[] array = new byte[bytes.size()];
		for (int i = 0; i < array.length; i++) {
			array[i] = bytes.get(i);
		}
		return array;
	}

}
