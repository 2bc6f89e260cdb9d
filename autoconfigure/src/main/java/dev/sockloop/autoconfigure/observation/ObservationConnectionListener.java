package dev.sockloop.autoconfigure.observation;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionListener;
import dev.sockloop.spring.DefaultSocketConnectionObservationConvention;
import dev.sockloop.spring.SocketConnectionObservationContext;
import dev.sockloop.spring.SocketConnectionObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * One {@code sockloop.connection} observation per connection: started on the event loop when the
 * server accepts it, stopped there when it closes, with the close reason as its outcome. The
 * observation handlers run on the loop, once per connection and never per message.
 */
final class ObservationConnectionListener implements ConnectionListener {

	private static final SocketConnectionObservationConvention DEFAULT_CONVENTION =
			new DefaultSocketConnectionObservationConvention();

	private final ObservationRegistry registry;

	private final SocketConnectionObservationConvention convention;

	ObservationConnectionListener(ObservationRegistry registry, SocketConnectionObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public OnClose opened(Connection connection) {
		// Nothing is kept for a disabled observation (management.observations.enable.
		// sockloop.connection=false): the context the supplier makes for the predicate is dropped
		// with it, where a context captured here would hold its four maps for the connection's life.
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> new SocketConnectionObservationContext(connection),
					this.registry);
		if (observation.isNoop()) {
			return null;
		}
		observation.start();
		return (reason) -> {
			((SocketConnectionObservationContext) observation.getContext()).setCloseReason(reason);
			observation.stop();
		};
	}

}
