package dev.sockloop.spring;

import dev.sockloop.server.SocketServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a Sockloop server has stopped, while the application context closes: its
 * listeners are closed and its connections finished or were closed. Published on the thread that
 * stopped the server (one per server, named {@code sockloop-shutdown-<name>}), beside the
 * {@link SocketServerStartedEvent} of its start.
 */
public class SocketServerStoppedEvent extends ApplicationEvent {

	private final boolean graceful;

	/**
	 * Creates an event for the given server.
	 * @param server the server that stopped
	 * @param graceful whether every connection finished within the shutdown timeout
	 */
	public SocketServerStoppedEvent(SocketServer server, boolean graceful) {
		super(server);
		this.graceful = graceful;
	}

	/**
	 * The server that stopped.
	 * @return the server
	 */
	public SocketServer getServer() {
		return (SocketServer) getSource();
	}

	/**
	 * Name of the server that stopped.
	 * @return the name
	 */
	public String getServerName() {
		return getServer().name();
	}

	/**
	 * Whether every connection finished within the server's shutdown timeout, rather than being
	 * closed when it ran out.
	 * @return {@code true} for a graceful stop
	 */
	public boolean isGraceful() {
		return this.graceful;
	}

}
