/**
 * The {@code sockloop} Actuator endpoint: {@link dev.sockloop.autoconfigure.endpoint.SockloopEndpoint}
 * describes the event loops (transport, threads) and every running server (address, settings,
 * connections and counters), and its auto-configuration registers it when Actuator is on the
 * class path.
 */
package dev.sockloop.autoconfigure.endpoint;
