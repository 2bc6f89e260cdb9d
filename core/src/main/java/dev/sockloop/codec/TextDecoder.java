package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

import dev.sockloop.codec.TextCodec.MalformedInputPolicy;

/**
 * Bytes to text for one subscription: either frame by frame (each frame a complete unit) or as a
 * stream of chunks, where a character may be split across chunks and its first bytes are carried over.
 */
final class TextDecoder {

	/** Room for the unfinished character carried between chunks; no charset needs more than 4 bytes. */
	private static final int CARRY_CAPACITY = 16;

	private final Charset charset;

	private final MalformedInputPolicy policy;

	private final CharsetDecoder decoder;

	/** Bytes of an unfinished character, in write mode. */
	private final ByteBuffer carry = ByteBuffer.allocate(CARRY_CAPACITY);

	/** Stream offset of the first byte not yet consumed by the decoder (the first carried byte). */
	private long streamOffset;

	private long frameIndex;

	TextDecoder(Charset charset, MalformedInputPolicy policy) {
		this.charset = charset;
		this.policy = policy;
		CodingErrorAction action = (policy == MalformedInputPolicy.REPLACE) ? CodingErrorAction.REPLACE
				: CodingErrorAction.REPORT;
		this.decoder = charset.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
	}

	/**
	 * Decode one complete frame; bytes of an unfinished character at its end are malformed input.
	 */
	String decodeFrame(ByteBuffer frame) {
		long index = this.frameIndex++;
		if (this.policy == MalformedInputPolicy.REPLACE && frame.hasArray()) {
			// The JDK's own path (intrinsified for UTF-8) replaces malformed input with U+FFFD as well.
			return new String(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining(), this.charset);
		}
		ByteBuffer in = frame.duplicate();
		this.decoder.reset();
		CharBuffer out = CharBuffer.allocate(capacityFor(in.remaining()));
		out = decodeInto(in, out, true, -1, index);
		out = flush(out);
		return out.flip().toString();
	}

	/**
	 * Decode the next chunk of a stream; bytes of a character it leaves unfinished are kept for the next.
	 * The chunk's position and limit are left as they were.
	 */
	String decodeChunk(ByteBuffer chunk) {
		ByteBuffer in = chunk.duplicate();
		int carried = this.carry.position();
		CharBuffer out = CharBuffer.allocate(capacityFor(carried + in.remaining()));
		if (carried > 0) {
			int taken = Math.min(this.carry.remaining(), in.remaining());
			this.carry.put(carried, in, in.position(), taken);
			this.carry.position(0).limit(carried + taken);
			out = decodeInto(this.carry, out, false, this.streamOffset, -1);
			int consumed = this.carry.position();
			this.streamOffset += consumed;
			if (consumed < carried) {
				// Still unfinished: the chunk was too short to complete the character, and all of it is now carried.
				this.carry.compact();
				return out.flip().toString();
			}
			in.position(in.position() + (consumed - carried));
			this.carry.clear();
		}
		int start = in.position();
		out = decodeInto(in, out, false, this.streamOffset, -1);
		this.streamOffset += in.position() - start;
		this.carry.put(in);
		return out.flip().toString();
	}

	/**
	 * End the stream: an unfinished character is malformed input.
	 * @return the last text, or {@code null} if there is none
	 */
	String finish() {
		this.carry.flip();
		CharBuffer out = CharBuffer.allocate(capacityFor(this.carry.remaining()));
		out = decodeInto(this.carry, out, true, this.streamOffset, -1);
		out = flush(out);
		this.carry.clear();
		return (out.position() > 0) ? out.flip().toString() : null;
	}

	private int capacityFor(int bytes) {
		return (int) Math.min(Integer.MAX_VALUE - 8, (long) Math.ceil(bytes * (double) this.decoder.maxCharsPerByte()) + 1);
	}

	/**
	 * Decode {@code in} into {@code out}, growing it as needed.
	 * @param streamBase stream offset of {@code in}'s position, or -1 for frame mode
	 * @param frameIndex index of the frame in frame mode
	 */
	private CharBuffer decodeInto(ByteBuffer in, CharBuffer out, boolean endOfInput, long streamBase,
			long frameIndex) {
		int start = in.position();
		while (true) {
			CoderResult result = this.decoder.decode(in, out, endOfInput);
			if (result.isUnderflow()) {
				return out;
			}
			if (result.isOverflow()) {
				out = grow(out, in.remaining());
				continue;
			}
			int relative = in.position() - start;
			String kind = result.isMalformed() ? "Malformed" : "Unmappable";
			if (streamBase < 0) {
				throw new MalformedFrameException(kind + " " + this.charset.name() + " input at byte offset "
						+ relative + " of frame " + frameIndex, relative);
			}
			long offset = streamBase + relative;
			throw new MalformedFrameException(
					kind + " " + this.charset.name() + " input at byte offset " + offset + " of the stream", offset);
		}
	}

	private CharBuffer flush(CharBuffer out) {
		while (this.decoder.flush(out).isOverflow()) {
			out = grow(out, 0);
		}
		return out;
	}

	private static CharBuffer grow(CharBuffer out, int moreBytes) {
		CharBuffer grown = CharBuffer.allocate(Math.max(16, out.capacity() * 2 + moreBytes));
		out.flip();
		grown.put(out);
		return grown;
	}

}
