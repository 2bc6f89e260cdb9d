package dev.sockloop.autoconfigure;

import javax.net.ssl.SSLEngine;

import dev.sockloop.connection.Connection;
import dev.sockloop.tls.TlsEngineFactory;

/**
 * The engine factory of a server whose SSL bundle can be reloaded: every accepted connection takes
 * an engine from the factory current at that moment, so a {@link #swap} reaches new connections at
 * once while those already open keep the engine (and the certificate) they started with.
 */
final class SwappableTlsEngines implements TlsEngineFactory {

	/** Read once per accepted connection: a volatile read is all a swap costs the accept path. */
	private volatile TlsEngineFactory current;

	SwappableTlsEngines(TlsEngineFactory initial) {
		this.current = initial;
	}

	/**
	 * Makes {@code engines} the factory of every connection accepted from now on.
	 * @param engines the new factory
	 */
	void swap(TlsEngineFactory engines) {
		this.current = engines;
	}

	@Override
	public SSLEngine createEngine(Connection connection) {
		return this.current.createEngine(connection);
	}

}
