package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import dev.sockloop.internal.connection.FrameSource;

/**
 * How a server cuts its byte streams into frames and back: a named, immutable factory of
 * {@link FrameDecoder decoders} (one per connection) and a shared {@link FrameEncoder encoder}. One
 * instance serves a whole server.
 * <p>
 * Every codec has a maximum frame length that bounds what a peer can make a connection buffer; a frame
 * over it fails decoding with {@link FrameTooLongException}.
 */
public final class FrameCodec {

	/**
	 * Chunks pulled from upstream ahead of demand by {@link #decode(Flux)}. One chunk can hold many
	 * frames, so demand for frames is served from the current chunk and only then from the next: a
	 * subscriber that requests one frame at a time keeps at most this many chunks beyond the one being
	 * cut up.
	 */
	private static final int CHUNK_PREFETCH = 1;

	private static final FrameCodec RAW = new FrameCodec("raw", "raw", Integer.MAX_VALUE, RawFrameDecoder::new,
			frame -> frame, (maxFrameLength) -> FrameCodec.RAW);

	private final String name;

	private final String description;

	private final int maxFrameLength;

	private final Supplier<FrameDecoder> decoderFactory;

	private final FrameEncoder encoder;

	/** The same codec with another maximum frame length. */
	private final IntFunction<FrameCodec> resized;

	private FrameCodec(String name, String description, int maxFrameLength, Supplier<FrameDecoder> decoderFactory,
			FrameEncoder encoder, IntFunction<FrameCodec> resized) {
		this.name = name;
		this.description = description;
		this.maxFrameLength = maxFrameLength;
		this.decoderFactory = decoderFactory;
		this.encoder = encoder;
		this.resized = resized;
	}

	/**
	 * No framing: each chunk read from the socket is one frame, and frames are written as they are.
	 * Chunk sizes are whatever the reads return, so this codec has no frame limit of its own.
	 * @return the raw codec
	 */
	public static FrameCodec raw() {
		return RAW;
	}

	/**
	 * Lines ended by LF; a CR before the LF is dropped too, so CRLF works. Frames exclude the line end;
	 * encoding appends LF.
	 * @param maxFrameLength longest line in bytes, without its line end
	 * @return a line codec
	 */
	public static FrameCodec line(int maxFrameLength) {
		checkMaxFrameLength(maxFrameLength);
		byte[] lineFeed = { '\n' };
		return new FrameCodec("line", "line, maxFrameLength=" + maxFrameLength,
				maxFrameLength, () -> new DelimiterFrameDecoder(lineFeed, true, maxFrameLength),
				new DelimiterFrameEncoder(lineFeed), FrameCodec::line);
	}

	/**
	 * Frames ended by a delimiter of one or more bytes, which is not part of the frame; encoding appends
	 * it.
	 * @param delimiter the delimiter bytes (copied)
	 * @param maxFrameLength longest frame in bytes, without the delimiter
	 * @return a delimiter codec
	 */
	public static FrameCodec delimiter(byte[] delimiter, int maxFrameLength) {
		if (delimiter == null || delimiter.length == 0) {
			throw new IllegalArgumentException("Delimiter must have at least one byte");
		}
		checkMaxFrameLength(maxFrameLength);
		byte[] copy = delimiter.clone();
		return new FrameCodec("delimiter",
				"delimiter 0x" + HexFormat.of().formatHex(copy) + printable(copy) + ", maxFrameLength="
						+ maxFrameLength,
				maxFrameLength, () -> new DelimiterFrameDecoder(copy, false, maxFrameLength),
				new DelimiterFrameEncoder(copy), (resized) -> delimiter(copy, resized));
	}

