package dev.sockloop.spring;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of the {@code sockloop.request} observation; the default is
 * {@link #DEFAULT}: name {@code sockloop.request}, low-cardinality keys {@code server} and
 * {@code outcome}, nothing of high cardinality.
 */
public interface SocketRequestObservationConvention extends ObservationConvention<SocketRequestObservationContext> {

	/** The default convention. */
	SocketRequestObservationConvention DEFAULT = new SocketRequestObservationConvention() {

		@Override
		public String getName() {
			return "sockloop.request";
		}

		@Override
		public String getContextualName(SocketRequestObservationContext context) {
			return "sockloop " + context.getServerName() + " request";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(SocketRequestObservationContext context) {
			return KeyValues.of("server", context.getServerName(), "outcome", context.getOutcome());
		}

	};

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof SocketRequestObservationContext;
	}

}
