package dev.sockloop.autoconfigure.metrics;

import java.util.function.ToDoubleFunction;

import dev.sockloop.client.SocketClient;
import dev.sockloop.stats.ClientStats;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.tls.TlsStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
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
		FunctionCounter.builder("sockloop.client.connections.opened", stats, ServerStats::connectionsOpened)
			.description("Client connections opened (TCP connected)")
			.tags(tags)
			.register(registry);
		for (CloseReason reason : CloseReason.values()) {
			FunctionCounter.builder("sockloop.client.connections.closed", stats, (s) -> s.connectionsClosed(reason))
				.description("Client connections closed, by reason")
				.tags(tags)
				.tag("reason", reason.tagValue())
				.register(registry);
		}
		FunctionCounter.builder("sockloop.client.connect.failures", clientStats, ClientStats::connectFailures)
			.description("Connects that failed: refused, timed out, unreachable, or a failed TLS handshake")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("sockloop.client.bytes.received", stats, ServerStats::bytesReceived)
			.description("Bytes read from client sockets")
			.baseUnit(BaseUnits.BYTES)
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("sockloop.client.bytes.sent", stats, ServerStats::bytesSent)
			.description("Bytes written to client sockets")
			.baseUnit(BaseUnits.BYTES)
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("sockloop.client.frames.rejected", stats, ServerStats::framesRejected)
			.description("Response frames over the size limit, undecodable, or answering no request")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("sockloop.client.exchanges.timeouts", clientStats, ClientStats::exchangeTimeouts)
			.description("Exchanges whose response did not arrive within the exchange timeout")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("sockloop.client.exchanges.rejected", clientStats, ClientStats::exchangesRejected)
			.description("Exchanges refused because too many were outstanding on their connection")
			.tags(tags)
			.register(registry);
		TlsStats tls = this.client.tlsStats().orElse(null);
		if (tls != null) {
			bindHandshakes(registry, tags, tls, "completed", TlsStats::handshakesCompleted);
			bindHandshakes(registry, tags, tls, "failed", TlsStats::handshakeFailures);
			bindHandshakes(registry, tags, tls, "timeout", TlsStats::handshakeTimeouts);
		}
	}

	private static void bindHandshakes(MeterRegistry registry, Tags tags, TlsStats tls, String outcome,
			ToDoubleFunction<TlsStats> count) {
		FunctionCounter.builder("sockloop.client.tls.handshakes", tls, count)
			.description("Client TLS handshakes, by outcome")
			.tags(tags)
			.tag("outcome", outcome)
			.register(registry);
	}

}
