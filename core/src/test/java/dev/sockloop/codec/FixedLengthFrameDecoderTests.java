package dev.sockloop.codec;

import java.util.List;

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
	void maxFrameLengthShouldBeTheFrameLength() {
		assertThat(FrameCodec.fixedLength(12).maxFrameLength()).isEqualTo(12);
	}

	@Test
	void factoryShouldRejectNonPositiveLength() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> FrameCodec.fixedLength(0))
			.withMessageContaining("0");
	}

}
