package dev.sockloop.codec;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.sockloop.codec.Chunks.assertDecodesUnderAllSplits;
import static dev.sockloop.codec.Chunks.asText;
import static dev.sockloop.codec.Chunks.bytes;
import static dev.sockloop.codec.Chunks.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DelimiterFrameDecoderTests {

	private final FrameCodec codec = FrameCodec.delimiter(bytes("<=>"), 6);

	@Test
	void decodeShouldCutAtMultiByteDelimiterUnderEverySplit() {
		assertDecodesUnderAllSplits(this.codec, bytes("one<=>two<=><=>three<=>"),
				List.of(bytes("one"), bytes("two"), bytes(""), bytes("three")));
	}

	@Test
	void decodeShouldNotBeFooledByPartialDelimiters() {
		assertDecodesUnderAllSplits(this.codec, bytes("<<=<=>=<=<=><=<=>"),
				List.of(bytes("<<=") , bytes("=<="), bytes("<=")));
	}

	@Test
	void decodeShouldHandleSelfOverlappingDelimiterUnderEverySplit() {
		FrameCodec codec = FrameCodec.delimiter(bytes("aab"), 8);
		assertDecodesUnderAllSplits(codec, bytes("xaaabaaaabb"), List.of(bytes("xa"), bytes("aa")));
	}

	@Test
	void decodeShouldFindDelimiterSpanningThreeChunks() {
		assertThat(asText(decode(this.codec, List.of(bytes("ab<"), bytes("="), bytes(">cd<"), bytes("=>")))))
			.containsExactly("ab", "cd");
	}

	@Test
	void decodeShouldKeepCarriageReturnsAsData() {
		assertDecodesUnderAllSplits(FrameCodec.delimiter(bytes("\n"), 4), bytes("a\r\n\r\n"),
				List.of(bytes("a\r"), bytes("\r")));
	}

	@Test
	void decodeShouldAcceptFrameOfExactlyMaxFrameLengthUnderEverySplit() {
		assertDecodesUnderAllSplits(this.codec, bytes("123456<=>x<=>"), List.of(bytes("123456"), bytes("x")));
	}

	@Test
	void decodeShouldRejectFrameOneByteOverMaxFrameLengthUnderEverySplit() {
		for (List<byte[]> chunks : Chunks.allSplits(bytes("x<=>1234567<=>"))) {
			assertThatExceptionOfType(FrameTooLongException.class).isThrownBy(() -> decode(this.codec, chunks))
				.satisfies((ex) -> assertThat(ex.maxFrameLength()).isEqualTo(6));
		}
	}

	@Test
	void decodeShouldBufferMissingDelimiterUpToTheLimitThenFail() {
		FrameDecoder decoder = this.codec.newDecoder();
		// 6 content bytes and 2 bytes that may begin the delimiter are still a legal frame.
		assertThat(decode(decoder, List.of(bytes("123456<=")))).isEmpty();
		assertThatExceptionOfType(FrameTooLongException.class).isThrownBy(() -> decode(decoder, List.of(bytes("="))))
			.withMessageContaining("maximum frame length of 6 bytes")
			.withMessageContaining("9 bytes received without a delimiter");
	}

	@Test
	void decodeShouldCompleteFrameAfterBufferingUpToTheLimit() {
		FrameDecoder decoder = this.codec.newDecoder();
		assertThat(decode(decoder, List.of(bytes("123456<=")))).isEmpty();
		assertThat(asText(decode(decoder, List.of(bytes(">"))))).containsExactly("123456");
	}

	@Test
	void factoryShouldRejectEmptyDelimiter() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> FrameCodec.delimiter(new byte[0], 10));
	}

	@Test
	void factoryShouldCopyTheDelimiter() {
		byte[] delimiter = bytes(";");
		FrameCodec codec = FrameCodec.delimiter(delimiter, 10);
		delimiter[0] = ',';
		assertThat(asText(decode(codec, List.of(bytes("a;b,"))))).containsExactly("a");
	}

}
