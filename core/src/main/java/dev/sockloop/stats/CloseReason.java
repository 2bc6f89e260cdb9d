package dev.sockloop.stats;

import java.util.Locale;

/**
 * Why a connection was closed: a small, fixed set so that it can be a meter tag.
 */
public enum CloseReason {

	/** The handler completed, or the application closed the connection. */
	COMPLETED,

	/** The peer closed the connection. */
	PEER_CLOSED,

	/** The peer reset the connection, or a read or write failed. */
	RESET,

	/** The handler threw or its publisher errored. */
	HANDLER_ERROR,

	/**
	 * A frame exceeded the codec's maximum length or could not be decoded, or a PROXY protocol
	 * header was missing (where required), malformed or too long.
	 */
	BAD_FRAME,

	/**
	 * The connection was idle, or a read or write did not progress, for too long; or its PROXY
	 * protocol header did not arrive in time.
	 */
	TIMEOUT,

	/** The server refused the connection because it was at its connection limit. */
	REJECTED,

	/** The server was stopping. */
	SHUTDOWN;

	/**
	 * Lower-case name, as used in meter tags.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
