package dev.sockloop.benchmarks.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.codec.FrameDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of splitting one 64-frame read into frames, per codec and frame size: the work a decoder
 * adds to every read on the loop thread.
 *
 * <p>Run with {@code java -jar benchmarks/target/sockloop-benchmarks.jar jmh FrameDecoderBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameDecoderBenchmark {

	private static final int FRAMES_PER_READ = 64;

	/** Which codec decodes. */
	@Param({ "line", "lengthField", "fixedLength" })
	public String codec;

	/** Payload bytes per frame. */
	@Param({ "16", "512" })
	public int frameSize;

	private FrameDecoder decoder;

	private ByteBuffer chunk;

	/**
	 * Builds one read's worth of encoded frames.
	 */
	@Setup
	public void prepare() {
		FrameCodec frameCodec = switch (this.codec) {
			case "line" -> FrameCodec.line(64 * 1024);
			case "lengthField" -> FrameCodec.lengthField(4, 0, 64 * 1024);
			case "fixedLength" -> FrameCodec.fixedLength(this.frameSize);
			default -> throw new IllegalArgumentException(this.codec);
		};
		byte[] payload = "x".repeat(this.frameSize).getBytes(StandardCharsets.US_ASCII);
		ByteBuffer all = ByteBuffer.allocate(FRAMES_PER_READ * (this.frameSize + 8));
		for (int i = 0; i < FRAMES_PER_READ; i++) {
			all.put(frameCodec.encoder().encode(ByteBuffer.wrap(payload)));
		}
		this.chunk = all.flip();
		this.decoder = frameCodec.newDecoder();
	}

	/**
	 * Decodes one read.
	 * @param frames receives the frames
	 */
	@Benchmark
	public void decodeOneRead(Blackhole frames) {
		this.decoder.decode(this.chunk.duplicate(), frames::consume);
	}

}
