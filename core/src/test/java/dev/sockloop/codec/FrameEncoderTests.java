package dev.sockloop.codec;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static dev.sockloop.codec.Chunks.bytes;
import static dev.sockloop.codec.Chunks.concat;
import static dev.sockloop.codec.Chunks.toArray;
import static dev.sockloop.codec.LengthFieldFrameDecoderTests.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FrameEncoderTests {

	@Test
	void rawShouldReturnTheFrameItself() {
		ByteBuffer frame = ByteBuffer.wrap(bytes("abc"));
		assertThat(FrameCodec.raw().encoder().encode(frame)).isSameAs(frame);
	}

	@Test
	void lineShouldAppendLineFeedWithoutMovingTheFrame() {
		ByteBuffer frame = Chunks.buffer(bytes("abc"), true);
		assertThat(toArray(FrameCodec.line(10).encoder().encode(frame))).isEqualTo(bytes("abc\n"));
		assertThat(frame.remaining()).isEqualTo(3);
	}

	@Test
	void delimiterShouldAppendTheDelimiter() {
		ByteBuffer frame = Chunks.buffer(bytes("abc"), false);
		assertThat(toArray(FrameCodec.delimiter(bytes("\r\n"), 10).encoder().encode(frame)))
			.isEqualTo(bytes("abc\r\n"));
	}

	@Test
	void fixedLengthShouldPassFramesOfTheLength() {
		ByteBuffer frame = ByteBuffer.wrap(bytes("abcd"));
		assertThat(FrameCodec.fixedLength(4).encoder().encode(frame)).isSameAs(frame);
	}

	@Test
	void fixedLengthShouldRejectOtherSizes() {
		assertThatExceptionOfType(MalformedFrameException.class)
			.isThrownBy(() -> FrameCodec.fixedLength(4).encoder().encode(ByteBuffer.wrap(bytes("abcde"))))
			.withMessage("Frame of 5 bytes does not match the fixed frame length of 4 bytes");
	}

	@Test
	void lengthFieldShouldPrependBigEndianHeader() {
		ByteBuffer frame = Chunks.buffer(bytes("hello"), false);
		assertThat(toArray(FrameCodec.lengthField(4, 0, 100).encoder().encode(frame)))
			.isEqualTo(concat(new byte[] { 0, 0, 0, 5 }, bytes("hello")));
		assertThat(frame.remaining()).isEqualTo(5);
	}

	@Test
	void lengthFieldShouldSubtractLengthAdjustment() {
		assertThat(toArray(FrameCodec.lengthField(2, -2, 100).encoder().encode(ByteBuffer.wrap(bytes("abc")))))
			.isEqualTo(concat(header(2, 5), bytes("abc")));
	}

	@Test
	void lengthFieldShouldRejectFrameOverMaxFrameLength() {
		FrameEncoder encoder = FrameCodec.lengthField(4, 0, 4).encoder();
		assertThat(toArray(encoder.encode(ByteBuffer.allocate(4)))).hasSize(8);
		assertThatExceptionOfType(FrameTooLongException.class).isThrownBy(() -> encoder.encode(ByteBuffer.allocate(5)))
			.withMessage("Frame of 5 bytes exceeds the maximum frame length of 4 bytes");
	}

	@Test
	void lengthFieldShouldRejectFrameTooBigForTheHeader() {
		FrameEncoder encoder = FrameCodec.lengthField(1, 0, 1000).encoder();
		assertThat(toArray(encoder.encode(ByteBuffer.allocate(255)))).hasSize(256);
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> encoder.encode(ByteBuffer.allocate(256)))
			.withMessageContaining("does not fit in a 1-byte header");
	}

	@Test
	void lengthFieldShouldRejectFrameNeedingNegativeHeader() {
		FrameEncoder encoder = FrameCodec.lengthField(2, 3, 1000).encoder();
		assertThatExceptionOfType(MalformedFrameException.class)
			.isThrownBy(() -> encoder.encode(ByteBuffer.allocate(2)))
			.withMessageContaining("negative length field");
	}

}
