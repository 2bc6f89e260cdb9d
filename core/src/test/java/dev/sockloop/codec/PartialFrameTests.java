package dev.sockloop.codec;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartialFrameTests {

	@Test
	void holdsNothingBeforeTheFirstBytes() {
		assertThat(new PartialFrame(1 << 20).retainedBytes()).isZero();
	}

	@Test
	void growsWithWhatArrivesNotWithTheFrameLength() {
		PartialFrame frame = new PartialFrame(1 << 20);
		int received = 0;
		for (int size : new int[] { 5, 1, 300, 1000, 7, 40_000, 3 }) {
			received += frame.append(ByteBuffer.allocate(size), 0, size);
			assertThat(frame.retainedBytes()).as("after %d bytes", received)
				.isLessThanOrEqualTo(Math.max(PartialFrame.MIN_CAPACITY, 2 * received))
				.isGreaterThanOrEqualTo(received);
		}
		assertThat(frame.isComplete()).isFalse();
	}

	@Test
	void takesOnlyWhatTheFrameLacksAndEndsAsAnArrayOfExactlyTheFrameLength() {
		PartialFrame frame = new PartialFrame(1000);
		ByteBuffer chunk = ByteBuffer.allocate(700);
		for (int i = 0; i < 700; i++) {
			chunk.put(i, (byte) i);
		}
		assertThat(frame.append(chunk, 0, 700)).isEqualTo(700);
		assertThat(frame.append(chunk, 100, 700)).as("the rest of the frame only").isEqualTo(300);
		assertThat(frame.isComplete()).isTrue();
		ByteBuffer assembled = frame.frame();
		assertThat(assembled.position()).isZero();
		assertThat(assembled.remaining()).isEqualTo(1000);
		assertThat(assembled.array()).hasSize(1000);
		assertThat(assembled.get(699)).isEqualTo((byte) 699);
		assertThat(assembled.get(700)).isEqualTo((byte) 100);
		assertThat(assembled.get(999)).isEqualTo((byte) 399);
	}

}
