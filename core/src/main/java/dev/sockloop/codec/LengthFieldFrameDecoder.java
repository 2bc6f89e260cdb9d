package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads frames announced by a big-endian unsigned length header of 1, 2, 4 or 8 bytes. The payload
 * length is the header value plus {@code lengthAdjustment}; the header itself is not part of the frame.
 * The length is checked as soon as the header is complete, and a payload split across chunks is kept
 * as a {@link PartialFrame} that grows with the bytes that arrive: a hostile header costs nothing, and a
 * header followed by a trickle costs the trickle, not the announced length.
 */
final class LengthFieldFrameDecoder implements BufferingDecoder {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final int headerBytes;

	private final int lengthAdjustment;

	private final int maxFrameLength;

	private long header;

	private int headerRead;

	/** Non-null while a payload is being assembled across chunks. */
	private PartialFrame payload;

	LengthFieldFrameDecoder(int headerBytes, int lengthAdjustment, int maxFrameLength) {
		this.headerBytes = headerBytes;
		this.lengthAdjustment = lengthAdjustment;
		this.maxFrameLength = maxFrameLength;
	}

	@Override
	public void decode(ByteBuffer chunk, Consumer<ByteBuffer> frameSink) {
		int position = chunk.position();
		int limit = chunk.limit();
		Buffers.consume(chunk);
		while (position < limit) {
			if (this.payload == null) {
				// Byte by byte: independent of the chunk's byte order, and a header may straddle chunks.
				while (this.headerRead < this.headerBytes && position < limit) {
					this.header = (this.header << 8) | (chunk.get(position++) & 0xFF);
					this.headerRead++;
				}
				if (this.headerRead < this.headerBytes) {
					return;
				}
				int length = payloadLength(this.header);
				this.header = 0;
				this.headerRead = 0;
				if (length == 0) {
					frameSink.accept(EMPTY.duplicate());
					continue;
				}
				if (limit - position >= length) {
					frameSink.accept(Buffers.copy(chunk, position, length));
					position += length;
					continue;
				}
				this.payload = new PartialFrame(length);
			}
			position += this.payload.append(chunk, position, limit);
			if (this.payload.isComplete()) {
				ByteBuffer frame = this.payload.frame();
				this.payload = null;
				frameSink.accept(frame);
			}
		}
	}

	private int payloadLength(long headerValue) {
		if (headerValue < 0) {
			// Only an 8-byte header gets here: an unsigned value of 2^63 or more.
			throw new FrameTooLongException("Length field announces a frame of " + Long.toUnsignedString(headerValue)
					+ " bytes (before adjustment " + this.lengthAdjustment + "), over the maximum frame length of "
					+ this.maxFrameLength + " bytes", this.maxFrameLength, Long.MAX_VALUE);
		}
		long length = headerValue + this.lengthAdjustment;
		if (this.lengthAdjustment > 0 && length < headerValue) {
			throw new FrameTooLongException("Length field value " + headerValue + " plus adjustment "
					+ this.lengthAdjustment + " overflows; the maximum frame length is " + this.maxFrameLength
					+ " bytes", this.maxFrameLength, Long.MAX_VALUE);
		}
		if (length < 0) {
			throw new MalformedFrameException("Length field value " + headerValue + " plus adjustment "
					+ this.lengthAdjustment + " gives a negative frame length of " + length + " bytes");
		}
		if (length > this.maxFrameLength) {
			throw new FrameTooLongException("Length field announces a frame of " + length + " bytes (value "
					+ headerValue + ", adjustment " + this.lengthAdjustment + "), over the maximum frame length of "
					+ this.maxFrameLength + " bytes", this.maxFrameLength, length);
		}
		return (int) length;
	}

	@Override
	public int retainedBytes() {
		return (this.payload != null) ? this.payload.retainedBytes() : 0;
	}

}
