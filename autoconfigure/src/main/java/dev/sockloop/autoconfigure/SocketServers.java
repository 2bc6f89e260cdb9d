package dev.sockloop.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.EventLoopGroup;

/**
 * The running Sockloop servers of the application, by name, in start order. Metrics, health and
 * management endpoints find the servers here.
 *
 * <p>Servers appear once started and disappear once stopped. Safe for use from any thread.
 */
public final class SocketServers {

	private final EventLoopGroup loopGroup;

	private volatile Map<String, SocketServer> servers = Map.of();

	private volatile Map<String, String> codecs = Map.of();

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
		return this.servers.get(name);
	}

	/**
	 * Names of the running servers, in start order.
	 * @return the names
	 */
	public Set<String> names() {
		return this.servers.keySet();
	}

	/**
	 * Running servers by name, in start order.
	 * @return an unmodifiable snapshot
	 */
	public Map<String, SocketServer> asMap() {
		return this.servers;
	}

	/**
	 * The framing of a server's bytes, as named by its codec.
	 * @param name the server's name
	 * @return the codec's name, such as {@code line} or {@code length-field}, or {@code null} if no
	 * server has that name
	 */
	public String codec(String name) {
		return this.codecs.get(name);
	}

	synchronized void add(SocketServer server, String codec) {
		Map<String, SocketServer> copy = new LinkedHashMap<>(this.servers);
		copy.put(server.name(), server);
		Map<String, String> codecCopy = new LinkedHashMap<>(this.codecs);
		codecCopy.put(server.name(), codec);
		this.servers = Collections.unmodifiableMap(copy);
		this.codecs = Collections.unmodifiableMap(codecCopy);
	}

	synchronized void remove(String name) {
		Map<String, SocketServer> copy = new LinkedHashMap<>(this.servers);
		copy.remove(name);
		Map<String, String> codecCopy = new LinkedHashMap<>(this.codecs);
		codecCopy.remove(name);
		this.servers = Collections.unmodifiableMap(copy);
		this.codecs = Collections.unmodifiableMap(codecCopy);
	}

}
