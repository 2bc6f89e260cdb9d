package dev.sockloop.server;

import dev.sockloop.loop.EventLoop;

/**
 * A listening socket of a server on one loop, whatever the transport.
 */
interface Listener {

	/** @return the loop the listener runs on */
	EventLoop loop();

	/** Loop thread: stops listening and releases the socket. */
	void close();

}