	/**
	 * Frames of one fixed length; encoding rejects frames of any other length.
	 * @param frameLength bytes per frame, also the maximum frame length
	 * @return a fixed-length codec
	 */
	public static FrameCodec fixedLength(int frameLength) {
		if (frameLength <= 0) {
			throw new IllegalArgumentException("Frame length must be positive, was " + frameLength);
		}
		// The frame length is the bound: nothing to resize.
		return new FrameCodec("fixed-length", "fixed-length, frameLength=" + frameLength, frameLength,
				() -> new FixedLengthFrameDecoder(frameLength), new FixedLengthFrameEncoder(frameLength), null);
	}

	/**
	 * Frames preceded by a big-endian unsigned length header, as with Netty's
	 * {@code LengthFieldBasedFrameDecoder} at offset 0 with the header stripped: the frame is
	 * {@code header value + lengthAdjustment} bytes long. A header announcing a negative length or one
	 * over {@code maxFrameLength} fails as soon as it is read. Encoding prepends the header.
	 * @param headerBytes header size: 1, 2, 4 or 8
	 * @param lengthAdjustment added to the header value to get the frame length (for example
	 * {@code -headerBytes} when the header counts itself)
	 * @param maxFrameLength longest frame in bytes, without the header
	 * @return a length-field codec
	 */
	public static FrameCodec lengthField(int headerBytes, int lengthAdjustment, int maxFrameLength) {
		if (headerBytes != 1 && headerBytes != 2 && headerBytes != 4 && headerBytes != 8) {
			throw new IllegalArgumentException("Length header must be 1, 2, 4 or 8 bytes, was " + headerBytes);
		}
		checkMaxFrameLength(maxFrameLength);
		return new FrameCodec("length-field",
				"length-field, headerBytes=" + headerBytes + ", lengthAdjustment=" + lengthAdjustment
						+ ", maxFrameLength=" + maxFrameLength,
				maxFrameLength, () -> new LengthFieldFrameDecoder(headerBytes, lengthAdjustment, maxFrameLength),
				new LengthFieldFrameEncoder(headerBytes, lengthAdjustment, maxFrameLength),
				(resized) -> lengthField(headerBytes, lengthAdjustment, resized));
	}

