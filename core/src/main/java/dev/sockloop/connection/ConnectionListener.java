package dev.sockloop.connection;

import dev.sockloop.stats.CloseReason;

/**
 * Told when a server's connections open and close: the hook for observations, application events
 * and audit logs. Register one with
 * {@link dev.sockloop.server.SocketServerBuilder#listener(ConnectionListener)}.
 *
 * <p>Both calls are made on the connection's event loop: they must return quickly and never block
 * (hand anything slow to another thread). A listener that throws is logged and otherwise ignored:
 * the connection goes on.
 */
@FunctionalInterface
public interface ConnectionListener {

	/**
	 * A connection was accepted: called before its handler, and for TLS before the handshake, so
	 * with the connection as accepted (its id, server name and addresses; not its TLS session).
	 * @param connection the connection
	 * @return told once, when this connection closes; {@code null} if this listener need not know
	 */
	OnClose opened(Connection connection);

	/**
	 * Told when one connection closes.
	 */
	@FunctionalInterface
	interface OnClose {

		/**
		 * The connection closed; called once, on its event loop.
		 * @param reason why
		 */
		void closed(CloseReason reason);

	}

}
