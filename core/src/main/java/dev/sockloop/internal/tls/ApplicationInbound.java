package dev.sockloop.internal.tls;

import java.nio.ByteBuffer;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * The decrypted bytes of one TLS connection, as the handler's {@code receive()} sees them. One
 * subscriber; its demand is what lets the TLS drain ask the real connection for network bytes.
 *
 * <p>{@code subscribe}, {@code request} and {@code cancel} may come from any thread and only
 * signal the drain; {@code onNext} and terminal signals are delivered by the drain.
 */
final class ApplicationInbound extends DrainedPublisher {

	private volatile CoreSubscriber<? super ByteBuffer> actual;

	private boolean subscribed;

	/** Set by the drain: the inbound has ended; delivered as soon as there is a subscriber. */
	private boolean ended;

	private Throwable failure;

	private boolean terminalDelivered;

	ApplicationInbound(Runnable signal) {
		super(signal);
	}

	@Override
	public void subscribe(CoreSubscriber<? super ByteBuffer> subscriber) {
		synchronized (this) {
			if (this.subscribed) {
				Operators.error(subscriber,
						new IllegalStateException("Connection.receive() allows only one subscriber"));
				return;
			}
			this.subscribed = true;
		}
		subscriber.onSubscribe(this);
		this.actual = subscriber;
		signal();
	}

	/** Drain: whether decrypted bytes would have somewhere to go now. */
	boolean hasDemand() {
		return isRequested() && this.actual != null && !isCancelled() && !this.ended;
	}

	/** Drain: whether the inbound has ended (or will, once its subscriber arrives). */
	boolean isEnded() {
		return this.ended;
	}

	/** Drain: emits one buffer; only called while {@link #hasDemand()}. */
	void emit(ByteBuffer buffer) {
		produced();
		this.actual.onNext(buffer);
	}

	/** Drain: ends the inbound normally, or with a failure. */
	void end(Throwable failure) {
		if (!this.ended) {
			this.ended = true;
			this.failure = failure;
		}
		deliverTerminal();
	}

	/** Drain: delivers an ended inbound's terminal signal to a subscriber that arrived late. */
	void deliverTerminal() {
		CoreSubscriber<? super ByteBuffer> subscriber = this.actual;
		if (!this.ended || this.terminalDelivered || subscriber == null) {
			return;
		}
		this.terminalDelivered = true;
		if (isCancelled()) {
			return;
		}
		if (this.failure != null) {
			subscriber.onError(this.failure);
		}
		else {
			subscriber.onComplete();
		}
	}

}
