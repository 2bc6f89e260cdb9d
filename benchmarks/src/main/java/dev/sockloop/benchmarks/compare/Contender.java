package dev.sockloop.benchmarks.compare;

import dev.sockloop.benchmarks.server.Transport;

/**
 * One server configuration in a comparison: a transport, with or without metrics.
 *
 * @param transport the echo server's transport
 * @param metrics whether metrics are on (scenario G)
 */
record Contender(Transport transport, boolean metrics) {

	/**
	 * Name in tables and charts.
	 * @return for example {@code netty} or {@code sockloop+metrics}
	 */
	String label() {
		return this.metrics ? this.transport.cliName() + "+metrics" : this.transport.cliName();
	}

}
