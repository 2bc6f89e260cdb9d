package dev.sockloop.autoconfigure;

import java.nio.ByteBuffer;
import java.util.Map;

import dev.sockloop.codec.FrameException;
import dev.sockloop.spring.SocketMessageCodecs;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.Encoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.util.StringUtils;

/**
 * Turns one frame into one message of a handler's own type and one message into one frame, with
 * the Spring {@link Decoder} and {@link Encoder} chosen for the server at start-up.
 *
 * <p>Each frame is decoded on its own from the bytes the framing codec cut, so decoding holds no
 * more than {@code max-frame-length} plus the message it builds. A frame that does not decode is
 * the peer's fault: it fails as a {@link FrameException}, which closes the connection as a bad
 * frame. The exception's message names the type and the content type, never the payload (a
 * decoder's own message quotes it, and the peer chooses it).
 */
final class MessageCodec {

	private static final Map<String, Object> NO_HINTS = Map.of();

	private final Decoder<?> decoder;

	private final ResolvableType inboundType;

	private final Encoder<Object> encoder;

	private final ResolvableType outboundType;

	private final MimeType contentType;

	private MessageCodec(Decoder<?> decoder, ResolvableType inboundType, Encoder<Object> encoder,
			ResolvableType outboundType, MimeType contentType) {
		this.decoder = decoder;
		this.inboundType = inboundType;
		this.encoder = encoder;
		this.outboundType = outboundType;
		this.contentType = contentType;
	}

	/**
	 * Chooses the decoder and encoder for a server's message types.
	 * @param serverName the server's name, for error messages
	 * @param codecs the codecs to choose from, in order
	 * @param contentType the server's content type, or {@code null} to take the first codec that
	 * handles the declared type
	 * @param inboundType the inbound message type, or {@code null} if the handler takes none
	 * @param outboundType the outbound message type, or {@code null} if the handler returns none
	 * @return the codec
	 * @throws IllegalStateException naming the property when no codec handles a type
	 */
	/**
	 * The message codec a handler needs, if any.
	 * @param serverName the server's name, for error messages
	 * @param signature the handler's shape
	 * @param settings the server's settings
	 * @param codecs the codecs to choose from
	 * @return the codec, or {@code null} when the handler takes and returns only bytes and text
	 * @throws IllegalStateException naming the property when the content type is invalid or no codec
	 * handles a type
	 */
	static MessageCodec forHandler(String serverName, HandlerMethodSignature signature,
			SockloopProperties.Server settings, SocketMessageCodecs codecs) {
		if (!signature.inboundIsMessage() && !signature.outboundIsMessage()) {
			return null;
		}
		return of(serverName, codecs, contentType(serverName, settings.getContentType()),
				signature.inboundIsMessage() ? signature.inboundType() : null,
				signature.outboundIsMessage() ? signature.outboundType() : null);
	}

	private static MimeType contentType(String serverName, String contentType) {
		if (!StringUtils.hasText(contentType)) {
			return null;
		}
		try {
			return MimeTypeUtils.parseMimeType(contentType.trim());
		}
		catch (InvalidMimeTypeException ex) {
			throw new IllegalStateException("Sockloop server '" + serverName + "': 'sockloop.servers." + serverName
					+ ".content-type' must be a content type such as application/json, was '" + contentType + "'.");
		}
	}

	@SuppressWarnings("unchecked")
	static MessageCodec of(String serverName, SocketMessageCodecs codecs, MimeType contentType,
			ResolvableType inboundType, ResolvableType outboundType) {
		Decoder<?> decoder = null;
		if (inboundType != null) {
			decoder = codecs.decoders()
				.stream()
				.filter((candidate) -> candidate.canDecode(inboundType, contentType))
				.findFirst()
				.orElseThrow(() -> missing(serverName, "Decoder", inboundType, contentType));
		}
		Encoder<?> encoder = null;
		if (outboundType != null) {
			encoder = codecs.encoders()
				.stream()
				.filter((candidate) -> candidate.canEncode(outboundType, contentType))
				.findFirst()
				.orElseThrow(() -> missing(serverName, "Encoder", outboundType, contentType));
		}
		return new MessageCodec(decoder, inboundType, (Encoder<Object>) encoder, outboundType, contentType);
	}

	private static IllegalStateException missing(String serverName, String kind, ResolvableType type,
			MimeType contentType) {
		return new IllegalStateException("Sockloop server '" + serverName + "': no " + kind + " for " + type
				+ ((contentType != null) ? " as " + contentType : "") + " (sockloop.servers." + serverName
				+ ".content-type is " + ((contentType != null) ? "'" + contentType + "'" : "not set")
				+ "). For JSON put Jackson (spring-boot-starter-jackson) and spring-web on the class path, "
				+ "or declare a SocketMessageCodecs bean.");
	}

	/**
	 * Decodes one frame.
	 * @param frame the frame's bytes
	 * @return the message
	 * @throws FrameException if the frame is not a valid message
	 */
	Object decode(ByteBuffer frame) {
		int length = frame.remaining();
		Object message;
		try {
			DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.wrap(frame);
			message = this.decoder.decode(buffer, this.inboundType, this.contentType, NO_HINTS);
		}
		catch (RuntimeException ex) {
			throw new FrameException("Frame of " + length + " bytes is not a valid " + describe(this.inboundType)
					+ " (" + rootCauseName(ex) + ")", ex);
		}
		if (message == null) {
			throw new FrameException("Frame of " + length + " bytes holds no " + describe(this.inboundType));
		}
		return message;
	}

	/**
	 * Encodes one message.
	 * @param message the message
	 * @return the frame's bytes, positioned at 0
	 */
	ByteBuffer encode(Object message) {
		DataBuffer buffer = this.encoder.encodeValue(message, DefaultDataBufferFactory.sharedInstance,
				this.outboundType, this.contentType, NO_HINTS);
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return ByteBuffer.wrap(bytes);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private String describe(ResolvableType type) {
		return type.toClass().getSimpleName() + ((this.contentType != null) ? " as " + this.contentType : "");
	}

	private static String rootCauseName(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName();
	}

}
