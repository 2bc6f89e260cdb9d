package dev.sockloop.server;

/**
 * How a server spreads new connections over its event loops.
 */
public enum AcceptMode {

	/**
	 * Every loop has its own listening socket bound with {@code SO_REUSEPORT}; the kernel spreads
	 * connections and no loop wakes for another's accept. The default.
	 */
	REUSE_PORT,

	/**
	 * One listening socket on the first loop, which hands accepted connections to the loops in
	 * turn.
	 */
	SINGLE_ACCEPTOR

}
