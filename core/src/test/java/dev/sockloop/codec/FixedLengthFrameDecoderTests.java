package dev.sockloop.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static dev.sockloop.codec.Chunks.assertDecodesUnderAllSplits;
import static dev.sockloop.codec.Chunks.asText;
import static dev.sockloop.codec.Chunks.bytes;
import static dev.sockloop.codec.Chunks.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FixedLengthFrameDecoderTests {

	@Test
	void decodeShouldCutFixedSizeFramesUnderEverySplit() {
		assertDecodesUnderAllSplits(FrameCodec.fixedLength(3), bytes("abcdefghi"),
				List.of(bytes("abc"), bytes("def"), bytes("ghi")));
	}

	@Test
	void decodeShouldKeepIncompleteTrailingFrame() {
		FrameDecoder decoder = FrameCodec.fixedLength(3).newDecoder();
		assertThat(asText(decode(decoder, List.of(bytes("abcd"))))).containsExactly("abc");
		assertThat(asText(decode(decoder, List.of(bytes("e"))))).isEmpty();
		assertThat(asText(decode(decoder, List.of(bytes("fghij"))))).containsExactly("def", "ghi");
	}

	@Test
	void decodeShouldHandleOneByteFrames() {
		assertDecodesUnderAllSplits(FrameCodec.fixedLength(1), bytes("xyz"), List.of(bytes("x"), bytes("y"), bytes("z")));
	}

	@Test
	void decodeShouldAssembleLargeFramesFromManySmallChunksHoldingAtMostTwiceWhatArrived() {
		int frameLength = 100_000;
		BufferingDecoder decoder = (BufferingDecoder) FrameCodec.fixedLength(frameLength).newDecoder();
		byte[] wire = new byte[3 * frameLength];
		new Random(3).nextBytes(wire);
		List<byte[]> frames = new ArrayList<>();
		Random sizes = new Random(5);
		int at = 0;
		while (at < wire.length) {
			int size = Math.min(wire.length - at, 1 + sizes.nextInt(7000));
			frames.addAll(decode(decoder, List.of(Arrays.copyOfRange(wire, at, at + size))));
			at += size;
			int held = at % frameLength;
			assertThat(decoder.retainedBytes()).as("held with %d bytes of a frame received", held)
				.isLessThanOrEqualTo((held == 0) ? 0 : Math.max(PartialFrame.MIN_CAPACITY, 2 * held));
		}
		assertThat(frames).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(frames.get(i)).isEqualTo(Arrays.copyOfRange(wire, i * frameLength, (i + 1) * frameLength));
		}
	}

	@Test
	void maxFrameLengthShouldBeTheFrameLength() {
		assertThat(FrameCodec.fixedLength(12).maxFrameLength()).isEqualTo(12);
	}

	@Test
	void factoryShouldRejectNonPositiveLength() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> FrameCodec.fixedLength(0))
			.withMessageContaining("0");
	}

}
