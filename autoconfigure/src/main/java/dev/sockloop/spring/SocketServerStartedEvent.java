package dev.sockloop.spring;

import dev.sockloop.server.SocketServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a Sockloop server has started listening. With port 0 this is where the bound
 * port can be read, as can the environment property {@code local.sockloop.<name>.port}.
 */
public class SocketServerStartedEvent extends ApplicationEvent {

	/**
	 * Creates an event for the given server.
	 * @param server the server that started
	 */
	public SocketServerStartedEvent(SocketServer server) {
		super(server);
	}

	/**
	 * The server that started.
	 * @return the server
	 */
	public SocketServer getServer() {
		return (SocketServer) getSource();
	}

	/**
	 * Name of the server that started.
	 * @return the name
	 */
	public String getServerName() {
		return getServer().name();
	}

	/**
	 * Port the server listens on.
	 * @return the port
	 */
	public int getPort() {
		return getServer().port();
	}

}
