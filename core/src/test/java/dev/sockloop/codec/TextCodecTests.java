package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import dev.sockloop.codec.TextCodec.MalformedInputPolicy;

import static dev.sockloop.codec.Chunks.bytes;
import static dev.sockloop.codec.Chunks.concat;
import static org.assertj.core.api.Assertions.assertThat;

class TextCodecTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final TextCodec CLOSING = new TextCodec(StandardCharsets.UTF_8, MalformedInputPolicy.CLOSE);

	/** 'a', then a truncated 3-byte sequence, then 'b'. */
	private static final byte[] MALFORMED = { 'a', (byte) 0xE2, (byte) 0x82, 'b' };

	@Test
	void utf8ShouldReplaceByDefault() {
		assertThat(TextCodec.utf8().charset()).isEqualTo(StandardCharsets.UTF_8);
		assertThat(TextCodec.utf8().policy()).isEqualTo(MalformedInputPolicy.REPLACE);
		assertThat(TextCodec.UTF_8).hasToString("TextCodec[UTF-8, REPLACE]");
	}

	@Test
	void onlyTheClosingPolicyRejectsMalformedInput() {
		assertThat(TextCodec.utf8().rejectsMalformedInput()).isFalse();
		assertThat(CLOSING.rejectsMalformedInput()).isTrue();
		StepVerifier.create(TextCodec.utf8().decode(Flux.just(ByteBuffer.wrap(MALFORMED))))
			.expectNext("a\uFFFDb")
			.verifyComplete();
		StepVerifier.create(CLOSING.decode(Flux.just(ByteBuffer.wrap(MALFORMED))))
			.verifyError(MalformedFrameException.class);
	}

	@Test
	void decodeShouldTurnEachFrameIntoOneStringIncludingEmptyOnes() {
		StepVerifier.create(CLOSING.decode(frames(bytes("h\u00e9llo"), new byte[0], bytes("\u20ac"))))
			.expectNext("h\u00e9llo", "", "\u20ac")
			.verifyComplete();
	}

	@Test
	void decodeShouldReplaceMalformedInputUnderReplacePolicy() {
		StepVerifier.create(TextCodec.utf8().decode(frames(MALFORMED, bytes("ok"))))
			.expectNext("a\ufffdb", "ok")
			.verifyComplete();
	}

	@Test
	void decodeShouldReplaceMalformedInputInDirectFrames() {
		Flux<ByteBuffer> frames = Flux.just(Chunks.buffer(MALFORMED, true));
		StepVerifier.create(TextCodec.utf8().decode(frames)).expectNext("a\ufffdb").verifyComplete();
	}

	@Test
	void decodeShouldErrorNamingTheByteOffsetUnderClosePolicy() {
		StepVerifier.create(CLOSING.decode(frames(bytes("fine"), MALFORMED)))
			.expectNext("fine")
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(MalformedFrameException.class)
				.hasMessage("Malformed UTF-8 input at byte offset 1 of frame 1")
				.satisfies((e) -> assertThat(((MalformedFrameException) e).byteOffset()).isEqualTo(1)))
			.verify(TIMEOUT);
	}

	@Test
	void decodeShouldTreatCharacterCutAtTheEndOfAFrameAsMalformed() {
		byte[] euro = bytes("\u20ac");
		StepVerifier.create(CLOSING.decode(frames(new byte[] { euro[0], euro[1] }, new byte[] { euro[2] })))
			.expectError(MalformedFrameException.class)
			.verify(TIMEOUT);
	}

	@Test
	void decodeChunksShouldJoinCodePointsSplitAtEveryByteBoundary() {
		// 1-, 2-, 3- and 4-byte sequences.
		String text = "a\u00e9\u20ac\ud83d\ude00z";
		byte[] wire = bytes(text);
		for (List<byte[]> chunks : Chunks.allSplits(wire)) {
			for (TextCodec codec : List.of(TextCodec.utf8(), CLOSING)) {
				List<String> pieces = codec.decodeChunks(frames(chunks)).collectList().block(TIMEOUT);
				assertThat(String.join("", pieces)).as("chunks %s", Chunks.describe(chunks)).isEqualTo(text);
				assertThat(pieces).noneMatch(String::isEmpty).noneMatch((piece) -> piece.contains("\ufffd"));
			}
		}
	}

	@Test
	void decodeChunksShouldReplaceMalformedInputUnderEverySplit() {
		for (List<byte[]> chunks : Chunks.allSplits(MALFORMED)) {
			List<String> pieces = TextCodec.utf8().decodeChunks(frames(chunks)).collectList().block(TIMEOUT);
			assertThat(String.join("", pieces)).isEqualTo("a\ufffdb");
		}
	}

	@Test
	void decodeChunksShouldErrorNamingTheStreamOffsetUnderEverySplit() {
		byte[] wire = concat(bytes("xyz"), MALFORMED);
		for (List<byte[]> chunks : Chunks.allSplits(wire)) {
			StepVerifier.create(CLOSING.decodeChunks(frames(chunks)))
				.thenConsumeWhile((piece) -> true)
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(MalformedFrameException.class)
					.hasMessage("Malformed UTF-8 input at byte offset 4 of the stream"))
				.verify(TIMEOUT);
		}
	}

	@Test
	void decodeChunksShouldFailOnCharacterUnfinishedAtTheEndOfTheStream() {
		byte[] euro = bytes("\u20ac");
		StepVerifier.create(CLOSING.decodeChunks(frames(bytes("ab"), new byte[] { euro[0], euro[1] })))
			.expectNext("ab")
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessage("Malformed UTF-8 input at byte offset 2 of the stream"))
			.verify(TIMEOUT);
		StepVerifier.create(TextCodec.utf8().decodeChunks(frames(bytes("ab"), new byte[] { euro[0], euro[1] })))
			.expectNext("ab", "\ufffd")
			.verifyComplete();
	}

	@Test
	void decodeWithRawFramingShouldCarryCodePointsAcrossChunks() {
		byte[] wire = bytes("\ud83d\ude00");
		Flux<ByteBuffer> inbound = frames(Chunks.singleBytes(wire));
		List<String> pieces = CLOSING.decode(inbound, FrameCodec.raw()).collectList().block(TIMEOUT);
		assertThat(String.join("", pieces)).isEqualTo("\ud83d\ude00");
	}

	@Test
	void decodeWithLineFramingShouldDecodePerLine() {
		Flux<ByteBuffer> inbound = frames(bytes("h\u00e9"), bytes("llo\n\n\u20ac\r\n"));
		StepVerifier.create(CLOSING.decode(inbound, FrameCodec.line(100)))
			.expectNext("h\u00e9llo", "", "\u20ac")
			.verifyComplete();
	}

	@Test
	void encodeShouldProduceOneBufferPerString() {
		List<byte[]> encoded = TextCodec.utf8().encode(Flux.just("h\u00e9", "")).map(Chunks::toArray).collectList()
			.block(TIMEOUT);
		assertThat(encoded).containsExactly(bytes("h\u00e9"), new byte[0]);
	}

	@Test
	void decodeShouldLeaveFramesUntouched() {
		ByteBuffer frame = ByteBuffer.wrap(bytes("abc"));
		StepVerifier.create(CLOSING.decode(Flux.just(frame))).expectNext("abc").verifyComplete();
		assertThat(frame.remaining()).isEqualTo(3);
	}

	private static Flux<ByteBuffer> frames(byte[]... frames) {
		return frames(List.of(frames));
	}

	private static Flux<ByteBuffer> frames(List<byte[]> frames) {
		List<ByteBuffer> buffers = new ArrayList<>();
		int index = 0;
		for (byte[] frame : frames) {
			buffers.add(Chunks.buffer(frame, (index++ % 2) == 1));
		}
		return Flux.fromIterable(buffers);
	}

}
