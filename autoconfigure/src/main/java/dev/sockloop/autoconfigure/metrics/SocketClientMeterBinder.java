package dev.sockloop.autoconfigure.metrics;

import java.util.function.ToDoubleFunction;

import dev.sockloop.client.SocketClient;
import dev.sockloop.stats.ClientStats;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.tls.TlsStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds a {@link SocketClient}'s counters to Micrometer under {@code sockloop.client.*}, tagged
 * with the client's name ({@code client}): its connections, bytes, failed connects, rejected
 * frames, exchanges that timed out or were refused, and TLS handshakes. The meters read the
 * counters the client keeps (summed over its loops), so nothing is recorded per event.
 */
public final class SocketClientMeterBinder implements MeterBinder {

	private final SocketClient client;

	/**
	 * Creates a binder for one client.
	 * @param client the client
	 */
	public SocketClientMeterBinder(SocketClient client) {
		this.client = client;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		ServerStats stats = this.client.stats();
		ClientStats clientStats = this.client.clientStats();
		Tags tags = Tags.of("client", this.client.name());
		Gauge.builder("sockloop.client.connections.active", stats, ServerStats::connectionsActive)
			.description("Open client connections")
			.tags(tags)
			.strongReference(true)
			.register(registry);
		FunctionCounters counters = new FunctionCounters(registry, tags);
		counters.count("sockloop.client.connections.opened", stats, ServerStats::connectionsOpened,
				"Client connections opened (TCP connected)");
		for (CloseReason reason : CloseReason.values()) {
			counters.and("reason", reason.tagValue())
				.count("sockloop.client.connections.closed", stats, (s) -> s.connectionsClosed(reason),
						"Client connections closed, by reason");
		}
		counters.count("sockloop.client.connect.failures", clientStats, ClientStats::connectFailures,
				"Connects that failed: refused, timed out, unreachable, or a failed TLS handshake");
		counters.bytes("sockloop.client.bytes.received", stats, ServerStats::bytesReceived,
				"Bytes read from client sockets");
		counters.bytes("sockloop.client.bytes.sent", stats, ServerStats::bytesSent, "Bytes written to client sockets");
		counters.count("sockloop.client.frames.rejected", stats, ServerStats::framesRejected,
				"Response frames over the size limit, undecodable, or answering no request");
		counters.count("sockloop.client.exchanges.timeouts", clientStats, ClientStats::exchangeTimeouts,
				"Exchanges whose response did not arrive within the exchange timeout");
		counters.count("sockloop.client.exchanges.rejected", clientStats, ClientStats::exchangesRejected,
				"Exchanges refused because too many were outstanding on their connection");
		TlsStats tls = this.client.tlsStats().orElse(null);
		if (tls != null) {
			bindHandshakes(counters, tls, "completed", TlsStats::handshakesCompleted);
			bindHandshakes(counters, tls, "failed", TlsStats::handshakeFailures);
			bindHandshakes(counters, tls, "timeout", TlsStats::handshakeTimeouts);
		}
	}

	private static void bindHandshakes(FunctionCounters counters, TlsStats tls, String outcome,
			ToDoubleFunction<TlsStats> count) {
		counters.and("outcome", outcome)
			.count("sockloop.client.tls.handshakes", tls, count, "Client TLS handshakes, by outcome");
	}

}
