package dev.sockloop.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.sockloop.codec.Chunks.assertDecodesUnderAllSplits;
import static dev.sockloop.codec.Chunks.bytes;
import static dev.sockloop.codec.Chunks.concat;
import static dev.sockloop.codec.Chunks.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LengthFieldFrameDecoderTests {

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 4, 8 })
	void decodeShouldReadEveryHeaderSizeUnderEverySplit(int headerBytes) {
		FrameCodec codec = FrameCodec.lengthField(headerBytes, 0, 16);
		byte[] wire = concat(header(headerBytes, 3), bytes("abc"), header(headerBytes, 0), header(headerBytes, 2),
				bytes("de"));
		assertDecodesUnderAllSplits(codec, wire, List.of(bytes("abc"), bytes(""), bytes("de")));
	}

	@Test
	void decodeShouldAddLengthAdjustmentLikeNetty() {
		// The header counts itself: value = 2 + payload length.
		FrameCodec codec = FrameCodec.lengthField(2, -2, 16);
		assertDecodesUnderAllSplits(codec, concat(header(2, 5), bytes("xyz"), header(2, 2)),
				List.of(bytes("xyz"), bytes("")));
	}

	@Test
	void decodeShouldAddPositiveLengthAdjustment() {
		FrameCodec codec = FrameCodec.lengthField(1, 3, 16);
		assertDecodesUnderAllSplits(codec, concat(header(1, 0), bytes("xyz")), List.of(bytes("xyz")));
	}

	@Test
	void decodeShouldReadHeaderAsUnsigned() {
		FrameCodec codec = FrameCodec.lengthField(1, 0, 255);
		byte[] payload = new byte[255];
		assertThat(decode(codec, List.of(concat(header(1, 255), payload)))).hasSize(1)
			.allSatisfy((frame) -> assertThat(frame).hasSize(255));
	}

	@Test
	void decodeShouldAcceptFrameOfExactlyMaxFrameLength() {
		FrameCodec codec = FrameCodec.lengthField(4, 0, 5);
		assertDecodesUnderAllSplits(codec, concat(header(4, 5), bytes("12345")), List.of(bytes("12345")));
	}

	@Test
	void decodeShouldRejectFrameOneByteOverMaxFrameLengthOnTheHeaderAlone() {
		FrameDecoder decoder = FrameCodec.lengthField(4, 0, 5).newDecoder();
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> decode(decoder, List.of(header(4, 6))))
			.withMessageContaining("6 bytes")
			.withMessageContaining("maximum frame length of 5 bytes")
			.satisfies((ex) -> assertThat(ex.observedLength()).isEqualTo(6));
	}

	@Test
	void decodeShouldRejectHugeEightByteHeaderWithoutAllocating() {
		FrameDecoder decoder = FrameCodec.lengthField(8, 0, 65536).newDecoder();
		// All ones: 2^64 - 1 as unsigned. Allocating it would throw OutOfMemoryError or NegativeArraySize.
		byte[] hostile = { -1, -1, -1, -1, -1, -1, -1, -1 };
		assertThatExceptionOfType(FrameTooLongException.class).isThrownBy(() -> decode(decoder, List.of(hostile)))
			.withMessageContaining("18446744073709551615")
			.withMessageContaining("65536");
	}

	@Test
	void decodeShouldRejectLargePositiveEightByteHeaderWithoutAllocating() {
		FrameDecoder decoder = FrameCodec.lengthField(8, 0, 65536).newDecoder();
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> decode(decoder, List.of(header(8, Long.MAX_VALUE))))
			.satisfies((ex) -> assertThat(ex.observedLength()).isEqualTo(Long.MAX_VALUE));
	}

	@Test
	void decodeShouldRejectOverflowingAdjustment() {
		FrameDecoder decoder = FrameCodec.lengthField(8, 10, 65536).newDecoder();
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> decode(decoder, List.of(header(8, Long.MAX_VALUE - 1))));
	}

	@Test
	void decodeShouldRejectNegativeAdjustedLength() {
		FrameDecoder decoder = FrameCodec.lengthField(2, -4, 100).newDecoder();
		assertThatExceptionOfType(MalformedFrameException.class)
			.isThrownBy(() -> decode(decoder, List.of(header(2, 3))))
			.withMessageContaining("negative frame length of -1");
	}

	@Test
	void decodeShouldRejectOversizedHeaderSplitAcrossChunks() {
		FrameDecoder decoder = FrameCodec.lengthField(4, 0, 100).newDecoder();
		byte[] header = header(4, 101);
		assertThat(decode(decoder, Chunks.split(header, 1, 2).subList(0, 2))).isEmpty();
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> decode(decoder, List.of(new byte[] { header[2], header[3] })));
	}

	@Test
	void decodeShouldHoldOnlyTheBytesThatArrivedAfterAHeaderAnnouncingAMegabyte() {
		BufferingDecoder decoder = (BufferingDecoder) FrameCodec.lengthField(4, 0, 2 << 20).newDecoder();
		assertThat(decode(decoder, List.of(concat(header(4, 1 << 20), bytes("abcde"))))).isEmpty();
		assertThat(decoder.retainedBytes()).isLessThanOrEqualTo(PartialFrame.MIN_CAPACITY);
	}

	@Test
	void decodeShouldAssembleALargeFrameFromManySmallChunksHoldingAtMostTwiceWhatArrived() {
		BufferingDecoder decoder = (BufferingDecoder) FrameCodec.lengthField(4, 0, 1 << 20).newDecoder();
		byte[] payload = new byte[300_000];
		new Random(7).nextBytes(payload);
		byte[] wire = concat(header(4, payload.length), payload, header(4, 2), bytes("ok"));
		List<byte[]> frames = new ArrayList<>();
		Random sizes = new Random(11);
		int at = 0;
		while (at < wire.length) {
			int size = Math.min(wire.length - at, 1 + sizes.nextInt(5000));
			frames.addAll(decode(decoder, List.of(Arrays.copyOfRange(wire, at, at + size))));
			at += size;
			int received = Math.max(0, Math.min(at - 4, payload.length));
			if (frames.isEmpty()) {
				assertThat(decoder.retainedBytes()).as("held after %d payload bytes", received)
					.isLessThanOrEqualTo(Math.max(PartialFrame.MIN_CAPACITY, 2 * received));
			}
		}
		assertThat(frames).hasSize(2);
		assertThat(frames.get(0)).isEqualTo(payload);
		assertThat(frames.get(1)).isEqualTo(bytes("ok"));
		assertThat(decoder.retainedBytes()).isZero();
	}

	@Test
	void factoryShouldRejectUnsupportedHeaderSize() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> FrameCodec.lengthField(3, 0, 10))
			.withMessageContaining("1, 2, 4 or 8");
	}

	static byte[] header(int headerBytes, long value) {
		byte[] header = new byte[headerBytes];
		for (int i = headerBytes - 1; i >= 0; i--) {
			header[i] = (byte) value;
			value >>>= 8;
		}
		return header;
	}

}
