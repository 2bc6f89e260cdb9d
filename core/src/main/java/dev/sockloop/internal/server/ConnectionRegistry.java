package dev.sockloop.internal.server;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.reactivestreams.Publisher;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;

/**
 * A server's open connections by id, as its handler sees them (for TLS, the decrypting connection,
 * so that what is sent through the registry is encrypted): wraps the application's handler, inside
 * TLS and the wire log, to take each connection as the handler is called, and lets go of it when
 * the connection underneath closes. Costs one map entry per open connection.
 */
public final class ConnectionRegistry implements ConnectionHandler {

	private final ConcurrentHashMap<Long, Connection> connections = new ConcurrentHashMap<>();

	private final Collection<Connection> view = Collections.unmodifiableCollection(this.connections.values());

	private final ConnectionHandler delegate;

	public ConnectionRegistry(ConnectionHandler delegate) {
		this.delegate = delegate;
	}

	@Override
	public Publisher<Void> handle(Connection connection) {
		long id = connection.id();
		this.connections.put(id, connection);
		if (!connection.isOpen()) {
			// Closed before it was taken (a TLS connection reset as its handshake completed): the
			// close has already let go of its id, so it must not stay.
			this.connections.remove(id, connection);
		}
		return this.delegate.handle(connection);
	}

	/**
	 * Lets go of a connection that has closed. Called on its loop.
	 * @param id the connection's id
	 */
	public void closed(long id) {
		this.connections.remove(id);
	}

	/** @return the open connections, a live unmodifiable view */
	public Collection<Connection> connections() {
		return this.view;
	}

	/** @return the open connection of that id, if any */
	public Optional<Connection> connection(long id) {
		return Optional.ofNullable(this.connections.get(id));
	}

}
