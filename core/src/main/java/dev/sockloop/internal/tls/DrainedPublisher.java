package dev.sockloop.internal.tls;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * A publisher of one subscriber that the TLS drain feeds: the decrypted bytes for the handler, the
 * records for the real connection. {@code request} and {@code cancel} may come from any thread and
 * only record themselves and signal the drain, which emits as far as the demand goes.
 */
abstract class DrainedPublisher extends Flux<ByteBuffer> implements Subscription {

	private static final AtomicLongFieldUpdater<DrainedPublisher> DEMAND =
			AtomicLongFieldUpdater.newUpdater(DrainedPublisher.class, "demand");

	private final Runnable signal;

	private volatile long demand;

	private volatile boolean cancelled;

	DrainedPublisher(Runnable signal) {
		this.signal = signal;
	}

	@Override
	public final void request(long n) {
		if (Operators.validate(n)) {
			Operators.addCap(DEMAND, this, n);
			this.signal.run();
		}
	}

	@Override
	public final void cancel() {
		this.cancelled = true;
		this.signal.run();
	}

	/** Tells the drain that something changed. Any thread. */
	final void signal() {
		this.signal.run();
	}

	final boolean isCancelled() {
		return this.cancelled;
	}

	/** Drain: whether the subscriber has asked for more than it was given. */
	final boolean isRequested() {
		return this.demand > 0;
	}

	/** Drain: one item has been emitted. */
	final void produced() {
		Operators.produced(DEMAND, this, 1);
	}

}
