package dev.sockloop.codec;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.sockloop.codec.Chunks.bytes;
import static dev.sockloop.codec.Chunks.concat;
import static dev.sockloop.codec.Chunks.decode;
import static org.assertj.core.api.Assertions.assertThat;

class RawFrameDecoderTests {

	@Test
	void decodeShouldPassEveryNonEmptyChunkThroughUnderEverySplit() {
		byte[] wire = bytes("anything\n\u0000at all");
		for (List<byte[]> chunks : Chunks.allSplits(wire)) {
			List<byte[]> frames = decode(FrameCodec.raw(), chunks);
			assertThat(concat(frames)).isEqualTo(wire);
			assertThat(frames).noneSatisfy((frame) -> assertThat(frame).isEmpty());
		}
	}

	@Test
	void decodeShouldCopyTheChunk() {
		java.nio.ByteBuffer chunk = java.nio.ByteBuffer.wrap(bytes("abc"));
		java.util.List<java.nio.ByteBuffer> frames = new java.util.ArrayList<>();
		FrameCodec.raw().newDecoder().decode(chunk, frames::add);
		chunk.array()[0] = 'X';
		assertThat(Chunks.toArray(frames.get(0))).isEqualTo(bytes("abc"));
	}

	@Test
	void rawShouldHaveNoFrameLimit() {
		assertThat(FrameCodec.raw().maxFrameLength()).isEqualTo(Integer.MAX_VALUE);
	}

}
