package dev.sockloop.server;

import java.util.Locale;

/**
 * Where a {@link SocketServer} stands between start and stop, as health checks and operators see
 * it.
 */
public enum ServerState {

	/** Listening and admitting new connections. */
	ACCEPTING,

	/**
	 * Not accepting (paused, or stopping) while connections are still open: they are given time to
	 * finish.
	 */
	DRAINING,

	/** Paused with no connection left open: it can resume accepting. */
	DRAINED,

	/** Stopped: it will never accept again. */
	STOPPED;

	/**
	 * The state's name for health details, logs and tags.
	 * @return the lower-case name, such as {@code draining}
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
