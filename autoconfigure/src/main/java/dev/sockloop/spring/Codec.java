package dev.sockloop.spring;

/**
 * How a server cuts the byte stream into frames, inbound and outbound.
 *
 * <p>Kept beside the engine's {@link dev.sockloop.codec.FrameCodec} rather than replaced by it: an
 * annotation attribute must be a constant, and {@code FrameCodec} is a class built from parameters
 * (delimiter, lengths) that the properties supply; {@link #DEFAULT} ("take it from the properties")
 * has no engine counterpart at all.
 */
public enum Codec {

	/**
	 * Whatever the server's properties say ({@code sockloop.servers.<name>.codec}), raw when unset.
	 * The property also takes the name of a {@link dev.sockloop.codec.FrameCodec} bean, for a
	 * framing of your own ({@link dev.sockloop.codec.FrameCodec#custom}).
	 */
	DEFAULT,

	/** No framing: each read is one frame, each written buffer goes out as it is. */
	RAW,

	/** Lines ending with LF, a preceding CR being dropped; outbound frames get an LF appended. */
	LINE,

	/** Frames ending with the configured delimiter bytes. */
	DELIMITER,

	/** Frames of the configured fixed length. */
	FIXED_LENGTH,

	/** Frames prefixed with a big-endian length field of 1, 2, 4 or 8 bytes. */
	LENGTH_FIELD

}
