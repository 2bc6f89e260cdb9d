package dev.sockloop.spring;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.EventLoopGroup;

/**
 * The running Sockloop servers of the application, by name, in start order: one
 * {@link ServerRegistration} per server. Metrics, health and management endpoints find the
 * servers here.
 *
 * <p>Servers appear once started and disappear once stopped. Safe for use from any thread.
 *
 * <p>A handler that needs the other connections of its server injects this bean and looks the
 * server up when it runs: {@code servers.get("chat").connections()} is the live view of the open
 * connections, {@code servers.get("chat").connection(id)} one of them (to close it, say). To send
 * to many, share a {@link dev.sockloop.group.ConnectionGroup} bean with the handler.
 */
public final class SocketServers {

	private final EventLoopGroup loopGroup;

	/** Replaced whole on each change, so readers iterate a snapshot without locking. */
	private volatile Map<String, ServerRegistration> registrations = Map.of();

	/**
	 * Creates an empty registry of servers running on the given loops.
	 * @param loopGroup the loops shared by the servers
	 */
	public SocketServers(EventLoopGroup loopGroup) {
		this.loopGroup = loopGroup;
	}

	/**
	 * The event loops shared by every server.
	 * @return the loop group
	 */
	public EventLoopGroup loopGroup() {
		return this.loopGroup;
	}

	/**
	 * The running server of the given name.
	 * @param name the server name
	 * @return the server, or {@code null} if no server of that name is running
	 */
	public SocketServer get(String name) {
		ServerRegistration registration = this.registrations.get(name);
		return (registration != null) ? registration.server() : null;
	}

	/**
	 * Names of the running servers, in start order.
	 * @return the names
	 */
	public Set<String> names() {
		return this.registrations.keySet();
	}

	/**
	 * Running servers by name, in start order.
	 * @return an unmodifiable snapshot
	 */
	public Map<String, SocketServer> asMap() {
		Map<String, SocketServer> servers = new LinkedHashMap<>();
		this.registrations.forEach((name, registration) -> servers.put(name, registration.server()));
		return Collections.unmodifiableMap(servers);
	}

	/**
	 * The framing of a server's bytes, as named by its codec.
	 * @param name the server's name
	 * @return the codec's name, such as {@code line} or {@code length-field}, or {@code null} if no
	 * server has that name
	 */
	public String codec(String name) {
		ServerRegistration registration = this.registrations.get(name);
		return (registration != null) ? registration.codec().name() : null;
	}

	/**
	 * The registration of a running server.
	 * @param name the server's name
	 * @return the registration, or {@code null} if no server of that name is running
	 */
	public ServerRegistration registration(String name) {
		return this.registrations.get(name);
	}

	/**
	 * Registrations of the running servers, in start order.
	 * @return an unmodifiable snapshot
	 */
	public Collection<ServerRegistration> registrations() {
		return this.registrations.values();
	}

	/**
	 * Adds a server that has started. Called by the auto-configuration; an application has no
	 * reason to.
	 * @param registration the server's registration
	 */
	public synchronized void add(ServerRegistration registration) {
		Map<String, ServerRegistration> copy = new LinkedHashMap<>(this.registrations);
		copy.put(registration.name(), registration);
		this.registrations = Collections.unmodifiableMap(copy);
	}

	/**
	 * Removes a server that has stopped. Called by the auto-configuration; an application has no
	 * reason to.
	 * @param name the server's name
	 */
	public synchronized void remove(String name) {
		Map<String, ServerRegistration> copy = new LinkedHashMap<>(this.registrations);
		copy.remove(name);
		this.registrations = Collections.unmodifiableMap(copy);
	}

}
