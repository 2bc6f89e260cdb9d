package dev.sockloop.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import dev.sockloop.datagram.Datagram;
import dev.sockloop.datagram.DatagramSocketHandler;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.stats.DatagramStats;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.slf4j.LoggerFactory;

/**
 * Adapts a {@code @DatagramHandler} method to the engine's {@link DatagramSocketHandler}. A
 * per-datagram method that throws costs that datagram only: the failure is counted in the server's
 * handler errors and logged at a limited rate, and the next datagram is served.
 *
 * <p>Offloaded, datagrams are handed to the scheduler with a prefetch of {@value #OFFLOAD_PREFETCH}:
 * at most that many wait in the JVM per socket, the rest stay in the kernel.
 */
final class HandlerMethodDatagramHandler implements DatagramSocketHandler {

	/** Datagrams handed to an offload scheduler ahead of the handler, per socket. */
	static final int OFFLOAD_PREFETCH = 32;

	/** Replies in progress per socket for a method returning a publisher per datagram. */
	static final int CONCURRENCY = 64;

	private static final RateLimitedLog warnings = new RateLimitedLog(
			LoggerFactory.getLogger(HandlerMethodDatagramHandler.class));

	private final String serverName;

	private final Object bean;

	private final Method method;

	private final DatagramHandlerMethod.Shape shape;

	private final Scheduler scheduler;

	private volatile DatagramStats stats;

	HandlerMethodDatagramHandler(String serverName, Object bean, Method method, DatagramHandlerMethod.Shape shape,
			Scheduler scheduler) {
		this.serverName = serverName;
		this.bean = bean;
		this.method = method;
		this.shape = shape;
		this.scheduler = scheduler;
	}

	/**
	 * Where per-datagram failures are counted, once the server exists.
	 * @param stats the server's counters
	 */
	void countFailuresIn(DatagramStats stats) {
		this.stats = stats;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Publisher<Datagram> handle(Flux<Datagram> datagrams) {
		Flux<Datagram> inbound = (this.scheduler != null) ? datagrams.publishOn(this.scheduler, OFFLOAD_PREFETCH)
				: datagrams;
		return switch (this.shape) {
			case STREAM -> (this.scheduler != null)
					? Flux.defer(() -> (Publisher<Datagram>) invoke(inbound)).subscribeOn(this.scheduler)
					: (Publisher<Datagram>) invoke(inbound);
			case REPLY -> inbound.handle((datagram, sink) -> {
				Datagram reply = (Datagram) invokeSafely(datagram);
				if (reply != null) {
					sink.next(reply);
				}
			});
			case REPLIES -> inbound.flatMap((datagram) -> {
				Publisher<Datagram> replies = (Publisher<Datagram>) invokeSafely(datagram);
				return (replies != null) ? Flux.from(replies).onErrorResume((ex) -> failed(datagram, ex)) : Flux.empty();
			}, CONCURRENCY);
			case NONE -> inbound.flatMap((datagram) -> {
				Object result = invokeSafely(datagram);
				return (result instanceof Mono<?> mono)
						? mono.then(Mono.<Datagram>empty()).onErrorResume((ex) -> failed(datagram, ex)) : Mono.empty();
			}, CONCURRENCY);
		};
	}

	private Object invokeSafely(Datagram datagram) {
		try {
			return invoke(datagram);
		}
		catch (RuntimeException | Error ex) {
			failed(datagram, ex);
			return null;
		}
	}

	private Mono<Datagram> failed(Datagram datagram, Throwable failure) {
		DatagramStats counters = this.stats;
		if (counters != null) {
			counters.handlerFailed();
		}
		warnings.warn("Datagram server '{}': handler failed on a datagram from {}", this.serverName,
				datagram.sender(), failure);
		return Mono.empty();
	}

	private Object invoke(Object argument) {
		try {
			return this.method.invoke(this.bean, argument);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(cause);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
