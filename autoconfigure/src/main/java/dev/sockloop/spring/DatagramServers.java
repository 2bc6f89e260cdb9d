package dev.sockloop.spring;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sockloop.datagram.DatagramServer;

/**
 * The running Sockloop datagram (UDP) servers of the application, by name, in start order.
 * Metrics, health and the management endpoint find them here. Servers appear once started and
 * disappear once stopped. Safe for use from any thread.
 */
public final class DatagramServers {

	/** Replaced whole on each change, so readers iterate a snapshot without locking. */
	private volatile Map<String, DatagramServerRegistration> registrations = Map.of();

	/**
	 * The running server of the given name.
	 * @param name the server name
	 * @return the server, or {@code null} if no datagram server of that name is running
	 */
	public DatagramServer get(String name) {
		DatagramServerRegistration registration = this.registrations.get(name);
		return (registration != null) ? registration.server() : null;
	}

	/**
	 * Running servers by name, in start order.
	 * @return an unmodifiable snapshot
	 */
	public Map<String, DatagramServer> asMap() {
		Map<String, DatagramServer> servers = new LinkedHashMap<>();
		this.registrations.forEach((name, registration) -> servers.put(name, registration.server()));
		return Collections.unmodifiableMap(servers);
	}

	/**
	 * Registrations of the running servers, in start order.
	 * @return an unmodifiable snapshot
	 */
	public Collection<DatagramServerRegistration> registrations() {
		return this.registrations.values();
	}

	/**
	 * Adds a server that has started. Called by the auto-configuration.
	 * @param registration the server's registration
	 */
	public synchronized void add(DatagramServerRegistration registration) {
		Map<String, DatagramServerRegistration> copy = new LinkedHashMap<>(this.registrations);
		copy.put(registration.name(), registration);
		this.registrations = Collections.unmodifiableMap(copy);
	}

	/**
	 * Removes a server that has stopped. Called by the auto-configuration.
	 * @param name the server's name
	 */
	public synchronized void remove(String name) {
		Map<String, DatagramServerRegistration> copy = new LinkedHashMap<>(this.registrations);
		copy.remove(name);
		this.registrations = Collections.unmodifiableMap(copy);
	}

}
