package dev.sockloop.wirelog;

/**
 * Whether and how {@link WireLoggingHandler} renders the bytes it logs.
 */
public enum WireLogFormat {

	/**
	 * No wire log: payloads never reach the logs, and no {@link WireLoggingHandler} is created. The
	 * same as passing {@code null} to the builder, and a value a property can be bound to.
	 */
	NONE,

	/** Offset, hexadecimal bytes and printable ASCII, sixteen bytes a line. */
	HEX,

	/** The bytes as UTF-8 text, with control characters escaped. */
	TEXT

}
