package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Converts frames to and from text in one charset, with a policy for bytes that are not valid in it.
 * Immutable and shareable; decoding state lives in each subscription.
 */
public final class TextCodec {

	/** What to do with bytes that are not valid in the charset. */
	public enum MalformedInputPolicy {

		/** Replace each malformed sequence with U+FFFD and go on. */
		REPLACE,

		/** Fail with {@link MalformedFrameException}, naming the byte offset, so the connection closes. */
		CLOSE

	}

	/** UTF-8, replacing malformed input. */
	public static final TextCodec UTF_8 = new TextCodec(StandardCharsets.UTF_8, MalformedInputPolicy.REPLACE);

	private final Charset charset;

	private final MalformedInputPolicy policy;

	/**
	 * Create a text codec.
	 * @param charset the charset of the text on the wire
	 * @param policy what to do with bytes that are not valid in the charset
	 */
	public TextCodec(Charset charset, MalformedInputPolicy policy) {
		this.charset = Objects.requireNonNull(charset, "charset");
		this.policy = Objects.requireNonNull(policy, "policy");
	}

	/**
	 * UTF-8, replacing malformed input.
	 * @return {@link #UTF_8}
	 */
	public static TextCodec utf8() {
		return UTF_8;
	}

	/**
	 * The charset of the text on the wire.
	 * @return the charset
	 */
	public Charset charset() {
		return this.charset;
	}

	/**
	 * What happens to bytes that are not valid in the charset.
	 * @return the policy
	 */
	public MalformedInputPolicy policy() {
		return this.policy;
	}

	/**
	 * Whether decoding can end in a {@link MalformedFrameException}: only under
	 * {@link MalformedInputPolicy#CLOSE}; replacing never fails.
	 * @return {@code true} if bad input ends the decoded stream with an error
	 */
	public boolean rejectsMalformedInput() {
		return this.policy == MalformedInputPolicy.CLOSE;
	}

	/**
	 * Decode each frame, a complete unit of text, into one string (an empty frame gives an empty string).
	 * Bytes of an unfinished character at the end of a frame are malformed input. Use
	 * {@link #decodeChunks(Flux)} for raw chunks, where characters may be split.
	 * @param frames the frames
	 * @return one string per frame
	 */
	public Flux<String> decode(Flux<ByteBuffer> frames) {
		return Flux.defer(() -> {
			TextDecoder decoder = new TextDecoder(this.charset, this.policy);
			return frames.map(decoder::decodeFrame);
		});
	}

	/**
	 * Decode a stream of chunks in which a character may be split between chunks: its first bytes are
	 * carried over to the next chunk. Emits the text each chunk completes (chunks that complete no
	 * character emit nothing); an unfinished character at the end of the stream is malformed input. Under
	 * {@link MalformedInputPolicy#CLOSE} the error names the offset within the whole stream.
	 * @param chunks the chunks, in stream order
	 * @return the text, in pieces that follow the chunks
	 */
	public Flux<String> decodeChunks(Flux<ByteBuffer> chunks) {
		return Flux.defer(() -> {
			TextDecoder decoder = new TextDecoder(this.charset, this.policy);
			return chunks.map(decoder::decodeChunk)
				.filter((text) -> !text.isEmpty())
				.concatWith(Mono.fromCallable(decoder::finish));
		});
	}

	/**
	 * Frame an inbound byte stream with {@code framing} and decode the frames: frame by frame, or as a
	 * stream of chunks for the {@link FrameCodec#raw() raw} codec, whose frames may split characters.
	 * @param inbound chunks as read from the connection
	 * @param framing the server's frame codec
	 * @return the text
	 */
	public Flux<String> decode(Flux<ByteBuffer> inbound, FrameCodec framing) {
		Flux<ByteBuffer> frames = framing.decode(inbound);
		return "raw".equals(framing.name()) ? decodeChunks(frames) : decode(frames);
	}

	/**
	 * Encode each string into a buffer. Characters the charset cannot represent are replaced with the
	 * charset's replacement bytes, whatever the policy: the policy guards against peers, not against the
	 * application's own text.
	 * @param text the strings to write
	 * @return one heap buffer per string
	 */
	public Flux<ByteBuffer> encode(Publisher<String> text) {
		return Flux.from(text).map(this::encode);
	}

	/**
	 * Encode one string.
	 * @param text the string
	 * @return a heap buffer holding its bytes
	 */
	public ByteBuffer encode(String text) {
		return ByteBuffer.wrap(text.getBytes(this.charset));
	}

	/**
	 * Decode one frame, a complete unit of text, as {@link #decode(Flux)} does for each frame: for
	 * callers that take frames one at a time, such as a client's exchanges.
	 * @param frame the frame's bytes, from position to limit; left as they were
	 * @return the text
	 * @throws MalformedFrameException under {@link MalformedInputPolicy#CLOSE} if the bytes are not
	 * valid in the charset
	 */
	public String decode(ByteBuffer frame) {
		return new TextDecoder(this.charset, this.policy).decodeFrame(frame);
	}

	@Override
	public String toString() {
		return "TextCodec[" + this.charset.name() + ", " + this.policy + "]";
	}

}
