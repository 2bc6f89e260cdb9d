package dev.sockloop.internal.transport;

import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.loop.EventLoop;

/**
 * Where a {@link Listener} hands what it accepts: the server's admission, the loop a connection
 * goes to, and its handler. Listeners call it and know nothing else of their server. Loop threads
 * only.
 */
public interface Acceptor {

	/**
	 * The server the connections belong to.
	 * @return its settings, counters and ids
	 */
	ConnectionOwner owner();

	/**
	 * Admits a connection just accepted, or counts it as rejected (the server is stopping, or at its
	 * connection limit); the listener then closes it at once.
	 * @param acceptingLoop the loop of the listener that accepted it
	 * @return the loop the connection opens on, or {@code null} if it is rejected
	 */
	EventLoop admit(EventLoop acceptingLoop);

	/**
	 * Whether the server admits connections at the moment (it runs and has not begun to stop).
	 * @return {@code true} if connections accepted now would open
	 */
	boolean isAdmitting();

	/**
	 * Runs the server's handler on an admitted connection, on the connection's loop.
	 * @param connection the new connection
	 */
	void start(LoopConnection connection);

	/**
	 * Reports a failure to accept, which a peer can cause: logged at a bounded rate.
	 * @param message what happened, naming the server
	 */
	void warn(String message);

}
