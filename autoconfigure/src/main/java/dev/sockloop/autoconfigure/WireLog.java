package dev.sockloop.autoconfigure;

import dev.sockloop.wirelog.WireLogFormat;

/**
 * Whether and how a server logs the bytes it reads and writes, at DEBUG on the logger
 * {@code dev.sockloop.wire.<name>}.
 *
 * <p>Kept beside the engine's {@link WireLogFormat} rather than replaced by it: the property's
 * default and documented value {@code none} has no constant there (the engine takes {@code null}
 * for no wire log), and a property cannot be bound to {@code null} by value.
 */
public enum WireLog {

	/** No wire log: payloads never reach the logs. */
	NONE(null),

	/** Offset, hexadecimal bytes and printable ASCII, sixteen bytes a line. */
	HEX(WireLogFormat.HEX),

	/** The bytes as UTF-8 text, with control characters escaped. */
	TEXT(WireLogFormat.TEXT);

	private final WireLogFormat format;

	WireLog(WireLogFormat format) {
		this.format = format;
	}

	/**
	 * The engine's format for this setting.
	 * @return the format, or {@code null} for {@link #NONE}
	 */
	public WireLogFormat format() {
		return this.format;
	}

}
