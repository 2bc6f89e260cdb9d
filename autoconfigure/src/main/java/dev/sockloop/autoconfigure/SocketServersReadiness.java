package dev.sockloop.autoconfigure;

import dev.sockloop.server.ServerStartException;
import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.ServerRegistration;
import dev.sockloop.spring.SocketServers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * Makes the servers follow the application's {@link ReadinessState}: when it goes to
 * {@link ReadinessState#REFUSING_TRAFFIC REFUSING_TRAFFIC} every server stops accepting (its
 * listeners close, so connection attempts are refused) and its open connections get the server's
 * {@code shutdown-timeout} to finish before the rest are closed; when it goes back to
 * {@link ReadinessState#ACCEPTING_TRAFFIC ACCEPTING_TRAFFIC} the servers listen again on the same
 * ports, and a drain still waiting closes nothing. This is what a Kubernetes readiness probe, a
 * load balancer taking an instance out, or an application's own maintenance switch expect.
 */
final class SocketServersReadiness implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private static final Log logger = LogFactory.getLog(SocketServersReadiness.class);

	private final SocketServers servers;

	SocketServersReadiness(SocketServers servers) {
		this.servers = servers;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
			this.servers.registrations().forEach(this::stopAccepting);
		}
		else if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			this.servers.registrations().forEach(this::resumeAccepting);
		}
	}

	private void stopAccepting(ServerRegistration registration) {
		SocketServer server = registration.server();
		if (!server.pauseAccepting()) {
			return;
		}
		logger.info("Sockloop server '" + server.name() + "' refuses new connections (readiness REFUSING_TRAFFIC); "
				+ "open connections have " + registration.shutdownTimeout() + " to finish");
		// Off the publisher's thread: it may be the one that is about to close the context.
		Thread drainer = new Thread(() -> server.drain(registration.shutdownTimeout()),
				"sockloop-drain-" + server.name());
		drainer.setDaemon(true);
		drainer.start();
	}

	private void resumeAccepting(ServerRegistration registration) {
		SocketServer server = registration.server();
		try {
			if (server.resumeAccepting()) {
				logger.info("Sockloop server '" + server.name() + "' accepts again (readiness ACCEPTING_TRAFFIC)");
			}
		}
		catch (ServerStartException ex) {
			logger.error("Sockloop server '" + server.name() + "' could not accept again: " + ex.getMessage()
					+ "; it stays paused", ex);
		}
	}

}
