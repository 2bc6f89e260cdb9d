package dev.sockloop.spring;

import dev.sockloop.stats.CloseReason;
import io.micrometer.common.KeyValues;

/**
 * The {@code sockloop.connection} observation's names and key values: low cardinality only,
 * {@code server} (the server's name) and {@code outcome} (the close reason's tag value, such as
 * {@code peer-closed}, {@code timeout} or {@code bad-frame}; {@code open} while the connection is
 * open). Never a remote address or a connection id: those would make a meter per client.
 */
public class DefaultSocketConnectionObservationConvention implements SocketConnectionObservationConvention {

	/** Name of the observation, and of the timer Micrometer makes of it. */
	public static final String NAME = "sockloop.connection";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(SocketConnectionObservationContext context) {
		return "sockloop " + context.getServerName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(SocketConnectionObservationContext context) {
		CloseReason reason = context.getCloseReason();
		return KeyValues.of("server", context.getServerName(), "outcome", (reason != null) ? reason.tagValue() : "open");
	}

}
