package dev.sockloop.spring;

import java.util.List;

import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.Encoder;

/**
 * The Spring {@link Decoder}s and {@link Encoder}s that turn frames into a handler's own message
 * types and back, the same abstraction WebFlux and RSocket use. For each typed server the first
 * decoder (and encoder) that can handle the handler's declared element type, with the server's
 * {@code sockloop.servers.<name>.content-type} when set, is chosen once at start-up.
 *
 * <p>Auto-configured with Jackson JSON when Jackson and {@code spring-web} are on the class path,
 * using the application's {@code JsonMapper}. Declare a bean of this type to use other formats
 * (CBOR, Protobuf, your own), in the order they should be tried.
 *
 * <p>Each frame is decoded on its own, from the bytes the framing codec cut (at most
 * {@code max-frame-length}): a decoder never buffers across frames.
 */
public final class SocketMessageCodecs {

	private static final SocketMessageCodecs NONE = new SocketMessageCodecs(List.of(), List.of());

	private final List<Decoder<?>> decoders;

	private final List<Encoder<?>> encoders;

	/**
	 * Creates codecs tried in the given order.
	 * @param decoders decoders of inbound frames
	 * @param encoders encoders of outbound messages
	 */
	public SocketMessageCodecs(List<? extends Decoder<?>> decoders, List<? extends Encoder<?>> encoders) {
		this.decoders = List.copyOf(decoders);
		this.encoders = List.copyOf(encoders);
	}

	/**
	 * No codecs: handlers can take and return bytes and text only.
	 * @return empty codecs
	 */
	public static SocketMessageCodecs none() {
		return NONE;
	}

	/**
	 * The decoders, in the order they are tried.
	 * @return the decoders
	 */
	public List<Decoder<?>> decoders() {
		return this.decoders;
	}

	/**
	 * The encoders, in the order they are tried.
	 * @return the encoders
	 */
	public List<Encoder<?>> encoders() {
		return this.encoders;
	}

}
