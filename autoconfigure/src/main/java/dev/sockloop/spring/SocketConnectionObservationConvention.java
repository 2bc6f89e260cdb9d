package dev.sockloop.spring;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of the {@code sockloop.connection} observation. Declare a bean of this type
 * to replace {@link DefaultSocketConnectionObservationConvention}; keep key values of bounded
 * cardinality, since they become meter tags.
 */
public interface SocketConnectionObservationConvention extends ObservationConvention<SocketConnectionObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof SocketConnectionObservationContext;
	}

}
