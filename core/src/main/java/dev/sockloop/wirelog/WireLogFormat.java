package dev.sockloop.wirelog;

/**
 * How {@link WireLoggingHandler} renders the bytes it logs.
 */
public enum WireLogFormat {

	/** Offset, hexadecimal bytes and printable ASCII, sixteen bytes a line. */
	HEX,

	/** The bytes as UTF-8 text, with control characters escaped. */
	TEXT

}
