package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static dev.sockloop.codec.Chunks.bytes;
import static org.assertj.core.api.Assertions.assertThat;

class FrameCodecTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void nameShouldSayTheKind() {
		assertThat(FrameCodec.raw().name()).isEqualTo("raw");
		assertThat(FrameCodec.line(10).name()).isEqualTo("line");
		assertThat(FrameCodec.delimiter(bytes(";"), 10).name()).isEqualTo("delimiter");
		assertThat(FrameCodec.fixedLength(10).name()).isEqualTo("fixed-length");
		assertThat(FrameCodec.lengthField(4, 0, 10).name()).isEqualTo("length-field");
	}

	@Test
	void onlyTheRawCodecNeverRejectsAFrame() {
		assertThat(FrameCodec.raw().rejectsFrames()).isFalse();
		assertThat(FrameCodec.line(10).rejectsFrames()).isTrue();
		assertThat(FrameCodec.delimiter(bytes(";"), 10).rejectsFrames()).isTrue();
		assertThat(FrameCodec.fixedLength(10).rejectsFrames()).isTrue();
		assertThat(FrameCodec.lengthField(4, 0, 10).rejectsFrames()).isTrue();
	}

	@Test
	void toStringShouldNameTheCodecAndItsSettings() {
		assertThat(FrameCodec.raw()).hasToString("FrameCodec[raw]");
		assertThat(FrameCodec.line(65536)).hasToString("FrameCodec[line, maxFrameLength=65536]");
		assertThat(FrameCodec.delimiter(bytes("\r\n"), 10))
			.hasToString("FrameCodec[delimiter 0x0d0a, maxFrameLength=10]");
		assertThat(FrameCodec.delimiter(bytes("||"), 10))
			.hasToString("FrameCodec[delimiter 0x7c7c (\"||\"), maxFrameLength=10]");
		assertThat(FrameCodec.fixedLength(16)).hasToString("FrameCodec[fixed-length, frameLength=16]");
		assertThat(FrameCodec.lengthField(2, -2, 100))
			.hasToString("FrameCodec[length-field, headerBytes=2, lengthAdjustment=-2, maxFrameLength=100]");
	}

	@Test
	void decodeShouldUseAFreshDecoderPerSubscription() {
		FrameCodec codec = FrameCodec.line(100);
		Flux<ByteBuffer> inbound = Flux.just("ab\ncd", "\nef").map((s) -> ByteBuffer.wrap(bytes(s)));
		Flux<String> lines = codec.decode(inbound).map((frame) -> new String(Chunks.toArray(frame)));
		StepVerifier.create(lines).expectNext("ab", "cd").verifyComplete();
		StepVerifier.create(lines).expectNext("ab", "cd").verifyComplete();
	}

	@Test
	void decodeShouldSignalFramesBeforeTheErrorThatFollowsThem() {
		FrameCodec codec = FrameCodec.line(3);
		AtomicLong cancelled = new AtomicLong();
		Flux<ByteBuffer> inbound = Flux.just("a\nbb\ntoo long\nc\n", "d\n")
			.map((s) -> ByteBuffer.wrap(bytes(s)))
			.doOnCancel(cancelled::incrementAndGet);
		StepVerifier.create(codec.decode(inbound).map((frame) -> new String(Chunks.toArray(frame))))
			.expectNext("a", "bb")
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(FrameTooLongException.class)
				.hasMessageContaining("maximum frame length of 3 bytes"))
			.verify(TIMEOUT);
		assertThat(cancelled).hasValue(1);
	}

	@Test
	void decodeShouldRequestChunksOnlyAsFramesAreDemanded() {
		int framesPerChunk = 50;
		int chunkCount = 20;
		List<Long> requests = new ArrayList<>();
		AtomicLong chunksEmitted = new AtomicLong();
		Flux<ByteBuffer> inbound = Flux.range(0, chunkCount)
			.map((i) -> ByteBuffer.wrap(bytes("x\n".repeat(framesPerChunk))))
			.doOnNext((chunk) -> chunksEmitted.incrementAndGet())
			.doOnRequest(requests::add);
		StepVerifier.Step<ByteBuffer> step = StepVerifier.create(FrameCodec.line(10).decode(inbound), 0);
		for (int frame = 1; frame <= framesPerChunk * 3; frame++) {
			long framesSoFar = frame;
			step = step.thenRequest(1).expectNextCount(1).then(() -> {
				long chunksNeeded = (framesSoFar + framesPerChunk - 1) / framesPerChunk;
				// The chunk being cut up, plus at most the prefetched next one.
				assertThat(chunksEmitted.get()).isLessThanOrEqualTo(chunksNeeded + 1);
			});
		}
		step.thenCancel().verify(TIMEOUT);
		assertThat(chunksEmitted.get()).isLessThanOrEqualTo(4);
		assertThat(requests).allSatisfy((n) -> assertThat(n).isLessThanOrEqualTo(1L));
	}

	@Test
	void decodeShouldNotRequestAnyChunkWithoutDemand() {
		AtomicLong requested = new AtomicLong();
		Flux<ByteBuffer> inbound = Flux.just(ByteBuffer.wrap(bytes("a\n"))).doOnRequest(requested::addAndGet);
		StepVerifier.create(FrameCodec.line(10).decode(inbound), 0)
			.expectSubscription()
			.then(() -> assertThat(requested.get()).isLessThanOrEqualTo(1))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void encodeShouldEncodeEachFrame() {
		Flux<ByteBuffer> frames = Flux.just("a", "bc").map((s) -> ByteBuffer.wrap(bytes(s)));
		StepVerifier.create(FrameCodec.line(10).encode(frames).map((b) -> new String(Chunks.toArray(b))))
			.expectNext("a\n", "bc\n")
			.verifyComplete();
	}

	@Test
	void encodeShouldErrorOnFrameTheCodecCannotCarry() {
		Flux<ByteBuffer> frames = Flux.just(ByteBuffer.allocate(4), ByteBuffer.allocate(5));
		StepVerifier.create(FrameCodec.fixedLength(4).encode(frames))
			.expectNextCount(1)
			.expectError(MalformedFrameException.class)
			.verify(TIMEOUT);
	}

}
