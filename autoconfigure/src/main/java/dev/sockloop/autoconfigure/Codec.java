package dev.sockloop.autoconfigure;

/**
 * How a server cuts the byte stream into frames, inbound and outbound.
 */
public enum Codec {

	/**
	 * Whatever the server's properties say ({@code sockloop.servers.<name>.codec}), raw when unset.
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
