package dev.sockloop.spring;

import dev.sockloop.connection.Connection;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One {@code sockloop.request} observation per request of a request/response handler
 * ({@code Mono<R> handle(T request)}): wrap each response, and the observation starts on
 * subscription and stops when the response completes, fails or is cancelled. The starter's handler
 * adapter does this for every {@code @SocketHandler} method invoked per request when the application
 * has an {@code ObservationRegistry}; other code may call it itself:
 * <pre>{@code
 * return SocketRequestObservations.observe(service.answer(request), registry, connection, null);
 * }</pre>
 * The observation is put in the response's Reactor context under the key of Micrometer's
 * {@code ObservationThreadLocalAccessor}, so operators inside the response, with context
 * propagation on, see it as the current observation (and Micrometer Tracing the span as current).
 */
public final class SocketRequestObservations {

	/**
	 * {@code ObservationThreadLocalAccessor.KEY}, spelled out: that class needs the
	 * context-propagation library, which an application may not have.
	 */
	static final String OBSERVATION_CONTEXT_KEY = "micrometer.observation";

	private SocketRequestObservations() {
	}

	/**
	 * Observes one response.
	 * @param <R> the response type
	 * @param response the response
	 * @param registry the observation registry
	 * @param connection the connection the request came on
	 * @param convention the application's convention, or {@code null} for
	 * {@link SocketRequestObservationConvention#DEFAULT}
	 * @return the response, observed
	 */
	public static <R> Mono<R> observe(Mono<R> response, ObservationRegistry registry, Connection connection,
			SocketRequestObservationConvention convention) {
		if (registry.isNoop()) {
			return response;
		}
		return observe(response.flux(), registry, connection, convention).singleOrEmpty();
	}

	/**
	 * Observes one response of any number of answers: a success once it completes.
	 * @param <R> the answer type
	 * @param response the response
	 * @param registry the observation registry
	 * @param connection the connection the request came on
	 * @param convention the application's convention, or {@code null} for
	 * {@link SocketRequestObservationConvention#DEFAULT}
	 * @return the response, observed
	 */
	public static <R> Flux<R> observe(Flux<R> response, ObservationRegistry registry, Connection connection,
			SocketRequestObservationConvention convention) {
		if (registry.isNoop()) {
			return response;
		}
		return Flux.defer(() -> {
			SocketRequestObservationContext context = new SocketRequestObservationContext(connection);
			Observation observation = Observation
				.createNotStarted(convention, SocketRequestObservationConvention.DEFAULT, () -> context, registry)
				.start();
			return response.doOnComplete(() -> context.setOutcome("success"))
				.doOnError((failure) -> {
					context.setOutcome("error");
					observation.error(failure);
				})
				.doOnCancel(() -> context.setOutcome("cancelled"))
				.doFinally((signal) -> observation.stop())
				.contextWrite((reactorContext) -> reactorContext.put(OBSERVATION_CONTEXT_KEY, observation));
		});
	}

}
