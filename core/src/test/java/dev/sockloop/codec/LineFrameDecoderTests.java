package dev.sockloop.codec;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.sockloop.codec.Chunks.assertDecodesUnderAllSplits;
import static dev.sockloop.codec.Chunks.asText;
import static dev.sockloop.codec.Chunks.bytes;
import static dev.sockloop.codec.Chunks.decode;
import static dev.sockloop.codec.Chunks.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LineFrameDecoderTests {

	private final FrameCodec codec = FrameCodec.line(8);

	@Test
	void decodeShouldCutAtLineFeedUnderEverySplit() {
		assertDecodesUnderAllSplits(this.codec, bytes("one\ntwo\nthree\n"),
				List.of(bytes("one"), bytes("two"), bytes("three")));
	}

	@Test
	void decodeShouldStripCarriageReturnBeforeLineFeedUnderEverySplit() {
		assertDecodesUnderAllSplits(this.codec, bytes("one\r\ntwo\nthree\r\n"),
				List.of(bytes("one"), bytes("two"), bytes("three")));
	}

	@Test
	void decodeShouldKeepCarriageReturnNotFollowedByLineFeed() {
		assertDecodesUnderAllSplits(this.codec, bytes("a\rb\n\r\r\n"), List.of(bytes("a\rb"), bytes("\r")));
	}

	@Test
	void decodeShouldEmitEmptyLines() {
		assertDecodesUnderAllSplits(this.codec, bytes("\n\r\n\nx\n\n"),
				List.of(bytes(""), bytes(""), bytes(""), bytes("x"), bytes("")));
	}

	@Test
	void decodeShouldKeepIncompleteLastLine() {
		assertThat(asText(decode(this.codec, split(bytes("one\ntw"), 2)))).containsExactly("one");
	}

	@Test
	void decodeShouldAcceptLineOfExactlyMaxFrameLength() {
		assertDecodesUnderAllSplits(this.codec, bytes("12345678\n12345678\r\n"),
				List.of(bytes("12345678"), bytes("12345678")));
	}

	@Test
	void decodeShouldRejectLineOneByteOverMaxFrameLengthInOneChunk() {
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> decode(this.codec, List.of(bytes("123456789\n"))))
			.withMessageContaining("9 bytes")
			.withMessageContaining("maximum frame length of 8 bytes")
			.satisfies((ex) -> assertThat(ex.observedLength()).isEqualTo(9));
	}

	@Test
	void decodeShouldRejectLineOneByteOverMaxFrameLengthUnderEverySplit() {
		byte[] wire = bytes("ok\n123456789\r\n");
		for (List<byte[]> chunks : Chunks.allSplits(wire)) {
			assertThatExceptionOfType(FrameTooLongException.class).isThrownBy(() -> decode(this.codec, chunks));
		}
	}

	@Test
	void decodeShouldEmitFramesBeforeTheOversizedOne() {
		FrameDecoder decoder = this.codec.newDecoder();
		List<String> frames = new java.util.ArrayList<>();
		assertThatExceptionOfType(FrameTooLongException.class).isThrownBy(() -> decoder
			.decode(Chunks.buffer(bytes("a\nb\n123456789\n"), false), (f) -> frames.add(asText(List.of(Chunks.toArray(f))).get(0))));
		assertThat(frames).containsExactly("a", "b");
	}

	@Test
	void decodeShouldBufferMissingDelimiterUpToTheLimitThenFailOnTheNextByte() {
		FrameDecoder decoder = this.codec.newDecoder();
		// 8 bytes and a CR might still be a legal line; a ninth content byte cannot be.
		assertThat(decode(decoder, List.of(bytes("12345678")))).isEmpty();
		assertThat(decode(decoder, List.of(bytes("\r")))).isEmpty();
		assertThatExceptionOfType(FrameTooLongException.class).isThrownBy(() -> decode(decoder, List.of(bytes("x"))))
			.withMessageContaining("10 bytes received without a delimiter")
			.withMessageContaining("8 bytes");
	}

	@Test
	void decodeShouldFailAsSoonAsTheBufferedTailIsTooLongEvenWithoutDelimiter() {
		FrameDecoder decoder = this.codec.newDecoder();
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> decode(decoder, List.of(bytes("ab\n1234567890"))));
	}

	@Test
	void decodeShouldCompleteMaximumLineBufferedAcrossChunks() {
		FrameDecoder decoder = this.codec.newDecoder();
		assertThat(decode(decoder, List.of(bytes("1234"), bytes("5678")))).isEmpty();
		assertThat(asText(decode(decoder, List.of(bytes("\nnext\n"))))).containsExactly("12345678", "next");
	}

	@Test
	void decodeShouldNotCopyFramesIntoEachOther() {
		List<byte[]> frames = decode(this.codec, List.of(bytes("ab\ncd\n")));
		frames.get(0)[0] = 'X';
		assertThat(asText(frames)).containsExactly("Xb", "cd");
	}

}
