package dev.sockloop.autoconfigure.metrics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.sockloop.datagram.DatagramServer;
import dev.sockloop.spring.DatagramServerStartedEvent;
import dev.sockloop.spring.DatagramServers;
import dev.sockloop.stats.DatagramLoopStats;
import dev.sockloop.stats.DatagramStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.ApplicationListener;

/**
 * Binds the counters of datagram (UDP) servers to Micrometer as {@code sockloop.datagram.*}
 * function counters that read the per-loop fields the engine keeps. Servers start after the
 * context is refreshed, so their meters are bound when each one starts
 * ({@link DatagramServerStartedEvent}), and at binding time for servers already running. Tags:
 * {@code server} and {@code loop} only.
 */
public final class DatagramMeterBinder implements MeterBinder, ApplicationListener<DatagramServerStartedEvent> {

	private final DatagramServers servers;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	/** Function counters hold their object weakly: keep stopped servers' stats reachable. */
	private final Set<Object> boundServers = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a binder for the datagram servers of an application.
	 * @param servers the registry of running datagram servers
	 */
	public DatagramMeterBinder(DatagramServers servers) {
		this.servers = servers;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.registries.contains(registry)) {
			return;
		}
		this.registries.add(registry);
		for (DatagramServer server : this.servers.asMap().values()) {
			bindServer(registry, server);
		}
	}

	@Override
	public void onApplicationEvent(DatagramServerStartedEvent event) {
		for (MeterRegistry registry : this.registries) {
			bindServer(registry, event.getServer());
		}
	}

	private void bindServer(MeterRegistry registry, DatagramServer server) {
		DatagramStats stats = server.stats();
		this.boundServers.add(stats);
		FunctionCounters counters = new FunctionCounters(registry, Tags.of("server", stats.serverName()));
		counters.count("sockloop.datagram.handler.errors", stats, DatagramStats::handlerErrors,
				"Datagram handlers that threw or whose publisher errored");
		for (DatagramLoopStats slice : stats.loops()) {
			FunctionCounters loop = counters.and("loop", Integer.toString(slice.loopIndex()));
			loop.count("sockloop.datagram.received", slice, DatagramLoopStats::datagramsReceived, "Datagrams received");
			loop.count("sockloop.datagram.sent", slice, DatagramLoopStats::datagramsSent, "Datagrams sent");
			loop.bytes("sockloop.datagram.bytes.received", slice, DatagramLoopStats::bytesReceived,
					"Payload bytes of the datagrams received");
			loop.bytes("sockloop.datagram.bytes.sent", slice, DatagramLoopStats::bytesSent,
					"Payload bytes of the datagrams sent");
			loop.count("sockloop.datagram.dropped", slice, DatagramLoopStats::datagramsDropped,
					"Datagrams dropped before the handler saw them: the kernel's receive-buffer drops (epoll)");
			loop.count("sockloop.datagram.truncated", slice, DatagramLoopStats::datagramsTruncated,
					"Datagrams longer than the maximum datagram size, dropped");
			loop.count("sockloop.datagram.send.errors", slice, DatagramLoopStats::sendErrors,
					"Datagrams that could not be sent");
			loop.count("sockloop.datagram.backpressure.paused", slice, DatagramLoopStats::backpressurePaused,
					"Reads paused for lack of demand");
		}
	}

}
