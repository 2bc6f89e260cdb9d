package dev.sockloop.autoconfigure.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.datagram.DatagramServer;
import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.DatagramServers;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.transport.EventLoopGroup;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of Sockloop: UP while every loop thread runs, no loop is stuck in one iteration longer
 * than a threshold, and every registered server is running. DOWN otherwise, with details naming
 * the loop that died (and what killed it), the loop that is stuck, or the server that stopped.
 * Each server's details say its {@link dev.sockloop.server.ServerState state}: a server paused
 * because the application refuses traffic is {@code draining} (then {@code drained}) and still UP,
 * so that this indicator can sit in a liveness group without a drain restarting the application;
 * readiness is the application's {@code ReadinessState}.
 */
public final class SockloopHealthIndicator implements HealthIndicator {

	private final EventLoopGroup loopGroup;

	private final SocketServers servers;

	private final Duration stuckThreshold;

	/** {@code null} when the application has no registry of datagram servers. */
	private final DatagramServers datagramServers;

	/**
	 * Creates an indicator for the given loops and servers.
	 * @param loopGroup the shared loops
	 * @param servers the servers
	 * @param stuckThreshold iteration duration above which a loop is stuck
	 */
	public SockloopHealthIndicator(EventLoopGroup loopGroup, SocketServers servers, Duration stuckThreshold) {
		this(loopGroup, servers, null, stuckThreshold);
	}

	/**
	 * Creates an indicator for the given loops, TCP servers and datagram servers.
	 * @param loopGroup the shared loops
	 * @param servers the TCP servers
	 * @param datagramServers the datagram (UDP) servers, or {@code null}
	 * @param stuckThreshold iteration duration above which a loop is stuck
	 */
	public SockloopHealthIndicator(EventLoopGroup loopGroup, SocketServers servers, DatagramServers datagramServers,
			Duration stuckThreshold) {
		this.loopGroup = loopGroup;
		this.servers = servers;
		this.datagramServers = datagramServers;
		this.stuckThreshold = stuckThreshold;
	}

	@Override
	public Health health() {
		long now = System.nanoTime();
		Map<String, String> deadLoops = new LinkedHashMap<>();
		Map<String, String> stuckLoops = new LinkedHashMap<>();
		for (EventLoop loop : this.loopGroup.loops()) {
			if (!loop.isAlive()) {
				Throwable failure = loop.failure();
				deadLoops.put(loop.threadName(), (failure != null) ? failure.toString() : "stopped");
				continue;
			}
			long start = loop.stats().iterationStartNanos();
			long running = now - start;
			if (start != 0 && running > this.stuckThreshold.toNanos()) {
				stuckLoops.put(loop.threadName(), "one iteration running for " + Duration.ofNanos(running).toMillis()
						+ " ms (threshold " + this.stuckThreshold.toMillis() + " ms)");
			}
		}
		Map<String, Object> serverDetails = new LinkedHashMap<>();
		boolean allServersRunning = true;
		for (SocketServer server : this.servers.asMap().values()) {
			boolean running = server.isRunning();
			allServersRunning &= running;
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("status", running ? "running" : "not running");
			detail.put("state", server.state().tagValue());
			detail.put("port", server.port());
			detail.put("connections", server.stats().connectionsActive());
			serverDetails.put(server.name(), detail);
		}
		Map<String, Object> datagramDetails = new LinkedHashMap<>();
		if (this.datagramServers != null) {
			for (DatagramServer server : this.datagramServers.asMap().values()) {
				boolean running = server.isRunning();
				allServersRunning &= running;
				Map<String, Object> detail = new LinkedHashMap<>();
				detail.put("status", running ? "running" : "not running");
				detail.put("port", server.port());
				detail.put("sockets", server.socketCount());
				datagramDetails.put(server.name(), detail);
			}
		}
		boolean up = this.loopGroup.isRunning() && deadLoops.isEmpty() && stuckLoops.isEmpty() && allServersRunning;
		Health.Builder builder = up ? Health.up() : Health.down();
		builder.withDetail("transport", this.loopGroup.transport().tagValue());
		builder.withDetail("loops", this.loopGroup.size());
		if (!this.loopGroup.isRunning()) {
			builder.withDetail("loopGroup", "closed");
		}
		if (!deadLoops.isEmpty()) {
			builder.withDetail("deadLoops", deadLoops);
		}
		if (!stuckLoops.isEmpty()) {
			builder.withDetail("stuckLoops", stuckLoops);
		}
		builder.withDetail("servers", serverDetails);
		if (!datagramDetails.isEmpty()) {
			builder.withDetail("datagramServers", datagramDetails);
		}
		return builder.build();
	}

}
