package dev.sockloop.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A codec of the application's own ({@link FrameCodec#custom}) is held to its maximum frame length
 * whatever its decoder does.
 */
class CustomFrameCodecTests {

	@Test
	void aCustomCodecKeepsItsNameAndTakesANewBound() {
		FrameCodec codec = FrameCodec.custom("mine", 100, (max) -> new SplitOnZero(), (frame) -> frame);
		assertThat(codec.name()).isEqualTo("mine");
		assertThat(codec.rejectsFrames()).isTrue();
		FrameCodec resized = codec.withMaxFrameLength(10);
		assertThat(resized.maxFrameLength()).isEqualTo(10);
		assertThat(resized).hasToString("FrameCodec[mine, maxFrameLength=10]");
		assertThat(FrameCodec.line(100).withMaxFrameLength(10)).hasToString("FrameCodec[line, maxFrameLength=10]");
	}

	@Test
	void aFrameOverTheBoundIsRejectedEvenIfTheDecoderHandsItOut() {
		FrameDecoder decoder = FrameCodec.custom("mine", 4, (max) -> new SplitOnZero(), (frame) -> frame).newDecoder();
		List<ByteBuffer> frames = new ArrayList<>();
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> decoder.decode(ByteBuffer.wrap(new byte[] { 1, 2, 0, 1, 2, 3, 4, 5, 0 }), frames::add));
		assertThat(frames).hasSize(1);
	}

	@Test
	void aDecoderIsNeverFedMoreThanTheBoundWithoutCompletingAFrame() {
		SplitOnZero hoarder = new SplitOnZero();
		FrameDecoder decoder = FrameCodec.custom("mine", 100, (max) -> hoarder, (frame) -> frame).newDecoder();
		ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
		Arrays.fill(chunk.array(), (byte) 1);
		assertThatExceptionOfType(FrameTooLongException.class).isThrownBy(() -> decoder.decode(chunk, (frame) -> {
		}));
		assertThat(hoarder.held).isEqualTo(100 + BoundedFrameDecoder.HEADER_ALLOWANCE);
	}

	@Test
	void framesUpToTheBoundPassAcrossManyChunks() {
		FrameDecoder decoder = FrameCodec.custom("mine", 100, (max) -> new SplitOnZero(), (frame) -> frame).newDecoder();
		List<ByteBuffer> frames = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			byte[] bytes = new byte[101];
			Arrays.fill(bytes, 0, 100, (byte) 1);
			decoder.decode(ByteBuffer.wrap(bytes), frames::add);
		}
		assertThat(frames).hasSize(1000).allSatisfy((frame) -> assertThat(frame.remaining()).isEqualTo(100));
	}

	@Test
	void theEncoderRejectsAnApplicationFrameOverTheBoundAsOutbound() {
		FrameCodec codec = FrameCodec.custom("mine", 4, (max) -> new SplitOnZero(), (frame) -> frame);
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> codec.encoder().encode(ByteBuffer.allocate(5)))
			.matches(FrameException::isOutbound);
	}

	/** Frames end with a zero byte; keeps everything before it. */
	private static final class SplitOnZero implements FrameDecoder {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		int held;

		@Override
		public void decode(ByteBuffer chunk, Consumer<ByteBuffer> frameSink) {
			while (chunk.hasRemaining()) {
				byte b = chunk.get();
				if (b == 0) {
					frameSink.accept(ByteBuffer.wrap(this.bytes.toByteArray()));
					this.bytes.reset();
				}
				else {
					this.bytes.write(b);
				}
				this.held = Math.max(this.held, this.bytes.size());
			}
		}

	}

}