	/**
	 * Your own framing: a decoder per connection and a shared encoder, held to a maximum frame
	 * length whatever they do. Each decoder is created with the maximum frame length, so it can
	 * reject an announced length as soon as it reads it (throw {@link FrameTooLongException}), and
	 * should never allocate more than that for one frame. The codec also checks, around the
	 * decoder, that no frame it hands out is longer than the maximum, and that the decoder is not
	 * made to hold more than the maximum plus {@value BoundedFrameDecoder#HEADER_ALLOWANCE} bytes
	 * without completing a frame (counted from where the last frame ended, as far as the decoder
	 * advances the chunk's position); either fails decoding with {@link FrameTooLongException}. The
	 * encoder's frames are held to the maximum too.
	 * <p>
	 * Decoders follow {@link FrameDecoder}'s contract: consume the whole chunk, keep an incomplete
	 * frame for the next call, hand out fresh buffers, throw {@link MalformedFrameException} for input
	 * that breaks the protocol.
	 * @param name the codec's name, for logs and the actuator endpoint
	 * @param maxFrameLength longest frame in bytes
	 * @param decoders creates a decoder for one connection, given the maximum frame length
	 * @param encoder turns a frame into its bytes on the wire; stateless and thread-safe
	 * @return a codec of your own
	 */
	public static FrameCodec custom(String name, int maxFrameLength, IntFunction<? extends FrameDecoder> decoders,
			FrameEncoder encoder) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("Codec name must not be blank");
		}
		if (decoders == null || encoder == null) {
			throw new IllegalArgumentException("Codec '" + name + "' needs a decoder factory and an encoder");
		}
		checkMaxFrameLength(maxFrameLength);
		return new FrameCodec(name, name + ", maxFrameLength=" + maxFrameLength, maxFrameLength,
				() -> new BoundedFrameDecoder(decoders.apply(maxFrameLength), maxFrameLength),
				new BoundedFrameEncoder(encoder, maxFrameLength),
				(resized) -> custom(name, resized, decoders, encoder));
	}

	/**
	 * This codec with another maximum frame length, for a server whose settings bound its frames:
	 * the same framing with a new limit. The fixed-length and raw codecs, whose bound is the
	 * frame length or none, are returned as they are.
	 * @param maxFrameLength longest frame in bytes
	 * @return a codec bounded by {@code maxFrameLength}
	 */
	public FrameCodec withMaxFrameLength(int maxFrameLength) {
		if (this.resized == null || maxFrameLength == this.maxFrameLength) {
			return this;
		}
		return this.resized.apply(maxFrameLength);
	}

	/**
	 * The codec's kind: {@code raw}, {@code line}, {@code delimiter}, {@code fixed-length},
	 * {@code length-field}, or the name given to a {@link #custom custom} codec.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * A new decoder with its own state, for one connection.
	 * @return a fresh decoder
	 */
	public FrameDecoder newDecoder() {
		return this.decoderFactory.get();
	}

	/**
	 * The encoder, which is stateless and may be shared.
	 * @return the encoder
	 */
	public FrameEncoder encoder() {
		return this.encoder;
	}

	/**
	 * Whether {@link #decode} can end in a {@link FrameException}: every codec but {@link #raw()},
	 * which hands on whatever it reads.
	 * @return {@code false} for the raw codec
	 */
	public boolean rejectsFrames() {
		return this != RAW;
	}

	/**
	 * Longest frame this codec accepts, in bytes ({@link Integer#MAX_VALUE} for {@link #raw()}).
	 * @return the maximum frame length
	 */
	public int maxFrameLength() {
		return this.maxFrameLength;
	}

	/**
	 * Cut a stream of chunks into frames, with a fresh decoder for each subscription. Demand is honoured:
	 * frames are served from the chunk at hand before another chunk is requested. A frame error
	 * ({@link FrameException}) is signalled after the frames that preceded it, and cancels the inbound.
	 * The raw codec returns {@code inbound} itself: its chunks already belong to the subscriber
	 * (the engine hands out copies), and a pass-through stage would cost a copy and an operator per
	 * read.
	 * <p>
	 * A plain connection's own {@code receive()} is decoded on its event loop, straight from the
	 * loop's read buffer, and read again only once the frames of the last read have been taken: a
	 * connection holds at most one read's frames (64 KiB of them) beyond the unfinished frame the
	 * decoder keeps.
	 * @param inbound chunks as read
	 * @return the frames, each a heap buffer the subscriber owns
	 */
	public Flux<ByteBuffer> decode(Flux<ByteBuffer> inbound) {
		if (this == RAW) {
			return inbound;
		}
		if (inbound instanceof FrameSource source) {
			return source.frames(this.decoderFactory);
		}
		return Flux.defer(() -> {
			FrameDecoder decoder = newDecoder();
			return inbound.concatMapIterable(chunk -> DecodedFrames.decode(decoder, chunk), CHUNK_PREFETCH);
		});
	}

	/**
	 * Encode each frame for the wire.
	 * @param frames the frames to write
	 * @return the encoded frames, in order
	 */
	public Flux<ByteBuffer> encode(Publisher<ByteBuffer> frames) {
		if (this == RAW) {
			return Flux.from(frames);
		}
		return Flux.from(frames).map(this.encoder::encode);
	}

	@Override
	public String toString() {
		return "FrameCodec[" + this.description + "]";
	}

	private static void checkMaxFrameLength(int maxFrameLength) {
		if (maxFrameLength <= 0) {
			throw new IllegalArgumentException("Maximum frame length must be positive, was " + maxFrameLength);
		}
	}

	private static String printable(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0x20 || b > 0x7e) {
				return "";
			}
		}
		return " (\"" + new String(bytes, StandardCharsets.US_ASCII) + "\")";
	}

}
